// Inference BatchNorm: y = (x - mean) / sqrt(var + epsilon) * scale + bias per channel.
// No runtime kernel runs it: the compiler folds every BatchNorm with constant parameters
// into the convolution before it or into a Mul and an Add. This reference defines the
// operator for the compiler's evaluator, which checks those rewrites.
#ifndef NEO_KERNELS_REFERENCE_BATCH_NORM_H_
#define NEO_KERNELS_REFERENCE_BATCH_NORM_H_

#include <cstdint>

namespace neo::kernels::reference {

// The input viewed as [outer, channels, inner] (NCHW: inner = H*W; NHWC: inner = 1).
struct BatchNormParams {
  int64_t outer = 1, channels = 0, inner = 1;
  double epsilon = 1e-5;
};

// scale, bias, mean, var: `channels` elements each.
void BatchNorm(const BatchNormParams& p, const float* scale, const float* bias,
               const float* mean, const float* var, const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_BATCH_NORM_H_
