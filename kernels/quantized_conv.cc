// QuantizedConv2D's backends: the reference loops, and XNNPACK's qc8 convolution for
// statically quantized int8 layers with symmetric weights. XNNPACK takes the weights,
// bias, scales and zero points when the operator is created, so the constructor reads
// them here (they are constants) and checks the flags the compiler derived from them.
//
// XNNPACK requantizes in float32; ONNX in double with the zero point added before
// rounding. Per output channel the constructor picks the float32 multiplier (ONNX's or
// one within a couple of ulps) with which XNNPACK's arithmetic differs from ONNX's at
// the fewest output levels, proven over every int32 accumulator
// (reference::Float32RequantizationMismatches), and hands it to XNNPACK as the
// channel's kernel scale (input and output scales 1, so XNNPACK's input * kernel /
// output is exactly it). Where a level still differs, only the outputs XNNPACK writes
// as that level or the one below can be wrong: Run() recomputes those elements (about
// 2/256 of such a channel's) with the reference. The output is ONNX's, bit for bit.
#include "kernels/quantized_conv.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/reference/quantization_math.h"
#include "kernels/reference/quantized_conv.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

struct Operands {
  const void* input;
  const void* x_zero_point;
  const void* weights;
  const void* w_zero_point;
  const float* x_scale;
  const float* w_scale;
  const float* y_scale;
  const void* y_zero_point;
  const void* bias;
  void* output;
};

// A channel whose XNNPACK outputs are not all proven: ONNX's multiplier, and which
// output values (index value + 128) may be wrong.
struct Suspect {
  int channel;
  float multiplier;
  std::array<bool, 256> values;
};

// XNNPACK's convolution, then the reference at the outputs it is not proven to get right.
class XnnpackWithFixup final : public internal::Op {
 public:
  XnnpackWithFixup(std::unique_ptr<internal::Op> xnnpack, const QuantizedConv2DParams& p,
                   const Operands& o, std::vector<Suspect> suspects)
      : xnnpack_(std::move(xnnpack)), p_(p), o_(o), suspects_(std::move(suspects)),
        name_("xnnpack (" + std::to_string(suspects_.size()) + " of " +
              std::to_string(p.output_channels) + " channels checked by the reference)"),
        y_zp_(reference::LoadInt(o.y_zero_point, p.output_type, 0)) {}
  void Run() override {
    xnnpack_->Run();
    if (suspects_.empty()) return;
    const reference::QuantRange range = reference::RangeOf(p_.output_type);
    int8_t* out = static_cast<int8_t*>(o_.output);
    for (int n = 0; n < p_.batch; ++n) {
      for (int oy = 0; oy < p_.output_height; ++oy) {
        for (int ox = 0; ox < p_.output_width; ++ox) {
          int8_t* pixel = out + ((static_cast<size_t>(n) * p_.output_height + oy) *
                                     p_.output_width + ox) * p_.output_channels;
          for (const Suspect& s : suspects_) {
            int8_t& y = pixel[s.channel];
            if (!s.values[static_cast<size_t>(y + 128)]) continue;
            const int32_t acc = reference::QuantizedConv2DAccumulator(
                p_, o_.input, o_.x_zero_point, o_.weights, o_.w_zero_point,
                static_cast<const int32_t*>(o_.bias), n, oy, ox, s.channel);
            y = static_cast<int8_t>(reference::Requantize(acc, s.multiplier, y_zp_, range));
          }
        }
      }
    }
  }
  const char* implementation() const override {
    return suspects_.empty() ? "xnnpack" : name_.c_str();
  }

 private:
  std::unique_ptr<internal::Op> xnnpack_;
  QuantizedConv2DParams p_;
  Operands o_;
  std::vector<Suspect> suspects_;
  std::string name_;
  int32_t y_zp_;
};

std::unique_ptr<internal::Op> MakeXnnpack(Context& context, const QuantizedConv2DParams& p,
                                          const Operands& o) {
  if (!QuantizedConv2DSymmetricWeights(p, o.w_zero_point)) {
    internal::Unsupported("QuantizedConv2D (weight zero points are not 0)", "xnnpack");
  }
  // XNNPACK wants [groups, O / groups, kh, kw, I / groups]: OIHW with I moved last.
  const int gi = p.input_channels / p.groups;
  const int khw = p.kernel_height * p.kernel_width;
  const int8_t* w = static_cast<const int8_t*>(o.weights);
  std::vector<int8_t> ohwi(static_cast<size_t>(p.output_channels) * khw * gi);
  for (int oc = 0; oc < p.output_channels; ++oc)
    for (int i = 0; i < gi; ++i)
      for (int k = 0; k < khw; ++k)
        ohwi[(static_cast<size_t>(oc) * khw + k) * gi + i] =
            w[(static_cast<size_t>(oc) * gi + i) * khw + k];
  // Per channel: the multiplier XNNPACK gets and the outputs the reference must check. A
  // multiplier XNNPACK cannot take (not a positive normal float below 256) becomes a
  // placeholder with every output checked.
  const reference::QuantRange range = reference::RangeOf(p.output_type);
  const int32_t y_zp = reference::LoadInt(o.y_zero_point, p.output_type, 0);
  std::vector<float> multipliers(static_cast<size_t>(p.output_channels));
  std::vector<Suspect> suspects;
  for (int oc = 0; oc < p.output_channels; ++oc) {
    Suspect s{oc, reference::RequantizationMultiplier(
                      o.x_scale[0], o.w_scale[p.weight_scale_per_channel ? oc : 0], o.y_scale[0]),
              {}};
    float library = 0.0f;
    if (s.multiplier > 0.0f && s.multiplier < 256.0f) {
      library = reference::Float32RequantizationMultiplier(s.multiplier, y_zp, range);
    }
    if (std::isnormal(library) && library < 256.0f) {
      if (reference::Float32RequantizationMismatches(library, s.multiplier, y_zp, range,
                                                     s.values.data()) > 0) {
        suspects.push_back(s);
      }
    } else {
      library = 1.0f;
      s.values.fill(true);
      suspects.push_back(s);
    }
    multipliers[oc] = library;
  }
  const int8_t x_zp = o.x_zero_point ? *static_cast<const int8_t*>(o.x_zero_point) : 0;
  xnn_operator_t op = nullptr;
  internal::XnnCheck(
      xnn_create_convolution2d_nhwc_qc8(
          p.pad_top, p.pad_right, p.pad_bottom, p.pad_left, p.kernel_height, p.kernel_width,
          p.stride_height, p.stride_width, p.dilation_height, p.dilation_width, p.groups, gi,
          p.output_channels / p.groups, p.input_channels, p.output_channels, x_zp,
          /*input_scale=*/1.0f, multipliers.data(), ohwi.data(),
          p.has_bias ? static_cast<const int32_t*>(o.bias) : nullptr,
          static_cast<int8_t>(y_zp), /*output_scale=*/1.0f, /*output_min=*/-128,
          /*output_max=*/127, /*flags=*/0, &op),
      "xnn_create_convolution2d_nhwc_qc8");
  auto xnnpack = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(
      xnn_setup_convolution2d_nhwc_qc8(op, p.batch, p.input_height, p.input_width,
                                       static_cast<const int8_t*>(o.input),
                                       static_cast<int8_t*>(o.output),
                                       context.impl().threadpool),
      "xnn_setup_convolution2d_nhwc_qc8");
  return std::make_unique<XnnpackWithFixup>(std::move(xnnpack), p, o, std::move(suspects));
}

}  // namespace

QuantizedConv2D::QuantizedConv2D(Context& context, const QuantizedConv2DParams& params,
                                 Backend backend, const void* input, const void* x_zero_point,
                                 const void* weights, const void* w_zero_point,
                                 const float* x_scale, const float* w_scale,
                                 const float* y_scale, const void* y_zero_point,
                                 const void* bias, void* output) {
  if (!QuantizedConv2DSupports(backend, params)) {
    internal::Unsupported("QuantizedConv2D", BackendName(backend));
  }
  const Operands o{input,   x_zero_point, weights,      w_zero_point, x_scale,
                   w_scale, y_scale,      y_zero_point, bias,         output};
  if (backend == Backend::kXnnpack) {
    op_ = MakeXnnpack(context, params, o);
    return;
  }
  op_ = internal::MakeOp([params, o] {
    reference::QuantizedConv2D(params, o.input, o.x_zero_point, o.weights, o.w_zero_point,
                               o.x_scale, o.w_scale, o.y_scale, o.y_zero_point,
                               static_cast<const int32_t*>(o.bias), o.output);
  });
}

}  // namespace neo::kernels
