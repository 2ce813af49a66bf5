// Conv -> Conv2D. A 1-D convolution is the 2-D one over a single row; a 3-D one is a sum
// of 2-D ones over its depth taps (lower_conv_3d.cc).
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/spatial.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void LowerConv2D(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const ir::Shape w = n.input_shape(1);
  if (x.size() != 4 || w.size() != 4) {
    n.NotSupported("kernel_shape of rank " + std::to_string(static_cast<int>(w.size()) - 2));
  }
  const int64_t group = n.IntAttr("group", 1);
  if (group <= 0) n.NotValid("group", "must be positive");
  if (x[1] != w[1] * group || w[0] % group != 0) {
    n.NotValid("group", "does not match the input and weight channels");
  }
  if (!n.input_value(1).is_constant()) n.NotSupported("non-constant weights");
  if (n.has_input(2) && !n.input_value(2).is_constant()) n.NotSupported("non-constant bias");
  Window2D win = ResolveWindow2D(n, {x[2], x[3]}, {w[2], w[3]}, false, true);

  std::vector<ir::ValueId> inputs = {n.input(0), n.input(1)};
  if (n.has_input(2)) inputs.push_back(n.input(2));
  ir::Node& node = n.Emit(ir::op::kConv2D, inputs, {n.output(0)});
  node.attrs.set("strides", win.strides);
  node.attrs.set("dilations", win.dilations);
  node.attrs.set("pads", win.pads);
  node.attrs.set("group", group);
  node.attrs.set("layout", std::string("NCHW"));
}

}  // namespace

void LowerConv(NodeLowering& n) {
  if (n.input_shape(0).size() == 5) {
    LowerConv3D(n);
    return;
  }
  if (!LowerOneDAsTwoD(n, LowerConv2D)) LowerConv2D(n);
}

}  // namespace neo::onnx_frontend
