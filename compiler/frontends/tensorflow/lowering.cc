#include "compiler/frontends/tensorflow/lowering.h"

#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/fold.h"
#include "compiler/ir/shape_inference.h"

namespace neo::tf_frontend {

std::string CanonicalTensorName(const std::string& input) {
  if (input.empty() || input[0] == '^') return "";
  const size_t colon = input.rfind(':');
  if (colon != std::string::npos && colon + 1 < input.size() &&
      input.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    return input;
  }
  return input + ":0";
}

NodeLowering::NodeLowering(const tensorflow::NodeDef& node, ir::Graph& graph,
                           TensorMap& tensors, std::vector<bool>& folded,
                           const std::map<ir::ValueId, ir::Shape>* image_shapes)
    : node_(node),
      graph_(graph),
      tensors_(tensors),
      image_shapes_(image_shapes),
      emitter_(graph, folded, node.name(), node.op()) {
  for (const std::string& in : node.input()) {
    const std::string name = CanonicalTensorName(in);
    if (!name.empty()) data_inputs_.push_back(name);
  }
}

ir::ValueId NodeLowering::input(int i) const {
  if (i < 0 || i >= num_inputs()) {
    throw MalformedInputError(op() + " node '" + node_.name() + "' has " +
                              std::to_string(num_inputs()) + " inputs; input " +
                              std::to_string(i) + " is missing.");
  }
  auto it = tensors_.find(data_inputs_[static_cast<size_t>(i)]);
  if (it == tensors_.end()) {
    throw MalformedInputError(op() + " node '" + node_.name() + "' reads '" +
                              data_inputs_[static_cast<size_t>(i)] +
                              "', which no node of the graph produces.");
  }
  return it->second;
}

void NodeLowering::RequireInputs(int min, int max) const {
  if (num_inputs() < min || num_inputs() > max) {
    const std::string want = min == max ? std::to_string(min)
                                        : std::to_string(min) + " to " + std::to_string(max);
    throw MalformedInputError(op() + " node '" + node_.name() + "' has " +
                              std::to_string(num_inputs()) + " inputs where TensorFlow's " +
                              op() + " takes " + want + ".");
  }
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
      case ir::DType::kBytes: break;  // refused by the callers
    }
  }
  return out;
}
}  // namespace

std::vector<int64_t> NodeLowering::ConstantInts(int i, const std::string& what) const {
  const ir::Value& v = input_value(i);
  if (!v.is_constant()) NotSupported("non-constant " + what);
  if (v.dtype == ir::DType::kBytes) NotSupported(what + " given as a string");
  return ConstantAs<int64_t>(v);
}

std::vector<float> NodeLowering::ConstantFloats(int i, const std::string& what) const {
  const ir::Value& v = input_value(i);
  if (!v.is_constant()) NotSupported("non-constant " + what);
  if (v.dtype == ir::DType::kBytes) NotSupported(what + " given as a string");
  return ConstantAs<float>(v);
}

void NodeLowering::SetOutput(int k, ir::ValueId value) {
  tensors_[node_.name() + ":" + std::to_string(k)] = value;
}

const tensorflow::AttrValue* NodeLowering::FindAttr(const std::string& name) const {
  auto it = node_.attr().find(name);
  return it == node_.attr().end() ? nullptr : &it->second;
}

const tensorflow::AttrValue& NodeLowering::RequireAttr(
    const std::string& name, tensorflow::AttrValue::ValueCase kind) const {
  const tensorflow::AttrValue* a = FindAttr(name);
  if (!a) throw AttributeRequiredError(name, op());
  // An empty list is written with no field set at all.
  if (a->value_case() != kind &&
      !(kind == tensorflow::AttrValue::kList &&
        a->value_case() == tensorflow::AttrValue::VALUE_NOT_SET)) {
    NotValid(name, "has the wrong type");
  }
  return *a;
}

int64_t NodeLowering::IntAttr(const std::string& name, int64_t default_value) const {
  return has_attr(name) ? RequireAttr(name, tensorflow::AttrValue::kI).i() : default_value;
}
float NodeLowering::FloatAttr(const std::string& name, float default_value) const {
  return has_attr(name) ? RequireAttr(name, tensorflow::AttrValue::kF).f() : default_value;
}
bool NodeLowering::BoolAttr(const std::string& name, bool default_value) const {
  return has_attr(name) ? RequireAttr(name, tensorflow::AttrValue::kB).b() : default_value;
}
std::string NodeLowering::StringAttr(const std::string& name) const {
  return RequireAttr(name, tensorflow::AttrValue::kS).s();
}
std::string NodeLowering::StringAttr(const std::string& name,
                                     const std::string& default_value) const {
  return has_attr(name) ? StringAttr(name) : default_value;
}
std::vector<int64_t> NodeLowering::IntsAttr(const std::string& name) const {
  const auto& l = RequireAttr(name, tensorflow::AttrValue::kList).list();
  return std::vector<int64_t>(l.i().begin(), l.i().end());
}
std::vector<int64_t> NodeLowering::IntsAttr(const std::string& name,
                                            const std::vector<int64_t>& default_value) const {
  return has_attr(name) ? IntsAttr(name) : default_value;
}
std::vector<std::string> NodeLowering::StringsAttr(const std::string& name) const {
  if (!has_attr(name)) return {};
  const auto& l = RequireAttr(name, tensorflow::AttrValue::kList).list();
  return std::vector<std::string>(l.s().begin(), l.s().end());
}
tensorflow::DataType NodeLowering::TypeAttr(const std::string& name,
                                            tensorflow::DataType default_value) const {
  return has_attr(name) ? RequireAttr(name, tensorflow::AttrValue::kType).type()
                        : default_value;
}

bool NodeLowering::IsNchw() const {
  const std::string f = StringAttr("data_format", "NHWC");
  if (f == "NHWC") return false;
  if (f == "NCHW") return true;
  NotSupported("data_format " + f);
}

const ir::Shape* NodeLowering::ImageShape(ir::ValueId v) const {
  if (!image_shapes_) return nullptr;
  auto it = image_shapes_->find(v);
  return it == image_shapes_->end() ? nullptr : &it->second;
}

void NodeLowering::NotSupported(const std::string& what) const {
  throw AttributeNotImplementedError(what, op());
}

void NodeLowering::NotValid(const std::string& attr, const std::string& why) const {
  throw AttributeValueNotValidError(attr, op(), why);
}

ir::ValueId NodeLowering::Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                               const ir::Attributes& attrs, ir::DType dtype,
                               const ir::Shape* preset_shape) {
  return emitter_.Emit(ir_op, std::move(inputs), attrs, dtype, preset_shape);
}

int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis,
                      int64_t rank) {
  if (axis < -rank || axis >= rank) {
    n.NotValid(attr, "must lie in [" + std::to_string(-rank) + ", " + std::to_string(rank) +
                         ") for a rank-" + std::to_string(rank) + " input");
  }
  return axis < 0 ? axis + rank : axis;
}

ir::DType IrDType(tensorflow::DataType t, const std::string& what, const std::string& op) {
  switch (t) {
    case tensorflow::DT_FLOAT: return ir::DType::kFloat32;
    case tensorflow::DT_INT32: return ir::DType::kInt32;
    case tensorflow::DT_INT64: return ir::DType::kInt64;
    case tensorflow::DT_BOOL: return ir::DType::kBool;
    case tensorflow::DT_UINT8: return ir::DType::kUInt8;
    case tensorflow::DT_INT8: return ir::DType::kInt8;
    default:
      throw AttributeNotImplementedError(
          what + " of type " + tensorflow::DataType_Name(t), op);
  }
}

}  // namespace neo::tf_frontend
