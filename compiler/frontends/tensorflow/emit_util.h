// Pieces several lowering families emit: TensorFlow's activations, per-channel bias adds.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_EMIT_UTIL_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_EMIT_UTIL_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/lowering.h"

namespace neo::tf_frontend {

// True for the activations TensorFlow's fused ops name (Relu, Relu6, Elu, LeakyRelu,
// Sigmoid, Tanh) and the unary operators with the same names.
bool IsActivation(const std::string& tf_op);

// `tf_op` applied to x (LeakyRelu with slope `alpha`).
ir::ValueId EmitActivation(NodeLowering& n, const std::string& tf_op, ir::ValueId x,
                           float alpha);

// x + bias along the channel axis (the last, or axis 1 for NCHW).
ir::ValueId EmitChannelAdd(NodeLowering& n, ir::ValueId x, ir::ValueId bias, bool nchw);

// Applies the fused_ops list of _FusedConv2D, FusedDepthwiseConv2dNative or _FusedMatMul
// to `y`: BiasAdd, Add and FusedBatchNorm take the node's extra inputs in order from
// `first_arg`; activations take none. A leading BiasAdd whose bias the caller already
// gave the convolution (`bias_done`) only consumes its input.
ir::ValueId ApplyFusedOps(NodeLowering& n, ir::ValueId y, int first_arg, bool nchw,
                          const std::vector<std::string>& ops, bool bias_done);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_EMIT_UTIL_H_
