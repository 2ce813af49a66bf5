// ConvInteger and QLinearConv by their definition: for each output element the window's
// products (x - x_zp) * (w - w_zp[oc]) summed in int32 with the bias, positions outside
// the image skipped (ONNX pads with x_zp, whose difference is 0), then for QLinearConv
// requantized with the output channel's multiplier (reference/quantization_math.h).
// Types are template parameters so the loops the generated code runs stay simple.
#include "kernels/reference/quantized_conv.h"

#include "kernels/reference/quantization_math.h"

namespace neo::kernels::reference {

namespace {

bool IsByteType(ElementType t) { return t == ElementType::kUInt8 || t == ElementType::kInt8; }

int OutputSize(int in, int pad_a, int pad_b, int kernel, int dilation, int stride) {
  const int effective = (kernel - 1) * dilation + 1;
  return (in + pad_a + pad_b - effective) / stride + 1;
}

// The accumulator of output element (n, oy, ox, oc): bias plus the window's products.
template <typename X, typename W>
int32_t Accumulate(const QuantizedConv2DParams& p, const X* input, const W* weights,
                   int32_t x_zp, int32_t w_zp, const int32_t* bias, int n, int oy, int ox,
                   int oc) {
  const int group_in = p.input_channels / p.groups;
  const int g = oc / (p.output_channels / p.groups);
  const size_t taps = static_cast<size_t>(p.kernel_height) * p.kernel_width;
  const W* filter = weights + static_cast<size_t>(oc) * group_in * taps;
  int32_t acc = bias ? bias[oc] : 0;
  for (int ky = 0; ky < p.kernel_height; ++ky) {
    const int iy = oy * p.stride_height - p.pad_top + ky * p.dilation_height;
    if (iy < 0 || iy >= p.input_height) continue;
    for (int kx = 0; kx < p.kernel_width; ++kx) {
      const int ix = ox * p.stride_width - p.pad_left + kx * p.dilation_width;
      if (ix < 0 || ix >= p.input_width) continue;
      const X* in = input +
                    ((static_cast<size_t>(n) * p.input_height + iy) * p.input_width + ix) *
                        p.input_channels + static_cast<size_t>(g) * group_in;
      const W* tap = filter + static_cast<size_t>(ky) * p.kernel_width + kx;
      for (int ic = 0; ic < group_in; ++ic) {
        acc += (static_cast<int32_t>(in[ic]) - x_zp) *
               (static_cast<int32_t>(tap[ic * taps]) - w_zp);
      }
    }
  }
  return acc;
}

int32_t WeightZeroPoint(const QuantizedConv2DParams& p, const void* w_zero_point, int oc) {
  return w_zero_point
             ? LoadInt(w_zero_point, p.weight_type, p.weight_zero_point_per_channel ? oc : 0)
             : 0;
}

template <typename X, typename W>
void Convolve(const QuantizedConv2DParams& p, const X* input, const W* weights,
              const void* x_zero_point, const void* w_zero_point, const float* x_scale,
              const float* w_scale, const float* y_scale, const void* y_zero_point,
              const int32_t* bias, void* output) {
  const int32_t x_zp = x_zero_point ? LoadInt(x_zero_point, p.input_type, 0) : 0;
  const bool requantize = Requantizes(p);
  const QuantRange range = RangeOf(p.output_type);
  const int32_t y_zp = requantize ? LoadInt(y_zero_point, p.output_type, 0) : 0;
  int64_t at = 0;  // NHWC: the output elements in this loop's order
  for (int n = 0; n < p.batch; ++n) {
    for (int oy = 0; oy < p.output_height; ++oy) {
      for (int ox = 0; ox < p.output_width; ++ox) {
        for (int oc = 0; oc < p.output_channels; ++oc, ++at) {
          const int32_t acc = Accumulate(p, input, weights, x_zp,
                                         WeightZeroPoint(p, w_zero_point, oc), bias, n, oy, ox, oc);
          if (!requantize) {
            static_cast<int32_t*>(output)[at] = acc;
            continue;
          }
          const float multiplier = RequantizationMultiplier(
              x_scale[0], w_scale[p.weight_scale_per_channel ? oc : 0], y_scale[0]);
          StoreInt(Requantize(acc, multiplier, y_zp, range), output, p.output_type, at);
        }
      }
    }
  }
}

}  // namespace

bool QuantizedConv2DValid(const QuantizedConv2DParams& p) {
  return p.batch >= 1 && p.input_height >= 1 && p.input_width >= 1 && p.input_channels >= 1 &&
         p.output_height >= 1 && p.output_width >= 1 && p.output_channels >= 1 &&
         p.kernel_height >= 1 && p.kernel_width >= 1 && p.groups >= 1 &&
         p.input_channels % p.groups == 0 && p.output_channels % p.groups == 0 &&
         p.stride_height >= 1 && p.stride_width >= 1 && p.dilation_height >= 1 &&
         p.dilation_width >= 1 && p.pad_top >= 0 && p.pad_left >= 0 && p.pad_bottom >= 0 &&
         p.pad_right >= 0 &&
         p.output_height == OutputSize(p.input_height, p.pad_top, p.pad_bottom, p.kernel_height,
                                       p.dilation_height, p.stride_height) &&
         p.output_width == OutputSize(p.input_width, p.pad_left, p.pad_right, p.kernel_width,
                                      p.dilation_width, p.stride_width) &&
         IsByteType(p.input_type) && IsByteType(p.weight_type) &&
         (p.output_type == ElementType::kInt32 || IsByteType(p.output_type));
}

void QuantizedConv2D(const QuantizedConv2DParams& p, const void* input,
                     const void* x_zero_point, const void* weights, const void* w_zero_point,
                     const float* x_scale, const float* w_scale, const float* y_scale,
                     const void* y_zero_point, const int32_t* bias, void* output) {
  if (!p.has_bias) bias = nullptr;
  const bool x_u8 = p.input_type == ElementType::kUInt8;
  const bool w_u8 = p.weight_type == ElementType::kUInt8;
  auto run = [&](auto* x, auto* w) {
    Convolve(p, x, w, x_zero_point, w_zero_point, x_scale, w_scale, y_scale, y_zero_point, bias,
             output);
  };
  if (x_u8 && w_u8) run(static_cast<const uint8_t*>(input), static_cast<const uint8_t*>(weights));
  if (x_u8 && !w_u8) run(static_cast<const uint8_t*>(input), static_cast<const int8_t*>(weights));
  if (!x_u8 && w_u8) run(static_cast<const int8_t*>(input), static_cast<const uint8_t*>(weights));
  if (!x_u8 && !w_u8) run(static_cast<const int8_t*>(input), static_cast<const int8_t*>(weights));
}

int32_t QuantizedConv2DAccumulator(const QuantizedConv2DParams& p, const void* input,
                                   const void* x_zero_point, const void* weights,
                                   const void* w_zero_point, const int32_t* bias, int n, int oy,
                                   int ox, int oc) {
  const int32_t x_zp = x_zero_point ? LoadInt(x_zero_point, p.input_type, 0) : 0;
  const int32_t w_zp = WeightZeroPoint(p, w_zero_point, oc);
  if (!p.has_bias) bias = nullptr;
  const bool x_u8 = p.input_type == ElementType::kUInt8;
  const bool w_u8 = p.weight_type == ElementType::kUInt8;
  auto acc = [&](auto* x, auto* w) {
    return Accumulate(p, x, w, x_zp, w_zp, bias, n, oy, ox, oc);
  };
  if (x_u8 && w_u8) return acc(static_cast<const uint8_t*>(input), static_cast<const uint8_t*>(weights));
  if (x_u8) return acc(static_cast<const uint8_t*>(input), static_cast<const int8_t*>(weights));
  if (w_u8) return acc(static_cast<const int8_t*>(input), static_cast<const uint8_t*>(weights));
  return acc(static_cast<const int8_t*>(input), static_cast<const int8_t*>(weights));
}

}  // namespace neo::kernels::reference
