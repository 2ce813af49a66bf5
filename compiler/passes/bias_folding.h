// Bias folding: a per-channel constant added to a convolution's or fully connected
// layer's output becomes that node's bias. TensorFlow writes every biased layer as
// Conv2D/MatMul followed by BiasAdd; folded, the bias rides along in the kernel's own
// epilogue instead of a second pass over the output, and a BatchNorm after it can fold
// into the convolution too.
#ifndef NEO_COMPILER_PASSES_BIAS_FOLDING_H_
#define NEO_COMPILER_PASSES_BIAS_FOLDING_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Needs inferred shapes. For Add(y, b) (or Add(b, y)) where y is the single-use output of
// a Conv2D, ConvTranspose2D or FullyConnected with no fused activation and a constant
// bias (or none), and b is a float constant with one value per output channel (shaped
// [C], or with leading/trailing ones placing C on the node's channel axis): the node gets
// bias + b (a new constant; weights may be shared) and writes the Add's output; the Add
// disappears. Returns the number of Adds folded.
int FoldBiasAdds(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_BIAS_FOLDING_H_
