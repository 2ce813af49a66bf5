// The definition, row by row, as ONNX's LayerNormalization function body computes it:
// mean, then the mean of squared deviations (the biased variance), then
// (x - mean) / sqrt(var + epsilon) * scale + bias. The statistics are accumulated in
// double so that this oracle stays exact to float precision however long a row is; the
// results are rounded to float once.
#include "kernels/reference/layer_norm.h"

#include <cmath>
#include <cstdint>

namespace neo::kernels::reference {

bool LayerNormValid(const LayerNormParams& p) {
  return p.outer >= 0 && p.inner >= 0 && p.epsilon >= 0.0f;
}

void LayerNorm(const LayerNormParams& p, const float* input, const float* scale,
               const float* bias, float* output) {
  for (int64_t row = 0; row < p.outer; ++row) {
    const float* x = input + row * p.inner;
    float* y = output + row * p.inner;
    double sum = 0.0;
    for (int i = 0; i < p.inner; ++i) sum += x[i];
    const double mean = sum / p.inner;
    double squares = 0.0;
    for (int i = 0; i < p.inner; ++i) squares += (x[i] - mean) * (x[i] - mean);
    const double variance = squares / p.inner;
    const double inv_std = 1.0 / std::sqrt(variance + static_cast<double>(p.epsilon));
    for (int i = 0; i < p.inner; ++i) {
      double v = (x[i] - mean) * inv_std;
      if (p.has_scale) v *= scale[i];
      if (p.has_bias) v += bias[i];
      y[i] = static_cast<float>(v);
    }
  }
}

}  // namespace neo::kernels::reference
