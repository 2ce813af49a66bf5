#include "compiler/ir/evaluate.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/shape_util.h"
#include "kernels/model.h"
#include "kernels/reference/data_movement.h"

namespace neo::ir {

namespace {

bool IsInteger(DType t) {
  return t == DType::kInt64 || t == DType::kInt32 || t == DType::kUInt8 || t == DType::kInt8;
}

double ElementAsDouble(const TensorData& t, size_t i) {
  const uint8_t* p = t.bytes.data();
  switch (t.dtype) {
    case DType::kFloat32: return reinterpret_cast<const float*>(p)[i];
    case DType::kInt64: return static_cast<double>(reinterpret_cast<const int64_t*>(p)[i]);
    case DType::kInt32: return reinterpret_cast<const int32_t*>(p)[i];
    case DType::kBool:
    case DType::kUInt8: return p[i];
    case DType::kInt8: return reinterpret_cast<const int8_t*>(p)[i];
    case DType::kBytes: break;  // no number: only DecodeJpeg reads it
  }
  return 0;
}

// Stores `v` as element i of `t` when `t`'s dtype holds it exactly.
bool StoreExact(double v, TensorData& t, size_t i) {
  if (!std::isfinite(v) || v != std::floor(v)) return false;
  uint8_t* p = t.bytes.data();
  switch (t.dtype) {
    case DType::kInt64:
      if (std::fabs(v) > 9.0e18) return false;
      reinterpret_cast<int64_t*>(p)[i] = static_cast<int64_t>(v);
      return true;
    case DType::kInt32:
      if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) return false;
      reinterpret_cast<int32_t*>(p)[i] = static_cast<int32_t>(v);
      return true;
    case DType::kUInt8:
      if (v < 0 || v > 255) return false;
      p[i] = static_cast<uint8_t>(v);
      return true;
    case DType::kInt8:
      if (v < -128 || v > 127) return false;
      reinterpret_cast<int8_t*>(p)[i] = static_cast<int8_t>(v);
      return true;
    default: return false;
  }
}

TensorData Empty(const Value& v) {
  TensorData t;
  t.dtype = v.dtype;
  t.shape = v.shape;
  t.bytes.assign(v.byte_size(), 0);
  return t;
}

// A one-node graph: the node and copies of its values (shapes, dtypes, constant data).
struct OneNode {
  Graph g;
  size_t index = 0;
};

OneNode Isolate(const Graph& g, const Node& node) {
  OneNode m;
  Node copy = node;
  for (ValueId& v : copy.inputs) {
    if (v != kNoValue) v = m.g.AddValue(g.value(v));
  }
  for (ValueId& v : copy.outputs) v = m.g.AddValue(g.value(v));
  m.g.nodes().push_back(std::move(copy));
  return m;
}

// Runs the one node as its KernelCall says; nullopt where the kernels do not implement it.
std::optional<std::vector<TensorData>> Run(const OneNode& m,
                                           const std::vector<const TensorData*>& inputs) {
  KernelCall call;
  try {
    call = KernelFor(m.g, m.index);
  } catch (const NeoError& e) {
    if (e.error_class() == ErrorClass::kOperatorAttributeNotImplemented) return std::nullopt;
    throw;
  }
  const Node& node = m.g.nodes()[m.index];
  std::vector<TensorData> outputs;
  ReferenceBuffers b;
  // A kBytes TensorData holds the string itself; kernels read one through a neo::Bytes,
  // as generated code hands it to them.
  std::vector<Bytes> strings;
  strings.reserve(inputs.size());
  for (const TensorData* t : inputs) {
    if (t && t->dtype == DType::kBytes) {
      strings.push_back({t->bytes.data(), t->bytes.size()});
      b.inputs.push_back(&strings.back());
    } else {
      b.inputs.push_back(t ? t->bytes.data() : nullptr);
    }
  }
  for (ValueId v : node.outputs) outputs.push_back(Empty(m.g.value(v)));
  for (TensorData& t : outputs) b.outputs.push_back(t.bytes.data());
  call.reference(b);
  return outputs;
}

// Integer inputs as float32, for kernels that compute in float only.
std::optional<std::vector<TensorData>> RunThroughFloat(
    OneNode m, const std::vector<const TensorData*>& inputs) {
  Node& node = m.g.nodes()[m.index];
  std::vector<TensorData> converted;
  converted.reserve(inputs.size());
  std::vector<const TensorData*> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorData* t = inputs[i];
    if (!t || !IsInteger(t->dtype)) {
      ins.push_back(t);
      continue;
    }
    TensorData f;
    f.dtype = DType::kFloat32;
    f.shape = t->shape;
    f.bytes.resize(static_cast<size_t>(NumElements(t->shape)) * sizeof(float));
    for (size_t k = 0; k < f.bytes.size() / sizeof(float); ++k) {
      const double v = ElementAsDouble(*t, k);
      if (std::fabs(v) > 16777216.0) return std::nullopt;
      reinterpret_cast<float*>(f.bytes.data())[k] = static_cast<float>(v);
    }
    converted.push_back(std::move(f));
    ins.push_back(&converted.back());
    m.g.value(node.inputs[i]).dtype = DType::kFloat32;
  }
  const DType wanted = m.g.value(node.outputs[0]).dtype;
  InferNodeShape(m.g, m.index);  // the dtype the operator gives float inputs
  auto out = Run(m, ins);
  if (!out) return std::nullopt;
  TensorData& y = (*out)[0];
  if (y.dtype == wanted) return out;
  if (!IsInteger(wanted) || y.dtype != DType::kFloat32) return std::nullopt;
  TensorData back;
  back.dtype = wanted;
  back.shape = y.shape;
  back.bytes.resize(static_cast<size_t>(NumElements(y.shape)) * DTypeSize(wanted));
  for (size_t k = 0; k < static_cast<size_t>(NumElements(y.shape)); ++k) {
    if (!StoreExact(ElementAsDouble(y, k), back, k)) return std::nullopt;
  }
  y = std::move(back);
  return out;
}

}  // namespace

TensorData ConstantData(const Value& v) {
  if (!v.is_constant()) throw std::logic_error("IR: '" + v.name + "' is not a constant");
  return {v.dtype, v.shape, *v.data};
}

std::vector<uint8_t> TransposeBytes(const std::vector<uint8_t>& in, const Shape& shape,
                                    const std::vector<int64_t>& perm, size_t element_size) {
  kernels::TransposeParams p;
  for (int64_t d : shape) p.input_shape.d[p.input_shape.rank++] = d;
  for (int64_t d : perm) p.perm.d[p.perm.rank++] = d;
  p.element_size = element_size;
  std::vector<uint8_t> out(in.size());
  if (!in.empty()) kernels::reference::Transpose(p, in.data(), out.data());
  return out;
}

std::optional<std::vector<TensorData>> EvaluateNode(const Graph& g, size_t index,
                                                    const std::vector<const TensorData*>& inputs) {
  const Node& node = g.nodes().at(index);
  if (inputs.size() != node.inputs.size()) throw std::logic_error("EvaluateNode: input count");
  const OpDef& def = GetOp(node.op);
  OneNode m = Isolate(g, node);
  Node& n = m.g.nodes()[0];
  const bool relayout = def.layout == LayoutClass::kSpatial &&
                        n.attrs.GetString("layout", "NCHW") == "NCHW" && inputs[0] &&
                        inputs[0]->shape.size() == 4 && g.value(node.outputs[0]).shape.size() == 4;
  std::vector<const TensorData*> ins = inputs;
  TensorData nhwc_input;
  if (relayout) {
    // The kernels run spatial operators NHWC: evaluate on an NHWC copy, as the layout pass
    // would arrange, and bring the result back.
    n.attrs.set("layout", std::string("NHWC"));
    Value& x = m.g.value(n.inputs[0]);
    nhwc_input = {inputs[0]->dtype, PermuteShape(inputs[0]->shape, kNchwToNhwc),
                  TransposeBytes(inputs[0]->bytes, inputs[0]->shape, kNchwToNhwc,
                                 DTypeSize(inputs[0]->dtype))};
    x.shape = nhwc_input.shape;
    Value& y = m.g.value(n.outputs[0]);
    y.shape = PermuteShape(y.shape, kNchwToNhwc);
    ins[0] = &nhwc_input;
  }
  auto out = Run(m, ins);
  if (!out) {
    bool has_integer = false;
    for (const TensorData* t : ins) has_integer = has_integer || (t && IsInteger(t->dtype));
    if (has_integer) out = RunThroughFloat(m, ins);
  }
  if (out && relayout) {
    TensorData& y = (*out)[0];
    y.bytes = TransposeBytes(y.bytes, y.shape, kNhwcToNchw, DTypeSize(y.dtype));
    y.shape = PermuteShape(y.shape, kNhwcToNchw);
  }
  return out;
}

std::vector<float> ToFloats(const TensorData& t) {
  std::vector<float> out(static_cast<size_t>(NumElements(t.shape)));
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(ElementAsDouble(t, i));
  return out;
}

std::vector<float> FloatsOf(const Value& constant) { return ToFloats(ConstantData(constant)); }

}  // namespace neo::ir
