// 3x3 convolutions whose groups have four or eight channels in and out (ResNeXt-50's first
// two stages: 32 groups of 128 and 256 channels; RegNet's groups of eight), on CPUs with
// AVX-512. oneDNN 2.6 runs 128 channels in groups of four at 56x56 at about 38 GFLOPS on
// one Zen 5 core (0.77 ms), a fifth of what it reaches on ungrouped layers: its kernels
// vectorize along one group's few channels. Here a 16-lane vector holds whole groups; each
// input pixel is loaded once per kernel row and turned within its lanes G - 1 ways, and the
// G turns, each multiplied by matching weights, give every output channel its G products.
// At stride 2 each input pixel serves one or two outputs rather than three, so its turns
// buy fewer products, yet inside the models on AMD Zen 4 (one thread) ResNeXt-50's
// 256 channels in groups of eight at 28x28 took 0.53 ms against oneDNN's 1.18 and RegNet's
// 48 channels at 56x56 0.37-0.42 against 0.36-0.45 (two threads 0.20-0.22 against 0.23-0.26);
// RegNet's 208 at 14x14 lost, 0.093 against 0.083, a tenth of what ResNeXt gains.
// Internal to //kernels: Conv2D's oneDNN backend takes it where it applies.
#ifndef NEO_KERNELS_CONV2D_SMALL_GROUPS_H_
#define NEO_KERNELS_CONV2D_SMALL_GROUPS_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the layer has that shape: 3x3, stride 1 or 2, padding 1 on every side, undilated,
// four or eight channels per group in and out, a multiple of 16 channels, no activation function
// (a clamp is fine), no residual. A function of the parameters alone.
bool IsSmallGroupConv(const Conv2DParams& p);

// The kernel for such a layer, or null when the CPU running this lacks AVX-512F (asked at
// run time, so generic x86-64 builds carry it too).
std::unique_ptr<Op> MakeSmallGroupConv(Context& context, const Conv2DParams& p,
                                        const float* filter, const float* bias, const float* input,
                                        float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_SMALL_GROUPS_H_
