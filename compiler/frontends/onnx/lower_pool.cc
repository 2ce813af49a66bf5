// MaxPool, AveragePool (1-D to 3-D, on the 2-D kernels), GlobalAveragePool, GlobalMaxPool (2-D).
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/spatial.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

ir::Shape Rank4Input(NodeLowering& n) {
  // The pooling kernels are float32; other element types would be misread.
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) {
    n.NotSupported("input of rank " + std::to_string(x.size()) + " (only 1-D to 3-D pooling)");
  }
  return x;
}

void RefuseSecondOutput(NodeLowering& n, const std::string& what) {
  if (n.num_outputs() > 1 && !n.node().output(1).empty()) n.NotSupported(what);
}


void LowerMaxPool2D(NodeLowering& n);
void LowerAveragePool2D(NodeLowering& n);

// Splits a 3-D window attribute into the (H, W) pass and the D pass: kernel_shape,
// strides and dilations [d, h, w] -> [h, w] and [d, 1]; pads [d0, h0, w0, d1, h1, w1]
// -> [h0, w0, h1, w1] and [d0, 0, d1, 0].
void SplitWindowAttr(const onnx::AttributeProto& a, onnx::AttributeProto* hw,
                     onnx::AttributeProto* d) {
  const auto& v = a.ints();
  hw->clear_ints();
  d->clear_ints();
  if (a.name() == "pads" && v.size() == 6) {
    for (int64_t e : {v[1], v[2], v[4], v[5]}) hw->add_ints(e);
    for (int64_t e : {v[0], int64_t{0}, v[3], int64_t{0}}) d->add_ints(e);
  } else if (v.size() == 3) {
    for (int64_t e : {v[1], v[2]}) hw->add_ints(e);
    for (int64_t e : {v[0], int64_t{1}}) d->add_ints(e);
  } else {
    // Wrong lengths reach the 2-D lowering unchanged, which reports them.
    for (int64_t e : v) {
      hw->add_ints(e);
      d->add_ints(e);
    }
  }
}

// A 3-D pool is separable: pooling (H, W) in every depth slice and then D in every (h, w)
// column gives the same maxima and averages, because each window, with or without its
// padding, is a product of per-axis intervals and so is its element count.
bool LowerThreeDAsTwoD(NodeLowering& n, void (*lower2d)(NodeLowering&)) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 5) return false;
  RefuseSecondOutput(n, "Indices output");
  const ir::ValueId y = n.output(0);
  if (!n.graph().value(y).has_shape) n.NotSupported("3-D pooling whose output shape is unknown");
  const ir::Shape out = n.graph().value(y).shape;
  const ir::DType t = n.input_value(0).dtype;
  onnx::NodeProto hw = n.node(), d = n.node();
  hw.clear_output();
  d.clear_output();
  for (int i = 0; i < n.node().attribute_size(); ++i) {
    if (n.node().attribute(i).ints_size() == 0) continue;
    SplitWindowAttr(n.node().attribute(i), hw.mutable_attribute(i), d.mutable_attribute(i));
  }
  const std::string base = n.node().output(0);
  auto shaped = [&](const char* what, const ir::Shape& s) {
    ir::ValueId v = n.NewValue(what, t);
    n.graph().value(v).shape = s;
    n.graph().value(v).has_shape = true;
    return v;
  };
  const ir::ValueId x_hw = shaped("slices", {x[0], x[1] * x[2], x[3], x[4]});
  const ir::ValueId y_hw = shaped("slices_pooled", {x[0], x[1] * x[2], out[3], out[4]});
  const ir::ValueId x_d = shaped("columns", {x[0], x[1], x[2], out[3] * out[4]});
  const ir::ValueId y_d = shaped("columns_pooled", {x[0], x[1], out[2], out[3] * out[4]});
  n.Emit(ir::op::kReshape, {n.input(0)}, {x_hw}).attrs.set("shape", n.graph().value(x_hw).shape);
  hw.set_input(0, base + "/slices");
  hw.add_output(base + "/slices_pooled");
  n.LowerRewritten(hw, {{hw.input(0), x_hw}, {hw.output(0), y_hw}}, lower2d);
  n.Emit(ir::op::kReshape, {y_hw}, {x_d}).attrs.set("shape", n.graph().value(x_d).shape);
  d.set_input(0, base + "/columns");
  d.add_output(base + "/columns_pooled");
  n.LowerRewritten(d, {{d.input(0), x_d}, {d.output(0), y_d}}, lower2d);
  n.Emit(ir::op::kReshape, {y_d}, {y}).attrs.set("shape", out);
  return true;
}

}  // namespace

// MaxPool of 8-bit integers: every such value is exact in float32 and a maximum picks
// one of its inputs, so pooling the float copy and casting back is exact.
bool LowerMaxPoolOfBytes(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (t != ir::DType::kInt8 && t != ir::DType::kUInt8) return false;
  RefuseSecondOutput(n, "Indices output");
  const ir::Value& y0 = n.graph().value(n.output(0));
  if (!y0.has_shape) n.NotSupported("integer pooling whose output shape is unknown");
  const ir::Shape out = y0.shape;
  ir::ValueId xf = n.NewValue("as_float"), yf = n.NewValue("pooled_float");
  n.Emit(ir::op::kCast, {n.input(0)}, {xf}).attrs.set("to", std::string(ir::DTypeName(ir::DType::kFloat32)));
  n.graph().value(xf).shape = n.input_shape(0);
  n.graph().value(xf).has_shape = true;
  n.graph().value(yf).shape = out;
  n.graph().value(yf).has_shape = true;
  onnx::NodeProto f = n.node();
  f.set_input(0, n.node().input(0) + "/as_float");
  f.clear_output();
  f.add_output(n.node().output(0) + "/pooled_float");
  n.LowerRewritten(f, {{f.input(0), xf}, {f.output(0), yf}}, LowerMaxPool);
  n.Emit(ir::op::kCast, {yf}, {n.output(0)}).attrs.set("to", std::string(ir::DTypeName(t)));
  n.graph().value(n.output(0)).dtype = t;
  return true;
}

void LowerMaxPool(NodeLowering& n) {
  if (LowerMaxPoolOfBytes(n)) return;
  if (!LowerOneDAsTwoD(n, LowerMaxPool2D) && !LowerThreeDAsTwoD(n, LowerMaxPool2D)) {
    LowerMaxPool2D(n);
  }
}

void LowerAveragePool(NodeLowering& n) {
  if (!LowerOneDAsTwoD(n, LowerAveragePool2D) && !LowerThreeDAsTwoD(n, LowerAveragePool2D)) {
    LowerAveragePool2D(n);
  }
}

namespace {

void LowerMaxPool2D(NodeLowering& n) {
  const ir::Shape x = Rank4Input(n);
  Window2D win = ResolveWindow2D(n, {x[2], x[3]}, {}, true, true);
  if (n.num_outputs() > 1 && !n.node().output(1).empty()) {
    EmitMaxPoolIndices(n, x, win, n.output(1));
  }
  ir::Node& node = n.Emit(ir::op::kMaxPool2D, {n.input(0)}, {n.output(0)});
  node.attrs.set("kernel", win.kernel);
  node.attrs.set("strides", win.strides);
  node.attrs.set("dilations", win.dilations);
  node.attrs.set("pads", win.ceil_pads);
  node.attrs.set("layout", std::string("NCHW"));
}

void LowerAveragePool2D(NodeLowering& n) {
  const ir::Shape x = Rank4Input(n);
  const int64_t count_include_pad = n.IntAttr("count_include_pad", 0);
  if (count_include_pad != 0 && count_include_pad != 1) {
    n.NotValid("count_include_pad", "must be 0 or 1");
  }
  Window2D win = ResolveWindow2D(n, {x[2], x[3]}, {}, true, n.opset() >= 19);
  ir::Node& node = n.Emit(ir::op::kAveragePool2D, {n.input(0)}, {n.output(0)});
  node.attrs.set("kernel", win.kernel);
  node.attrs.set("strides", win.strides);
  node.attrs.set("pads", win.ceil_pads);
  node.attrs.set("count_include_pad", count_include_pad);
  node.attrs.set("counted_pads", win.pads);
  node.attrs.set("layout", std::string("NCHW"));
}

}  // namespace

void LowerGlobalAveragePool(NodeLowering& n) {
  Rank4Input(n);
  n.Emit(ir::op::kGlobalAveragePool, {n.input(0)}, {n.output(0)})
      .attrs.set("layout", std::string("NCHW"));
}

void LowerGlobalMaxPool(NodeLowering& n) {
  Rank4Input(n);
  n.Emit(ir::op::kGlobalMaxPool, {n.input(0)}, {n.output(0)})
      .attrs.set("layout", std::string("NCHW"));
}

}  // namespace neo::onnx_frontend
