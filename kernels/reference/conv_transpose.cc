#include "kernels/reference/conv_transpose.h"

#include <algorithm>

namespace neo::kernels::reference {

bool ConvTranspose2DValid(const ConvTranspose2DParams& p) {
  if (p.batch < 0 || p.input_height < 0 || p.input_width < 0 || p.groups < 1 ||
      p.input_channels < 1 || p.output_channels < 1 || p.kernel_height < 1 ||
      p.kernel_width < 1 || p.stride_height < 1 || p.stride_width < 1 ||
      p.dilation_height < 1 || p.dilation_width < 1 || p.output_padding_height < 0 ||
      p.output_padding_width < 0 || p.input_channels % p.groups ||
      p.output_channels % p.groups) {
    return false;
  }
  const int oh = (p.input_height - 1) * p.stride_height +
                 (p.kernel_height - 1) * p.dilation_height + 1 - p.pad_top - p.pad_bottom +
                 p.output_padding_height;
  const int ow = (p.input_width - 1) * p.stride_width + (p.kernel_width - 1) * p.dilation_width +
                 1 - p.pad_left - p.pad_right + p.output_padding_width;
  return p.output_height == oh && p.output_width == ow && oh >= 0 && ow >= 0 &&
         p.output_min <= p.output_max;
}

void ConvTranspose2D(const ConvTranspose2DParams& p, const float* filter, const float* bias,
                     const float* input, float* output) {
  const int C = p.input_channels, O = p.output_channels, G = p.groups;
  const int cg = C / G, og = O / G;
  const int IH = p.input_height, IW = p.input_width, OH = p.output_height, OW = p.output_width;
  auto in_at = [&](int n, int c, int y, int x) {
    return p.nhwc ? input[((static_cast<int64_t>(n) * IH + y) * IW + x) * C + c]
                  : input[((static_cast<int64_t>(n) * C + c) * IH + y) * IW + x];
  };
  auto out_at = [&](int n, int o, int y, int x) -> float& {
    return p.nhwc ? output[((static_cast<int64_t>(n) * OH + y) * OW + x) * O + o]
                  : output[((static_cast<int64_t>(n) * O + o) * OH + y) * OW + x];
  };
  for (int n = 0; n < p.batch; ++n)
    for (int o = 0; o < O; ++o)
      for (int y = 0; y < OH; ++y)
        for (int x = 0; x < OW; ++x) out_at(n, o, y, x) = bias ? bias[o] : 0.0f;
  // Each input pixel scatters its kernel-shaped contribution.
  for (int n = 0; n < p.batch; ++n)
    for (int g = 0; g < G; ++g)
      for (int c = g * cg; c < (g + 1) * cg; ++c)
        for (int iy = 0; iy < IH; ++iy)
          for (int ix = 0; ix < IW; ++ix) {
            const float v = in_at(n, c, iy, ix);
            for (int oc = 0; oc < og; ++oc)
              for (int ky = 0; ky < p.kernel_height; ++ky) {
                const int y = iy * p.stride_height - p.pad_top + ky * p.dilation_height;
                if (y < 0 || y >= OH) continue;
                for (int kx = 0; kx < p.kernel_width; ++kx) {
                  const int x = ix * p.stride_width - p.pad_left + kx * p.dilation_width;
                  if (x < 0 || x >= OW) continue;
                  const float w =
                      filter[((static_cast<int64_t>(c) * og + oc) * p.kernel_height + ky) *
                                 p.kernel_width + kx];
                  out_at(n, g * og + oc, y, x) += v * w;
                }
              }
          }
  for (int n = 0; n < p.batch; ++n)
    for (int o = 0; o < O; ++o)
      for (int y = 0; y < OH; ++y)
        for (int x = 0; x < OW; ++x) {
          float& v = out_at(n, o, y, x);
          v = std::min(std::max(v, p.output_min), p.output_max);
        }
}

}  // namespace neo::kernels::reference
