// The tree walks of walk.h on their own, without neoc: 1024 random trees (32 features,
// the shape of //testdata/xgboost's bench_large) walked in runs of 8 or 16, one row or
// a block of 128 rows, with and without the default-direction test. Useful to try a
// change to walk.h before compiling a model. BM_OneRow times the one-row lane walk of
// walk_lanes.h against the scalar walk, BM_Block the bit walk of walk_bits.h on blocks.
//
//   bazel run -c opt //kernels/trees:walk_benchmark
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"

namespace neo::kernels::trees {
namespace {

constexpr size_t kFeatures = 32;
constexpr int kNumTrees = 1024;

// Adds all kNumTrees trees of depth kDepth in runs of kRun, state.range(0) rows at a time;
// state.range(1) != 0: the block has a NaN, so the walks test default directions.
template <int kDepth, int kRun>
void BM_Walk(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const bool missing = state.range(1) != 0;
  std::mt19937 rng(1);
  testing::Layout layout;
  for (int t = 0; t < kNumTrees; ++t) {
    layout.AddPerfect(testing::RandomTree(rng, kDepth, kFeatures), kDepth);
  }
  const ShardArrays arrays = layout.arrays();
  const std::vector<float> x = testing::RandomRows(rng, rows, kFeatures, 0.0);
  std::vector<float> margins(rows);
  const RowBlock<kFeatures, 1> block = {x.data(), rows, margins.data(), missing};
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  for (auto _ : state) {
    for (int first = 0; first < kNumTrees; first += kRun) {
      AddPerfectRun<kDepth, kRun>(arrays, first * kSplits, first * (kSplits + 1), first, block);
    }
    benchmark::DoNotOptimize(margins.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["time_per_row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

// rows x NaN test: a single row and a block of 128.
void Args(benchmark::internal::Benchmark* b) {
  for (int rows : {1, 128}) {
    for (int missing : {0, 1}) b->Args({rows, missing});
  }
  b->ArgNames({"rows", "nan"});
}

#if NEO_TREES_LANE_WALK
// One row without NaN through all kNumTrees trees: the scalar walk in runs of 16 (what
// WalkSteps does without AVX-512) against the lane walk (what it does with it). Each
// iteration takes the next of 256 rows, as a server answering one request at a time.
template <int kDepth>
void BM_OneRow(benchmark::State& state) {
  const bool lanes = state.range(0) != 0;
  if (lanes && !LaneWalkAvailable()) {
    state.SkipWithError("no AVX-512F on this CPU");
    return;
  }
  std::mt19937 rng(1);
  testing::Layout layout;
  for (int t = 0; t < kNumTrees; ++t) {
    layout.AddPerfect(testing::RandomTree(rng, kDepth, kFeatures), kDepth);
  }
  const ShardArrays arrays = layout.arrays();
  auto forest = std::make_unique<LaneForest<kDepth, kNumTrees / 16>>();
  BuildLaneForest(arrays.nodes, arrays.missing_left, arrays.leaves, kNumTrees, forest.get());
  constexpr size_t kRows = 256;
  const std::vector<float> x = testing::RandomRows(rng, kRows, kFeatures, 0.0);
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  size_t row = 0;
  for (auto _ : state) {
    float margin = 0.0f;
    const float* r = x.data() + row * kFeatures;
    if (lanes) {
      internal::AddPerfectTreeLanes<kDepth, kFeatures, 1>(*forest, arrays.groups, kNumTrees, r,
                                                          &margin);
    } else {
      const RowBlock<kFeatures, 1> block = {r, 1, &margin, false};
      for (int first = 0; first < kNumTrees; first += 16) {
        AddPerfectRun<kDepth, 16>(arrays, first * kSplits, first * (kSplits + 1), first, block);
      }
    }
    benchmark::DoNotOptimize(margin);
    row = (row + 1) % kRows;
  }
}

BENCHMARK_TEMPLATE(BM_OneRow, 6)->Arg(0)->Arg(1)->ArgName("lanes");
BENCHMARK_TEMPLATE(BM_OneRow, 8)->Arg(0)->Arg(1)->ArgName("lanes");

// A block of 128 rows through all kNumTrees trees as WalkSteps takes it on this CPU: the
// bit walk of walk_bits.h, on ranks (walk_ranks.h) where the CPU can (compare against
// BM_Walk's scalar walk of the same block). Arguments: nan, one value in twenty missing;
// exact, the percentage of features whose thresholds are drawn from a continuous range
// as XGBoost's exact method writes them (hundreds per feature, so their splits compare
// floats), the others' from a grid of nine; ranks 0, the float bit walk even where the
// rank walk could run.
template <int kDepth>
void BM_Block(benchmark::State& state) {
  if (!LaneWalkAvailable()) {
    state.SkipWithError("no AVX-512F on this CPU");
    return;
  }
  const bool missing = state.range(0) != 0;
  const int64_t exact = state.range(1);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> threshold(-1.0f, 1.0f);
  testing::Layout layout;
  for (int t = 0; t < kNumTrees; ++t) {
    testing::Tree tree = testing::RandomTree(rng, kDepth, kFeatures);
    for (testing::Node& node : tree.nodes) {
      if (node.feature * 100 < exact * kFeatures) node.threshold = threshold(rng);
    }
    layout.AddPerfect(tree, kDepth);
  }
  const ShardArrays arrays = layout.arrays();
  constexpr size_t kRows = 128;
  const std::vector<float> x = testing::RandomRows(rng, kRows, kFeatures, missing ? 0.05 : 0.0);
  std::vector<float> margins(kRows);
  const RowBlock<kFeatures, 1> block = {x.data(), kRows, margins.data(), missing};
  internal::rank_walk_off_for_testing = state.range(2) == 0;
  for (auto _ : state) {
    // Each template instance builds its forests once, from the trees of its first call,
    // so each set of trees takes runs of its own type (one tree fewer for each).
    switch (exact) {
      case 0:
        WalkSteps<testing::kRuns<kDepth, kNumTrees>>(arrays, block);
        break;
      case 25:
        WalkSteps<testing::kRuns<kDepth, kNumTrees - 1>>(arrays, block);
        break;
      case 50:
        WalkSteps<testing::kRuns<kDepth, kNumTrees - 2>>(arrays, block);
        break;
      default:
        WalkSteps<testing::kRuns<kDepth, kNumTrees - 3>>(arrays, block);
        break;
    }
    benchmark::DoNotOptimize(margins.data());
    benchmark::ClobberMemory();
  }
  internal::rank_walk_off_for_testing = false;
  state.counters["time_per_row"] =
      benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

BENCHMARK_TEMPLATE(BM_Block, 6)
    ->ArgsProduct({{0, 1}, {0, 25, 50, 100}, {0, 1}})
    ->ArgNames({"nan", "exact", "ranks"});
BENCHMARK_TEMPLATE(BM_Block, 8)
    ->ArgsProduct({{0, 1}, {0, 25, 50, 100}, {0, 1}})
    ->ArgNames({"nan", "exact", "ranks"});
#endif  // NEO_TREES_LANE_WALK

BENCHMARK_TEMPLATE(BM_Walk, 6, 8)->Apply(Args);
BENCHMARK_TEMPLATE(BM_Walk, 6, 16)->Apply(Args);
BENCHMARK_TEMPLATE(BM_Walk, 8, 8)->Apply(Args);
BENCHMARK_TEMPLATE(BM_Walk, 8, 16)->Apply(Args);

}  // namespace
}  // namespace neo::kernels::trees
