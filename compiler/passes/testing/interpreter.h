// A tiny IR interpreter for tests: runs a graph on float data with the reference
// operators, so a test can check that a pass preserves a graph's outputs.
#ifndef NEO_COMPILER_PASSES_TESTING_INTERPRETER_H_
#define NEO_COMPILER_PASSES_TESTING_INTERPRETER_H_

#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::testing {

using reference::Tensor;

// Runs `graph` (shapes inferred) on `inputs` (one per graph input, in order, shaped
// as the graph inputs) and returns the graph outputs in order.
std::vector<Tensor> Interpret(const ir::Graph& graph, const std::vector<Tensor>& inputs);

// Random inputs shaped like the graph's inputs.
std::vector<Tensor> RandomInputs(const ir::Graph& graph, unsigned seed);

// Largest |a - b| over all elements of all tensors; infinity if any shape differs.
double MaxAbsDiff(const std::vector<Tensor>& a, const std::vector<Tensor>& b);

}  // namespace neo::passes::testing

#endif  // NEO_COMPILER_PASSES_TESTING_INTERPRETER_H_
