// Single-node constant folding: frontends fold shape arithmetic while lowering, the
// constant-folding pass folds whole graphs.
#ifndef NEO_COMPILER_IR_FOLD_H_
#define NEO_COMPILER_IR_FOLD_H_

#include <cstddef>

#include "compiler/ir/graph.h"

namespace neo::ir {

// If every input of node `index` is a constant (or the operator is shape_only, op_def.h:
// then computed inputs need only their shapes) and the node can be evaluated at compile
// time (evaluate.h), makes its output a constant with the computed elements and returns
// true. The node itself stays (callers erase folded nodes). Its output must have its shape.
bool FoldNode(Graph& g, size_t index);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_FOLD_H_
