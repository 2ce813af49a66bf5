#include "compiler/frontends/onnx/lowering.h"

#include <cstring>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::onnx_frontend {

NodeLowering::NodeLowering(const onnx::NodeProto& node, int opset, ir::Graph& graph,
                           std::map<std::string, ir::ValueId>& values,
                           const std::map<std::string, ir::Shape>& inferred_shapes)
    : node_(node), opset_(opset), graph_(graph), values_(values),
      inferred_shapes_(inferred_shapes) {}

ir::ValueId NodeLowering::input(int i) const {
  if (i >= node_.input_size() || node_.input(i).empty()) return ir::kNoValue;
  auto it = values_.find(node_.input(i));
  if (it == values_.end()) {
    throw MalformedInputError("Node '" + node_.name() + "' (" + node_.op_type() +
                              ") reads '" + node_.input(i) +
                              "', which no earlier node, input or initializer defines.");
  }
  return it->second;
}

const ir::Value& NodeLowering::input_value(int i) const {
  const ir::ValueId id = input(i);
  if (id == ir::kNoValue) {
    throw MalformedInputError("Node '" + node_.name() + "' (" + node_.op_type() + ") has no input " +
                              std::to_string(i) + ", which it needs.");
  }
  return graph_.value(id);
}

const ir::Shape& NodeLowering::input_shape(int i) const {
  const ir::Value& v = input_value(i);
  if (!v.has_shape) {
    throw MalformedInputError("The shape of '" + v.name + "' (input " + std::to_string(i) +
                              " of " + node_.op_type() + " node '" + node_.name() +
                              "') could not be inferred.");
  }
  return v.shape;
}

namespace {
template <typename T>
std::vector<T> ConstantAs(const ir::Value& v) {
  std::vector<T> out(static_cast<size_t>(v.num_elements()));
  for (size_t k = 0; k < out.size(); ++k) {
    switch (v.dtype) {
      case ir::DType::kFloat32: out[k] = static_cast<T>(v.data_as<float>()[k]); break;
      case ir::DType::kInt64: out[k] = static_cast<T>(v.data_as<int64_t>()[k]); break;
      case ir::DType::kInt32: out[k] = static_cast<T>(v.data_as<int32_t>()[k]); break;
      case ir::DType::kBool:
      case ir::DType::kUInt8: out[k] = static_cast<T>(v.data_as<uint8_t>()[k]); break;
      case ir::DType::kInt8: out[k] = static_cast<T>(v.data_as<int8_t>()[k]); break;
      case ir::DType::kBytes: break;  // ONNX has no string tensors here
    }
  }
  return out;
}
}  // namespace

std::vector<int64_t> NodeLowering::ConstantInts(int i, const std::string& what) const {
  const ir::Value& v = input_value(i);
  if (!v.is_constant()) NotSupported("non-constant " + what);
  return ConstantAs<int64_t>(v);
}

std::vector<float> NodeLowering::ConstantFloats(int i, const std::string& what) const {
  const ir::Value& v = input_value(i);
  if (!v.is_constant()) NotSupported("non-constant " + what);
  return ConstantAs<float>(v);
}

ir::ValueId NodeLowering::output(int i) {
  if (i >= node_.output_size()) {
    throw MalformedInputError("Node '" + node_.name() + "' (" + node_.op_type() +
                              ") has no output " + std::to_string(i) + ", which it needs.");
  }
  const std::string& name = node_.output(i);
  auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  ir::Value v;
  v.name = graph_.UniqueName(name);
  auto shape = inferred_shapes_.find(name);
  if (shape != inferred_shapes_.end()) {
    v.shape = shape->second;
    v.has_shape = true;
  }
  ir::ValueId id = graph_.AddValue(std::move(v));
  values_[name] = id;
  return id;
}

void NodeLowering::Alias(int i, ir::ValueId value) { values_[node_.output(i)] = value; }

void NodeLowering::LowerRewritten(const onnx::NodeProto& other,
                                  const std::map<std::string, ir::ValueId>& extra,
                                  void (*lower)(NodeLowering&)) {
  for (const auto& [name, id] : extra) values_[name] = id;
  NodeLowering sub(other, opset_, graph_, values_, inferred_shapes_);
  lower(sub);
}

const onnx::AttributeProto* NodeLowering::FindAttr(const std::string& name) const {
  for (const auto& a : node_.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

const onnx::AttributeProto& NodeLowering::RequireAttr(
    const std::string& name, onnx::AttributeProto::AttributeType type) const {
  const onnx::AttributeProto* a = FindAttr(name);
  if (!a) throw AttributeRequiredError(name, node_.op_type());
  // Old exporters leave `type` unset; trust the populated field then.
  if (a->type() != onnx::AttributeProto::UNDEFINED && a->type() != type) {
    NotValid(name, "has type " + onnx::AttributeProto::AttributeType_Name(a->type()) +
                       " where " + onnx::AttributeProto::AttributeType_Name(type) +
                       " is expected");
  }
  return *a;
}

int64_t NodeLowering::IntAttr(const std::string& name) const {
  return RequireAttr(name, onnx::AttributeProto::INT).i();
}
int64_t NodeLowering::IntAttr(const std::string& name, int64_t default_value) const {
  return has_attr(name) ? IntAttr(name) : default_value;
}
float NodeLowering::FloatAttr(const std::string& name) const {
  return RequireAttr(name, onnx::AttributeProto::FLOAT).f();
}
float NodeLowering::FloatAttr(const std::string& name, float default_value) const {
  return has_attr(name) ? FloatAttr(name) : default_value;
}
std::string NodeLowering::StringAttr(const std::string& name,
                                     const std::string& default_value) const {
  return has_attr(name) ? RequireAttr(name, onnx::AttributeProto::STRING).s() : default_value;
}
std::vector<int64_t> NodeLowering::IntsAttr(const std::string& name) const {
  const auto& a = RequireAttr(name, onnx::AttributeProto::INTS);
  return std::vector<int64_t>(a.ints().begin(), a.ints().end());
}
std::vector<int64_t> NodeLowering::IntsAttr(const std::string& name,
                                            const std::vector<int64_t>& default_value) const {
  return has_attr(name) ? IntsAttr(name) : default_value;
}
std::vector<float> NodeLowering::FloatsAttr(const std::string& name,
                                            const std::vector<float>& default_value) const {
  if (!has_attr(name)) return default_value;
  const auto& a = RequireAttr(name, onnx::AttributeProto::FLOATS);
  return std::vector<float>(a.floats().begin(), a.floats().end());
}
const onnx::TensorProto& NodeLowering::TensorAttr(const std::string& name) const {
  return RequireAttr(name, onnx::AttributeProto::TENSOR).t();
}

void NodeLowering::NotSupported(const std::string& name) const {
  throw AttributeNotImplementedError(name, node_.op_type());
}

void NodeLowering::NotValid(const std::string& name, const std::string& why) const {
  throw AttributeValueNotValidError(name, node_.op_type(), why);
}

ir::Node& NodeLowering::Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                             std::vector<ir::ValueId> outputs) {
  ir::Node& n = graph_.AddNode(ir_op, std::move(inputs), std::move(outputs));
  n.name = node_.name().empty() ? node_.op_type() + "_" + node_.output(0) : node_.name();
  n.source_op = node_.op_type();
  return n;
}

ir::ValueId NodeLowering::NewValue(const std::string& suffix, ir::DType dtype) {
  std::string base = (node_.name().empty() ? node_.output(0) : node_.name()) + "/" + suffix;
  return graph_.AddValue(base, dtype);
}

int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis,
                      int64_t rank) {
  if (axis < -rank || axis >= rank) {
    n.NotValid(attr, "must lie in [" + std::to_string(-rank) + ", " + std::to_string(rank) +
                         ") for a rank-" + std::to_string(rank) + " input");
  }
  return axis < 0 ? axis + rank : axis;
}

}  // namespace neo::onnx_frontend
