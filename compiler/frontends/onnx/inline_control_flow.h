// If and Scan have subgraphs; Neo's fixed-shape code has no control flow, so both are
// inlined into the main graph before lowering, once data_shape has fixed the shapes:
//  - If runs both branches and picks each output with Where(cond, then, else). Branches
//    have no side effects, so computing the untaken one changes nothing but time, and a
//    constant condition folds the Where away. Branch outputs must have one shape.
//  - Scan is unrolled: its sequence length is a fixed dimension, so each iteration is a
//    copy of the body reading Gather-ed slices, and scan outputs are stacked with
//    Unsqueeze + Concat.
// Subgraph names are prefixed with the node's first output and the branch or iteration,
// so they stay unique; names from the enclosing scope are kept.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_INLINE_CONTROL_FLOW_H_
#define NEO_COMPILER_FRONTENDS_ONNX_INLINE_CONTROL_FLOW_H_

#include <map>
#include <string>

#include "compiler/ir/graph.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

bool HasControlFlow(const onnx::GraphProto& graph);

// Rewrites `graph` in place (repeating until no If or Scan is left, for nested ones);
// `shapes` are ONNX's inferred static shapes of `graph`'s values, re-inferred by the
// caller-supplied `infer` after each round.
void InlineControlFlow(onnx::ModelProto& model, int opset,
                       std::map<std::string, ir::Shape> (*infer)(onnx::ModelProto));

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_INLINE_CONTROL_FLOW_H_
