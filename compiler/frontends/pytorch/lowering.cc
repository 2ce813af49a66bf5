#include "compiler/frontends/pytorch/lowering.h"

#include <cstring>
#include <limits>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/graph_lowering.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"

namespace neo::pytorch_frontend {

NodeLowering::NodeLowering(const torch::jit::Node* node, GraphLowering& graph)
    : node_(node), g_(graph) {}

std::string NodeLowering::op() const { return node_->kind().toQualString(); }

ir::Graph& NodeLowering::graph() { return g_.graph(); }

const Slot& NodeLowering::input(size_t i) const { return g_.slot(node_->input(i)); }

bool NodeLowering::IsNone(size_t i) const {
  const Slot& s = input(i);
  return s.kind == Slot::Kind::kConstant && s.constant.isNone();
}

bool NodeLowering::IsTensor(size_t i) const {
  const Slot& s = input(i);
  return s.kind == Slot::Kind::kTensor ||
         (s.kind == Slot::Kind::kConstant && s.constant.isTensor());
}

ir::ValueId NodeLowering::Tensor(size_t i, ir::ValueId like) {
  const Slot& s = input(i);
  if (s.kind == Slot::Kind::kTensor) return s.tensor;
  if (s.kind == Slot::Kind::kConstant) {
    if (s.constant.isTensor()) {
      const at::Tensor& t = s.constant.toTensor();
      // Traces keep Python numbers as 0-d int64 tensors ({2} in x * 2); with a float
      // operand PyTorch computes in float, so the constant becomes float.
      if (like != ir::kNoValue && graph().value(like).dtype == ir::DType::kFloat32 &&
          t.scalar_type() != at::kFloat) {
        return graph().AddValue(IrConstant(t.to(at::kFloat), node_->input(i)->debugName()));
      }
      return g_.ConstantTensor(node_->input(i), t);
    }
    if (s.constant.isInt() || s.constant.isDouble() || s.constant.isBool()) {
      const ir::DType dtype = like == ir::kNoValue ? ir::DType::kFloat32 : graph().value(like).dtype;
      const std::string name = graph().UniqueName(node_->input(i)->debugName());
      if (dtype == ir::DType::kInt64) {
        return graph().AddInt64Constant(name, {}, {s.constant.isDouble()
                                                       ? static_cast<int64_t>(s.constant.toDouble())
                                                       : s.constant.toScalar().toLong()});
      }
      if (dtype != ir::DType::kFloat32) NotSupported("a scalar operand for a tensor of that type");
      return graph().AddFloatConstant(name, {}, {static_cast<float>(s.constant.toScalar().toDouble())});
    }
  }
  if (s.kind == Slot::Kind::kDataDependent) NotSupported("a number computed from the input data");
  NotValid("input " + std::to_string(i), "must be a tensor");
}

const ir::Shape& NodeLowering::Shape(ir::ValueId v) const {
  const ir::Value& value = g_.graph().value(v);
  if (!value.has_shape) {
    throw MalformedInputError("The shape of '" + value.name + "' (read by " + op() +
                              ") could not be inferred.");
  }
  return value.shape;
}

const c10::IValue& NodeLowering::Known(size_t i, const std::string& what) const {
  const Slot& s = input(i);
  if (s.kind != Slot::Kind::kConstant) NotSupported("data-dependent " + what);
  return s.constant;
}

int64_t NodeLowering::Int(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (v.isInt()) return v.toInt();
  if (v.isBool()) return v.toBool() ? 1 : 0;
  NotValid(what, "must be an integer");
}

double NodeLowering::Float(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (v.isDouble()) return v.toDouble();
  if (v.isInt()) return static_cast<double>(v.toInt());
  if (v.isBool()) return v.toBool() ? 1.0 : 0.0;
  NotValid(what, "must be a number");
}

bool NodeLowering::Bool(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (v.isBool()) return v.toBool();
  if (v.isInt()) return v.toInt() != 0;
  NotValid(what, "must be a boolean");
}

std::string NodeLowering::String(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (!v.isString()) NotValid(what, "must be a string");
  return v.toStringRef();
}

std::vector<int64_t> NodeLowering::Ints(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (v.isInt()) return {v.toInt()};
  if (v.isIntList()) return v.toIntVector();
  NotValid(what, "must be a list of integers");
}

std::vector<double> NodeLowering::Floats(size_t i, const std::string& what) const {
  const c10::IValue& v = Known(i, what);
  if (v.isDouble()) return {v.toDouble()};
  if (v.isDoubleList()) return v.toDoubleVector();
  if (v.isIntList()) {
    std::vector<double> out;
    for (int64_t e : v.toIntVector()) out.push_back(static_cast<double>(e));
    return out;
  }
  NotValid(what, "must be a list of numbers");
}

std::vector<ir::ValueId> NodeLowering::TensorList(size_t i) {
  const Slot& s = input(i);
  std::vector<ir::ValueId> out;
  if (s.kind == Slot::Kind::kList || s.kind == Slot::Kind::kTuple) {
    for (size_t k = 0; k < s.elements.size(); ++k) {
      const Slot& e = s.elements[k];
      if (e.kind == Slot::Kind::kTensor) {
        out.push_back(e.tensor);
      } else if (e.kind == Slot::Kind::kConstant && e.constant.isTensor()) {
        out.push_back(graph().AddValue(IrConstant(e.constant.toTensor(),
                                                  node_->input(i)->debugName() + "_" +
                                                      std::to_string(k))));
      } else {
        NotValid("input " + std::to_string(i), "must be a list of tensors");
      }
    }
    return out;
  }
  if (s.kind == Slot::Kind::kConstant && s.constant.isTensorList()) {
    const auto list = s.constant.toTensorVector();
    for (size_t k = 0; k < list.size(); ++k) {
      out.push_back(graph().AddValue(
          IrConstant(list[k], node_->input(i)->debugName() + "_" + std::to_string(k))));
    }
    return out;
  }
  NotValid("input " + std::to_string(i), "must be a list of tensors");
}

void NodeLowering::SetOutput(size_t i, Slot s) { g_.set_slot(node_->output(i), std::move(s)); }

ir::ValueId NodeLowering::Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                               ir::Attributes attrs, ir::DType dtype) {
  ir::Graph& g = graph();
  const std::string base = node_->outputs().empty() ? op() : node_->output(0)->debugName();
  const ir::ValueId out = g.AddValue(base, dtype);
  ir::Node& n = g.AddNode(ir_op, std::move(inputs), {out});
  n.name = base;
  n.source_op = op();
  n.attrs = std::move(attrs);
  ir::InferNodeShape(g, g.nodes().size() - 1);
  return out;
}

ir::ValueId NodeLowering::Reshape(ir::ValueId x, const ir::Shape& shape) {
  if (Shape(x) == shape) return x;
  ir::Attributes a;
  a.set("shape", shape);
  return Emit(ir::op::kReshape, {x}, a, graph().value(x).dtype);
}

ir::ValueId NodeLowering::FloatConstant(const std::string& suffix, const ir::Shape& shape,
                                        const std::vector<float>& values) {
  const std::string base = node_->outputs().empty() ? op() : node_->output(0)->debugName();
  return graph().AddFloatConstant(graph().UniqueName(base + "/" + suffix), shape, values);
}

void NodeLowering::NotSupported(const std::string& what) const {
  throw AttributeNotImplementedError(what, op());
}

void NodeLowering::NotValid(const std::string& attr, const std::string& why) const {
  throw AttributeValueNotValidError(attr, op(), why);
}

int64_t NormalizeDim(const NodeLowering& n, const std::string& what, int64_t dim, int64_t rank) {
  const int64_t r = std::max<int64_t>(rank, 1);
  if (dim < -r || dim >= r) {
    n.NotValid(what, "must lie in [" + std::to_string(-r) + ", " + std::to_string(r) +
                         ") for a rank-" + std::to_string(rank) + " input");
  }
  return dim < 0 ? dim + r : dim;
}

namespace {

// The storage elements a strided tensor reads lie in [lowest, highest]; false when that
// range overflows int64 (sizes and strides come from the file).
bool ElementRange(const at::Tensor& t, int64_t* lowest, int64_t* highest) {
  *lowest = *highest = t.storage_offset();
  for (int64_t d = 0; d < t.dim(); ++d) {
    int64_t reach = 0;
    if (__builtin_mul_overflow(t.size(d) - 1, t.stride(d), &reach)) return false;
    int64_t* end = reach < 0 ? lowest : highest;
    if (__builtin_add_overflow(*end, reach, end)) return false;
  }
  return true;
}

}  // namespace

std::string StorageOverrun(const at::Tensor& t, uint64_t storage_bytes) {
  // Tensors without a strided storage (sparse, opaque) have nothing to overrun.
  if (!t.defined() || !t.has_storage() || t.layout() != at::kStrided) return "";
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (t.size(d) < 0) return "has the negative size " + std::to_string(t.size(d));
  }
  if (t.numel() == 0) return "";
  const std::string holds =
      " bytes of storage but its storage holds " + std::to_string(storage_bytes);
  int64_t lowest = 0, highest = 0, bytes = 0;
  if (!ElementRange(t, &lowest, &highest) || __builtin_add_overflow(highest, 1, &bytes) ||
      __builtin_mul_overflow(bytes, static_cast<int64_t>(t.element_size()), &bytes)) {
    return "needs more than " + std::to_string(std::numeric_limits<int64_t>::max()) + holds;
  }
  if (lowest < 0) {
    // Unsigned negation: lowest may be INT64_MIN.
    return "starts " + std::to_string(0 - static_cast<uint64_t>(lowest)) +
           " elements before its storage";
  }
  if (static_cast<uint64_t>(bytes) > storage_bytes) {
    return "needs " + std::to_string(bytes) + holds;
  }
  return "";
}

ir::Value IrConstant(const at::Tensor& tensor, const std::string& name) {
  // Before contiguous(), which would copy from wherever the tensor points.
  const std::string overrun =
      tensor.has_storage() ? StorageOverrun(tensor, tensor.storage().nbytes()) : "";
  if (!overrun.empty()) {
    throw LoadError("tensor constant " + PythonQuote(name) + " " + overrun + ".");
  }
  at::Tensor t = tensor.detach().contiguous();
  ir::Value v;
  v.name = name;
  switch (t.scalar_type()) {
    case at::kFloat: v.dtype = ir::DType::kFloat32; break;
    case at::kDouble:
    case at::kHalf:
    case at::kBFloat16:
      t = t.to(at::kFloat).contiguous();
      v.dtype = ir::DType::kFloat32;
      break;
    case at::kLong: v.dtype = ir::DType::kInt64; break;
    case at::kInt: v.dtype = ir::DType::kInt32; break;
    case at::kBool: v.dtype = ir::DType::kBool; break;
    case at::kByte: v.dtype = ir::DType::kUInt8; break;
    case at::kChar: v.dtype = ir::DType::kInt8; break;
    default:
      throw AttributeNotImplementedError(
          std::string("constant tensor of type ") + c10::toString(t.scalar_type()), "TorchScript model");
  }
  v.shape.assign(t.sizes().begin(), t.sizes().end());
  v.has_shape = true;
  const size_t bytes = static_cast<size_t>(t.numel()) * t.element_size();
  auto data = std::make_shared<std::vector<uint8_t>>(bytes);
  if (bytes > 0) std::memcpy(data->data(), t.data_ptr(), bytes);
  v.data = std::move(data);
  return v;
}

}  // namespace neo::pytorch_frontend
