// Our F(4x4, 3x3) Winograd (conv2d_winograd.h) against oneDNN's Winograd and direct
// algorithms on the stride-1 3x3 layers of the benchmarked CNNs, run alternately in one
// process (this VM's speed drifts by up to 2x over seconds, so separate runs cannot
// resolve 10%): per layer and thread count, each side's median and the median of the
// per-round ratios. Run: bazel run -c opt //kernels:conv2d_winograd_benchmark
// [-- ROUNDS] [--cold] [--only=resnet|densenet|googlenet|squeezenet]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kernels/arena.h"
#include "kernels/conv2d.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/conv2d_winograd.h"
#include "kernels/paired_layer_benchmark.h"

namespace neo::kernels {
namespace {

struct Layer {
  const char* model;
  int size, in, out;
};

const Layer kLayers[] = {
    {"resnet", 56, 64, 64},      {"resnet", 28, 128, 128},    {"resnet", 14, 256, 256},
    {"densenet", 56, 128, 32},   {"densenet", 28, 128, 32},   {"densenet", 14, 128, 32},
    {"googlenet", 28, 96, 128},  {"googlenet", 28, 128, 192}, {"googlenet", 14, 112, 224},
    {"googlenet", 14, 160, 320}, {"squeezenet", 55, 16, 64},  {"squeezenet", 27, 32, 128},
    {"squeezenet", 13, 48, 192}, {"squeezenet", 13, 64, 256},
};

void Compare(const Layer& l, int threads, const benchmarking::PairedFlags& f) {
  Conv2DParams p{};
  p.batch = 1;
  p.input_height = p.input_width = p.output_height = p.output_width = l.size;
  p.input_channels = l.in;
  p.output_channels = l.out;
  p.kernel_height = p.kernel_width = 3;
  p.stride_height = p.stride_width = p.dilation_height = p.dilation_width = 1;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
  p.groups = 1;
  p.output_min = 0.0f;
  const size_t in = size_t{1} * l.size * l.size * l.in, out = size_t{1} * l.size * l.size * l.out;
  Arena arena((in + out) * sizeof(float) + 2 * kArenaAlignment);
  float* input = reinterpret_cast<float*>(arena.data());
  float* output =
      reinterpret_cast<float*>(arena.data() + (in * sizeof(float) + kArenaAlignment - 1) /
                                                  kArenaAlignment * kArenaAlignment);
  std::fill(input, input + in, 1.0f);
  std::vector<float> filter(size_t{9} * l.in * l.out, 0.01f), bias(l.out, 0.1f);
  Context context(threads);
  auto ours = internal::MakeWinogradF4Conv(context, p, filter.data(), bias.data(), input, output);
  if (!ours) {
    std::printf(
        "%-10s %3dx%-3d %4d->%-4d %dt: not ours (shape, CPU, or weights per tile on two threads)\n",
        l.model, l.size, l.size, l.in, l.out, threads);
    return;
  }
  auto wino =
      internal::MakeOnednnConv2D(context, p, true, filter.data(), bias.data(), input, output);
  auto direct =
      internal::MakeOnednnConv2D(context, p, false, filter.data(), bias.data(), input, output);
  const benchmarking::AlternatedTimes t =
      benchmarking::Alternate(context, {ours.get(), wino.get(), direct.get()}, f);
  std::printf(
      "%-10s %3dx%-3d %4d->%-4d %dt: ours %.3f ms, onednn %s %.3f ms, direct %.3f ms; "
      "ours/winograd %.2f, ours/direct %.2f\n",
      l.model, l.size, l.size, l.in, l.out, threads, t.median[0], wino->implementation(),
      t.median[1], t.median[2], t.ratio[1], t.ratio[2]);
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
