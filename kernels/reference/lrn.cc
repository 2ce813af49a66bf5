#include "kernels/reference/lrn.h"

#include <algorithm>
#include <cmath>

namespace neo::kernels::reference {

bool LrnValid(const LrnParams& p) {
  return p.outer >= 0 && p.channels >= 0 && p.inner >= 0 && p.size >= 1;
}

void Lrn(const LrnParams& p, const float* input, float* output) {
  const int below = (p.size - 1) / 2, above = p.size - 1 - below;  // floor, ceil
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int c = 0; c < p.channels; ++c) {
      const int lo = std::max(0, c - below), hi = std::min(p.channels - 1, c + above);
      for (int64_t i = 0; i < p.inner; ++i) {
        const float* x = input + o * p.channels * p.inner + i;
        float sum = 0.0f;
        for (int k = lo; k <= hi; ++k) sum += x[k * p.inner] * x[k * p.inner];
        output[(o * p.channels + c) * p.inner + i] =
            x[c * p.inner] / std::pow(p.bias + p.alpha / p.size * sum, p.beta);
      }
    }
  }
}

}  // namespace neo::kernels::reference
