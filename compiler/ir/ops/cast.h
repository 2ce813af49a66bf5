// Cast between the IR's element types.
#ifndef NEO_COMPILER_IR_OPS_CAST_H_
#define NEO_COMPILER_IR_OPS_CAST_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kCast[] = "Cast";
}  // namespace op

std::vector<OpDef> CastOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_CAST_H_
