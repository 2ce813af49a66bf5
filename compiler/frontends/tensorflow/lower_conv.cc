// Conv2D, DepthwiseConv2dNative, Conv2DBackpropInput, BiasAdd and the fused forms
// grappler and TensorFlow.js write (_FusedConv2D, FusedDepthwiseConv2dNative).
//
// TensorFlow's filters are [KH, KW, in, out] (depthwise: [KH, KW, C, multiplier]); the
// IR's are [out, in/group, KH, KW]. The transposes fold at compile time for constant
// filters.
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/emit_util.h"
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/frontends/tensorflow/spatial.h"

namespace neo::tf_frontend {
namespace {

struct ConvResult {
  ir::ValueId y;
  bool nchw;
};

ConvResult EmitConv(NodeLowering& n, bool depthwise, ir::ValueId bias) {
  const ir::Shape f = n.input_shape(1);
  if (f.size() != 4) n.NotValid("filter", "must have rank 4");
  Window w = ReadWindow(n, {f[0], f[1]});
  const int64_t channels = n.input_shape(0)[static_cast<size_t>(w.c_axis)];
  ir::Attributes a;
  SetWindowAttrs(w, a, true);
  ir::ValueId weights;
  if (depthwise) {
    if (f[2] != channels) n.NotValid("filter", "must have as many input channels as the input");
    // [KH, KW, C, M] -> [C*M, 1, KH, KW]: output channel c*M + m, as TensorFlow orders it.
    weights = n.Reshape(n.Transpose(n.input(1), {2, 3, 0, 1}), {f[2] * f[3], 1, f[0], f[1]});
    a.set("group", channels);
  } else {
    if (f[2] <= 0 || channels % f[2] != 0) {
      n.NotValid("filter", "must have an input depth dividing the input's channels");
    }
    weights = n.Transpose(n.input(1), {3, 2, 0, 1});
    a.set("group", channels / f[2]);
  }
  std::vector<ir::ValueId> inputs = {n.input(0), weights};
  if (bias != ir::kNoValue) inputs.push_back(bias);
  return {n.Emit("Conv2D", inputs, a), w.nchw};
}

}  // namespace

void LowerConv2D(NodeLowering& n) {
  n.RequireInputs(2, 2);
  n.SetOutput(0, EmitConv(n, false, ir::kNoValue).y);
}

void LowerDepthwiseConv2D(NodeLowering& n) {
  n.RequireInputs(2, 2);
  n.SetOutput(0, EmitConv(n, true, ir::kNoValue).y);
}

void LowerFusedConv2D(NodeLowering& n) {
  const int num_args = static_cast<int>(n.IntAttr("num_args", n.num_inputs() - 2));
  if (num_args < 0 || num_args + 2 > n.num_inputs()) {
    n.NotValid("num_args", "does not match the node's inputs");
  }
  const std::vector<std::string> ops = n.StringsAttr("fused_ops");
  const bool depthwise = n.op() != "_FusedConv2D";
  // A leading BiasAdd becomes the convolution's own bias.
  const bool bias_first = !ops.empty() && ops[0] == "BiasAdd" && num_args >= 1 &&
                          n.input_rank(2) == 1;
  ConvResult c = EmitConv(n, depthwise, bias_first ? n.input(2) : ir::kNoValue);
  n.SetOutput(0, ApplyFusedOps(n, c.y, 2, c.nchw, ops, bias_first));
}

// Conv2DBackpropInput(input_sizes, filter[KH, KW, out_channels, in_channels], dy): the
// gradient of a Conv2D with respect to its input, i.e. a transposed convolution whose
// output size is given.
void LowerConv2DBackpropInput(NodeLowering& n) {
  n.RequireInputs(3, 3);
  const std::vector<int64_t> sizes = n.ConstantInts(0, "input_sizes");
  const ir::Shape f = n.input_shape(1);
  if (f.size() != 4 || sizes.size() != 4) n.NotValid("input_sizes", "must have 4 entries");
  const bool nchw = n.IsNchw();
  const size_t h_axis = nchw ? 2 : 1, w_axis = nchw ? 3 : 2;
  const std::vector<int64_t> strides = SpatialPair(n, "strides", n.IntsAttr("strides"), nchw);
  std::vector<int64_t> dil = {1, 1};
  if (n.has_attr("dilations")) dil = SpatialPair(n, "dilations", n.IntsAttr("dilations"), nchw);
  const ir::Shape dy = n.input_shape(2);
  const std::string padding = n.StringAttr("padding");
  const int64_t out_size[2] = {sizes[h_axis], sizes[w_axis]};
  const int64_t in_size[2] = {dy[h_axis], dy[w_axis]};
  std::vector<int64_t> pads(4, 0), output_padding(2, 0);
  std::vector<int64_t> explicit_pads;
  if (padding == "EXPLICIT") explicit_pads = n.IntsAttr("explicit_paddings");
  for (size_t d = 0; d < 2; ++d) {
    const int64_t k = (f[d] - 1) * dil[d] + 1;
    int64_t before = 0, after = 0;
    if (padding == "SAME") {
      const int64_t total = std::max<int64_t>((in_size[d] - 1) * strides[d] + k - out_size[d], 0);
      before = total / 2;
      after = total - before;
    } else if (padding == "EXPLICIT") {
      const size_t ax = d == 0 ? h_axis : w_axis;
      if (explicit_pads.size() != 8) n.NotValid("explicit_paddings", "must have 8 entries");
      before = explicit_pads[2 * ax];
      after = explicit_pads[2 * ax + 1];
    } else if (padding != "VALID") {
      n.NotSupported("padding " + padding);
    }
    // The forward convolution maps out_size to in_size; rows it never read come back
    // as output_padding.
    const int64_t produced = (in_size[d] - 1) * strides[d] + k - before - after;
    if (produced > out_size[d] || out_size[d] - produced >= strides[d]) {
      n.NotValid("input_sizes", "does not match the gradient's shape");
    }
    pads[d] = before;
    pads[d + 2] = after;
    output_padding[d] = out_size[d] - produced;
  }
  ir::Attributes a;
  a.set("strides", strides);
  a.set("dilations", dil);
  a.set("pads", pads);
  a.set("output_padding", output_padding);
  a.set("layout", std::string(nchw ? "NCHW" : "NHWC"));
  // [KH, KW, out, in] -> [in, out, KH, KW]: the IR's [C_in, C_out/group, KH, KW].
  ir::ValueId w = n.Transpose(n.input(1), {3, 2, 0, 1});
  n.SetOutput(0, n.Emit("ConvTranspose2D", {n.input(2), w}, a));
}

void LowerBiasAdd(NodeLowering& n) {
  n.RequireInputs(2, 2);
  if (n.input_rank(1) != 1) n.NotValid("bias", "must have rank 1");
  const bool nchw = n.op() == "BiasAdd" && n.IsNchw();
  if (nchw && n.input_rank(0) < 3) n.NotValid("data_format", "NCHW needs an input of rank 3 or more");
  n.SetOutput(0, EmitChannelAdd(n, n.input(0), n.input(1), nchw));
}

}  // namespace neo::tf_frontend
