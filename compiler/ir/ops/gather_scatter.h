// Element- and tuple-indexed reads and writes: GatherElements, GatherND, ScatterND,
// ScatterElements (Gather itself is in indexing.h).
#ifndef NEO_COMPILER_IR_OPS_GATHER_SCATTER_H_
#define NEO_COMPILER_IR_OPS_GATHER_SCATTER_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kGatherElements[] = "GatherElements";
inline constexpr char kGatherND[] = "GatherND";
inline constexpr char kScatterND[] = "ScatterND";
inline constexpr char kScatterElements[] = "ScatterElements";
}  // namespace op

std::vector<OpDef> GatherScatterOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_GATHER_SCATTER_H_
