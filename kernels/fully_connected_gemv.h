// Fully connected layers on a few rows (a classifier's matrix-vector product) on CPUs with
// AVX-512. With one image the layer is a single pass over its weights, 5 MB for a
// 1280->1000 classifier: the time is the time to stream them. oneDNN's inner product took
// 0.40 ms for that layer inside mobilenet_v2 (13 GB/s) where ONNX Runtime took 0.26. Here the
// weights are packed as one contiguous stream, 64 outputs at a time, and each thread streams
// its own share. Internal to //kernels: FullyConnected's oneDNN backend takes it where it
// applies.
#ifndef NEO_KERNELS_FULLY_CONNECTED_GEMV_H_
#define NEO_KERNELS_FULLY_CONNECTED_GEMV_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the layer has that shape: at most 4 rows (any activation of activation.h, and a
// clamp). A function of the parameters alone.
bool IsGemvFullyConnected(const FullyConnectedParams& p);

// Whether a convolution is such a product: 1x1, unpadded, ungrouped, on one pixel per
// image (squeeze-excitation's two layers after its pooling), at most 4 images, without a
// residual or an input scale. Its OIHW filter is then FullyConnected's [out, in].
bool IsGemvConv(const Conv2DParams& p);

// The kernel for such a layer, or null when the CPU running this lacks AVX-512F (asked at
// run time). Every output sums its products in input order, then adds its bias, so the
// results do not depend on the thread count.
std::unique_ptr<Op> MakeGemvFullyConnected(Context& context, const FullyConnectedParams& p,
                                           const float* filter, const float* bias,
                                           const float* input, float* output);

// The same for a convolution where IsGemvConv, else null.
std::unique_ptr<Op> MakeGemvConv(Context& context, const Conv2DParams& p, const float* filter,
                                 const float* bias, const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_FULLY_CONNECTED_GEMV_H_
