// Operators whose output is made from a shape or from scalars: Expand, ConstantOfShape,
// Range. Their shape inputs come from Shape/Gather/Concat chains that fold to constants
// once data_shape fixes the inputs; a computed one would make the output's shape depend
// on the data, which Neo's fixed-shape code cannot hold, and is refused as such.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_util.h"

namespace neo::onnx_frontend {

namespace {

// The elements of input `i` as a shape; a computed one is data-dependent.
std::vector<int64_t> ShapeInput(NodeLowering& n, int i, const std::string& what) {
  if (!n.input_value(i).is_constant()) {
    n.NotSupported("a computed " + what + " (the output shape would depend on the data)");
  }
  return n.ConstantInts(i, what);
}

void SetOutputType(NodeLowering& n, const ir::Shape& shape, ir::DType dtype) {
  ir::Value& v = n.graph().value(n.output(0));
  v.shape = shape;
  v.has_shape = true;
  v.dtype = dtype;
}

void AliasConstant(NodeLowering& n, ir::DType dtype, const ir::Shape& shape,
                   std::vector<uint8_t> bytes) {
  n.Alias(0, n.graph().AddConstant(n.graph().UniqueName(n.node().output(0)), dtype, shape,
                                   std::move(bytes)));
}

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& v) {
  std::vector<uint8_t> out(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

// Integer ranges read their scalars as integers (exact beyond float's 2^24).
template <typename T>
T Scalar(NodeLowering& n, int i, const char* what) {
  if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(n.ConstantFloats(i, what).at(0));
  } else {
    return static_cast<T>(n.ConstantInts(i, what).at(0));
  }
}

template <typename T>
void EmitRange(NodeLowering& n, ir::DType dtype) {
  const T start = Scalar<T>(n, 0, "start");
  const T limit = Scalar<T>(n, 1, "limit");
  const T delta = Scalar<T>(n, 2, "delta");
  if (delta == 0) n.NotValid("delta", "must not be 0");
  // ONNX: max(ceil((limit - start) / delta), 0) elements, start + i * delta.
  const double count = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) /
                                 static_cast<double>(delta));
  const int64_t len = count > 0 ? static_cast<int64_t>(count) : 0;
  if (len == 0) n.NotSupported("an empty Range (Neo's tensors have positive dimensions)");
  std::vector<T> values(static_cast<size_t>(len));
  for (int64_t k = 0; k < len; ++k) values[static_cast<size_t>(k)] = static_cast<T>(start + static_cast<T>(k) * delta);
  AliasConstant(n, dtype, {len}, Bytes(values));
}

}  // namespace

void LowerExpand(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const std::vector<int64_t> shape = ShapeInput(n, 1, "shape");
  ir::Shape out;
  if (!ir::BroadcastShapes(x, shape, &out)) {
    n.NotValid("shape", ir::ShapeToString(shape) + " does not broadcast with the input's " +
                            ir::ShapeToString(x));
  }
  SetOutputType(n, out, n.input_value(0).dtype);
  n.Emit(ir::op::kBroadcast, {n.input(0)}, {n.output(0)});
}

void LowerConstantOfShape(NodeLowering& n) {
  const std::vector<int64_t> shape = ShapeInput(n, 0, "shape");
  for (int64_t d : shape) {
    if (d < 0) n.NotValid("input", "has a negative dimension");
    if (d == 0) n.NotSupported("a zero-size output (Neo's tensors have positive dimensions)");
  }
  ir::Value fill;
  if (n.has_attr("value")) {
    fill = ValueFromTensorProto(n.TensorAttr("value"));
    if (fill.num_elements() != 1) n.NotValid("value", "must hold one element");
  } else {
    fill.dtype = ir::DType::kFloat32;
    fill.data = std::make_shared<const std::vector<uint8_t>>(4, 0);
  }
  const size_t size = ir::DTypeSize(fill.dtype);
  const int64_t count = ir::NumElements(shape);
  std::vector<uint8_t> bytes(static_cast<size_t>(count) * size);
  for (int64_t k = 0; k < count; ++k) {
    std::memcpy(bytes.data() + static_cast<size_t>(k) * size, fill.data->data(), size);
  }
  AliasConstant(n, fill.dtype, shape, std::move(bytes));
}

void LowerRange(NodeLowering& n) {
  for (int i = 0; i < 3; ++i) {
    if (!n.input_value(i).is_constant()) {
      n.NotSupported(std::string("a computed ") + (i == 0 ? "start" : i == 1 ? "limit" : "delta") +
                     " (the output shape would depend on the data)");
    }
  }
  switch (n.input_value(0).dtype) {
    case ir::DType::kFloat32: return EmitRange<float>(n, ir::DType::kFloat32);
    case ir::DType::kInt64: return EmitRange<int64_t>(n, ir::DType::kInt64);
    case ir::DType::kInt32: return EmitRange<int32_t>(n, ir::DType::kInt32);
    default:
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
}

}  // namespace neo::onnx_frontend
