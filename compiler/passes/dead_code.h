// Dead code elimination: drops nodes nothing reads and values nothing references.
#ifndef NEO_COMPILER_PASSES_DEAD_CODE_H_
#define NEO_COMPILER_PASSES_DEAD_CODE_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Removes every node none of whose outputs reaches a graph output, then every value
// that no node, graph input or graph output references (unused constants, orphans left
// by other passes). Graph inputs stay even when unused: they are the caller's interface.
// Value ids are renumbered (kept values keep their relative order and names). Returns
// the number of nodes removed.
int EliminateDeadCode(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_DEAD_CODE_H_
