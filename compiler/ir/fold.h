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
//
// A node whose output would exceed both kMaxComputedConstantBytes and its largest
// constant input is not folded: it stays a computation at run time. A few bytes of a
// model file (a Fill, an Expand of a scalar) must not make neoc build gigabytes, while a
// transform of a large weight (a transpose, a cast) still folds.
bool FoldNode(Graph& g, size_t index);

// What a constant computed at compile time may hold beyond its inputs' sizes; also the
// bound on constants a frontend generates from a few attributes (ONNX's Range).
inline constexpr size_t kMaxComputedConstantBytes = size_t{64} << 20;

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_FOLD_H_
