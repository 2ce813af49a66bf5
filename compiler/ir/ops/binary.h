// Element-wise binary operators with numpy broadcasting.
#ifndef NEO_COMPILER_IR_OPS_BINARY_H_
#define NEO_COMPILER_IR_OPS_BINARY_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kAdd[] = "Add";
inline constexpr char kSub[] = "Sub";
inline constexpr char kMul[] = "Mul";
inline constexpr char kDiv[] = "Div";
inline constexpr char kPow[] = "Pow";
inline constexpr char kMaximum[] = "Maximum";
inline constexpr char kMinimum[] = "Minimum";
inline constexpr char kPRelu[] = "PRelu";  // PRelu(x, slope): broadcasting slope
inline constexpr char kFloorMod[] = "FloorMod";        // remainder with the divisor's sign
inline constexpr char kTruncateMod[] = "TruncateMod";  // remainder with the dividend's sign
inline constexpr char kEqual[] = "Equal";  // comparisons: bool output
inline constexpr char kNotEqual[] = "NotEqual";
inline constexpr char kLess[] = "Less";
inline constexpr char kLessEqual[] = "LessEqual";
inline constexpr char kGreater[] = "Greater";
inline constexpr char kGreaterEqual[] = "GreaterEqual";
inline constexpr char kLogicalAnd[] = "LogicalAnd";  // logic: bool operands and output
inline constexpr char kLogicalOr[] = "LogicalOr";
inline constexpr char kLogicalXor[] = "LogicalXor";
}  // namespace op

std::vector<OpDef> BinaryOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_BINARY_H_
