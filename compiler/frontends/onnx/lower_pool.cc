// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool (2-D).
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
    n.NotSupported("input of rank " + std::to_string(x.size()) + " (only 2-D pooling)");
  }
  return x;
}

void RefuseSecondOutput(NodeLowering& n, const std::string& what) {
  if (n.num_outputs() > 1 && !n.node().output(1).empty()) n.NotSupported(what);
}


// A 1-D pool over [N, C, L] is the 2-D pool over [N, C, 1, L] with a 1-row window:
// the attributes gain a leading 1 (pads a leading 0 at each end).
bool LowerAs2D(NodeLowering& n, void (*lower2d)(NodeLowering&)) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 3) return false;
  onnx::NodeProto node = n.node();
  for (auto& a : *node.mutable_attribute()) {
    if (a.ints_size() == 0) continue;
    std::vector<int64_t> v(a.ints().begin(), a.ints().end());
    a.clear_ints();
    if (a.name() == "pads" && v.size() == 2) {
      for (int64_t p : {int64_t{0}, v[0], int64_t{0}, v[1]}) a.add_ints(p);
    } else if (v.size() == 1 && (a.name() == "kernel_shape" || a.name() == "strides" ||
                                 a.name() == "dilations")) {
      a.add_ints(1);
      a.add_ints(v[0]);
    } else {
      for (int64_t e : v) a.add_ints(e);
    }
  }
  const std::string in2d = n.node().input(0) + "/as_2d", out2d = n.node().output(0) + "/as_2d";
  node.set_input(0, in2d);
  node.set_output(0, out2d);
  ir::ValueId x2 = n.NewValue("input_2d", n.input_value(0).dtype);
  n.Emit(ir::op::kReshape, {n.input(0)}, {x2}).attrs.set("shape", ir::Shape{x[0], x[1], 1, x[2]});
  n.graph().value(x2).shape = {x[0], x[1], 1, x[2]};
  n.graph().value(x2).has_shape = true;
  ir::ValueId y2 = n.NewValue("output_2d", n.input_value(0).dtype);
  n.LowerRewritten(node, {{in2d, x2}, {out2d, y2}}, lower2d);
  const ir::ValueId y = n.output(0);
  if (!n.graph().value(y).has_shape) n.NotSupported("1-D pooling whose output shape is unknown");
  n.Emit(ir::op::kReshape, {y2}, {y}).attrs.set("shape", n.graph().value(y).shape);
  return true;
}

void LowerMaxPool2D(NodeLowering& n);
void LowerAveragePool2D(NodeLowering& n);

}  // namespace

void LowerMaxPool(NodeLowering& n) {
  if (!LowerAs2D(n, LowerMaxPool2D)) LowerMaxPool2D(n);
}

void LowerAveragePool(NodeLowering& n) {
  if (!LowerAs2D(n, LowerAveragePool2D)) LowerAveragePool2D(n);
}

namespace {

void LowerMaxPool2D(NodeLowering& n) {
  const ir::Shape x = Rank4Input(n);
  RefuseSecondOutput(n, "Indices output");
  if (n.IntAttr("storage_order", 0) != 0) n.NotSupported("storage_order");
  Window2D win = ResolveWindow2D(n, {x[2], x[3]}, {}, true, true);
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
