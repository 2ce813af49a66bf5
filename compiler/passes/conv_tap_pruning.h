// Drops the kernel rows and columns of a dilated convolution that read only padding.
//
// DeepLab's atrous pyramid convolves a 14x14 (or 28x28) feature map with 3x3 kernels
// dilated by 24 and 36: every tap but the centre lands in the zero padding for every
// output position, yet the convolution pays for all nine. Where the leading or trailing
// kernel rows (columns) read no input element at any output position, they go, with the
// padding shortened by as much, so the output and its shape stay exactly the same; such a
// convolution often becomes a plain 1x1 one. Interior taps stay even when they read only
// padding, since the kernel must remain a rectangle.
#ifndef NEO_COMPILER_PASSES_CONV_TAP_PRUNING_H_
#define NEO_COMPILER_PASSES_CONV_TAP_PRUNING_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Conv2D nodes in NCHW with constant float weights; returns how many it shrank. Run it
// after shape inference and before the layout pass.
int PruneConvTaps(ir::Graph& g);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_CONV_TAP_PRUNING_H_
