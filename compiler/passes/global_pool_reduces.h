// A mean or maximum over a 4-D tensor's height and width, written as ReduceMean /
// ReduceMax (PyTorch's `x.mean([2, 3])` in MnasNet's and ShuffleNetV2's heads, and the
// squeeze-excitation blocks of some exporters), is a global pool. As a global pool it
// runs NHWC like the convolutions around it; as a Reduce it would need the activation
// transposed back to NCHW first (oneDNN 2.6 reduces NHWC's height and width with its
// reference code: 0.75 ms on 7x7x1280, against 0.01 ms for the pool).
#ifndef NEO_COMPILER_PASSES_GLOBAL_POOL_REDUCES_H_
#define NEO_COMPILER_PASSES_GLOBAL_POOL_REDUCES_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Reduce(kind mean or max, axes [2, 3]) of a float32 [N, C, H, W] value with H, W >= 1
// -> GlobalAveragePool or GlobalMaxPool (layout NCHW), followed by a Reshape to [N, C]
// when the Reduce dropped the reduced dimensions. Run before ConvertToNHWC. Returns the
// number of Reduce nodes replaced.
int GlobalPoolReduces(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_GLOBAL_POOL_REDUCES_H_
