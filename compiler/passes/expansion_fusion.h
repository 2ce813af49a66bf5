// An inverted residual block (MobileNetV2/V3, MnasNet, EfficientNet) expands its input
// with a 1x1 convolution to several times the channels, then runs a depthwise
// convolution over that. Apart, the expansion writes the block's widest tensor and the
// depthwise layer reads it back (MnasNet's 112x112x48: 2.4 MB, past L2); as one Conv2D
// the kernel keeps only the rows in flight (kernels/conv2d_expand_depthwise.h). On AMD
// Zen 5 at one thread mnasnet1_0's pairs took 0.66-1.02 of their time apart
// (//kernels:conv2d_expand_depthwise_benchmark).
#ifndef NEO_COMPILER_PASSES_EXPANSION_FUSION_H_
#define NEO_COMPILER_PASSES_EXPANSION_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Conv2D e (NHWC, 1x1, stride 1, unpadded, ungrouped, no residual or input scale,
// activation none, Swish or hard-swish, any clamp) whose output only the next node reads,
// a Conv2D d (NHWC, depthwise with one channel per group, 3x3 or 5x5, stride 1 or 2 both
// ways, undilated, padding at most half the kernel, no residual or input scale,
// activation none, Swish or hard-swish) over e's channels -> d reads e's input with e's weights and
// bias as its expansion (Conv2D inputs 5 and 6, attributes expand_act_min/max/fn), and e is gone.
// Only adjacent pairs: nothing runs between them that could overwrite e's input. Meant for targets
// whose convolutions run on oneDNN (PassOptions::onednn_convolutions), after FuseResidualAdds and
// FoldGatesIntoConvWeights. Returns the number fused.
int FuseExpansionsIntoDepthwise(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_EXPANSION_FUSION_H_
