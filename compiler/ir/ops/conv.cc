// Conv2D(x, w[O, C/group, KH, KW], bias[O]?, residual?, input_scale[C]?,
// expand_w[C, Cx, 1, 1]?, expand_bias[C]?) -> y, and
// ConvTranspose2D(x, w[C, O/group, KH, KW], bias[O]?) -> y. Both run NHWC after the layout
// pass; weights stay OIHW / IOHW.
#include "compiler/ir/ops/conv.h"

#include <algorithm>
#include <vector>

#include "compiler/ir/ops/spatial_util.h"
#include "kernels/conv2d.h"
#include "kernels/conv_transpose.h"
#include "kernels/reference/conv2d.h"
#include "kernels/reference/conv_transpose.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType Conv2DShape(const NodeContext& c) {
  c.ExpectRank(0, 4);
  c.ExpectRank(1, 4);
  const Shape& w = c.shape(1);
  LayoutAxes ax = AxesOf(c.nhwc());
  int64_t channels = c.shape(0)[ax.c];
  int64_t group = c.Int("group");
  // A 1x1 expansion before the convolution (passes/expansion_fusion.h): x has Cx channels,
  // the convolution reads C.
  if (c.has_input(5)) {
    const Shape& e = c.shape(5);
    if (e.size() != 4 || e[1] != channels || e[2] != 1 || e[3] != 1 || !c.nhwc() ||
        group != w[0] || w[1] != 1 || e[0] != w[0] || c.has_input(3) || c.has_input(4) ||
        (c.has_input(6) && c.shape(6) != Shape{e[0]})) {
      c.Fail("expansion weights " + ShapeToString(e) + " do not expand the input's " +
             std::to_string(channels) + " channels for a depthwise convolution of " +
             ShapeToString(w));
    }
    channels = e[0];
  }
  if (group <= 0 || w[0] % group != 0) {
    c.Fail("group " + std::to_string(group) + " does not divide the " + std::to_string(w[0]) +
           " output channels");
  }
  if (channels != w[1] * group) {
    c.Fail("input '" + c.input(0).name + "' has " + std::to_string(channels) +
           " channels but the weights " + ShapeToString(w) + " with group " +
           std::to_string(group) + " expect " + std::to_string(w[1] * group));
  }
  if (c.has_input(2) && c.shape(2) != Shape{w[0]}) {
    c.Fail("bias shape " + ShapeToString(c.shape(2)) + " does not match " +
           std::to_string(w[0]) + " output channels");
  }
  OutputType y{WindowedOutput(c, w[0], {w[2], w[3]}, true), c.dtype(0)};
  if (c.has_input(3) && (c.shape(3) != y.shape || c.dtype(3) != y.dtype)) {
    c.Fail("residual shape " + ShapeToString(c.shape(3)) + " does not match the output " +
           ShapeToString(y.shape));
  }
  // A run-time factor per input channel (passes/gate_into_weights.h), for one image.
  if (c.has_input(4) &&
      (c.input(4).num_elements() != channels || c.dtype(4) != DType::kFloat32 || group != 1 ||
       c.shape(0)[ax.n] != 1)) {
    c.Fail("input scale " + ShapeToString(c.shape(4)) +
           " does not give one float per input channel of an ungrouped convolution of one "
           "image");
  }
  return y;
}

// Whether oneDNN's Winograd (F(2x2, 3x3) or F(4x4, 3x3), with NHWC <-> blocked reorders
// around it) beats its direct convolution on this layer. Its transforms and reorders cost
// per pixel and channel, its savings per pixel and pair of channels, so it needs enough
// of both. Measured inside the torchvision models (AVX-512, 1 and 2 threads, 2026-12-07),
// Winograd won on 64->64 56x56, 128->128 28x28, 32->96 28x28, 128->32 56x56, 128->256
// and 256->256 14x14 and 512->512 7x7 (0.41 vs 0.57 ms at one thread); it lost on
// DenseNet's 128->32 at 14x14 (0.083 vs 0.050 ms at two threads) and 7x7 (0.041 vs 0.025
// at one), on GoogLeNet's 160->320 and 192->384 at 7x7 (0.42 vs 0.39, 0.34 vs 0.23 ms),
// and on SqueezeNet's 48->192 and 64->256 at 13x13. A fixed rule rather than timing at
// build time keeps the generated code deterministic. Where our own F(4x4, 3x3) applies
// (kernels::Conv2DWinogradF4Applies) the backend runs it instead on AVX-512 CPUs, and it
// beat both of oneDNN's algorithms on every such layer of the benchmarked models
// (//kernels:conv2d_winograd_benchmark), so those layers take the backend too.
bool WinogradPaysOff(const kernels::Conv2DParams& p) {
  const int pixels = p.output_height * p.output_width;
  const int channels = std::min(p.input_channels, p.output_channels);
  return (pixels >= 27 * 27 && channels >= 32) || (pixels >= 14 * 14 && channels >= 128) ||
         channels >= 256;
}

KernelCall Conv2DKernel(const NodeContext& c) {
  if (!c.nhwc()) throw std::logic_error("IR: Conv2D '" + c.node().name + "' is not NHWC; the layout pass should have run");
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const Shape& w = c.shape(1);
  const Shape& y = c.output_shape();
  const auto strides = c.Ints("strides");
  const auto dilations = c.Ints("dilations");
  const auto pads = c.Ints("pads");
  kernels::Conv2DParams p;
  p.batch = c.ToInt(x[0]);
  p.input_height = c.ToInt(x[1]);
  p.input_width = c.ToInt(x[2]);
  p.input_channels = c.ToInt(x[3]);
  p.output_height = c.ToInt(y[1]);
  p.output_width = c.ToInt(y[2]);
  p.output_channels = c.ToInt(y[3]);
  p.kernel_height = c.ToInt(w[2]);
  p.kernel_width = c.ToInt(w[3]);
  p.stride_height = c.ToInt(strides[0]);
  p.stride_width = c.ToInt(strides[1]);
  p.dilation_height = c.ToInt(dilations[0]);
  p.dilation_width = c.ToInt(dilations[1]);
  p.pad_top = c.ToInt(pads[0]);
  p.pad_left = c.ToInt(pads[1]);
  p.pad_bottom = c.ToInt(pads[2]);
  p.pad_right = c.ToInt(pads[3]);
  p.groups = c.ToInt(c.Int("group"));
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  c.SetActivation(p);
  p.accumulate = c.has_input(3);  // the output buffer is the residual's (in_place_input)
  p.scaled_input = c.has_input(4);
  const bool expanded = c.has_input(5);
  if (expanded) {
    p.expand_input_channels = p.input_channels;
    p.input_channels = p.output_channels;
    p.expand_min = c.ActMin("expand_act_min");
    p.expand_max = c.ActMax("expand_act_max");
    p.expand_activation = c.ActFn("expand_act_fn");
  }
  KernelCall k = MakeKernelCall("Conv2D", "kernels/conv2d.h", "Conv2DParams", p,
                                kernels::Conv2DSupports);
  const bool has_bias = c.has_input(2);
  k.operands.clear();
  if (expanded) {
    k.operands = {Operand::Input(5), c.has_input(6) ? Operand::Input(6) : Operand::Absent()};
  }
  k.operands.push_back(Operand::Input(1));
  k.operands.push_back(has_bias ? Operand::Input(2) : Operand::Absent());
  if (p.scaled_input) k.operands.push_back(Operand::Input(4));
  k.operands.push_back(Operand::Input(0));
  k.operands.push_back(Operand::Output(0));
  if ((kernels::Conv2DWinogradF4Applies(p) || WinogradPaysOff(p)) && !p.scaled_input &&
      !expanded) {
    k.backends.push_back(Backend::kOnednnWinograd);
  }
  k.backends.push_back(Backend::kOnednn);
  if (!p.scaled_input && !expanded) k.backends.push_back(Backend::kXnnpack);
  k.heavy = true;
  k.macs = ConvMacs(p);
  if (expanded) k.macs += ConvMacs(kernels::ExpansionOf(p));
  k.summary = "Conv2D " + Geometry(p.kernel_height, p.kernel_width, p.stride_height, p.stride_width) +
              " " + std::to_string(p.input_channels) + "->" + std::to_string(p.output_channels) +
              (p.groups > 1 ? " groups=" + std::to_string(p.groups) : "") + " " +
              std::to_string(p.output_height) + "x" + std::to_string(p.output_width) +
              (p.accumulate ? " +residual" : "") + (p.scaled_input ? " +input_scale" : "") +
              (expanded ? " +expand_from=" + std::to_string(p.expand_input_channels) : "") +
              (p.activation != kernels::Activation::kNone
                   ? " +" + std::string(kernels::EnumeratorName(p.activation)).substr(1)
                   : "");
  k.reference = [p](const ReferenceBuffers& b) {
    float* y = b.out<float>(0);
    if (p.expand_input_channels > 0) {
      const kernels::Conv2DParams e = kernels::ExpansionOf(p);
      std::vector<float> expanded(static_cast<size_t>(e.batch) * e.output_height *
                                  e.output_width * e.output_channels);
      kernels::reference::Conv2D(e, b.in<float>(5), b.in<float>(6), b.in<float>(0),
                                 expanded.data());
      kernels::Conv2DParams d = p;
      d.expand_input_channels = 0;
      kernels::reference::Conv2D(d, b.in<float>(1), b.in<float>(2), expanded.data(), y);
      return;
    }
    if (p.accumulate && b.in<float>(3) != y) {  // an evaluator's separate output buffer
      const size_t n = static_cast<size_t>(p.batch) * p.output_height * p.output_width *
                       p.output_channels;
      std::copy(b.in<float>(3), b.in<float>(3) + n, y);
    }
    if (!p.scaled_input) {
      kernels::reference::Conv2D(p, b.in<float>(1), b.in<float>(2), b.in<float>(0), y);
      return;
    }
    std::vector<float> w(static_cast<size_t>(p.output_channels) * p.input_channels *
                         p.kernel_height * p.kernel_width);
    kernels::reference::ScaleFilterInputChannels(p, b.in<float>(1), b.in<float>(4), w.data());
    kernels::reference::Conv2D(p, w.data(), b.in<float>(2), b.in<float>(0), y);
  };
  return k;
}

OutputType ConvTranspose2DShape(const NodeContext& c) {
  c.ExpectRank(0, 4);
  c.ExpectRank(1, 4);
  const Shape& x = c.shape(0);
  const Shape& w = c.shape(1);
  LayoutAxes ax = AxesOf(c.nhwc());
  const int64_t group = c.Int("group");
  if (group <= 0 || x[ax.c] != w[0] || w[0] % group != 0) {
    c.Fail("input channels " + std::to_string(x[ax.c]) + " do not match weights " +
           ShapeToString(w) + " with group " + std::to_string(group));
  }
  const std::vector<int64_t> s = c.Ints("strides");
  const std::vector<int64_t> d = c.Ints("dilations");
  const std::vector<int64_t> p = c.Ints("pads");
  const std::vector<int64_t> op = c.Ints("output_padding");
  if (c.has_input(2) && c.input(2).num_elements() != w[1] * group) {
    c.Fail("bias shape " + ShapeToString(c.shape(2)) + " does not match the output channels");
  }
  Shape out(4);
  out[ax.n] = x[ax.n];
  out[ax.c] = w[1] * group;
  const int64_t in[2] = {x[ax.h], x[ax.w]};
  const int axis[2] = {ax.h, ax.w};
  for (int i = 0; i < 2; ++i) {
    out[axis[i]] = s[i] * (in[i] - 1) + op[i] + (w[2 + i] - 1) * d[i] + 1 - p[i] - p[i + 2];
    if (out[axis[i]] <= 0) c.Fail("the output would be empty");
  }
  return {out, c.dtype(0)};
}

KernelCall ConvTranspose2DKernel(const NodeContext& c) {
  c.RequireFloat(0);
  const bool nhwc = c.nhwc();
  const Shape& x = c.shape(0);
  const Shape& w = c.shape(1);
  const Shape& y = c.output_shape();
  const auto strides = c.Ints("strides");
  const auto dilations = c.Ints("dilations");
  const auto pads = c.Ints("pads");
  const auto output_padding = c.Ints("output_padding");
  kernels::ConvTranspose2DParams p;
  p.nhwc = nhwc;
  p.batch = c.ToInt(x[0]);
  p.input_channels = c.ToInt(nhwc ? x[3] : x[1]);
  p.input_height = c.ToInt(nhwc ? x[1] : x[2]);
  p.input_width = c.ToInt(nhwc ? x[2] : x[3]);
  p.output_channels = c.ToInt(nhwc ? y[3] : y[1]);
  p.output_height = c.ToInt(nhwc ? y[1] : y[2]);
  p.output_width = c.ToInt(nhwc ? y[2] : y[3]);
  p.kernel_height = c.ToInt(w[2]);
  p.kernel_width = c.ToInt(w[3]);
  p.stride_height = c.ToInt(strides[0]);
  p.stride_width = c.ToInt(strides[1]);
  p.dilation_height = c.ToInt(dilations[0]);
  p.dilation_width = c.ToInt(dilations[1]);
  // Pads may be negative after resolving output_shape: the kernels take them as they are.
  p.pad_top = static_cast<int>(pads[0]);
  p.pad_left = static_cast<int>(pads[1]);
  p.pad_bottom = static_cast<int>(pads[2]);
  p.pad_right = static_cast<int>(pads[3]);
  p.output_padding_height = c.ToInt(output_padding[0]);
  p.output_padding_width = c.ToInt(output_padding[1]);
  p.groups = c.ToInt(c.Int("group"));
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  if (!kernels::ConvTranspose2DSupports(Backend::kReference, p)) {
    c.NotImplemented("this ConvTranspose geometry");
  }
  KernelCall k = MakeKernelCall("ConvTranspose2D", "kernels/conv_transpose.h",
                                "ConvTranspose2DParams", p, kernels::ConvTranspose2DSupports);
  k.operands = {Operand::Input(1), c.has_input(2) ? Operand::Input(2) : Operand::Absent(),
                Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kOnednn};
  k.heavy = true;
  k.macs = int64_t{p.batch} * p.input_height * p.input_width * p.input_channels *
           (p.output_channels / p.groups) * p.kernel_height * p.kernel_width;
  k.summary = "ConvTranspose2D " + std::to_string(p.kernel_height) + "x" +
              std::to_string(p.kernel_width) + "/" + std::to_string(p.stride_height) + " " +
              std::to_string(p.input_channels) + "->" + std::to_string(p.output_channels) + " " +
              (nhwc ? "NHWC" : "NCHW");
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::ConvTranspose2D(p, b.in<float>(1), b.in<float>(2), b.in<float>(0),
                                        b.out<float>(0));
  };
  return k;
}

}  // namespace

std::vector<OpDef> ConvOps() {
  OpDef conv;
  conv.name = op::kConv2D;
  conv.doc = "Conv2D(x, w[O, C/group, KH, KW], bias[O]?, residual?, input_scale[C]?, "
             "expand_w[C, Cx, 1, 1]?, expand_bias[C]?) -> y: "
             "2-D convolution, grouped or depthwise, of x (times input_scale per channel "
             "when given: ungrouped, one image), plus residual (same shape as y, whose "
             "buffer y takes) when given, then a fused activation and clamp; with expand_w "
             "(depthwise, NHWC, no residual or input scale) x has Cx channels and is first "
             "expanded to C by that 1x1 convolution, expand_bias, expand_act_fn and the clamp "
             "expand_act_min/max";
  conv.min_inputs = 2;
  conv.max_inputs = 7;
  conv.in_place_input = 3;
  conv.attrs = {IntsAttr("strides").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
                IntsAttr("dilations").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
                IntsAttr("pads").Size(4).Min(0).Default(std::vector<int64_t>{0, 0, 0, 0}),
                IntAttr("group").Min(1).Default(int64_t{1}),
                LayoutAttr(), ActMinAttr(), ActMaxAttr(), ActFnAttr(), ActAlphaAttr(),
                ActBetaAttr(), FloatAttr("expand_act_min").Optional(),
                FloatAttr("expand_act_max").Optional(),
                StringAttr("expand_act_fn").Optional().OneOf({"Swish", "HardSwish"})};
  conv.layout = LayoutClass::kSpatial;
  conv.fuses_activation = true;
  conv.shape = Conv2DShape;
  conv.kernel = Conv2DKernel;

  OpDef deconv;
  deconv.name = op::kConvTranspose2D;
  deconv.doc = "ConvTranspose2D(x, w[C, O/group, KH, KW], bias[O]?) -> y: transposed "
               "convolution; pads (resolved from auto_pad/output_shape) may be negative";
  deconv.min_inputs = 2;
  deconv.max_inputs = 3;
  deconv.attrs = {IntsAttr("strides").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
                  IntsAttr("dilations").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
                  IntsAttr("pads").Size(4).Default(std::vector<int64_t>{0, 0, 0, 0}),
                  IntsAttr("output_padding").Size(2).Min(0).Default(std::vector<int64_t>{0, 0}),
                  IntAttr("group").Min(1).Default(int64_t{1}),
                  LayoutAttr(), ActMinAttr(), ActMaxAttr()};
  deconv.layout = LayoutClass::kSpatial;
  deconv.shape = ConvTranspose2DShape;
  deconv.kernel = ConvTranspose2DKernel;
  return {conv, deconv};
}

}  // namespace neo::ir
