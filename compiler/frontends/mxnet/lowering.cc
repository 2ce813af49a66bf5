#include "compiler/frontends/mxnet/lowering.h"

#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::mx_frontend {

NodeLowering::NodeLowering(const MxNode& node, size_t index, ir::Graph& graph,
                           EntryValues& values, std::vector<bool>& folded)
    : ir::NodeEmitter(graph, folded, node.name, node.op),
      node_(node),
      values_(values),
      index_(index),
      attrs_(node) {}

ir::ValueId NodeLowering::input(int i) const {
  if (i < 0 || i >= num_inputs()) {
    throw MalformedInputError(node_.op + " node '" + node_.name + "' has " +
                              std::to_string(num_inputs()) + " inputs; input " +
                              std::to_string(i) + " is needed.");
  }
  const MxEntry& e = node_.inputs[static_cast<size_t>(i)];
  const auto& outs = values_.at(static_cast<size_t>(e.node));
  if (e.index < 0 || static_cast<size_t>(e.index) >= outs.size() ||
      outs[static_cast<size_t>(e.index)] == ir::kNoValue) {
    throw MalformedInputError(node_.op + " node '" + node_.name + "' reads output " +
                              std::to_string(e.index) + " of node " + std::to_string(e.node) +
                              ", which that node does not have.");
  }
  return outs[static_cast<size_t>(e.index)];
}

const ir::Value& NodeLowering::input_value(int i) const {
  return const_cast<NodeLowering*>(this)->graph().value(input(i));
}

const ir::Value& NodeLowering::ConstantInput(int i, const std::string& what) const {
  const ir::Value& v = input_value(i);
  if (!v.is_constant()) NotSupported("a " + what + " computed at run time");
  return v;
}

void NodeLowering::RequireInputs(int min, int max) const {
  const int n = num_inputs();
  if (n >= min && n <= max) return;
  const std::string want = min == max ? std::to_string(min)
                                      : std::to_string(min) + " to " + std::to_string(max);
  throw MalformedInputError(node_.op + " node '" + node_.name + "' has " + std::to_string(n) +
                            " inputs; it takes " + want + ".");
}

void NodeLowering::SetOutput(int k, ir::ValueId value) {
  auto& outs = values_.at(index_);
  if (outs.size() <= static_cast<size_t>(k)) outs.resize(static_cast<size_t>(k) + 1, ir::kNoValue);
  outs[static_cast<size_t>(k)] = value;
}

void NodeLowering::NotSupported(const std::string& what) const {
  throw AttributeNotImplementedError(what, node_.op);
}

int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis,
                      int64_t rank) {
  if (axis < -rank || axis >= rank) {
    n.NotValid(attr, "must lie in [" + std::to_string(-rank) + ", " + std::to_string(rank) +
                         ") for a rank-" + std::to_string(rank) + " input");
  }
  return axis < 0 ? axis + rank : axis;
}

ir::DType IrDTypeOf(const NodeLowering& n, const std::string& attr, const std::string& name) {
  if (name == "float32" || name == "float16" || name == "float64") return ir::DType::kFloat32;
  if (name == "int64") return ir::DType::kInt64;
  if (name == "int32") return ir::DType::kInt32;
  if (name == "int8") return ir::DType::kInt8;
  if (name == "uint8") return ir::DType::kUInt8;
  if (name == "bool") return ir::DType::kBool;
  n.NotSupported(attr + " " + name);
}

}  // namespace neo::mx_frontend
