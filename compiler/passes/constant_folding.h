// Constant folding: evaluates at compile time every node whose inputs are all constants,
// and every shape_only node (MultiBoxPrior) whatever its inputs.
#ifndef NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_
#define NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Needs inferred shapes. Each node is folded with ir::FoldNode (the reference kernels,
// with the parameters the generated code would use, in the node's own dtypes). A folded
// node is removed and its output value becomes a constant (same id, so readers need no
// rewiring). Nodes that write a graph output are kept, so every graph output stays a
// computed buffer. Returns the number of nodes folded. Constants left unused are
// dead_code's business.
int FoldConstants(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_
