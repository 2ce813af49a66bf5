// Swish (SiLU, x * sigmoid(x)) over a buffer in place, with our own vector code: what a
// oneDNN convolution with a fused Swish runs instead of oneDNN's Swish post-op in builds
// for an AVX-512 target. Internal to //kernels (and its tests).
//
// Why: oneDNN 2.6's Swish post-op more than triples a small convolution's time (1x1
// 16->96 at 112x112: 0.22 ms without it, 0.70 ms with it; depthwise 3x3 144 channels at
// 56x56: 0.10 vs 0.27 ms; AMD Zen 5, one thread). The convolution without a post-op
// followed by this pass takes 0.47 and 0.20 ms. EfficientNet has a Swish after almost
// every convolution.
//
// Which builds: those whose target has AVX-512 (FastSwishAvailable), decided when the
// kernels are compiled like every other instruction choice in our code, so the code
// neoc writes does not depend on the machine that builds it and a build for a generic
// x86-64 target holds no AVX-512 instruction (//tools/platforms:isa_check_test). Other
// builds keep oneDNN's post-op.
#ifndef NEO_KERNELS_SWISH_H_
#define NEO_KERNELS_SWISH_H_

#include <cstddef>

namespace neo::kernels::internal {

// Whether convolutions should use SwishInPlace instead of oneDNN's post-op: true in builds
// for an AVX-512 target.
bool FastSwishAvailable();

// data[i] = data[i] * sigmoid(data[i]) for n floats: within 3e-7 relative of the exact
// value (kernels/activation.h's definition), or 2e-36 absolute below x = -87; infinities
// and NaN as the definition gives them. The same input gives the same output wherever it
// sits in the buffer. Correct in every build; fast where FastSwishAvailable().
void SwishInPlace(float* data, size_t n);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_SWISH_H_
