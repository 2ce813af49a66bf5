// ConvInteger2D(x, w[O, C/group, KH, KW], x_zero_point?, w_zero_point?) -> int32 and
// QLinearConv2D(x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale,
// y_zero_point, bias[O] int32?) -> y_zero_point's dtype, in ONNX's input order, on the
// QuantizedConv2D kernel. Spatial operators: NHWC after the layout pass (the test
// interpreter and constant folding run an NCHW node on an NHWC copy), weights OIHW.
// Zero points and scales hold one element, the weights' also one per output channel.
#include "compiler/ir/ops/quantized_conv.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/ops/spatial_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/quantized_conv.h"
#include "kernels/reference/quantized_conv.h"

namespace neo::ir {

namespace {

bool IsByteType(DType t) { return t == DType::kUInt8 || t == DType::kInt8; }

// Where each operand sits among the node's inputs.
struct Layout {
  int x, x_zp, w, w_zp;
  int x_scale = -1, w_scale = -1, y_scale = -1, y_zp = -1, bias = -1;
};
constexpr Layout kInteger{0, 2, 1, 3};
constexpr Layout kQLinear{0, 2, 3, 5, 1, 4, 6, 7, 8};

// Whether input `i` (absent: one element) holds `per` elements rather than one.
bool PerChannel(const NodeContext& c, int i, int64_t per, const char* what, DType dtype) {
  if (i < 0 || !c.has_input(i)) return false;
  if (c.dtype(i) != dtype) {
    c.Fail(std::string(what) + " '" + c.input(i).name + "' has dtype " + DTypeName(c.dtype(i)) +
           ", expected " + DTypeName(dtype));
  }
  const int64_t n = c.input(i).num_elements();
  if (n == 1) return false;
  if (per > 0 && n == per && c.shape(i).size() == 1) return true;
  c.Fail(std::string(what) + " '" + c.input(i).name + "' has shape " +
         ShapeToString(c.shape(i)) +
         (per > 0 ? ", not one element or " + std::to_string(per) : ", not one element"));
}

struct Checked {
  Shape out;
  bool w_zp_per_channel, w_scale_per_channel;
};

Checked Check(const NodeContext& c, const Layout& l) {
  c.ExpectRank(l.x, 4);
  c.ExpectRank(l.w, 4);
  if (!IsByteType(c.dtype(l.x)) || !IsByteType(c.dtype(l.w))) {
    c.Fail("input and weights must be uint8 or int8");
  }
  const Shape& w = c.shape(l.w);
  const int64_t channels = c.shape(l.x)[AxesOf(c.nhwc()).c];
  const int64_t group = c.Int("group");
  if (w[0] % group != 0 || channels != w[1] * group) {
    c.Fail("input '" + c.input(l.x).name + "' has " + std::to_string(channels) +
           " channels but the weights " + ShapeToString(w) + " with group " +
           std::to_string(group) + " expect " + std::to_string(w[1] * group));
  }
  Checked k;
  PerChannel(c, l.x_zp, 0, "x_zero_point", c.dtype(l.x));
  k.w_zp_per_channel = PerChannel(c, l.w_zp, w[0], "w_zero_point", c.dtype(l.w));
  k.w_scale_per_channel = PerChannel(c, l.w_scale, w[0], "w_scale", DType::kFloat32);
  PerChannel(c, l.x_scale, 0, "x_scale", DType::kFloat32);
  PerChannel(c, l.y_scale, 0, "y_scale", DType::kFloat32);
  if (l.y_zp >= 0) {
    if (!IsByteType(c.dtype(l.y_zp))) c.Fail("y_zero_point must be uint8 or int8");
    PerChannel(c, l.y_zp, 0, "y_zero_point", c.dtype(l.y_zp));
  }
  if (l.bias >= 0 && c.has_input(l.bias) &&
      (c.dtype(l.bias) != DType::kInt32 || c.shape(l.bias) != Shape{w[0]})) {
    c.Fail("bias '" + c.input(l.bias).name + "' must be int32 of shape [" +
           std::to_string(w[0]) + "]");
  }
  k.out = WindowedOutput(c, w[0], {w[2], w[3]}, true);
  return k;
}

OutputType ConvIntegerShape(const NodeContext& c) {
  return {Check(c, kInteger).out, DType::kInt32};
}

OutputType QLinearConvShape(const NodeContext& c) {
  return {Check(c, kQLinear).out, c.dtype(kQLinear.y_zp)};
}

Operand Optional(const NodeContext& c, int input) {
  return input >= 0 && c.has_input(input) ? Operand::Input(input) : Operand::Absent();
}

// The constant operands' data, or null (absent, or computed).
const void* ConstantData(const NodeContext& c, int input) {
  if (input < 0 || !c.has_input(input) || !c.input(input).is_constant()) return nullptr;
  return c.input(input).data->data();
}

// The flags a library that takes the quantization when it is created needs (XNNPACK's
// qc8 convolution): every quantization operand a constant, and weight zero points 0
// (the kernel checks the latter with the same function).
void SetStaticFlags(const NodeContext& c, const Layout& l, kernels::QuantizedConv2DParams& p) {
  if (l.x_scale < 0) return;  // ConvInteger: no requantization
  for (int i : {l.x_zp, l.w, l.w_zp, l.x_scale, l.w_scale, l.y_scale, l.y_zp, l.bias}) {
    if (c.has_input(i) && !c.input(i).is_constant()) return;
  }
  p.static_quantization = true;
  p.symmetric_weights = kernels::QuantizedConv2DSymmetricWeights(p, ConstantData(c, l.w_zp));
}

KernelCall QuantizedConvKernel(const NodeContext& c, const Layout& l) {
  if (!c.nhwc()) {
    throw std::logic_error("IR: " + c.node().op + " '" + c.node().name +
                           "' is not NHWC; the layout pass should have run");
  }
  const Checked checked = Check(c, l);
  const Shape& x = c.shape(l.x);
  const Shape& w = c.shape(l.w);
  const Shape& y = c.output_shape();
  const auto strides = c.Ints("strides");
  const auto dilations = c.Ints("dilations");
  const auto pads = c.Ints("pads");
  kernels::QuantizedConv2DParams p;
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
  p.input_type = ElementTypeOf(c.dtype(l.x));
  p.weight_type = ElementTypeOf(c.dtype(l.w));
  p.output_type = ElementTypeOf(c.output().dtype);
  p.weight_zero_point_per_channel = checked.w_zp_per_channel;
  p.weight_scale_per_channel = checked.w_scale_per_channel;
  p.has_bias = l.bias >= 0 && c.has_input(l.bias);
  SetStaticFlags(c, l, p);
  KernelCall k = MakeKernelCall("QuantizedConv2D", "kernels/quantized_conv.h",
                                "QuantizedConv2DParams", p, kernels::QuantizedConv2DSupports);
  k.operands = {Operand::Input(l.x),    Optional(c, l.x_zp),    Operand::Input(l.w),
                Optional(c, l.w_zp),    Optional(c, l.x_scale), Optional(c, l.w_scale),
                Optional(c, l.y_scale), Optional(c, l.y_zp),    Optional(c, l.bias),
                Operand::Output(0)};
  k.backends = {kernels::Backend::kXnnpack};
  k.heavy = true;
  k.macs = ConvMacs(p);
  k.summary = c.node().op + " " +
              Geometry(p.kernel_height, p.kernel_width, p.stride_height, p.stride_width) + " " +
              std::to_string(p.input_channels) + "->" + std::to_string(p.output_channels) +
              (p.groups > 1 ? " groups=" + std::to_string(p.groups) : "") + " " +
              DTypeName(c.dtype(l.x)) + "/" + DTypeName(c.dtype(l.w)) + "->" +
              DTypeName(c.output().dtype) + " " + std::to_string(p.output_height) + "x" +
              std::to_string(p.output_width);
  k.reference = [p, l](const ReferenceBuffers& b) {
    auto at = [&b](int i) { return i < 0 ? nullptr : b.in<void>(static_cast<size_t>(i)); };
    kernels::reference::QuantizedConv2D(
        p, at(l.x), at(l.x_zp), at(l.w), at(l.w_zp), static_cast<const float*>(at(l.x_scale)),
        static_cast<const float*>(at(l.w_scale)), static_cast<const float*>(at(l.y_scale)),
        at(l.y_zp), static_cast<const int32_t*>(at(l.bias)), b.outputs[0]);
  };
  return k;
}

KernelCall ConvIntegerKernel(const NodeContext& c) { return QuantizedConvKernel(c, kInteger); }
KernelCall QLinearConvKernel(const NodeContext& c) { return QuantizedConvKernel(c, kQLinear); }

std::vector<AttrSpec> ConvAttrs() {
  return {IntsAttr("strides").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
          IntsAttr("dilations").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
          IntsAttr("pads").Size(4).Min(0).Default(std::vector<int64_t>{0, 0, 0, 0}),
          IntAttr("group").Min(1).Default(int64_t{1}), LayoutAttr()};
}

}  // namespace

std::vector<OpDef> QuantizedConvOps() {
  OpDef integer;
  integer.name = op::kConvInteger2D;
  integer.doc = "ConvInteger2D(x, w[O, C/group, KH, KW], x_zero_point?, w_zero_point?) -> int32 "
                "convolution of (x - x_zero_point) and (w - w_zero_point), padding counting as "
                "x_zero_point; 8-bit x and w, w's zero point one element or one per output "
                "channel";
  integer.min_inputs = 2;
  integer.max_inputs = 4;
  integer.attrs = ConvAttrs();
  integer.layout = LayoutClass::kSpatial;
  integer.shape = ConvIntegerShape;
  integer.kernel = ConvIntegerKernel;

  OpDef qlinear;
  qlinear.name = op::kQLinearConv2D;
  qlinear.doc = "QLinearConv2D(x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, "
                "y_zero_point, bias[O] int32?) -> y: the int32 convolution plus bias "
                "requantized by (x_scale * w_scale) / y_scale (float32) plus y_zero_point, "
                "rounded half to even, saturated; w's scale and zero point one element or one "
                "per output channel";
  qlinear.min_inputs = 8;
  qlinear.max_inputs = 9;
  qlinear.attrs = ConvAttrs();
  qlinear.layout = LayoutClass::kSpatial;
  qlinear.shape = QLinearConvShape;
  qlinear.kernel = QLinearConvKernel;
  return {integer, qlinear};
}

}  // namespace neo::ir
