// Reductions over axes, and arg-reductions over one axis.
#ifndef NEO_COMPILER_IR_OPS_REDUCE_H_
#define NEO_COMPILER_IR_OPS_REDUCE_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kReduce[] = "Reduce";
inline constexpr char kArgReduce[] = "ArgReduce";
inline constexpr char kTopK[] = "TopK";
}  // namespace op

std::vector<OpDef> ReduceOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_REDUCE_H_
