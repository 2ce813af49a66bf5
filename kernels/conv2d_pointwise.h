// 1x1 convolutions (pointwise: a matrix product [pixels x in] x [in x out] over NHWC
// activations) on CPUs with AVX-512, with software prefetch of the weights. Inside a
// model the weights of a late layer come from memory on every run (the model's weights
// exceed what stays cached between runs), and oneDNN's 1x1 kernels wait for them: a
// 1152->192 layer at 7x7 took 0.29 ms inside mnasnet1_0 against 0.17 ms with its weights
// cached. Here, while one block of 64 output channels is computed, the next block's weights
// are fetched into L2, one cache line per step of the products. Internal to //kernels:
// Conv2D's oneDNN backend takes it where it applies.
#ifndef NEO_KERNELS_CONV2D_POINTWISE_H_
#define NEO_KERNELS_CONV2D_POINTWISE_H_

#include <memory>

#include "kernels/context.h"
#include "kernels/conv2d.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether the layer has that shape: 1x1, any stride, no padding, ungrouped, at least 32
// output channels, no activation function but Swish or hard-swish (a clamp and a residual
// are fine), an input scale only for one image, and, without an activation function, at
// most 1024 output pixels over the batch. A function of the parameters alone.
// - With 16 output channels the blocks are one vector wide and load a broadcast per
//   multiply-add; with 24 a quarter of the lanes is wasted: both took 1.1-1.3 times
//   oneDNN's time on Intel. On AMD Zen 4 (one 512-bit multiply-add per cycle, so the
//   broadcasts keep up) mnasnet1_0's 32->16 at 112x112 took 0.13 ms against oneDNN's
//   0.16-0.18 inside the model, but its 72->24 layers 0.15 against 0.13: one CPU family's
//   gain of 0.04 ms does not make a rule of its own.
// - With more pixels the weights are a small part of each run's traffic: inside resnet50
//   (one thread) oneDNN ran the 56x56 layers in 0.94 of our time, the 28x28 ones in 0.97
//   (14x14 even, 7x7 ours 0.93). A Swish or hard-swish applied in registers still wins
//   there, where oneDNN needs a pass over its output: EfficientNet's 16->96 at 112x112
//   took 0.84 ms inside the model against 1.36.
//   On AMD Zen 4 both ran resnext50_32x4d's 56x56 layers at the core's peak (113 GFLOPS:
//   two 256-bit multiply-adds a cycle), ours in 1.01-1.02 of oneDNN's time.
bool IsPointwiseConv(const Conv2DParams& p);

// The shape without the rules on pixels and on 32 output channels (16 suffice): what the
// kernel can compute at all.
bool PointwiseConvComputes(const Conv2DParams& p);

// The kernel for such a layer, or null when the CPU running this lacks AVX-512F (asked at
// run time, so generic x86-64 builds carry it too). Results do not depend on the thread
// count: every output sums its products in input-channel order. `input_scale` is the
// per-channel factor for a layer with scaled_input, else null.
std::unique_ptr<Op> MakePointwiseConv(Context& context, const Conv2DParams& p, const float* filter,
                                      const float* bias, const float* input, float* output,
                                      const float* input_scale = nullptr);

// The kernel wherever PointwiseConvComputes, for benchmarks that weigh the pixel rule.
std::unique_ptr<Op> MakePointwiseConvAnySize(Context& context, const Conv2DParams& p,
                                             const float* filter, const float* bias,
                                             const float* input, float* output,
                                             const float* input_scale = nullptr);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_POINTWISE_H_
