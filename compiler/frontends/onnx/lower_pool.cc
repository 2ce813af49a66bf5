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
    n.NotSupported("input of rank " + std::to_string(x.size()) + " (only 1-D and 2-D pooling)");
  }
  return x;
}

void RefuseSecondOutput(NodeLowering& n, const std::string& what) {
  if (n.num_outputs() > 1 && !n.node().output(1).empty()) n.NotSupported(what);
}


void LowerMaxPool2D(NodeLowering& n);
void LowerAveragePool2D(NodeLowering& n);

}  // namespace

void LowerMaxPool(NodeLowering& n) {
  if (!LowerOneDAsTwoD(n, LowerMaxPool2D)) LowerMaxPool2D(n);
}

void LowerAveragePool(NodeLowering& n) {
  if (!LowerOneDAsTwoD(n, LowerAveragePool2D)) LowerAveragePool2D(n);
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
