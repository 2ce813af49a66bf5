#include "compiler/passes/constant_folding.h"

#include <cmath>
#include <cstring>
#include <memory>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

using Bytes = std::vector<uint8_t>;

// One element of `dtype` holding `v` (as Cast would convert it).
Bytes ElementBytes(float v, ir::DType dtype) {
  v = reference::CastValue(v, dtype);
  Bytes b(ir::DTypeSize(dtype));
  auto put = [&](auto x) { std::memcpy(b.data(), &x, sizeof x); };
  switch (dtype) {
    case ir::DType::kFloat32: put(v); break;
    case ir::DType::kInt64: put(static_cast<int64_t>(v)); break;
    case ir::DType::kInt32: put(static_cast<int32_t>(v)); break;
    case ir::DType::kBool:
    case ir::DType::kUInt8: put(static_cast<uint8_t>(v)); break;
    case ir::DType::kInt8: put(static_cast<int8_t>(v)); break;
  }
  return b;
}

// An integer constant's elements, exactly (Gather indices).
std::vector<int64_t> IntsOf(const ir::Value& v) {
  std::vector<int64_t> out(static_cast<size_t>(v.num_elements()));
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = v.dtype == ir::DType::kInt64 ? v.data_as<int64_t>()[i]
             : v.dtype == ir::DType::kInt32 ? v.data_as<int32_t>()[i]
                                            : static_cast<int64_t>(FloatsOf(v)[i]);
  }
  return out;
}

// Folds data-movement operators byte-wise, whatever the dtype. False if `node` is not one.
bool MoveBytes(const ir::Graph& g, const ir::Node& node, Bytes* out) {
  const ir::Value& x = g.value(node.inputs[0]);
  size_t elem = ir::DTypeSize(x.dtype);
  if (node.op == op::kReshape || node.op == op::kIdentity) {
    *out = *x.data;
  } else if (node.op == op::kTranspose) {
    *out = reference::TransposeBytes(*x.data, x.shape, node.attrs.GetInts("perm"), elem);
  } else if (node.op == op::kConcat) {
    std::vector<const Bytes*> ins;
    std::vector<ir::Shape> shapes;
    for (ir::ValueId v : node.inputs) {
      if (g.value(v).dtype != x.dtype) return false;
      ins.push_back(g.value(v).data.get());
      shapes.push_back(g.value(v).shape);
    }
    *out = reference::ConcatBytes(ins, shapes, node.attrs.GetInt("axis"), elem);
  } else if (reference::IsIndexingOp(node.op)) {
    std::vector<ir::Shape> shapes;
    for (ir::ValueId v : node.inputs) shapes.push_back(v == ir::kNoValue ? ir::Shape{} : g.value(v).shape);
    std::vector<int64_t> indices;
    if (node.op == op::kGather) indices = IntsOf(g.value(node.inputs[1]));
    std::vector<int64_t> src =
        reference::SourceIndices(node, shapes, indices, g.value(node.outputs[0]).shape);
    const float fill = static_cast<float>(node.attrs.GetFloat("value", 0.0));
    *out = reference::GatherBytes(*x.data, src, ElementBytes(fill, x.dtype), elem);
  } else {
    return false;
  }
  return true;
}

// Integer arithmetic is evaluated in float here. That is exact only while every value is
// an integer below 2^24 in magnitude and the result fits the output type; otherwise (an
// overflow that must wrap, a division by zero, big int64 values) the node is left for
// the typed kernels to compute at run time rather than folded to a wrong constant.
bool ExactInFloat(ir::DType dtype, const std::vector<float>& values) {
  if (dtype == ir::DType::kFloat32 || dtype == ir::DType::kBool) return true;
  double lo = -16777216.0, hi = 16777216.0;
  if (dtype == ir::DType::kUInt8) lo = 0, hi = 255;
  if (dtype == ir::DType::kInt8) lo = -128, hi = 127;
  for (float f : values) {
    if (!std::isfinite(f) || f < lo || f > hi) return false;
  }
  return true;
}

bool Evaluate(const ir::Graph& g, const ir::Node& node, Bytes* out) {
  if (MoveBytes(g, node, out)) return true;
  const ir::DType out_type = g.value(node.outputs[0]).dtype;
  // Casting to float32 or bool rounds each input once, as float(x) here does.
  const bool rounding_cast = node.op == ir::op::kCast && (out_type == ir::DType::kFloat32 ||
                                                          out_type == ir::DType::kBool);
  for (ir::ValueId v : node.inputs) {
    if (v != ir::kNoValue && !rounding_cast &&
        !ExactInFloat(g.value(v).dtype, FloatsOf(g.value(v)))) {
      return false;
    }
  }
  std::vector<reference::Tensor> tensors;
  tensors.reserve(node.inputs.size());
  for (ir::ValueId v : node.inputs) {
    if (v == ir::kNoValue) continue;
    tensors.push_back({g.value(v).shape, FloatsOf(g.value(v))});
  }
  std::vector<const reference::Tensor*> ins;
  size_t k = 0;
  for (ir::ValueId v : node.inputs) ins.push_back(v == ir::kNoValue ? nullptr : &tensors[k++]);
  std::vector<reference::Tensor> result =
      reference::EvaluateNode(node, ins, {g.value(node.outputs[0]).shape});
  const ir::DType dtype = g.value(node.outputs[0]).dtype;
  if (node.op != ir::op::kCast && !ExactInFloat(dtype, result[0].data)) return false;
  out->clear();
  for (float f : result[0].data) {
    Bytes e = ElementBytes(f, dtype);
    out->insert(out->end(), e.begin(), e.end());
  }
  return true;
}

}  // namespace

bool FoldNode(ir::Graph& g, size_t index) {
  const ir::Node& node = g.nodes()[index];
  if (node.outputs.size() != 1 || node.inputs.empty()) return false;
  for (ir::ValueId v : node.inputs) {
    if (v != ir::kNoValue && !g.value(v).is_constant()) return false;
  }
  Bytes bytes;
  if (!Evaluate(g, node, &bytes)) return false;
  g.value(node.outputs[0]).data = std::make_shared<const Bytes>(std::move(bytes));
  return true;
}

int FoldConstants(ir::Graph& g) {
  std::vector<bool> folded(g.nodes().size(), false);
  int count = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    if (node.outputs.size() != 1 || IsGraphOutput(g, node.outputs[0])) continue;
    if (!FoldNode(g, i)) continue;
    folded[i] = true;
    ++count;
  }
  EraseNodes(g, folded);
  return count;
}

}  // namespace neo::passes
