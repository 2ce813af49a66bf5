// A small IR interpreter for tests: runs a whole graph on the compiler's oracle
// (evaluate.h: every node on the reference kernels, in either layout), so a test can
// check that a pass preserves a graph's outputs or that a frontend lowers a model right.
#ifndef NEO_COMPILER_IR_TESTING_INTERPRETER_H_
#define NEO_COMPILER_IR_TESTING_INTERPRETER_H_

#include <vector>

#include "compiler/ir/graph.h"

namespace neo::ir::testing {

// Elements as floats, whatever the value's dtype (integer values convert exactly below
// 2^24; int64 outputs of ArgMax and shapes are small).
struct Tensor {
  Shape shape;
  std::vector<float> data;
};

// Runs `graph` (shapes inferred) on `inputs` (one per graph input, in order, shaped as
// the graph inputs; converted to each input's dtype) and returns the graph outputs in
// order. Throws std::logic_error for a node the oracle cannot evaluate.
std::vector<Tensor> Interpret(const Graph& graph, const std::vector<Tensor>& inputs);

// Random inputs shaped like the graph's inputs.
std::vector<Tensor> RandomInputs(const Graph& graph, unsigned seed);

// Largest |a - b| over all elements of all tensors; infinity if any shape differs.
double MaxAbsDiff(const std::vector<Tensor>& a, const std::vector<Tensor>& b);

}  // namespace neo::ir::testing

#endif  // NEO_COMPILER_IR_TESTING_INTERPRETER_H_
