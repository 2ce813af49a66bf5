// Shape inference: sets dtype, shape and has_shape on every node output.
#ifndef NEO_COMPILER_PASSES_SHAPE_INFERENCE_H_
#define NEO_COMPILER_PASSES_SHAPE_INFERENCE_H_

#include <cstddef>

#include "compiler/ir/graph.h"

namespace neo::passes {

// Walks the nodes in order and computes each output's dtype and shape from its inputs
// and attributes (see ops.h; spatial operators honour their `layout`). Shapes already on
// outputs are overwritten: the computed ones are the truth, except for Reshape, whose
// attribute `shape` (fully resolved by the frontend) is the contract; a Reshape without
// that attribute keeps the shape already on its output.
//
// Throws neo::NeoError (Malformed input error) naming the node when shapes conflict
// (a convolution's channels against its weights, operands that do not broadcast, ...)
// or a graph input has no shape, and OperatorNotImplemented for an unknown operator.
void InferShapes(ir::Graph& graph);

// The same for node `index` alone (its inputs must have shapes already): the frontends
// use it to fold constant subgraphs while they lower.
void InferNodeShape(ir::Graph& graph, size_t index);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_SHAPE_INFERENCE_H_
