// Swish (SiLU, x * sigmoid(x)) over a buffer in place, with our own vector code: what a
// oneDNN convolution with a fused Swish runs instead of oneDNN's Swish post-op, where
// this CPU has AVX-512. Internal to //kernels (and its tests).
//
// Why: oneDNN 2.6's Swish post-op more than doubles a small convolution's time
// (1x1 16->96 at 112x112: 0.27 ms without it, 0.59-0.69 ms with it; depthwise 3x3 144
// channels at 56x56: 0.17 vs 0.33 ms, AMD Zen 5, one thread). The convolution without a
// post-op followed by this pass takes 0.54 and 0.28 ms. EfficientNet has a Swish after
// almost every convolution.
//
// Which CPUs: decided when the model runs (FastSwishAvailable), never when it is
// compiled, so the code neoc writes does not depend on the machine that builds it. Where
// the answer is no, the convolution keeps oneDNN's post-op.
#ifndef NEO_KERNELS_SWISH_H_
#define NEO_KERNELS_SWISH_H_

#include <cstddef>

namespace neo::kernels::internal {

// Whether SwishInPlace has its vector path on the CPU running this (x86-64 with AVX-512).
bool FastSwishAvailable();

// data[i] = data[i] * sigmoid(data[i]) for n floats: within 3e-7 relative of the exact
// value (kernels/activation.h's definition), or 2e-36 absolute below x = -87; infinities
// and NaN as the definition gives them. The same input gives the same output wherever it
// sits in the buffer. Only call it when FastSwishAvailable().
void SwishInPlace(float* data, size_t n);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_SWISH_H_
