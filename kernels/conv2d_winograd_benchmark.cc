// Our F(4x4, 3x3) Winograd (conv2d_winograd.h) against oneDNN's Winograd and direct
// algorithms on the stride-1 3x3 layers of the benchmarked CNNs, run alternately in one
// process (this VM's speed drifts by up to 2x over seconds, so separate runs cannot
// resolve 10%): per layer and thread count, each side's median and the median of the
// per-round ratios. Run: bazel run -c opt //kernels:conv2d_winograd_benchmark
// [-- ROUNDS] [--cold] [--only=resnet|densenet|googlenet|squeezenet]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kernels/arena.h"
#include "kernels/conv2d.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/conv2d_winograd.h"

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

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// With --cold, each timed run first reads 512 MB, more than the last-level cache, so the
// layer's weights come from memory as they do inside a model whose weights exceed it
// (ResNet-50's 97 MB plus the transformed copies), not from the previous run's cache.
bool cold = false;

void EvictCaches() {
  static std::vector<char> buffer(size_t{512} << 20, 1);
  volatile char sink = 0;
  for (size_t i = 0; i < buffer.size(); i += 64) sink = sink + buffer[i];
}

double TimeMs(Context& context, internal::Op& op) {
  if (cold) EvictCaches();
  const auto start = std::chrono::steady_clock::now();
  context.BeginRun();
  op.Run();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void Compare(const Layer& l, int threads, int rounds) {
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
    std::printf("%-10s %3dx%-3d %4d->%-4d %dt: not ours (shape, CPU, or weights per tile on two threads)\n", l.model, l.size, l.size,
                l.in, l.out, threads);
    return;
  }
  auto wino =
      internal::MakeOnednnConv2D(context, p, true, filter.data(), bias.data(), input, output);
  auto direct =
      internal::MakeOnednnConv2D(context, p, false, filter.data(), bias.data(), input, output);
  for (int i = 0; i < 5; ++i)
    TimeMs(context, *ours), TimeMs(context, *wino), TimeMs(context, *direct);
  std::vector<double> a, b, c, ab, ac;
  for (int r = 0; r < rounds; ++r) {
    a.push_back(TimeMs(context, *ours));
    b.push_back(TimeMs(context, *wino));
    c.push_back(TimeMs(context, *direct));
    ab.push_back(a.back() / b.back());
    ac.push_back(a.back() / c.back());
  }
  std::printf(
      "%-10s %3dx%-3d %4d->%-4d %dt: ours %.3f ms, onednn %s %.3f ms, direct %.3f ms; "
      "ours/winograd %.2f, ours/direct %.2f\n",
      l.model, l.size, l.size, l.in, l.out, threads, Median(a), wino->implementation(), Median(b),
      Median(c), Median(ab), Median(ac));
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  int rounds = 60;
  const char* only = nullptr;  // --only=MODEL: that model's layers
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--cold") {
      neo::kernels::cold = true;
    } else if (arg.rfind("--only=", 0) == 0) {
      only = argv[i] + 7;
    } else {
      rounds = std::atoi(argv[i]);
    }
  }
  for (int threads : {1, 2})
    for (const auto& layer : neo::kernels::kLayers)
      if (only == nullptr || std::string(layer.model) == only)
        neo::kernels::Compare(layer, threads, rounds);
  return 0;
}
