// Where(condition, x, y): the element-wise choice between two tensors.
#ifndef NEO_COMPILER_IR_OPS_WHERE_H_
#define NEO_COMPILER_IR_OPS_WHERE_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kWhere[] = "Where";
}  // namespace op

std::vector<OpDef> WhereOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_WHERE_H_
