// QuantizedConv2D (QLinearConv, int8 throughout, per-channel symmetric weights) on the
// reference and on XNNPACK with its corrections, 1 and 2 threads, with per-channel
// scales as calibration gives them (multipliers near 1e-3, where a fifth of the channels
// need the reference's checks). Run: bazel run -c opt //kernels:quantized_conv_benchmark
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "kernels/quantized_conv.h"

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
    {"dw3x3_144ch_56x56", 56, 144, 144, 3, 1, 144},
};

void BM_QLinearConv(benchmark::State& state, Layer l, Backend backend, int threads) {
  QuantizedConv2DParams p;
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
  p.input_type = p.weight_type = p.output_type = ElementType::kInt8;
  p.weight_scale_per_channel = p.has_bias = true;
  p.static_quantization = p.symmetric_weights = true;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-128, 127);
  std::uniform_real_distribution<float> scale(0.002f, 0.03f);
  const int window = (l.in / l.groups) * l.kernel * l.kernel;
  std::vector<int8_t> input(static_cast<size_t>(l.size) * l.size * l.in),
      weights(static_cast<size_t>(l.out) * window),
      output(static_cast<size_t>(p.output_height) * p.output_width * l.out);
  for (int8_t& v : input) v = static_cast<int8_t>(byte(rng));
  for (int8_t& v : weights) v = static_cast<int8_t>(byte(rng) | 1);
  std::vector<int32_t> bias(l.out, 100);
  std::vector<float> w_scale(l.out);
  for (float& v : w_scale) v = scale(rng);
  const float x_scale = 0.02f;
  const float y_scale = x_scale * 0.01f * 3 * 74 * 73 * std::sqrt(static_cast<float>(window)) / 100;
  const int8_t x_zp = 3, y_zp = -5;
  Context context(threads);
  QuantizedConv2D conv(context, p, backend, input.data(), &x_zp, weights.data(), nullptr,
                       &x_scale, w_scale.data(), &y_scale, &y_zp, bias.data(), output.data());
  state.SetLabel(conv.implementation());
  for (auto _ : state) {
    context.BeginRun();
    conv.Run();
    benchmark::ClobberMemory();
  }
  const double ops = 2.0 * p.output_height * p.output_width * l.out * window;
  state.counters["GOPS"] = benchmark::Counter(ops, benchmark::Counter::kIsIterationInvariantRate,
                                              benchmark::Counter::kIs1000);
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  using neo::kernels::Backend;
  for (const auto& layer : neo::kernels::kLayers) {
    for (Backend b : {Backend::kReference, Backend::kXnnpack}) {
      for (int threads : {1, 2}) {
        if (b == Backend::kReference && threads == 2) continue;  // single-threaded loops
        const std::string name = std::string(layer.name) + "/" +
                                 neo::kernels::BackendName(b) + "/threads:" +
                                 std::to_string(threads);
        benchmark::RegisterBenchmark(name.c_str(), neo::kernels::BM_QLinearConv, layer, b,
                                     threads)
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.3)
            ->UseRealTime();
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
