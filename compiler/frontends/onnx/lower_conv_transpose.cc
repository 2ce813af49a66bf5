// ConvTranspose -> ConvTranspose2D. 1-D transposed convolutions become 2-D ones over a
// height of 1 (Reshapes around them); 3-D ones sums of 2-D ones (lower_conv_3d.cc). output_shape and
// auto_pad are resolved here to explicit pads and output_padding, per the ONNX formula
//   total_padding = stride * (in - 1) + output_padding + (kernel - 1) * dilation + 1 - out
// (SAME_UPPER puts the smaller half at the start, everything else at the end).
#include <algorithm>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// An attribute with one entry per spatial dimension, widened to [h, w] with `fill` for
// the missing height of a 1-D operator.
std::vector<int64_t> Spatial(const NodeLowering& n, const std::string& name, size_t rank,
                             int64_t fill, int64_t default_value) {
  std::vector<int64_t> v = n.IntsAttr(name, std::vector<int64_t>(rank, default_value));
  if (v.size() != rank) n.NotValid(name, "must have one entry per spatial dimension");
  if (rank == 1) v.insert(v.begin(), fill);
  return v;
}

}  // namespace

void LowerConvTranspose(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const ir::Shape w = n.input_shape(1);
  if (x.size() == 5) {
    LowerConvTranspose3D(n);
    return;
  }
  if (x.size() != 3 && x.size() != 4) {
    n.NotSupported("input of rank " + std::to_string(x.size()));
  }
  if (w.size() != x.size()) n.NotValid("W", "must have the input's rank");
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("non-float input");
  if (!n.input_value(1).is_constant()) n.NotSupported("non-constant weights");
  if (n.has_input(2) && !n.input_value(2).is_constant()) n.NotSupported("non-constant bias");
  const size_t r = x.size() - 2;
  const int64_t group = n.IntAttr("group", 1);
  if (group <= 0) n.NotValid("group", "must be positive");
  if (x[1] != w[0] || w[0] % group != 0) {
    n.NotValid("group", "does not match the input and weight channels");
  }
  const int64_t out_channels = w[1] * group;
  std::vector<int64_t> kernel(w.begin() + 2, w.end());
  if (r == 1) kernel.insert(kernel.begin(), 1);
  if (n.has_attr("kernel_shape") && Spatial(n, "kernel_shape", r, 1, 1) != kernel) {
    n.NotValid("kernel_shape", "does not match the weights' spatial shape");
  }
  const std::vector<int64_t> strides = Spatial(n, "strides", r, 1, 1);
  const std::vector<int64_t> dilations = Spatial(n, "dilations", r, 1, 1);
  std::vector<int64_t> out_pad = Spatial(n, "output_padding", r, 0, 0);
  for (size_t d = 0; d < 2; ++d) {
    if (strides[d] <= 0) n.NotValid("strides", "must be positive");
    if (dilations[d] <= 0) n.NotValid("dilations", "must be positive");
    if (out_pad[d] < 0) n.NotValid("output_padding", "cannot be negative");
    if (out_pad[d] >= std::max(strides[d], dilations[d])) {
      n.NotValid("output_padding", "must be smaller than the stride or the dilation");
    }
  }
  std::vector<int64_t> pads = n.IntsAttr("pads", std::vector<int64_t>(2 * r, 0));
  if (pads.size() != 2 * r) n.NotValid("pads", "must have two entries per spatial dimension");
  for (int64_t p : pads) {
    if (p < 0) n.NotValid("pads", "cannot be negative");
  }
  if (r == 1) pads = {0, pads[0], 0, pads[1]};
  const std::string auto_pad = n.StringAttr("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && auto_pad != "SAME_UPPER" &&
      auto_pad != "SAME_LOWER") {
    n.NotValid("auto_pad", "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  }
  std::vector<int64_t> in_hw(x.begin() + 2, x.end());
  if (r == 1) in_hw.insert(in_hw.begin(), 1);

  // The requested output size, if any: output_shape, or SAME's in * stride.
  std::vector<int64_t> target;
  if (n.has_attr("output_shape")) {
    std::vector<int64_t> os = n.IntsAttr("output_shape");
    if (os.size() == r + 2) os.erase(os.begin(), os.begin() + 2);
    if (os.size() != r) n.NotValid("output_shape", "must have one entry per spatial dimension");
    if (r == 1) os.insert(os.begin(), 1);
    target = os;
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    target = {in_hw[0] * strides[0], in_hw[1] * strides[1]};
  } else if (auto_pad == "VALID") {
    pads = {0, 0, 0, 0};
  }
  if (!target.empty()) {
    for (size_t d = 0; d < 2; ++d) {
      if (target[d] <= 0) n.NotValid("output_shape", "must be positive");
      const int64_t span = (kernel[d] - 1) * dilations[d] + 1;
      const int64_t total = strides[d] * (in_hw[d] - 1) + out_pad[d] + span - target[d];
      // A larger requested output grows at the end, like extra output_padding.
      const int64_t t = std::max<int64_t>(total, 0);
      out_pad[d] += std::max<int64_t>(-total, 0);
      pads[d] = auto_pad == "SAME_UPPER" ? t / 2 : t - t / 2;
      pads[d + 2] = t - pads[d];
    }
  }
  std::vector<int64_t> out_hw(2);
  for (size_t d = 0; d < 2; ++d) {
    out_hw[d] = strides[d] * (in_hw[d] - 1) + out_pad[d] + (kernel[d] - 1) * dilations[d] + 1 -
                pads[d] - pads[d + 2];
    if (out_hw[d] <= 0) n.NotValid("pads", "leave no output");
  }

  ir::Graph& g = n.graph();
  ir::ValueId xin = n.input(0), win = n.input(1);
  if (r == 1) {
    xin = n.NewValue("x_2d");
    n.Emit(ir::op::kReshape, {n.input(0)}, {xin}).attrs.set("shape", ir::Shape{x[0], x[1], 1, x[2]});
    const ir::Value wv = n.input_value(1);
    ir::Shape w4 = {w[0], w[1], 1, w[2]};
    win = g.AddConstant(g.UniqueName(n.node().output(0) + "/weights_2d"), wv.dtype, w4, *wv.data);
  }
  std::vector<ir::ValueId> inputs = {xin, win};
  if (n.has_input(2)) {
    if (n.input_value(2).num_elements() != out_channels) n.NotValid("B", "must hold one value per output channel");
    inputs.push_back(n.input(2));
  }
  ir::ValueId y = r == 1 ? n.NewValue("y_2d") : n.output(0);
  ir::Node& node = n.Emit(ir::op::kConvTranspose2D, inputs, {y});
  node.attrs.set("strides", strides);
  node.attrs.set("dilations", dilations);
  node.attrs.set("pads", pads);
  node.attrs.set("output_padding", out_pad);
  node.attrs.set("group", group);
  node.attrs.set("layout", std::string("NCHW"));
  if (r == 1) {
    n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", ir::Shape{x[0], out_channels, out_hw[1]});
  }
}

}  // namespace neo::onnx_frontend
