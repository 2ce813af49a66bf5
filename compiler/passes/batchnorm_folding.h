// BatchNorm folding: into a preceding convolution, or else into a per-channel Mul + Add.
#ifndef NEO_COMPILER_PASSES_BATCHNORM_FOLDING_H_
#define NEO_COMPILER_PASSES_BATCHNORM_FOLDING_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Needs inferred shapes. For BatchNorm(y, scale, bias, mean, var) with constant
// parameters:
//   - if y is the single-use output of a Conv2D with constant weights (and bias, if any)
//     and no fused activation, the convolution gets new weights w*s and bias
//     (b - mean)*s + bias, where s = scale / sqrt(var + epsilon), and writes the
//     BatchNorm's output itself; the BatchNorm disappears. New constants are made, since
//     weights may be shared with other nodes.
//   - otherwise it becomes Mul(x, s) then Add(·, bias - mean*s), with s and the shift
//     shaped to broadcast along the channel axis of its layout: [C, 1, ..., 1] (rank-1
//     trailing ones) for "NCHW", [C] for "NHWC".
// Returns the number of BatchNorm nodes rewritten.
int FoldBatchNorms(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_BATCHNORM_FOLDING_H_
