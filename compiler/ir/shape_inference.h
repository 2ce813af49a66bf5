// Shape inference: every node's output dtype and shape from its inputs, by its
// operator's rule (op_def.h). Frontends run it node by node while lowering; the passes
// run it over whole graphs.
#ifndef NEO_COMPILER_IR_SHAPE_INFERENCE_H_
#define NEO_COMPILER_IR_SHAPE_INFERENCE_H_

#include <cstddef>

#include "compiler/ir/graph.h"

namespace neo::ir {

// Checks node `index` against its operator's definition and sets its output's dtype,
// shape and has_shape. Inputs must have shapes. Throws NeoError: OperatorNotImplemented
// for a name that is no IR operator, Malformed input error (naming the node) for shapes
// that do not fit or attribute values out of range; std::logic_error for IR no frontend
// should write (unknown or mistyped attributes, a wrong number of inputs).
void InferNodeShape(Graph& g, size_t index);

// InferNodeShape over every node in order; every graph input must have a shape.
void InferShapes(Graph& g);

// The attribute and input-count checks of InferNodeShape alone.
void CheckNode(const Graph& g, size_t index);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_SHAPE_INFERENCE_H_
