// ConvInteger and QLinearConv (opset 10) -> ConvInteger2D and QLinearConv2D: Conv's
// window attributes (auto_pad, kernel_shape, strides, dilations, pads, group), 1-D
// convolutions as 2-D ones over a single row, 3-D ones not compiled. As for Conv the
// weights must be constants (every quantizer writes them so); zero points and scales
// may be computed (dynamic quantization computes x's zero point). x's zero point is per
// tensor, the weights' zero point and scale per tensor or per output channel.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/spatial.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

bool IsByteType(ir::DType t) { return t == ir::DType::kUInt8 || t == ir::DType::kInt8; }

void RequireByteType(NodeLowering& n, int i, const char* what) {
  const ir::DType t = n.input_value(i).dtype;
  if (!IsByteType(t)) n.NotSupported(std::string(what) + " of type " + ir::DTypeName(t));
}

// Input `i` holds one element, or `per` (> 1) as a vector.
void RequireCount(NodeLowering& n, int i, int64_t per, const char* what, ir::DType dtype) {
  if (!n.has_input(i)) return;
  const ir::Value& v = n.input_value(i);
  if (v.dtype != dtype) {
    n.NotValid(what, std::string("has type ") + ir::DTypeName(v.dtype) + " where " +
                         ir::DTypeName(dtype) + " is expected");
  }
  const ir::Shape s = n.input_shape(i);
  const int64_t count = ir::NumElements(s);
  if (count == 1 || (per > 1 && count == per && s.size() == 1)) return;
  n.NotValid(what, "has shape " + ir::ShapeToString(s) +
                       (per > 1 ? ", not one element or one per output channel"
                                : ", not one element"));
}

// Emits `ir_op` over `inputs` with Conv's window attributes, after checking the weights
// (input `w_input`, rank 4) are constant and fit x and group.
ir::Node& EmitConv(NodeLowering& n, int w_input, const char* ir_op,
                   std::vector<ir::ValueId> inputs) {
  const ir::Shape x = n.input_shape(0);
  const ir::Shape w = n.input_shape(w_input);
  if (!n.input_value(w_input).is_constant()) n.NotSupported("non-constant weights");
  const int64_t group = n.IntAttr("group", 1);
  if (group <= 0) n.NotValid("group", "must be positive");
  if (x[1] != w[1] * group || w[0] % group != 0) {
    n.NotValid("group", "does not match the input and weight channels");
  }
  const Window2D win = ResolveWindow2D(n, {x[2], x[3]}, {w[2], w[3]}, false, true);
  ir::Node& node = n.Emit(ir_op, std::move(inputs), {n.output(0)});
  node.attrs.set("strides", win.strides);
  node.attrs.set("dilations", win.dilations);
  node.attrs.set("pads", win.pads);
  node.attrs.set("group", group);
  node.attrs.set("layout", std::string("NCHW"));
  return node;
}

// Before anything reads their dimensions: 2-D (rank-4) input and weights.
void RequireRank4(NodeLowering& n, int w_input) {
  const size_t x = n.input_shape(0).size(), w = n.input_shape(w_input).size();
  if (x != 4 || w != 4) {
    n.NotSupported("kernel_shape of rank " + std::to_string(static_cast<int>(w) - 2));
  }
}

void LowerConvInteger2D(NodeLowering& n) {
  RequireRank4(n, 1);
  RequireByteType(n, 0, "x");
  RequireByteType(n, 1, "w");
  RequireCount(n, 2, 0, "x_zero_point", n.input_value(0).dtype);
  RequireCount(n, 3, n.input_shape(1)[0], "w_zero_point", n.input_value(1).dtype);
  std::vector<ir::ValueId> inputs = {n.input(0), n.input(1),
                                     n.has_input(2) ? n.input(2) : ir::kNoValue,
                                     n.has_input(3) ? n.input(3) : ir::kNoValue};
  while (inputs.back() == ir::kNoValue) inputs.pop_back();
  EmitConv(n, 1, ir::op::kConvInteger2D, std::move(inputs));
}

void LowerQLinearConv2D(NodeLowering& n) {
  for (int i : {1, 4, 6, 7}) {
    if (!n.has_input(i)) throw AttributeRequiredError("input " + std::to_string(i), n.op_type());
  }
  RequireRank4(n, 3);
  RequireByteType(n, 0, "x");
  RequireByteType(n, 3, "w");
  RequireByteType(n, 7, "y_zero_point");
  const int64_t out_channels = n.input_shape(3)[0];
  RequireCount(n, 1, 0, "x_scale", ir::DType::kFloat32);
  RequireCount(n, 2, 0, "x_zero_point", n.input_value(0).dtype);
  RequireCount(n, 4, out_channels, "w_scale", ir::DType::kFloat32);
  RequireCount(n, 5, out_channels, "w_zero_point", n.input_value(3).dtype);
  RequireCount(n, 6, 0, "y_scale", ir::DType::kFloat32);
  RequireCount(n, 7, 0, "y_zero_point", n.input_value(7).dtype);
  std::vector<ir::ValueId> inputs;
  for (int i = 0; i < 8; ++i) inputs.push_back(n.has_input(i) ? n.input(i) : ir::kNoValue);
  if (n.has_input(8)) {
    const ir::Value& b = n.input_value(8);
    if (b.dtype != ir::DType::kInt32) n.NotValid("B", "must be int32");
    if (n.input_shape(8) != ir::Shape{out_channels}) n.NotValid("B", "must hold one value per output channel");
    inputs.push_back(n.input(8));
  }
  EmitConv(n, 3, ir::op::kQLinearConv2D, std::move(inputs));
}

}  // namespace

void LowerConvInteger(NodeLowering& n) {
  if (!LowerOneDAsTwoD(n, LowerConvInteger2D, 1)) LowerConvInteger2D(n);
}

void LowerQLinearConv(NodeLowering& n) {
  if (!LowerOneDAsTwoD(n, LowerQLinearConv2D, 3)) LowerQLinearConv2D(n);
}

}  // namespace neo::onnx_frontend
