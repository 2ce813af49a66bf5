// Element-wise unary operators: one input, the same shape out.
#ifndef NEO_COMPILER_IR_OPS_UNARY_H_
#define NEO_COMPILER_IR_OPS_UNARY_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kClamp[] = "Clamp";  // min, max
inline constexpr char kRelu[] = "Relu";
inline constexpr char kSigmoid[] = "Sigmoid";
inline constexpr char kTanh[] = "Tanh";
inline constexpr char kExp[] = "Exp";
inline constexpr char kLog[] = "Log";
inline constexpr char kAbs[] = "Abs";
inline constexpr char kNeg[] = "Neg";
inline constexpr char kSqrt[] = "Sqrt";
inline constexpr char kReciprocal[] = "Reciprocal";
inline constexpr char kFloor[] = "Floor";
inline constexpr char kCeil[] = "Ceil";
inline constexpr char kElu[] = "Elu";                          // alpha
inline constexpr char kLeakyRelu[] = "LeakyRelu";              // alpha
inline constexpr char kSelu[] = "Selu";                        // alpha, gamma
inline constexpr char kHardSigmoid[] = "HardSigmoid";          // alpha, beta
inline constexpr char kSoftplus[] = "Softplus";
inline constexpr char kSoftsign[] = "Softsign";
inline constexpr char kThresholdedRelu[] = "ThresholdedRelu";  // alpha
inline constexpr char kHardSwish[] = "HardSwish";
inline constexpr char kGelu[] = "Gelu";
inline constexpr char kErf[] = "Erf";
inline constexpr char kSin[] = "Sin";
inline constexpr char kCos[] = "Cos";
inline constexpr char kTan[] = "Tan";
inline constexpr char kAsin[] = "Asin";
inline constexpr char kAcos[] = "Acos";
inline constexpr char kAtan[] = "Atan";
inline constexpr char kSinh[] = "Sinh";
inline constexpr char kCosh[] = "Cosh";
inline constexpr char kAsinh[] = "Asinh";
inline constexpr char kAcosh[] = "Acosh";
inline constexpr char kAtanh[] = "Atanh";
inline constexpr char kSign[] = "Sign";
inline constexpr char kRound[] = "Round";
inline constexpr char kShrink[] = "Shrink";  // alpha (lambd), beta (bias)
inline constexpr char kCelu[] = "Celu";  // alpha
}  // namespace op

std::vector<OpDef> UnaryOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_UNARY_H_
