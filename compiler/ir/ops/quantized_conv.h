// Integer 2-D convolutions of 8-bit tensors (ONNX ConvInteger and QLinearConv), spatial
// like Conv2D: NHWC after the layout pass, weights OIHW.
#ifndef NEO_COMPILER_IR_OPS_QUANTIZED_CONV_H_
#define NEO_COMPILER_IR_OPS_QUANTIZED_CONV_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kConvInteger2D[] = "ConvInteger2D";
inline constexpr char kQLinearConv2D[] = "QLinearConv2D";
}  // namespace op

std::vector<OpDef> QuantizedConvOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_QUANTIZED_CONV_H_
