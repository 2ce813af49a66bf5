// Constant folding: evaluates at compile time every node whose inputs are all constants.
#ifndef NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_
#define NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Needs inferred shapes. A folded node is removed and its output value becomes a
// constant (same id, so readers need no rewiring). Data movement (Reshape, Identity,
// Transpose, Concat, Gather, Slice, Pad, Broadcast) folds byte for byte in any dtype, so
// int64 shape arithmetic stays exact; every other operator folds with the float
// reference evaluator, its result converted to the output's dtype. Nodes that write a graph output are kept, so
// every graph output stays a computed buffer. Returns the number of nodes folded.
// Constants left unused are dead_code's business.
int FoldConstants(ir::Graph& graph);

// Folds node `index` if all its inputs are constants and its output shape is known:
// the output value gets its data (the node stays; the caller drops it). True if folded.
bool FoldNode(ir::Graph& graph, size_t index);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_CONSTANT_FOLDING_H_
