// One-hot encodings: Hardmax (1 at each row's first maximum) and OneHot (on/off values at
// given indices). Both compare a constant 0..n-1 along the axis with an index tensor.
#include <algorithm>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// ArgReduce takes the first maximum, as Hardmax's ties require.
ir::ValueId HardmaxAlong(NodeLowering& n, ir::ValueId x, const ir::Shape& shape, int64_t axis) {
  const ir::ValueId arg = n.NewValue("argmax", ir::DType::kInt64);
  ir::Node& a = n.Emit(ir::op::kArgReduce, {x}, {arg});
  a.attrs.set("kind", std::string("max"));
  a.attrs.set("axis", axis);
  a.attrs.set("keepdims", int64_t{1});
  const int64_t rank = static_cast<int64_t>(shape.size());
  const ir::ValueId iota = IotaAlong(n, shape[static_cast<size_t>(axis)], axis, rank, "positions");
  return EmitCast(n, EmitCompare(n, ir::op::kEqual, iota, arg, "is_max"), ir::DType::kFloat32,
                  "one_hot");
}

}  // namespace

// Before opset 13 the input is coerced to 2-D at `axis` and the maximum taken per row.
void LowerHardmax(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const bool coerce_2d = n.opset() < 13;
  const int64_t axis =
      NormalizeAxis(n, "axis", n.IntAttr("axis", coerce_2d ? 1 : -1), std::max<int64_t>(rank, 1));
  if (!coerce_2d || axis == rank - 1) {
    n.Emit(ir::op::kIdentity, {HardmaxAlong(n, n.input(0), x, axis)}, {n.output(0)});
    return;
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= x[static_cast<size_t>(i)];
  const ir::ValueId flat = EmitReshape(n, n.input(0), {outer, inner}, "coerced_2d");
  const ir::ValueId y = HardmaxAlong(n, flat, {outer, inner}, 1);
  n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", x);
}

// Indices of any numeric type count as integers (truncated); negative ones count from
// `depth`; those outside [-depth, depth) give a row of off values.
void LowerOneHot(NodeLowering& n) {
  const std::vector<float> depth_value = n.ConstantFloats(1, "depth");
  if (depth_value.size() != 1) n.NotValid("depth", "must hold one value");
  const int64_t depth = static_cast<int64_t>(depth_value[0]);
  if (depth < 1) n.NotValid("depth", "must be positive");
  const ir::Shape indices = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(indices.size()) + 1;
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", -1), rank);
  if (n.input_shape(2).size() != 1 || n.input_shape(2)[0] != 2) {
    n.NotValid("values", "must hold two elements (off, on)");
  }
  const ir::DType vt = n.input_value(2).dtype;
  if (vt == ir::DType::kBytes) n.NotSupported("values of type bytes");

  ir::ValueId index = EmitCast(n, n.input(0), ir::DType::kInt64, "indices_int64");
  const ir::ValueId negative = EmitCompare(n, ir::op::kLess, index, Int64Scalar(n, 0, "zero"), "negative");
  const ir::ValueId wrapped = EmitBinary(n, ir::op::kAdd, index, Int64Scalar(n, depth, "depth"), "wrapped");
  index = EmitWhere(n, negative, wrapped, index, "index");
  ir::Shape lifted = indices;
  lifted.insert(lifted.begin() + axis, 1);
  index = EmitReshape(n, index, lifted, "lifted");
  const ir::ValueId hot =
      EmitCompare(n, ir::op::kEqual, IotaAlong(n, depth, axis, rank, "positions"), index, "hot");

  auto pick = [&](int64_t which, const char* name) {
    const ir::ValueId v = n.NewValue(name, vt);
    n.Emit(ir::op::kGather, {n.input(2), Int64Scalar(n, which, std::string(name) + "_index")}, {v})
        .attrs.set("axis", int64_t{0});
    return v;
  };
  const ir::ValueId off = pick(0, "off"), on = pick(1, "on");
  n.graph().value(n.output(0)).dtype = vt;
  n.Emit(ir::op::kWhere, {hot, on, off}, {n.output(0)});
}

}  // namespace neo::onnx_frontend
