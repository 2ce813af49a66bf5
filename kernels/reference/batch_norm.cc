#include "kernels/reference/batch_norm.h"

#include <cmath>

namespace neo::kernels::reference {

void BatchNorm(const BatchNormParams& p, const float* scale, const float* bias,
               const float* mean, const float* var, const float* input, float* output) {
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int64_t c = 0; c < p.channels; ++c) {
      // The per-channel factor in double, as the BatchNorm folding pass computes it.
      const double s = scale[c] / std::sqrt(static_cast<double>(var[c]) + p.epsilon);
      const int64_t base = (o * p.channels + c) * p.inner;
      for (int64_t i = 0; i < p.inner; ++i) {
        output[base + i] = static_cast<float>((input[base + i] - mean[c]) * s + bias[c]);
      }
    }
  }
}

}  // namespace neo::kernels::reference
