// Folds the point-wise activations that follow a convolution or fully connected layer
// into it (kernels/activation.h), so the layer's output is written once and never read
// back by a separate element-wise kernel: what EfficientNet's SiLU, MobileNetV3's
// hard-swish and the squeeze-excitation gates cost otherwise.
#ifndef NEO_COMPILER_PASSES_LAYER_ACTIVATION_FUSION_H_
#define NEO_COMPILER_PASSES_LAYER_ACTIVATION_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// For a Conv2D or FullyConnected `L` with neither a fused clamp nor an activation, whose
// output x is not a graph output:
//   Sigmoid(x), HardSigmoid(x), HardSwish(x), x read by that node alone
//       -> L with act_fn Sigmoid / HardSigmoid (its alpha, beta) / HardSwish;
//   Mul(x, Sigmoid(x)) (either order), x read by those two nodes alone -> act_fn Swish;
//   Mul(x, HardSigmoid(x)) with alpha 1/6 and beta 1/2 (how exporters write hard-swish
//       before ONNX opset 14) -> act_fn HardSwish.
// L then writes the last node's output value directly (a graph output keeps its id).
// A Relu or Clamp after it still fuses (FuseActivations): the clamp runs after the
// activation. Returns the number of layers that took an activation.
int FuseLayerActivations(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_LAYER_ACTIVATION_FUSION_H_
