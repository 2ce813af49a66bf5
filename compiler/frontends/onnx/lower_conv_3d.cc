// 3-D convolution as 2-D ones: output depth od sums, over the kernel's depth taps kd, the
// 2-D convolution of input depth od * stride_d + kd * dilation_d (after padding D) with
// the weight slice W[:, :, kd]. Each tap gathers exactly the OD depths it needs (a
// strided Slice), folds them into the batch and runs one Conv2D, so the work is the 3-D
// convolution's own; the bias joins the first tap.
#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

std::vector<int64_t> Triple(const NodeLowering& n, const std::string& name, int64_t default_value) {
  std::vector<int64_t> v = n.IntsAttr(name, std::vector<int64_t>(3, default_value));
  if (v.size() != 3) n.NotValid(name, "must have one entry per spatial dimension");
  for (int64_t e : v) {
    if (e <= 0) n.NotValid(name, "must be positive");
  }
  return v;
}

}  // namespace

void LowerConv3D(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const ir::Value w = n.input_value(1);  // a copy: constants are added below
  if (x.size() != 5 || w.shape.size() != 5) n.NotValid("W", "must have the input's rank");
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("non-float input");
  if (!w.is_constant()) n.NotSupported("non-constant weights");
  if (n.has_input(2) && !n.input_value(2).is_constant()) n.NotSupported("non-constant bias");
  const int64_t group = n.IntAttr("group", 1);
  if (group <= 0) n.NotValid("group", "must be positive");
  if (x[1] != w.shape[1] * group || w.shape[0] % group != 0) {
    n.NotValid("group", "does not match the input and weight channels");
  }
  const std::vector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
  if (n.has_attr("kernel_shape") && n.IntsAttr("kernel_shape") != kernel) {
    n.NotValid("kernel_shape", "does not match the weights' spatial shape");
  }
  const std::vector<int64_t> strides = Triple(n, "strides", 1), dilations = Triple(n, "dilations", 1);
  std::vector<int64_t> pads = n.IntsAttr("pads", std::vector<int64_t>(6, 0));
  if (pads.size() != 6) n.NotValid("pads", "must have two entries per spatial dimension");
  const std::string auto_pad = n.StringAttr("auto_pad", "NOTSET");
  std::vector<int64_t> out(3);
  for (size_t d = 0; d < 3; ++d) {
    const int64_t in = x[d + 2], span = (kernel[d] - 1) * dilations[d] + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      const int64_t o = (in + strides[d] - 1) / strides[d];
      const int64_t total = std::max<int64_t>((o - 1) * strides[d] + span - in, 0);
      pads[d] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[d + 3] = total - pads[d];
    } else if (auto_pad == "VALID") {
      pads[d] = pads[d + 3] = 0;
    } else if (auto_pad != "NOTSET") {
      n.NotValid("auto_pad", "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID");
    }
    if (pads[d] < 0 || pads[d + 3] < 0) n.NotValid("pads", "cannot be negative");
    out[d] = (in + pads[d] + pads[d + 3] - span) / strides[d] + 1;
    if (out[d] <= 0) n.NotValid("kernel_shape", "is larger than the padded input");
  }
  const int64_t batch = x[0], channels = x[1], depth = out[0], out_channels = w.shape[0];
  ir::ValueId padded = n.input(0);
  if (pads[0] != 0 || pads[3] != 0) {
    padded = n.NewValue("depth_padded");
    ir::Node& p = n.Emit(ir::op::kPad, {n.input(0)}, {padded});
    p.attrs.set("pads", std::vector<int64_t>{0, 0, pads[0], 0, 0, 0, 0, pads[3], 0, 0});
    p.attrs.set("mode", std::string("constant"));
    p.attrs.set("value", 0.0);
  }
  const int64_t slice_elems = w.shape[1] * kernel[1] * kernel[2];  // one depth tap of one filter
  const float* weights = w.data_as<float>();
  ir::Graph& g = n.graph();
  ir::ValueId sum = ir::kNoValue;
  for (int64_t kd = 0; kd < kernel[0]; ++kd) {
    const std::string t = std::to_string(kd);
    const int64_t first = kd * dilations[0];
    const ir::ValueId taps = n.NewValue("depths" + t);
    ir::Node& s = n.Emit(ir::op::kSlice, {padded}, {taps});
    s.attrs.set("starts", std::vector<int64_t>{0, 0, first, 0, 0});
    s.attrs.set("ends", std::vector<int64_t>{batch, channels, first + (depth - 1) * strides[0] + 1, x[3], x[4]});
    s.attrs.set("steps", std::vector<int64_t>{1, 1, strides[0], 1, 1});
    const ir::ValueId planes = EmitReshape(n, EmitTranspose(n, taps, {0, 2, 1, 3, 4}, "depth_major" + t),
                                           {batch * depth, channels, x[3], x[4]}, "planes" + t);
    std::vector<float> slice(static_cast<size_t>(out_channels * slice_elems));
    for (int64_t o = 0; o < out_channels; ++o) {
      for (int64_t c = 0; c < w.shape[1]; ++c) {
        const float* from = weights + ((o * w.shape[1] + c) * kernel[0] + kd) * kernel[1] * kernel[2];
        std::copy(from, from + kernel[1] * kernel[2],
                  slice.begin() + (o * w.shape[1] + c) * kernel[1] * kernel[2]);
      }
    }
    std::vector<ir::ValueId> inputs = {
        planes, g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/weight_depth" + t),
                                   {out_channels, w.shape[1], kernel[1], kernel[2]}, slice)};
    if (kd == 0 && n.has_input(2)) inputs.push_back(n.input(2));
    const ir::ValueId conv = n.NewValue("conv" + t);
    ir::Node& c = n.Emit(ir::op::kConv2D, inputs, {conv});
    c.attrs.set("strides", std::vector<int64_t>{strides[1], strides[2]});
    c.attrs.set("dilations", std::vector<int64_t>{dilations[1], dilations[2]});
    c.attrs.set("pads", std::vector<int64_t>{pads[1], pads[2], pads[4], pads[5]});
    c.attrs.set("group", group);
    c.attrs.set("layout", std::string("NCHW"));
    sum = sum == ir::kNoValue ? conv : EmitBinary(n, ir::op::kAdd, sum, conv, "sum" + t);
  }
  const ir::ValueId stacked = EmitReshape(n, sum, {batch, depth, out_channels, out[1], out[2]}, "depth_stacked");
  n.Emit(ir::op::kTranspose, {stacked}, {n.output(0)}).attrs.set("perm", std::vector<int64_t>{0, 2, 1, 3, 4});
}

}  // namespace neo::onnx_frontend

namespace neo::onnx_frontend {

// 3-D transposed convolution as 2-D ones: input depth id, through the kernel's depth tap
// kd, lands on output depth id * stride_d + kd * dilation_d - pad_begin_d. Each tap's
// 2-D transposed convolution of every input depth is spread to stride_d apart (Pad on a
// new axis, then Reshape), shifted by kd * dilation_d (Pad, cropping what overhangs),
// and the taps are summed; the D padding is cropped last and the bias added once.
void LowerConvTranspose3D(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const ir::Value w = n.input_value(1);  // a copy: constants are added below
  if (w.shape.size() != 5) n.NotValid("W", "must have the input's rank");
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("non-float input");
  if (!w.is_constant()) n.NotSupported("non-constant weights");
  if (n.has_attr("output_shape")) n.NotSupported("output_shape for a 3-D transposed convolution");
  const std::string auto_pad = n.StringAttr("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") n.NotSupported("auto_pad " + auto_pad + " for a 3-D transposed convolution");
  const int64_t group = n.IntAttr("group", 1);
  if (group <= 0 || x[1] != w.shape[0] || w.shape[0] % group != 0) {
    n.NotValid("group", "does not match the input and weight channels");
  }
  const std::vector<int64_t> kernel(w.shape.begin() + 2, w.shape.end());
  const std::vector<int64_t> strides = Triple(n, "strides", 1), dilations = Triple(n, "dilations", 1);
  std::vector<int64_t> pads = n.IntsAttr("pads", std::vector<int64_t>(6, 0));
  if (auto_pad == "VALID") pads.assign(6, 0);
  std::vector<int64_t> out_pad = n.IntsAttr("output_padding", std::vector<int64_t>(3, 0));
  if (pads.size() != 6 || out_pad.size() != 3) n.NotValid("pads", "and output_padding must match the spatial rank");
  const int64_t batch = x[0], channels = x[1], depth = x[2], per_group_out = w.shape[1];
  const int64_t out_channels = per_group_out * group;
  const int64_t full = (depth - 1) * strides[0] + (kernel[0] - 1) * dilations[0] + 1 + out_pad[0];
  const int64_t out_depth = full - pads[0] - pads[3];
  if (out_depth <= 0) n.NotValid("pads", "leave no output");
  const ir::ValueId planes = EmitReshape(n, EmitTranspose(n, n.input(0), {0, 2, 1, 3, 4}, "depth_major"),
                                         {batch * depth, channels, x[3], x[4]}, "planes");
  const float* weights = w.data_as<float>();
  ir::Graph& g = n.graph();
  ir::ValueId sum = ir::kNoValue;
  int64_t plane = 0;  // elements of one output depth: O * OH * OW
  for (int64_t kd = 0; kd < kernel[0]; ++kd) {
    const std::string t = std::to_string(kd);
    std::vector<float> slice(static_cast<size_t>(channels * per_group_out * kernel[1] * kernel[2]));
    for (int64_t c = 0; c < channels * per_group_out; ++c) {
      const float* from = weights + (c * kernel[0] + kd) * kernel[1] * kernel[2];
      std::copy(from, from + kernel[1] * kernel[2], slice.begin() + c * kernel[1] * kernel[2]);
    }
    const ir::ValueId wk = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/weight_depth" + t),
                                              {channels, per_group_out, kernel[1], kernel[2]}, slice);
    const ir::ValueId z = n.NewValue("transposed" + t);
    ir::Node& c = n.Emit(ir::op::kConvTranspose2D, {planes, wk}, {z});
    c.attrs.set("strides", std::vector<int64_t>{strides[1], strides[2]});
    c.attrs.set("dilations", std::vector<int64_t>{dilations[1], dilations[2]});
    c.attrs.set("pads", std::vector<int64_t>{pads[1], pads[2], pads[4], pads[5]});
    c.attrs.set("output_padding", std::vector<int64_t>{out_pad[1], out_pad[2]});
    c.attrs.set("group", group);
    c.attrs.set("layout", std::string("NCHW"));
    if (plane == 0) {
      for (size_t d = 1; d < 3; ++d) {
        const int64_t o = (x[d + 2] - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1 + out_pad[d] - pads[d] - pads[d + 3];
        if (o <= 0) n.NotValid("pads", "leave no output");
        plane = plane == 0 ? out_channels * o : plane * o;
      }
    }
    // [N, D, 1, plane] -> stride_d apart -> [N, D * stride_d, plane].
    ir::ValueId spread = EmitReshape(n, z, {batch, depth, 1, plane}, "depth_rows" + t);
    if (strides[0] > 1) {
      const ir::ValueId gaps = n.NewValue("gaps" + t);
      ir::Node& p = n.Emit(ir::op::kPad, {spread}, {gaps});
      p.attrs.set("pads", std::vector<int64_t>{0, 0, 0, 0, 0, 0, strides[0] - 1, 0});
      p.attrs.set("mode", std::string("constant"));
      p.attrs.set("value", 0.0);
      spread = gaps;
    }
    spread = EmitReshape(n, spread, {batch, depth * strides[0], plane}, "spread" + t);
    const int64_t begin = kd * dilations[0];
    const ir::ValueId placed = n.NewValue("placed" + t);
    ir::Node& p = n.Emit(ir::op::kPad, {spread}, {placed});
    p.attrs.set("pads", std::vector<int64_t>{0, begin, 0, 0, full - begin - depth * strides[0], 0});
    p.attrs.set("mode", std::string("constant"));
    p.attrs.set("value", 0.0);
    sum = sum == ir::kNoValue ? placed : EmitBinary(n, ir::op::kAdd, sum, placed, "sum" + t);
  }
  const ir::ValueId cropped = n.NewValue("cropped");
  ir::Node& s = n.Emit(ir::op::kSlice, {sum}, {cropped});
  s.attrs.set("starts", std::vector<int64_t>{0, pads[0], 0});
  s.attrs.set("ends", std::vector<int64_t>{batch, full - pads[3], plane});
  s.attrs.set("steps", std::vector<int64_t>{1, 1, 1});
  const ir::Shape y = n.graph().value(n.output(0)).shape;
  if (y.size() != 5) n.NotSupported("a 3-D transposed convolution whose output shape is unknown");
  const ir::ValueId ordered = EmitTranspose(n, EmitReshape(n, cropped, {batch, out_depth, y[1], y[3], y[4]}, "depth_stacked"),
                                            {0, 2, 1, 3, 4}, "channels_first");
  if (!n.has_input(2)) {
    n.Emit(ir::op::kIdentity, {ordered}, {n.output(0)});
    return;
  }
  if (!n.input_value(2).is_constant()) n.NotSupported("non-constant bias");
  n.Emit(ir::op::kAdd, {ordered, EmitReshape(n, n.input(2), {1, out_channels, 1, 1, 1}, "bias_column")}, {n.output(0)});
}

}  // namespace neo::onnx_frontend
