// Operators where each output element copies one input element (or a pad value): Gather,
// Slice, Pad. They run on any element type.
#ifndef NEO_COMPILER_IR_OPS_INDEXING_H_
#define NEO_COMPILER_IR_OPS_INDEXING_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kGather[] = "Gather";
inline constexpr char kSlice[] = "Slice";
inline constexpr char kPad[] = "Pad";
}  // namespace op

std::vector<OpDef> IndexingOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_INDEXING_H_
