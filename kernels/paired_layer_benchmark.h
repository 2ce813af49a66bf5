// What the paired layer benchmarks (conv2d_winograd_benchmark, conv2d_pointwise_benchmark)
// share: their flags, a run's time with or without cold caches, and the median. Each runs
// our kernel and oneDNN's alternately in one process: this VM's speed drifts by up to 2x
// over seconds, so separate runs cannot resolve 10%.
#ifndef NEO_KERNELS_PAIRED_LAYER_BENCHMARK_H_
#define NEO_KERNELS_PAIRED_LAYER_BENCHMARK_H_

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "kernels/context.h"
#include "kernels/internal.h"

namespace neo::kernels::benchmarking {

// [ROUNDS] [--cold] [--only=MODEL]
struct PairedFlags {
  int rounds = 60;
  bool cold = false;
  const char* only = nullptr;  // that model's layers only
};

inline PairedFlags ParsePairedFlags(int argc, char** argv) {
  PairedFlags f;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--cold") {
      f.cold = true;
    } else if (arg.rfind("--only=", 0) == 0) {
      f.only = argv[i] + 7;
    } else {
      f.rounds = std::atoi(argv[i]);
    }
  }
  return f;
}

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Buffers read again after the caches are flushed: the activations a model has cached.
using WarmBuffers = std::vector<std::pair<const float*, size_t>>;

// One Run() in milliseconds. With `cold`, it first reads 512 MB, more than the last-level
// cache, so the layer's weights come from memory as they do inside a model whose weights
// are not all cached between runs, then the `warm` buffers again.
inline double TimeMs(Context& context, internal::Op& op, bool cold, const WarmBuffers& warm = {}) {
  if (cold) {
    static std::vector<char> buffer(size_t{512} << 20, 1);
    volatile char sink = 0;
    for (size_t i = 0; i < buffer.size(); i += 64) sink = sink + buffer[i];
    volatile float touch = 0;
    for (const auto& [data, n] : warm)
      for (size_t i = 0; i < n; i += 16) touch = touch + data[i];
  }
  const auto start = std::chrono::steady_clock::now();
  context.BeginRun();
  op.Run();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Each op's median over the rounds, and the median over rounds of the first op's time
// over each op's (ratio[0] is 1).
struct AlternatedTimes {
  std::vector<double> median, ratio;
};

// Five untimed rounds, then `f.rounds` rounds that run every op once, in order.
inline AlternatedTimes Alternate(Context& context, const std::vector<internal::Op*>& ops,
                                 const PairedFlags& f, const WarmBuffers& warm = {}) {
  auto time = [&](internal::Op& op) { return TimeMs(context, op, f.cold, warm); };
  for (int i = 0; i < 5; ++i)
    for (internal::Op* op : ops) time(*op);
  std::vector<std::vector<double>> times(ops.size()), ratios(ops.size());
  for (int r = 0; r < f.rounds; ++r) {
    for (size_t k = 0; k < ops.size(); ++k) times[k].push_back(time(*ops[k]));
    for (size_t k = 0; k < ops.size(); ++k) ratios[k].push_back(times[0].back() / times[k].back());
  }
  AlternatedTimes result;
  for (size_t k = 0; k < ops.size(); ++k) {
    result.median.push_back(Median(times[k]));
    result.ratio.push_back(Median(ratios[k]));
  }
  return result;
}

}  // namespace neo::kernels::benchmarking

#endif  // NEO_KERNELS_PAIRED_LAYER_BENCHMARK_H_
