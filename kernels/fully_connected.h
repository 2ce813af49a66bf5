// Fully connected layer: output[m, n] = sum_k input[m, k] * filter[n, k] + bias[n],
// with a fused activation (kernels/activation.h) and clamp.
#ifndef NEO_KERNELS_FULLY_CONNECTED_H_
#define NEO_KERNELS_FULLY_CONNECTED_H_

#include <limits>
#include <memory>

#include "kernels/activation.h"
#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

struct FullyConnectedParams {
  int batch;            // m
  int input_channels;   // k
  int output_channels;  // n
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
  // Applied before the clamp; alpha and beta are HardSigmoid's.
  Activation activation = Activation::kNone;
  float activation_alpha = 0.0f;
  float activation_beta = 0.0f;
};

inline void VisitFields(const FullyConnectedParams& p, FieldVisitor& v) {
  v.Int("batch", p.batch);
  v.Int("input_channels", p.input_channels);
  v.Int("output_channels", p.output_channels);
  v.Float("output_min", p.output_min);
  v.Float("output_max", p.output_max);
  VisitActivation(p.activation, p.activation_alpha, p.activation_beta, v);
}

bool FullyConnectedSupports(Backend backend, const FullyConnectedParams& p);

class FullyConnected : public Kernel {
 public:
  // `filter` is [output_channels, input_channels]; `bias` may be null.
  FullyConnected(Context& context, const FullyConnectedParams& params, Backend backend,
                 const float* filter, const float* bias, const float* input, float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_FULLY_CONNECTED_H_
