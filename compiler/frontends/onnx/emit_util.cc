#include "compiler/frontends/onnx/emit_util.h"

#include <cstring>

#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

template <typename T>
std::vector<uint8_t> Bytes(T v) {
  std::vector<uint8_t> b(sizeof(T));
  std::memcpy(b.data(), &v, sizeof(T));
  return b;
}

ir::ValueId Scalar(NodeLowering& n, ir::DType dtype, std::vector<uint8_t> bytes,
                   const std::string& suffix) {
  ir::Graph& g = n.graph();
  return g.AddConstant(g.UniqueName(n.node().output(0) + "/" + suffix), dtype, {}, std::move(bytes));
}

}  // namespace

ir::ValueId EmitUnary(NodeLowering& n, const char* op, ir::ValueId x, const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  n.Emit(op, {x}, {y});
  return y;
}

ir::ValueId EmitBinary(NodeLowering& n, const char* op, ir::ValueId a, ir::ValueId b,
                       const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(a).dtype);
  n.Emit(op, {a, b}, {y});
  return y;
}

ir::ValueId EmitCompare(NodeLowering& n, const char* op, ir::ValueId a, ir::ValueId b,
                        const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, ir::DType::kBool);
  n.Emit(op, {a, b}, {y});
  return y;
}

ir::ValueId EmitWhere(NodeLowering& n, ir::ValueId cond, ir::ValueId a, ir::ValueId b,
                      const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(a).dtype);
  n.Emit(ir::op::kWhere, {cond, a, b}, {y});
  return y;
}

ir::ValueId EmitCast(NodeLowering& n, ir::ValueId x, ir::DType to, const std::string& suffix) {
  if (n.graph().value(x).dtype == to) return x;
  const ir::ValueId y = n.NewValue(suffix, to);
  n.Emit(ir::op::kCast, {x}, {y}).attrs.set("to", std::string(ir::DTypeName(to)));
  return y;
}

ir::ValueId EmitReshape(NodeLowering& n, ir::ValueId x, const ir::Shape& shape,
                        const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  n.Emit(ir::op::kReshape, {x}, {y}).attrs.set("shape", shape);
  return y;
}

ir::ValueId EmitTranspose(NodeLowering& n, ir::ValueId x, const std::vector<int64_t>& perm,
                          const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  n.Emit(ir::op::kTranspose, {x}, {y}).attrs.set("perm", perm);
  return y;
}

ir::ValueId EmitReduce(NodeLowering& n, const char* kind, ir::ValueId x,
                       const std::vector<int64_t>& axes, bool keepdims, const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  ir::Node& r = n.Emit(ir::op::kReduce, {x}, {y});
  r.attrs.set("kind", std::string(kind));
  r.attrs.set("axes", axes);
  r.attrs.set("keepdims", int64_t{keepdims ? 1 : 0});
  return y;
}

ir::ValueId FloatScalar(NodeLowering& n, float v, const std::string& suffix) {
  return Scalar(n, ir::DType::kFloat32, Bytes(v), suffix);
}

ir::ValueId Int64Scalar(NodeLowering& n, int64_t v, const std::string& suffix) {
  return Scalar(n, ir::DType::kInt64, Bytes(v), suffix);
}

ir::ValueId TypedScalar(NodeLowering& n, ir::DType dtype, double v, const std::string& suffix) {
  switch (dtype) {
    case ir::DType::kFloat32: return Scalar(n, dtype, Bytes(static_cast<float>(v)), suffix);
    case ir::DType::kInt64: return Scalar(n, dtype, Bytes(static_cast<int64_t>(v)), suffix);
    case ir::DType::kInt32: return Scalar(n, dtype, Bytes(static_cast<int32_t>(v)), suffix);
    case ir::DType::kInt8: return Scalar(n, dtype, Bytes(static_cast<int8_t>(v)), suffix);
    case ir::DType::kUInt8: return Scalar(n, dtype, Bytes(static_cast<uint8_t>(v)), suffix);
    case ir::DType::kBool: return Scalar(n, dtype, Bytes(static_cast<uint8_t>(v != 0)), suffix);
    case ir::DType::kBytes: break;
  }
  n.NotSupported(std::string("input of type ") + ir::DTypeName(dtype));
}

ir::ValueId IotaAlong(NodeLowering& n, int64_t size, int64_t axis, int64_t rank,
                      const std::string& suffix) {
  ir::Shape shape(static_cast<size_t>(rank), 1);
  shape[static_cast<size_t>(axis)] = size;
  std::vector<int64_t> v(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i) v[static_cast<size_t>(i)] = i;
  ir::Graph& g = n.graph();
  return g.AddInt64Constant(g.UniqueName(n.node().output(0) + "/" + suffix), shape, v);
}

}  // namespace neo::onnx_frontend
