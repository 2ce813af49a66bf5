#include "kernels/reference/channel_affine.h"

#include <algorithm>

namespace neo::kernels::reference {

bool ChannelAffineValid(const ChannelAffineParams& p) {
  if (p.input_shapes.empty() || p.input_shapes[0].rank < 1) return false;
  const Dims& first = p.input_shapes[0];
  for (const Dims& s : p.input_shapes) {
    if (s.rank != first.rank) return false;
    for (int d = 0; d + 1 < s.rank; ++d) {
      if (s[d] != first[d] || s[d] < 0) return false;
    }
    if (s[s.rank - 1] < 0) return false;
  }
  return p.output_min <= p.output_max;
}

void ChannelAffine(const ChannelAffineParams& p, const float* scale, const float* shift,
                   const float* const* inputs, float* output) {
  const Dims& first = p.input_shapes[0];
  int64_t pixels = 1;
  for (int d = 0; d + 1 < first.rank; ++d) pixels *= first[d];
  int64_t channels = 0;
  for (const Dims& s : p.input_shapes) channels += s[s.rank - 1];
  for (int64_t px = 0; px < pixels; ++px) {
    int64_t c = 0;
    for (size_t i = 0; i < p.input_shapes.size(); ++i) {
      const int64_t n = p.input_shapes[i][p.input_shapes[i].rank - 1];
      const float* x = inputs[i] + px * n;
      for (int64_t k = 0; k < n; ++k, ++c) {
        const float y = x[k] * scale[c] + shift[c];
        output[px * channels + c] = std::min(std::max(y, p.output_min), p.output_max);
      }
    }
  }
}

}  // namespace neo::kernels::reference
