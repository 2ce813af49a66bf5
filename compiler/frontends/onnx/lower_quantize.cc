// QuantizeLinear and DequantizeLinear (opsets 10 and 13) -> the IR's operators of the
// same names, and DynamicQuantizeLinear (opset 11) -> the function body ONNX defines it
// by. Opset 10 quantizes per tensor; opset 13 adds `axis` for per-axis scales and zero
// points (one per slice along the axis, as static quantization writes per-channel
// weights). The zero point is optional in ONNX and always present in the IR: a 0 of
// uint8 (QuantizeLinear) or of x's type (DequantizeLinear) when the model leaves it out.
#include <cstring>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

bool IsQuantizedType(ir::DType t) { return t == ir::DType::kUInt8 || t == ir::DType::kInt8; }

// The scale's element count after checking it is float32 and a scalar or a vector (per
// axis only from opset 13).
int64_t CheckScale(NodeLowering& n) {
  const ir::Value& s = n.input_value(1);
  const std::string name = n.op_type() == "QuantizeLinear" ? "y_scale" : "x_scale";
  if (s.dtype != ir::DType::kFloat32) {
    n.NotSupported(name + " of type " + std::string(ir::DTypeName(s.dtype)));
  }
  const ir::Shape shape = n.input_shape(1);
  if (shape.size() > 1) n.NotValid(name, "must be a scalar or a 1-D tensor");
  const int64_t count = ir::NumElements(shape);
  if (count < 1) n.NotValid(name, "must not be empty");
  if (count > 1 && n.opset() < 13) {
    n.NotValid(name, "must be a scalar before opset 13 (per-axis quantization came with it)");
  }
  return count;
}

// Lowers a QuantizeLinear or DequantizeLinear node whose zero point, when present, has the
// type `zero_point_type`, or is made a 0 of that type.
void LowerLinear(NodeLowering& n, const char* ir_op, ir::DType zero_point_type) {
  const int64_t count = CheckScale(n);
  const ir::Shape x = n.input_shape(0);
  int64_t axis = 0;
  if (count > 1) {
    axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 1), static_cast<int64_t>(x.size()));
    if (x[static_cast<size_t>(axis)] != count) {
      n.NotValid("axis", "selects a dimension of " + std::to_string(x[static_cast<size_t>(axis)]) +
                             " but the scale has " + std::to_string(count) + " elements");
    }
  }
  ir::ValueId zero_point = n.has_input(2) ? n.input(2) : ir::kNoValue;
  if (zero_point != ir::kNoValue) {
    const ir::Value& z = n.input_value(2);
    if (z.dtype != zero_point_type) {
      n.NotValid("zero point", std::string("has type ") + ir::DTypeName(z.dtype) + " where " +
                                   ir::DTypeName(zero_point_type) + " is expected");
    }
    if (ir::NumElements(n.input_shape(2)) != count || n.input_shape(2).size() > 1) {
      n.NotValid("zero point", "must have the scale's shape");
    }
  } else {
    ir::Graph& g = n.graph();
    zero_point = g.AddConstant(g.UniqueName(n.node().output(0) + "/zero_point"), zero_point_type,
                               n.input_shape(1),
                               std::vector<uint8_t>(static_cast<size_t>(count) *
                                                        ir::DTypeSize(zero_point_type), 0));
  }
  n.Emit(ir_op, {n.input(0), n.input(1), zero_point}, {n.output(0)}).attrs.set("axis", axis);
}

}  // namespace

void LowerQuantizeLinear(NodeLowering& n) {
  const ir::DType x = n.input_value(0).dtype;
  if (x != ir::DType::kFloat32) n.NotSupported(std::string("x of type ") + ir::DTypeName(x));
  ir::DType y = ir::DType::kUInt8;  // ONNX's type without a zero point
  if (n.has_input(2)) {
    y = n.input_value(2).dtype;
    if (!IsQuantizedType(y)) n.NotSupported(std::string("y_zero_point of type ") + ir::DTypeName(y));
  }
  LowerLinear(n, ir::op::kQuantizeLinear, y);
}

void LowerDequantizeLinear(NodeLowering& n) {
  const ir::DType x = n.input_value(0).dtype;
  if (!IsQuantizedType(x) && x != ir::DType::kInt32) {
    n.NotSupported(std::string("x of type ") + ir::DTypeName(x));
  }
  // ONNX quantizes int32 (biases) with zero point 0 only.
  if (x == ir::DType::kInt32 && n.has_input(2)) {
    const ir::Value& z = n.input_value(2);
    if (!z.is_constant()) n.NotSupported("a computed zero point for int32 x");
    for (int64_t v : n.ConstantInts(2, "x_zero_point")) {
      if (v != 0) n.NotValid("x_zero_point", "must be 0 for int32 x");
    }
  }
  LowerLinear(n, ir::op::kDequantizeLinear, x);
}

// ONNX defines DynamicQuantizeLinear by this body (uint8, asymmetric, the range
// stretched to include 0):
//   scale = (max(0, max(x)) - min(0, min(x))) / 255
//   zero_point = uint8(round_half_even(clip(0 - min(0, min(x)) / scale, 0, 255)))
//   y = QuantizeLinear(x, scale, zero_point)
// all in float32, which the IR's Reduce, Minimum/Maximum, Sub, Div, Clamp, Round and
// Cast compute the same way (true division, halves to even). When x is all zeros the
// range is empty: ONNX's reference then takes scale = 1 (zero point 0, y = 0) instead of
// dividing 0 by 0, which the Where below does too. The three outputs stay separate IR
// values: y_scale and y_zero_point are what the MatMulInteger/ConvInteger and the Mul of
// a dynamically quantized model read.
void LowerDynamicQuantizeLinear(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (t != ir::DType::kFloat32) n.NotSupported(std::string("x of type ") + ir::DTypeName(t));
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  auto constant = [&](const char* what, float v) {
    return g.AddFloatConstant(g.UniqueName(base + "/" + what), {}, {v});
  };
  auto value = [&](const char* what, ir::DType dtype = ir::DType::kFloat32) {
    return n.NewValue(what, dtype);
  };
  auto binary = [&](const char* op, ir::ValueId a, ir::ValueId b, ir::ValueId out) {
    n.Emit(op, {a, b}, {out});
    return out;
  };
  std::vector<int64_t> all(n.input_shape(0).size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  auto reduce = [&](const char* kind, const char* what) {
    const ir::ValueId out = value(what);
    ir::Node& r = n.Emit(ir::op::kReduce, {n.input(0)}, {out});
    r.attrs.set("kind", std::string(kind));
    r.attrs.set("axes", all);
    r.attrs.set("keepdims", int64_t{0});
    return out;
  };
  const ir::ValueId zero = constant("zero", 0.0f);
  const ir::ValueId x_min = binary(ir::op::kMinimum, reduce("min", "x_min"), zero, value("x_min_adjusted"));
  const ir::ValueId x_max = binary(ir::op::kMaximum, reduce("max", "x_max"), zero, value("x_max_adjusted"));
  const ir::ValueId range = binary(ir::op::kSub, x_max, x_min, value("range"));
  const ir::ValueId stretched =
      binary(ir::op::kDiv, range, constant("qmax", 255.0f), value("range_scale"));
  const ir::ValueId empty =
      binary(ir::op::kEqual, x_max, x_min, value("empty_range", ir::DType::kBool));
  const ir::ValueId scale = n.num_outputs() > 1 && !n.node().output(1).empty()
                                ? n.output(1)
                                : value("scale");
  n.Emit(ir::op::kWhere, {empty, constant("unit_scale", 1.0f), stretched}, {scale});
  const ir::ValueId min_scaled = binary(ir::op::kDiv, x_min, scale, value("min_scaled"));
  const ir::ValueId initial = binary(ir::op::kSub, zero, min_scaled, value("initial_zero_point"));
  const ir::ValueId clipped = value("clipped_zero_point");
  ir::Node& clamp = n.Emit(ir::op::kClamp, {initial}, {clipped});
  clamp.attrs.set("min", 0.0);
  clamp.attrs.set("max", 255.0);
  const ir::ValueId rounded = value("rounded_zero_point");
  n.Emit(ir::op::kRound, {clipped}, {rounded});
  const ir::ValueId zero_point = n.num_outputs() > 2 && !n.node().output(2).empty()
                                     ? n.output(2)
                                     : value("zero_point", ir::DType::kUInt8);
  n.Emit(ir::op::kCast, {rounded}, {zero_point}).attrs.set("to", std::string("uint8"));
  n.Emit(ir::op::kQuantizeLinear, {n.input(0), scale, zero_point}, {n.output(0)})
      .attrs.set("axis", int64_t{0});
}

}  // namespace neo::onnx_frontend
