// Squeeze-excitation multiplies a tensor by a per-channel gate computed at run time, and
// the only reader of the product is the block's projection convolution. Scaling that
// convolution's weights by the gate gives the same result without the multiply's pass
// over the tensor: on EfficientNet-B0 those passes took 0.28 ms of 7.6 at one thread
// (the 112x112, 56x56 and 28x28 blocks), scaling the weights a few microseconds.
#ifndef NEO_COMPILER_PASSES_GATE_INTO_WEIGHTS_H_
#define NEO_COMPILER_PASSES_GATE_INTO_WEIGHTS_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// ChannelAffine(s, shift, x) with a computed s, an all-zero constant shift, no clamp and
// one data input, whose output only an NHWC Conv2D reads (as its input x, ungrouped, one
// image, no input scale yet), is no graph output, and where no node between the two
// reads x -> the Conv2D reads x directly with s as its input_scale (input 4), when the
// convolution's weights are at most a quarter of the activations it reads (output
// channels x kernel taps x 4 <= input pixels): scaling them every run must cost less
// than the pass it replaces. Meant to run after FuseChannelAffines (which makes the
// gate's Mul a ChannelAffine) and FuseResidualAdds. Returns the number folded.
int FoldGatesIntoConvWeights(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_GATE_INTO_WEIGHTS_H_
