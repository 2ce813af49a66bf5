// Our matrix-vector product (fully_connected_gemv.h) against oneDNN's inner product on the
// classifiers of the benchmarked CNNs, run alternately in one process: per layer and
// thread count, each side's median and the median of the per-round ratios. Run: bazel run
// -c opt //kernels:fully_connected_gemv_benchmark [-- ROUNDS] [--cold]. Without --cold the
// weights stay in the last-level cache between runs (a small CNN's weights all fit in it);
// with it they come from memory (resnet50's do not).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "kernels/conv2d_onednn.h"
#include "kernels/fully_connected.h"
#include "kernels/fully_connected_gemv.h"
#include "kernels/paired_layer_benchmark.h"

namespace neo::kernels {
namespace {

struct Layer {
  const char* model;
  int batch, in, out;
  Activation activation = Activation::kNone;
};

const Layer kLayers[] = {
    {"mobilenet_v2", 1, 1280, 1000},  {"mbv3_large", 1, 960, 1280, Activation::kHardSwish},
    {"regnet_y_400mf", 1, 440, 1000}, {"resnet18", 1, 512, 1000},
    {"densenet121", 1, 1024, 1000},   {"resnet50", 1, 2048, 1000},
    {"four images", 4, 1280, 1000},
};

void Compare(const Layer& l, int threads, const benchmarking::PairedFlags& f) {
  FullyConnectedParams p{};
  p.batch = l.batch;
  p.input_channels = l.in;
  p.output_channels = l.out;
  p.activation = l.activation;
  std::vector<float> input(size_t{1} * l.batch * l.in, 1.0f), output(size_t{1} * l.batch * l.out);
  std::vector<float> filter(size_t{1} * l.in * l.out, 0.01f), bias(l.out, 0.1f);
  Context context(threads);
  auto ours = internal::MakeGemvFullyConnected(context, p, filter.data(), bias.data(), input.data(),
                                               output.data());
  if (!ours) {
    std::printf("%-14s %d x %4d->%-4d %dt: not ours (shape or CPU)\n", l.model, l.batch, l.in,
                l.out, threads);
    return;
  }
  auto onednn = internal::MakeOnednnFullyConnected(context, p, filter.data(), bias.data(),
                                                   input.data(), output.data());
  const benchmarking::WarmBuffers warm = {{input.data(), input.size()},
                                          {output.data(), output.size()}};
  const benchmarking::AlternatedTimes t =
      benchmarking::Alternate(context, {ours.get(), onednn.get()}, f, warm);
  const double gb = 4e-6 * l.in * l.out;  // weights, in GB per ms
  std::printf("%-14s %d x %4d->%-4d%s %dt: ours %.3f ms (%.0f GB/s), %s %.3f ms; ratio %.2f\n",
              l.model, l.batch, l.in, l.out, l.activation == Activation::kNone ? "" : " +hswish",
              threads, t.median[0], gb / t.median[0], onednn->implementation(), t.median[1],
              t.ratio[1]);
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  const auto flags = neo::kernels::benchmarking::ParsePairedFlags(argc, argv);
  for (int threads : {1, 2})
    for (const auto& layer : neo::kernels::kLayers) neo::kernels::Compare(layer, threads, flags);
  return 0;
}
