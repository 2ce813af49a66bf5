// Conv2D per backend on the layer shapes DESIGN.md lists (batch 1, fp32), 1 and 2
// threads. Run: bazel run -c opt //kernels:conv2d_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "kernels/arena.h"
#include "kernels/conv2d.h"

namespace neo::kernels {
namespace {

struct Layer {
  const char* name;
  int size, in, out, kernel, stride, groups;
};

const Layer kLayers[] = {
    {"3x3_64ch_56x56", 56, 64, 64, 3, 1, 1},
    {"3x3_256ch_14x14", 14, 256, 256, 3, 1, 1},
    {"1x1_1024to256_14x14", 14, 1024, 256, 1, 1, 1},
    {"7x7s2_3to64_224x224", 224, 3, 64, 7, 2, 1},
    {"dw3x3_144ch_56x56", 56, 144, 144, 3, 1, 144},
    {"3x3_512ch_7x7", 7, 512, 512, 3, 1, 1},
    // EfficientNet / MobileNet layers (inverted residual blocks).
    {"1x1_16to96_112x112", 112, 16, 96, 1, 1, 1},
    {"dw3x3s2_96ch_112x112", 112, 96, 96, 3, 2, 96},
    {"dw3x3_32ch_112x112", 112, 32, 32, 3, 1, 32},
    {"dw5x5_240ch_28x28", 28, 240, 240, 5, 1, 240},
    {"1x1_24to144_56x56", 56, 24, 144, 1, 1, 1},
    {"1x1_144to24_56x56", 56, 144, 24, 1, 1, 1},
    {"1x1_1152to192_7x7", 7, 1152, 192, 1, 1, 1},
    {"1x1_112to672_14x14", 14, 112, 672, 1, 1, 1},
    {"3x3s2_3to32_224x224", 224, 3, 32, 3, 2, 1},
    // ResNet-50's strided layers (the size is the input's).
    {"1x1s2_512to1024_28x28", 28, 512, 1024, 1, 2, 1},
    {"1x1s2_1024to2048_14x14", 14, 1024, 2048, 1, 2, 1},
    {"1x1s2_256to512_56x56", 56, 256, 512, 1, 2, 1},
    {"3x3s2_512ch_14x14", 14, 512, 512, 3, 2, 1},
    {"1x1_512to1024_14x14", 14, 512, 1024, 1, 1, 1},
    // ResNeXt-50's grouped layers: four channels per group (our own loop), then eight.
    {"3x3g32_128ch_56x56", 56, 128, 128, 3, 1, 32},
    {"3x3g32_256ch_28x28", 28, 256, 256, 3, 1, 32},
    {"3x3s2g32_256ch_56x56", 56, 256, 256, 3, 2, 32},
    // RegNetY-400MF's groups of eight, the first layer of its first stage.
    {"3x3s2g6_48ch_112x112", 112, 48, 48, 3, 2, 6},
    // SqueezeNet 1.1's expand layers (their outputs are concatenated).
    {"1x1_16to64_55x55", 55, 16, 64, 1, 1, 1},
    {"3x3_16to64_55x55", 55, 16, 64, 3, 1, 1},
    {"3x3_32to128_27x27", 27, 32, 128, 3, 1, 1},
    {"3x3_64to256_13x13", 13, 64, 256, 3, 1, 1},
    // Stride-1 3x3 layers that Winograd takes (conv2d_winograd.h): ResNet's, DenseNet's
    // growth layers, GoogLeNet's.
    {"3x3_128ch_28x28", 28, 128, 128, 3, 1, 1},
    {"3x3_128to32_56x56", 56, 128, 32, 3, 1, 1},
    {"3x3_128to32_14x14", 14, 128, 32, 3, 1, 1},
    {"3x3_96to128_28x28", 28, 96, 128, 3, 1, 1},
};

Conv2DParams Params(const Layer& l) {
  Conv2DParams p;
  p.batch = 1;
  p.input_height = p.input_width = l.size;
  p.input_channels = l.in;
  p.output_channels = l.out;
  p.kernel_height = p.kernel_width = l.kernel;
  p.stride_height = p.stride_width = l.stride;
  p.dilation_height = p.dilation_width = 1;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = l.kernel / 2;
  p.groups = l.groups;
  p.output_height = p.output_width = (l.size + 2 * (l.kernel / 2) - l.kernel) / l.stride + 1;
  p.output_min = 0.0f;  // ResNet-style fused Relu
  return p;
}

// swish: the layer's activation is Swish (EfficientNet) instead of Relu.
void BM_Conv2D(benchmark::State& state, Layer layer, Backend backend, int threads, bool swish) {
  Conv2DParams p = Params(layer);
  if (swish) {
    p.activation = Activation::kSwish;
    p.output_min = -std::numeric_limits<float>::infinity();
  }
  if (!Conv2DSupports(backend, p)) {
    state.SkipWithError("backend does not support this layer");
    return;
  }
  // Activations in an Arena, 64-byte aligned as a model's are: from plain vectors (16
  // bytes past a page) oneDNN's depthwise kernels ran 40% slower.
  const size_t in = static_cast<size_t>(p.input_height) * p.input_width * p.input_channels;
  const size_t out = static_cast<size_t>(p.output_height) * p.output_width * p.output_channels;
  Arena arena((in + out) * sizeof(float) + kArenaAlignment);
  float* input = reinterpret_cast<float*>(arena.data());
  float* output = reinterpret_cast<float*>(
      arena.data() + (in * sizeof(float) + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment);
  std::fill(input, input + in, 1.0f);
  std::vector<float> filter(static_cast<size_t>(p.output_channels) *
                                (p.input_channels / p.groups) * p.kernel_height *
                                p.kernel_width, 0.01f),
      bias(p.output_channels, 0.1f);
  Context context(threads);
  Conv2D conv(context, p, backend, filter.data(), bias.data(), input, output);
  state.SetLabel(conv.implementation());
  for (auto _ : state) {
    context.BeginRun();
    conv.Run();
    benchmark::ClobberMemory();
  }
  const double flops = 2.0 * p.output_height * p.output_width * p.output_channels *
                       (p.input_channels / p.groups) * p.kernel_height * p.kernel_width;
  state.counters["GFLOPS"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  using neo::kernels::Backend;
  for (const auto& layer : neo::kernels::kLayers) {
    for (Backend b : {Backend::kXnnpack, Backend::kOnednn, Backend::kOnednnWinograd}) {
      for (int threads : {1, 2}) {
        for (bool swish : {false, true}) {
          const std::string name = std::string(layer.name) + (swish ? "+swish/" : "/") +
                                   neo::kernels::BackendName(b) + "/threads:" +
                                   std::to_string(threads);
          benchmark::RegisterBenchmark(name.c_str(), neo::kernels::BM_Conv2D, layer, b, threads,
                                       swish)
              ->Unit(benchmark::kMillisecond)
              ->MinTime(0.3)
              ->UseRealTime();
        }
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
