// Our 1x1 kernel (conv2d_pointwise.h) against oneDNN's on the 1x1 layers of the
// benchmarked CNNs, run alternately in one process (this VM's speed drifts by up to 2x over
// seconds, so separate runs cannot resolve 10%): per layer and thread count, each side's
// median and the median of the per-round ratios. Run: bazel run -c opt
// //kernels:conv2d_pointwise_benchmark [-- ROUNDS] [--cold]
// [--only=mnasnet|resnet50|resnext50|effnet|mbv3]. Layers that the pixel rule of
// conv2d_pointwise.h leaves to oneDNN are measured too and marked "(rule: onednn)".
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kernels/arena.h"
#include "kernels/conv2d.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/conv2d_pointwise.h"
#include "kernels/paired_layer_benchmark.h"

namespace neo::kernels {
namespace {

struct Layer {
  const char* model;
  int size, in, out;
  bool residual;
  Activation activation = Activation::kNone;
  bool scaled = false;  // squeeze-excitation's gate on the input
  int stride = 1;
};

const Layer kLayers[] = {
    {"mnasnet", 112, 32, 16, false},
    {"mnasnet", 112, 16, 48, false},
    {"mnasnet", 56, 24, 72, false},
    {"mnasnet", 56, 72, 24, true},
    {"mnasnet", 28, 40, 120, false},
    {"mnasnet", 28, 120, 40, true},
    {"mnasnet", 14, 80, 480, false},
    {"mnasnet", 14, 480, 80, true},
    {"mnasnet", 14, 96, 576, false},
    {"mnasnet", 14, 576, 96, true},
    {"mnasnet", 7, 192, 1152, false},
    {"mnasnet", 7, 1152, 192, true},
    {"mnasnet", 7, 1152, 320, false},
    {"mnasnet", 7, 320, 1280, false},
    {"resnet50", 56, 64, 256, false},
    {"resnet50", 56, 256, 64, false},
    {"resnet50", 28, 128, 512, true},
    {"resnet50", 28, 512, 128, false},
    {"resnet50", 14, 256, 1024, true},
    {"resnet50", 14, 1024, 256, false},
    {"resnet50", 7, 512, 2048, true},
    {"resnet50", 7, 2048, 512, false},
    {"resnet50", 56, 256, 512, false, Activation::kNone, false, 2},
    {"resnet50", 14, 1024, 2048, false, Activation::kNone, false, 2},
    {"resnext50", 56, 64, 128, false},
    {"resnext50", 56, 128, 256, true},
    {"resnext50", 56, 256, 128, false},
    {"resnext50", 56, 256, 256, false},
    {"resnext50", 28, 256, 512, true},
    {"resnext50", 28, 512, 256, false},
    {"resnext50", 14, 512, 1024, true},
    {"resnext50", 14, 1024, 512, false},
    {"resnext50", 7, 1024, 2048, true},
    {"resnext50", 7, 2048, 1024, false},
    {"effnet", 112, 16, 96, false, Activation::kSwish},
    {"effnet", 56, 144, 24, true, Activation::kNone, true},
    {"effnet", 56, 96, 24, false, Activation::kNone, true},
    {"effnet", 14, 112, 672, false, Activation::kSwish},
    {"effnet", 7, 192, 1152, false, Activation::kSwish},
    {"effnet", 7, 1152, 320, false, Activation::kNone, true},
    {"mbv3", 14, 112, 672, false, Activation::kHardSwish},
};

void Compare(const Layer& l, int threads, const benchmarking::PairedFlags& f) {
  Conv2DParams p{};
  p.batch = 1;
  p.input_height = p.input_width = l.size;
  p.output_height = p.output_width = (l.size - 1) / l.stride + 1;
  p.stride_height = p.stride_width = l.stride;
  p.activation = l.activation;
  p.scaled_input = l.scaled;
  p.input_channels = l.in;
  p.output_channels = l.out;
  p.kernel_height = p.kernel_width = 1;
  p.dilation_height = p.dilation_width = 1;
  p.groups = 1;
  if (l.activation == Activation::kNone) p.output_min = 0.0f;
  p.accumulate = l.residual;
  const size_t in = size_t{1} * l.size * l.size * l.in,
               out = size_t{1} * p.output_height * p.output_width * l.out;
  Arena arena((in + out) * sizeof(float) + 2 * kArenaAlignment);
  float* input = reinterpret_cast<float*>(arena.data());
  float* output =
      reinterpret_cast<float*>(arena.data() + (in * sizeof(float) + kArenaAlignment - 1) /
                                                  kArenaAlignment * kArenaAlignment);
  std::fill(input, input + in, 1.0f);
  std::fill(output, output + out, 0.0f);
  std::vector<float> filter(size_t{1} * l.in * l.out, 0.01f), bias(l.out, 0.1f), scale(l.in, 0.5f);
  const float* input_scale = l.scaled ? scale.data() : nullptr;
  Context context(threads);
  const bool by_rule = internal::IsPointwiseConv(p);
  auto ours = internal::MakePointwiseConvAnySize(context, p, filter.data(), bias.data(), input,
                                                 output, input_scale);
  if (!ours) {
    std::printf("%-9s %3dx%-3d %4d->%-4d %dt: not ours (shape or CPU)\n", l.model, l.size, l.size,
                l.in, l.out, threads);
    return;
  }
  auto onednn = internal::MakeOnednnConv2D(context, p, false, filter.data(), bias.data(), input,
                                           output, input_scale);
  // With --cold the activations are read again after the flush, as a model has them cached.
  const benchmarking::WarmBuffers warm = {{input, in}, {output, out}};
  const benchmarking::AlternatedTimes t =
      benchmarking::Alternate(context, {ours.get(), onednn.get()}, f, warm);
  const double gflop = 2e-6 * p.output_height * p.output_width * l.in * l.out;
  std::printf(
      "%-9s %3dx%-3d %4d->%-4d /%d%s%s%s %dt: ours %.3f ms (%.0f GFLOPS), %s %.3f ms; "
      "ratio %.2f%s\n",
      l.model, l.size, l.size, l.in, l.out, l.stride, l.residual ? " +res" : "",
      l.scaled ? " +scale" : "",
      l.activation == Activation::kNone
          ? ""
          : (l.activation == Activation::kSwish ? " +swish" : " +hswish"),
      threads, t.median[0], gflop / t.median[0], onednn->implementation(), t.median[1], t.ratio[1],
      by_rule ? "" : " (rule: onednn)");
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  const auto flags = neo::kernels::benchmarking::ParsePairedFlags(argc, argv);
  for (int threads : {1, 2})
    for (const auto& layer : neo::kernels::kLayers)
      if (flags.only == nullptr || std::string(layer.model) == flags.only)
        neo::kernels::Compare(layer, threads, flags);
  return 0;
}
