// The registry of IR operators: every OpDef of ops/*.cc, by name.
#ifndef NEO_COMPILER_IR_OP_REGISTRY_H_
#define NEO_COMPILER_IR_OP_REGISTRY_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/op_def.h"

namespace neo::ir {

// The entry for `op`, or null for a name that is no IR operator.
const OpDef* FindOp(const std::string& op);
// The entry for `op`; std::logic_error for a name that is no IR operator (a bug).
const OpDef& GetOp(const std::string& op);
// Every entry, sorted by name.
const std::vector<const OpDef*>& AllOps();

// The kernel that runs node `index` of `g` (its values have their shapes).
KernelCall KernelFor(const Graph& g, size_t index);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OP_REGISTRY_H_
