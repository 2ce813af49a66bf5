// The fused 1x1 expansion and depthwise convolution (conv2d_expand_depthwise.h) against the
// two layers as a model runs them today (Conv2D's oneDNN backend twice: our 1x1 kernel or
// oneDNN's, then oneDNN's depthwise kernel, through the expanded tensor), on the inverted
// residual blocks of MnasNet, MobileNetV2 and EfficientNet-B0, run alternately in one
// process: per layer pair and thread count, each side's median and the median of the
// per-round ratios. Run: bazel run -c opt //kernels:conv2d_expand_depthwise_benchmark
// [-- ROUNDS] [--cold] [--only=mnasnet|mbv2|effnet].
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "kernels/conv2d.h"
#include "kernels/conv2d_expand_depthwise.h"
#include "kernels/paired_layer_benchmark.h"

namespace neo::kernels {
namespace {

struct Block {
  const char* model;
  int size, in, channels, kernel, stride;
  Activation activation;  // both layers'
  float hi;               // both layers' clamp above (Relu6); below 0 without an activation
};

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr Activation kNone = Activation::kNone, kSwish = Activation::kSwish;

const Block kBlocks[] = {
    {"mnasnet", 112, 16, 48, 3, 2, kNone, kInf},  {"mnasnet", 56, 24, 72, 3, 1, kNone, kInf},
    {"mnasnet", 56, 24, 72, 5, 2, kNone, kInf},   {"mnasnet", 28, 40, 120, 5, 1, kNone, kInf},
    {"mnasnet", 28, 40, 240, 5, 2, kNone, kInf},  {"mnasnet", 14, 80, 480, 5, 1, kNone, kInf},
    {"mnasnet", 14, 80, 480, 3, 1, kNone, kInf},  {"mnasnet", 14, 96, 576, 3, 1, kNone, kInf},
    {"mnasnet", 14, 96, 576, 5, 2, kNone, kInf},  {"mnasnet", 7, 192, 1152, 5, 1, kNone, kInf},
    {"mnasnet", 7, 192, 1152, 3, 1, kNone, kInf}, {"mbv2", 112, 16, 96, 3, 2, kNone, 6.0f},
    {"mbv2", 56, 24, 144, 3, 1, kNone, 6.0f},     {"mbv2", 56, 24, 144, 3, 2, kNone, 6.0f},
    {"mbv2", 28, 32, 192, 3, 1, kNone, 6.0f},     {"mbv2", 28, 32, 192, 3, 2, kNone, 6.0f},
    {"mbv2", 14, 64, 384, 3, 1, kNone, 6.0f},     {"mbv2", 14, 96, 576, 3, 1, kNone, 6.0f},
    {"mbv2", 14, 96, 576, 3, 2, kNone, 6.0f},     {"mbv2", 7, 160, 960, 3, 1, kNone, 6.0f},
    {"effnet", 112, 16, 96, 3, 2, kSwish, kInf},  {"effnet", 56, 24, 144, 3, 1, kSwish, kInf},
    {"effnet", 56, 24, 144, 5, 2, kSwish, kInf},  {"effnet", 28, 40, 240, 5, 1, kSwish, kInf},
    {"effnet", 28, 40, 240, 3, 2, kSwish, kInf},  {"effnet", 14, 80, 480, 3, 1, kSwish, kInf},
    {"effnet", 14, 112, 672, 5, 1, kSwish, kInf}, {"effnet", 14, 112, 672, 5, 2, kSwish, kInf},
    {"effnet", 7, 192, 1152, 5, 1, kSwish, kInf}, {"effnet", 7, 192, 1152, 3, 1, kSwish, kInf},
};

void Compare(const Block& b, int threads, const benchmarking::PairedFlags& f) {
  Conv2DParams e{};
  e.batch = 1;
  e.input_height = e.input_width = e.output_height = e.output_width = b.size;
  e.input_channels = b.in;
  e.output_channels = b.channels;
  e.kernel_height = e.kernel_width = 1;
  e.stride_height = e.stride_width = e.dilation_height = e.dilation_width = 1;
  e.groups = 1;
  e.activation = b.activation;
  if (b.activation == kNone) e.output_min = 0.0f;
  e.output_max = b.hi;
  Conv2DParams d = e;
  d.input_channels = b.channels;
  d.kernel_height = d.kernel_width = b.kernel;
  d.stride_height = d.stride_width = b.stride;
  d.pad_top = d.pad_left = d.pad_bottom = d.pad_right = b.kernel / 2;
  d.output_height = d.output_width = (b.size - 1) / b.stride + 1;
  d.groups = b.channels;
  const size_t in = size_t{1} * b.size * b.size * b.in,
               mid = size_t{1} * b.size * b.size * b.channels,
               out = size_t{1} * d.output_height * d.output_width * b.channels;
  std::vector<float> input(in + 16, 1.0f), expanded(mid + 16, 0.0f), output(out + 16, 0.0f);
  std::vector<float> ef(size_t{1} * b.in * b.channels, 0.01f), eb(b.channels, 0.1f),
      df(size_t{1} * b.channels * b.kernel * b.kernel, 0.05f), db(b.channels, 0.1f);
  Context context(threads);
  auto ours = internal::MakeExpandDepthwise(context, e, ef.data(), eb.data(), d, df.data(),
                                            db.data(), input.data(), output.data());
  if (!ours) {
    std::printf("%-7s %3dx%-3d %4d->%-4d dw%ds%d %dt: not ours (shape or CPU)\n", b.model, b.size,
                b.size, b.in, b.channels, b.kernel, b.stride, threads);
    return;
  }
  Conv2D expand(context, e, Backend::kOnednn, ef.data(), eb.data(), input.data(), expanded.data());
  Conv2D depthwise(context, d, Backend::kOnednn, df.data(), db.data(), expanded.data(),
                   output.data());
  auto apart = internal::MakeOp([&expand, &depthwise] {
    expand.Run();
    depthwise.Run();
  });
  const benchmarking::WarmBuffers warm = {{input.data(), in}, {output.data(), out}};
  const benchmarking::AlternatedTimes t =
      benchmarking::Alternate(context, {ours.get(), apart.get()}, f, warm);
  std::printf(
      "%-7s %3dx%-3d %4d->%-4d dw%ds%d%s %dt: fused %.3f ms, apart %.3f ms (%s + %s); "
      "ratio %.2f\n",
      b.model, b.size, b.size, b.in, b.channels, b.kernel, b.stride,
      b.activation == kSwish ? " +swish" : "", threads, t.median[0], t.median[1],
      expand.implementation(), depthwise.implementation(), t.ratio[1]);
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  const auto flags = neo::kernels::benchmarking::ParsePairedFlags(argc, argv);
  for (int threads : {1, 2})
    for (const auto& block : neo::kernels::kBlocks)
      if (flags.only == nullptr || std::string(block.model) == flags.only)
        neo::kernels::Compare(block, threads, flags);
  return 0;
}
