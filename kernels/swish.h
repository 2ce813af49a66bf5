// Swish (SiLU, x * sigmoid(x)) over a buffer in place, with our own vector code: what a
// oneDNN convolution with a fused Swish runs instead of oneDNN's Swish post-op on CPUs with
// AVX-512. Internal to //kernels (and its tests).
//
// Why: oneDNN 2.6's Swish post-op more than triples a small convolution's time (1x1
// 16->96 at 112x112: 0.22 ms without it, 0.70 ms with it; depthwise 3x3 144 channels at
// 56x56: 0.10 vs 0.27 ms; AMD Zen 5, one thread). The convolution without a post-op
// followed by this pass takes 0.47 and 0.20 ms. EfficientNet has a Swish after almost
// every convolution.
//
// Which builds: every x86-64 build. Those for an AVX-512 target compile it for AVX-512;
// those for generic x86-64 ("host") carry an AVX-512 copy and take it when the CPU running
// the model has AVX-512F (asked once at run time, like oneDNN's own dispatch), so the
// code neoc writes does not depend on the machine that builds or runs it. Builds for
// other CPUs, and x86-64 CPUs without AVX-512, keep oneDNN's post-op.
#ifndef NEO_KERNELS_SWISH_H_
#define NEO_KERNELS_SWISH_H_

#include <cstddef>

namespace neo::kernels::internal {

// Whether convolutions should use SwishInPlace instead of oneDNN's post-op: true in builds
// for an AVX-512 target, and in x86-64 builds running on a CPU with AVX-512F.
bool FastSwishAvailable();

// data[i] = data[i] * sigmoid(data[i]) for n floats: within 3.5e-7 relative of the exact
// value (kernels/activation.h's definition), or 2e-36 absolute below x = -87; infinities
// and NaN as the definition gives them. The same input gives the same output wherever it
// sits in the buffer. Correct in every build; fast where FastSwishAvailable().
void SwishInPlace(float* data, size_t n);

// The portable loop compiled for the build's baseline instruction set, whatever the CPU
// has (for tests). Within the same bound as SwishInPlace, whose AVX-512 loop computes
// Swish another way and can differ in the last bits.
void SwishInPlacePortable(float* data, size_t n);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_SWISH_H_
