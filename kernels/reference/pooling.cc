#include "kernels/reference/pooling.h"

#include <algorithm>
#include <limits>

namespace neo::kernels::reference {
namespace {

// Number of integers in [begin, end) that also lie in [lo, hi).
int Overlap(int begin, int end, int lo, int hi) {
  return std::max(0, std::min(end, hi) - std::max(begin, lo));
}

}  // namespace

int AveragePoolingDivisor(const Pooling2DParams& p, int oy, int ox) {
  const int y0 = oy * p.stride_height - p.pad_top;
  const int x0 = ox * p.stride_width - p.pad_left;
  const int y1 = y0 + p.kernel_height, x1 = x0 + p.kernel_width;
  if (p.count_include_pad) {
    return Overlap(y0, y1, -p.counted_pad_top, p.input_height + p.counted_pad_bottom) *
           Overlap(x0, x1, -p.counted_pad_left, p.input_width + p.counted_pad_right);
  }
  return Overlap(y0, y1, 0, p.input_height) * Overlap(x0, x1, 0, p.input_width);
}

void Pooling2D(const Pooling2DParams& p, const float* input, float* output) {
  const bool is_max = p.kind == PoolingKind::kMax;
  const int dh = is_max ? p.dilation_height : 1, dw = is_max ? p.dilation_width : 1;
  for (int n = 0; n < p.batch; ++n) {
    for (int oy = 0; oy < p.output_height; ++oy) {
      for (int ox = 0; ox < p.output_width; ++ox) {
        const int divisor = is_max ? 1 : AveragePoolingDivisor(p, oy, ox);
        for (int c = 0; c < p.channels; ++c) {
          double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
          for (int ky = 0; ky < p.kernel_height; ++ky) {
            const int iy = oy * p.stride_height - p.pad_top + ky * dh;
            if (iy < 0 || iy >= p.input_height) continue;
            for (int kx = 0; kx < p.kernel_width; ++kx) {
              const int ix = ox * p.stride_width - p.pad_left + kx * dw;
              if (ix < 0 || ix >= p.input_width) continue;
              const float v =
                  input[((static_cast<size_t>(n) * p.input_height + iy) * p.input_width + ix) *
                            p.channels + c];
              acc = is_max ? std::max(acc, static_cast<double>(v)) : acc + v;
            }
          }
          if (!is_max) acc = divisor > 0 ? acc / divisor : 0.0;
          output[((static_cast<size_t>(n) * p.output_height + oy) * p.output_width + ox) *
                     p.channels + c] =
              std::min(std::max(static_cast<float>(acc), p.output_min), p.output_max);
        }
      }
    }
  }
}

void GlobalPooling(const GlobalPoolingParams& p, const float* input, float* output) {
  const bool is_max = p.kind == PoolingKind::kMax;
  for (int n = 0; n < p.batch; ++n) {
    for (int c = 0; c < p.channels; ++c) {
      double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
      for (int i = 0; i < p.pixels; ++i) {
        const float v = input[(static_cast<size_t>(n) * p.pixels + i) * p.channels + c];
        acc = is_max ? std::max(acc, static_cast<double>(v)) : acc + v;
      }
      if (!is_max) acc /= p.pixels;
      output[static_cast<size_t>(n) * p.channels + c] = static_cast<float>(acc);
    }
  }
}

}  // namespace neo::kernels::reference
