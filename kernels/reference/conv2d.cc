#include "kernels/reference/conv2d.h"

#include <algorithm>
#include <cstdint>

namespace neo::kernels::reference {

void ScaleFilterInputChannels(const Conv2DParams& p, const float* filter, const float* scale,
                              float* scaled) {
  const int64_t taps = int64_t{p.kernel_height} * p.kernel_width;
  for (int64_t o = 0; o < p.output_channels; ++o) {
    for (int64_t c = 0; c < p.input_channels; ++c) {
      const int64_t at = (o * p.input_channels + c) * taps;
      for (int64_t k = 0; k < taps; ++k) scaled[at + k] = filter[at + k] * scale[c];
    }
  }
}

void Conv2D(const Conv2DParams& p, const float* filter, const float* bias, const float* input,
            float* output) {
  const int group_in = p.input_channels / p.groups;
  const int group_out = p.output_channels / p.groups;
  for (int n = 0; n < p.batch; ++n) {
    for (int oy = 0; oy < p.output_height; ++oy) {
      for (int ox = 0; ox < p.output_width; ++ox) {
        float* out = output + ((static_cast<size_t>(n) * p.output_height + oy) * p.output_width +
                               ox) * p.output_channels;
        for (int oc = 0; oc < p.output_channels; ++oc) {
          const int g = oc / group_out;
          // Accumulate in double so the oracle is more accurate than what it checks.
          double sum = bias ? bias[oc] : 0.0;
          if (p.accumulate) sum += out[oc];  // read before this element is written
          for (int ky = 0; ky < p.kernel_height; ++ky) {
            const int iy = oy * p.stride_height - p.pad_top + ky * p.dilation_height;
            if (iy < 0 || iy >= p.input_height) continue;
            for (int kx = 0; kx < p.kernel_width; ++kx) {
              const int ix = ox * p.stride_width - p.pad_left + kx * p.dilation_width;
              if (ix < 0 || ix >= p.input_width) continue;
              const float* in =
                  input + ((static_cast<size_t>(n) * p.input_height + iy) * p.input_width + ix) *
                              p.input_channels + g * group_in;
              for (int ic = 0; ic < group_in; ++ic) {
                const size_t f =
                    ((static_cast<size_t>(oc) * group_in + ic) * p.kernel_height + ky) *
                        p.kernel_width + kx;
                sum += static_cast<double>(in[ic]) * filter[f];
              }
            }
          }
          const float y = ApplyActivation(p.activation, p.activation_alpha, p.activation_beta,
                                          static_cast<float>(sum));
          out[oc] = std::min(std::max(y, p.output_min), p.output_max);
        }
      }
    }
  }
}

void FullyConnected(const FullyConnectedParams& p, const float* filter, const float* bias,
                    const float* input, float* output) {
  for (int m = 0; m < p.batch; ++m) {
    const float* in = input + static_cast<size_t>(m) * p.input_channels;
    for (int n = 0; n < p.output_channels; ++n) {
      const float* w = filter + static_cast<size_t>(n) * p.input_channels;
      double sum = bias ? bias[n] : 0.0;
      for (int k = 0; k < p.input_channels; ++k) sum += static_cast<double>(in[k]) * w[k];
      const float y = ApplyActivation(p.activation, p.activation_alpha, p.activation_beta,
                                      static_cast<float>(sum));
      output[static_cast<size_t>(m) * p.output_channels + n] =
          std::min(std::max(y, p.output_min), p.output_max);
    }
  }
}

}  // namespace neo::kernels::reference
