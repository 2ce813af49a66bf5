// 3x3 stride-1 convolutions by Winograd's minimal filtering F(4x4, 3x3), on NHWC
// activations, on CPUs with AVX-512. Each 4x4 block of outputs comes from a 6x6 block of
// inputs: both are transformed, and the 36 transformed positions become 36 matrix products
// [tiles x in] x [in x out], 36 multiplies per 16 outputs against the direct algorithm's
// 144. oneDNN 2.6's Winograd wants blocked (nChw16c) activations, so each layer paid two
// reorders around it, and ran at the direct algorithm's effective speed from 256 channels
// on. Here the transforms read and write NHWC and the products run in cache-sized blocks
// of tiles. Internal to //kernels: Conv2D's Winograd backend takes it where it applies.
#ifndef NEO_KERNELS_CONV2D_WINOGRAD_H_
#define NEO_KERNELS_CONV2D_WINOGRAD_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the layer's transformed weights (36 floats per pair of channels, four times the
// direct algorithm's) exceed 512 KB per tile: ResNet's 256->256 at 14x14 (590 KB). Inside
// a model such weights come from memory on every run; on two threads ours then took 1.08
// of oneDNN's Winograd's time (F(2x2, 3x3): 16 floats per pair, 49 tiles) with caches
// flushed between runs, and GoogLeNet's 160->320 at 14x14 (460 KB) 0.93.
bool WinogradF4WeightsBound(const Conv2DParams& p);

// The kernel for a layer where Conv2DWinogradF4Applies (kernels/conv2d.h), or null when
// the CPU running this lacks AVX-512F (asked at run time, so generic x86-64 builds carry it
// too) or the context has several threads and WinogradF4WeightsBound. Results do not
// depend on the thread count: every output sums its products in the same order.
std::unique_ptr<Op> MakeWinogradF4Conv(Context& context, const Conv2DParams& p, const float* filter,
                                       const float* bias, const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_WINOGRAD_H_
