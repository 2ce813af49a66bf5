// Convolutions: Conv2D and ConvTranspose2D (spatial, NHWC after the layout pass).
#ifndef NEO_COMPILER_IR_OPS_CONV_H_
#define NEO_COMPILER_IR_OPS_CONV_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kConv2D[] = "Conv2D";
inline constexpr char kConvTranspose2D[] = "ConvTranspose2D";
}  // namespace op

std::vector<OpDef> ConvOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_CONV_H_
