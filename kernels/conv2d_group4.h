// 3x3 convolutions whose groups have four input and four output channels (ResNeXt-50's
// first stage: 128 channels in 32 groups), on CPUs with AVX-512. oneDNN 2.6 runs them
// at about 38 GFLOPS on one Zen 5 core (0.77 ms for 128 channels at 56x56), a fifth of
// what it reaches on ungrouped layers, because its kernels vectorize along one group's
// few channels. Here a 16-lane vector holds four whole groups; each input pixel is
// loaded once per kernel row and turned within its 128-bit lanes three ways, and the
// four turns, each multiplied by matching weights, give every output channel its four
// products (0.36 ms for the same layer). Internal to //kernels: Conv2D's oneDNN backend
// takes it where it applies.
#ifndef NEO_KERNELS_CONV2D_GROUP4_H_
#define NEO_KERNELS_CONV2D_GROUP4_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the layer has that shape: 3x3, stride 1, padding 1 on every side, undilated,
// four channels per group in and out, a multiple of 16 channels, no activation function
// (a clamp is fine), no residual. A function of the parameters alone.
bool IsGroupOfFourConv(const Conv2DParams& p);

// The kernel for such a layer, or null when the CPU running this lacks AVX-512F (asked at
// run time, so generic x86-64 builds carry it too).
std::unique_ptr<Op> MakeGroupOfFourConv(Context& context, const Conv2DParams& p,
                                        const float* filter, const float* bias, const float* input,
                                        float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_GROUP4_H_
