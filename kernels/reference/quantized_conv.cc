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

struct Operands {
  const void* x_zero_point;
  const void* w_zero_point;
  const float* x_scale;
  const float* w_scale;
  const float* y_scale;
  const void* y_zero_point;
  const int32_t* bias;
  void* output;
};

template <typename X, typename W>
void Convolve(const QuantizedConv2DParams& p, const X* input, const W* weights, const Operands& o) {
  const int group_in = p.input_channels / p.groups;
  const int group_out = p.output_channels / p.groups;
  const int32_t x_zp = o.x_zero_point ? LoadInt(o.x_zero_point, p.input_type, 0) : 0;
  const bool requantize = Requantizes(p);
  const QuantRange range = RangeOf(p.output_type);
  const int32_t y_zp = requantize ? LoadInt(o.y_zero_point, p.output_type, 0) : 0;
  const size_t window = static_cast<size_t>(group_in) * p.kernel_height * p.kernel_width;
  for (int n = 0; n < p.batch; ++n) {
    for (int oy = 0; oy < p.output_height; ++oy) {
      for (int ox = 0; ox < p.output_width; ++ox) {
        const size_t out_pixel =
            ((static_cast<size_t>(n) * p.output_height + oy) * p.output_width + ox) *
            p.output_channels;
        for (int oc = 0; oc < p.output_channels; ++oc) {
          const int g = oc / group_out;
          const int32_t w_zp =
              o.w_zero_point
                  ? LoadInt(o.w_zero_point, p.weight_type, p.weight_zero_point_per_channel ? oc : 0)
                  : 0;
          const W* filter = weights + static_cast<size_t>(oc) * window;
          int32_t acc = o.bias ? o.bias[oc] : 0;
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
              const size_t tap_stride = static_cast<size_t>(p.kernel_height) * p.kernel_width;
              for (int ic = 0; ic < group_in; ++ic) {
                acc += (static_cast<int32_t>(in[ic]) - x_zp) *
                       (static_cast<int32_t>(tap[ic * tap_stride]) - w_zp);
              }
            }
          }
          if (!requantize) {
            static_cast<int32_t*>(o.output)[out_pixel + oc] = acc;
            continue;
          }
          const float multiplier = RequantizationMultiplier(
              o.x_scale[0], o.w_scale[p.weight_scale_per_channel ? oc : 0], o.y_scale[0]);
          StoreInt(Requantize(acc, multiplier, y_zp, range), o.output, p.output_type,
                   static_cast<int64_t>(out_pixel + oc));
        }
      }
    }
  }
}

template <typename X>
void WithInput(const QuantizedConv2DParams& p, const void* input, const void* weights,
               const Operands& o) {
  if (p.weight_type == ElementType::kUInt8) {
    Convolve(p, static_cast<const X*>(input), static_cast<const uint8_t*>(weights), o);
  } else {
    Convolve(p, static_cast<const X*>(input), static_cast<const int8_t*>(weights), o);
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
  const Operands o{x_zero_point, w_zero_point, x_scale, w_scale, y_scale, y_zero_point,
                   p.has_bias ? bias : nullptr, output};
  if (p.input_type == ElementType::kUInt8) {
    WithInput<uint8_t>(p, input, weights, o);
  } else {
    WithInput<int8_t>(p, input, weights, o);
  }
}

}  // namespace neo::kernels::reference
