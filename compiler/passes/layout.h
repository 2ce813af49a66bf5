// Layout assignment: runs spatial operators in NHWC, keeping the user's NCHW interface.
#ifndef NEO_COMPILER_PASSES_LAYOUT_H_
#define NEO_COMPILER_PASSES_LAYOUT_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Needs inferred shapes. Afterwards every rank-4 Conv2D, pool, global pool and
// BatchNorm has layout "NHWC" and reads and writes NHWC-shaped values (weights stay
// OIHW). The rest of the graph keeps the source layout:
//   - Each value computed in NHWC gets a new NHWC twin value; the original value (id,
//     name, NCHW shape) is written by a Transpose(perm [0,3,1,2]) inserted right before
//     the first reader that needs NCHW (Reshape, MatMul, FullyConnected, unknown
//     operators, graph outputs). A rank-4 graph input feeding NHWC code is read through
//     a Transpose(perm [0,2,3,1]). Graph inputs and outputs therefore keep their NCHW
//     shapes: the boundary transposes are real nodes.
//   - NHWC flows through layout-agnostic operators: unary ones (incl. Clamp), binary
//     ones whose other operand is NHWC already, any rank-4 value (transposed), or a
//     constant (permuted at compile time; a rank<4 constant such as [C,1,1] is padded to
//     rank 4, permuted, and trimmed back: [1,1,C]), Concat (axis 1 -> 3) and
//     Softmax/LogSoftmax (axis remapped, so a channel softmax runs on the last axis).
// SimplifyTransposes then tidies what this leaves. Returns the number of operators
// switched to NHWC.
int ConvertToNHWC(ir::Graph& graph);

// Cleans up transposes: merges a Transpose of a Transpose into one (removing it when
// the result is the identity), turns a Transpose that only moves size-1 dimensions into
// a Reshape (same memory order), merges a Reshape of a Reshape, drops Reshapes to the
// same shape, and finally removes dead code (so single-use checks in later passes see
// no stale readers). Needs inferred shapes.
void SimplifyTransposes(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_LAYOUT_H_
