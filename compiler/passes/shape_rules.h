// Internal to shape inference: the per-node context every shape rule reads, and the
// rules of the tensor operators (shape_rules_tensor.cc), kept apart from the original
// ones so each file holds one family.
#ifndef NEO_COMPILER_PASSES_SHAPE_RULES_H_
#define NEO_COMPILER_PASSES_SHAPE_RULES_H_

#include <string>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph.h"
#include "compiler/passes/pass_util.h"

namespace neo::passes {

using ir::Shape;

// Everything one node's rule needs, and a way to fail that names the node.
class NodeContext {
 public:
  NodeContext(const ir::Graph& g, const ir::Node& node, size_t index)
      : g_(g), node_(node), index_(index) {}

  [[noreturn]] void Fail(const std::string& what) const {
    throw MalformedInputError(Describe(node_, index_) + ": " + what);
  }
  bool has_input(size_t i) const {
    return i < node_.inputs.size() && node_.inputs[i] != ir::kNoValue;
  }
  const ir::Value& input(size_t i) const {
    if (!has_input(i)) Fail("input " + std::to_string(i) + " is missing");
    return g_.value(node_.inputs[i]);
  }
  const Shape& shape(size_t i) const { return input(i).shape; }
  void ExpectRank(size_t i, size_t rank) const {
    if (shape(i).size() != rank) {
      Fail("input '" + input(i).name + "' must have rank " + std::to_string(rank) +
           ", but its shape is " + ir::ShapeToString(shape(i)));
    }
  }
  const ir::Attributes& attrs() const { return node_.attrs; }
  const ir::Node& node() const { return node_; }

 private:
  const ir::Graph& g_;
  const ir::Node& node_;
  size_t index_;
};

// Shape and dtype of a tensor operator (ConvTranspose2D, LRN, Reduce, ArgReduce, Cast,
// Gather, Slice, Pad, Resize, Broadcast). False if `c`'s node is not one of them.
bool InferTensorOperator(const NodeContext& c, const ir::Value& output, Shape* out,
                         ir::DType* dtype);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_SHAPE_RULES_H_
