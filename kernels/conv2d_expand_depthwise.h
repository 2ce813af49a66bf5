// An inverted residual block's first two layers as one kernel, on CPUs with AVX-512: a 1x1
// expansion (Cin -> C channels) and the depthwise convolution that reads it. Apart they
// write the expanded activation, the block's widest tensor (MnasNet's 112x112x48, 2.4 MB),
// and read it back; here each thread keeps only the kernel-height rows of it that the
// current output row needs, a ring that stays in L2, and computes every expanded row
// once (a thread's first rows also compute the rows above them that the thread before
// computed). The expansion is our 1x1 kernel's products (pointwise_blocks_avx512.h); the
// depthwise loop loads each expanded pixel once per kernel row for all outputs that read
// it. Internal to //kernels.
#ifndef NEO_KERNELS_CONV2D_EXPAND_DEPTHWISE_H_
#define NEO_KERNELS_CONV2D_EXPAND_DEPTHWISE_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the pair has that shape: `expand` is 1x1, stride 1, unpadded, ungrouped; the
// depthwise layer reads its output (same batch and size, groups == channels == its output
// channels, one output channel per group), 3x3 or 5x5, stride 1 or 2, undilated, padding
// at most half the kernel; each applies no activation function but Swish or hard-swish
// (clamps are fine), neither adds a residual nor scales its input. A function of the
// parameters alone.
bool IsExpandDepthwise(const Conv2DParams& expand, const Conv2DParams& depthwise);

// The kernel for such a pair, or null when the CPU running this lacks AVX-512F (asked at
// run time). Filters are OIHW, biases may be null. The result is the depthwise layer's
// output, the same bits on any thread count: the expansion sums as conv2d_pointwise.h
// does, and each depthwise output adds its taps row by row, left to right, then its bias.
std::unique_ptr<Op> MakeExpandDepthwise(Context& context, const Conv2DParams& expand,
                                        const float* expand_filter, const float* expand_bias,
                                        const Conv2DParams& depthwise,
                                        const float* depthwise_filter, const float* depthwise_bias,
                                        const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_EXPAND_DEPTHWISE_H_
