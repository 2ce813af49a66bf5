// The tree walks of walk.h on their own, without neoc: 1024 random trees (32 features,
// the shape of //testdata/xgboost's bench_large) walked in runs of 8 or 16, one row or
// a block of 128 rows, with and without the default-direction test. Useful to try a
// change to walk.h before compiling a model. BM_OneRow times the one-row lane walks of
// walk_lanes.h and walk_lane_ranks.h against the scalar walk (BM_OneRowPaired the two
// lane walks alternated row by row), BM_Block the bit walk of walk_bits.h on blocks.
//
//   bazel run -c opt //kernels/trees:walk_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"
#include "kernels/trees/walk_lane_ranks.h"

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
// kNumTrees random trees of depth kDepth cut into forests of `shard` trees, as a
// generated model's shards are (bench_large has eight of 125 trees), each laid out for
// the lane walk on floats (walk_lanes.h) and on ranks (walk_lane_ranks.h, the model's
// thresholds in `table`), and 256 rows without NaN.
template <int kDepth>
struct OneRowForests {
  static constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  static constexpr size_t kVectors = kNumTrees / 16;
  static constexpr size_t kRows = 256;
  size_t shard;
  testing::Layout layout;
  std::vector<std::unique_ptr<LaneForest<kDepth, kVectors>>> floats;
  std::vector<std::unique_ptr<RankLaneForest<kDepth, kVectors>>> ranked;
  std::unique_ptr<LaneRankTable> table = std::make_unique<LaneRankTable>();
  std::vector<float> rows;

  // exact: every threshold from 4000 values of a continuous range, as XGBoost's exact
  // method writes them (the ranking then searches buckets of 256, eight gathered steps).
  OneRowForests(size_t trees_per_shard, bool exact) : shard(trees_per_shard) {
    std::mt19937 rng(1);
    for (int t = 0; t < kNumTrees; ++t) {
      layout.AddPerfect(testing::RandomTree(rng, kDepth, kFeatures), kDepth);
    }
    std::uniform_int_distribution<int> continuous(0, 3999);
    for (PerfectNode& n : layout.nodes) {
      if (exact) n.threshold = -1.25f + continuous(rng) / 1600.0f;
    }
    const testing::Thresholds thresholds(layout.nodes, kFeatures);
    BuildLaneRankTable(thresholds.model, table.get());
    const ShardArrays a = layout.arrays();
    for (size_t first = 0; first < kNumTrees; first += shard) {
      floats.push_back(std::make_unique<LaneForest<kDepth, kVectors>>());
      BuildLaneForest(a.nodes + first * kSplits, a.missing_left + first * kSplits,
                      a.leaves + first * (kSplits + 1), shard, floats.back().get());
      ranked.push_back(std::make_unique<RankLaneForest<kDepth, kVectors>>());
      BuildRankLaneForest(a.nodes + first * kSplits, a.missing_left + first * kSplits,
                          a.leaves + first * (kSplits + 1), shard, thresholds.model,
                          ranked.back().get());
    }
    rows = testing::RandomRows(rng, kRows, kFeatures, 0.0);
  }

  float Floats(const float* row) const {
    float margin = 0.0f;
    for (const auto& forest : floats) {
      internal::AddPerfectTreeLanes<kDepth, kFeatures, 1>(*forest, layout.groups.data(), shard,
                                                          row, &margin);
    }
    return margin;
  }

  // Ranks the row once, as predict.h does, then walks every shard.
  float Ranks(const float* row) const {
    alignas(64) uint32_t ranks[kMaxLaneFeatures];
    internal::RankLaneRow<kFeatures>(*table, row, ranks);
    float margin = 0.0f;
    for (const auto& forest : ranked) {
      internal::AddPerfectTreeRankLanes<kDepth, 1>(*forest, layout.groups.data(), shard, ranks,
                                                   &margin);
    }
    return margin;
  }

  float Scalar(const float* row) const {
    float margin = 0.0f;
    const RowBlock<kFeatures, 1> block = {row, 1, &margin, false};
    for (size_t first = 0; first < kNumTrees; first += 16) {
      AddPerfectRun<kDepth, 16>(layout.arrays(), first * kSplits, first * (kSplits + 1), first,
                                block);
    }
    return margin;
  }
};

// One row through all kNumTrees trees: the scalar walk in runs of 16 (what WalkSteps
// does without AVX-512) against the lane walks (what it does with it). Each iteration
// takes the next of 256 rows, as a server answering one request at a time. Arguments:
// walk (0 scalar, 1 lanes on floats, 2 lanes on ranks) and shard (trees per forest).
template <int kDepth>
void BM_OneRow(benchmark::State& state) {
  const int walk = static_cast<int>(state.range(0));
  if (walk != 0 && !LaneWalkAvailable()) {
    state.SkipWithError("no AVX-512F on this CPU");
    return;
  }
  const OneRowForests<kDepth> f(static_cast<size_t>(state.range(1)), false);
  size_t row = 0;
  for (auto _ : state) {
    const float* r = f.rows.data() + row * kFeatures;
    benchmark::DoNotOptimize(walk == 2 ? f.Ranks(r) : walk == 1 ? f.Floats(r) : f.Scalar(r));
    row = (row + 1) % f.kRows;
  }
}
BENCHMARK_TEMPLATE(BM_OneRow, 6)
    ->ArgsProduct({{0, 1, 2}, {128, kNumTrees}})
    ->ArgNames({"walk", "shard"});
BENCHMARK_TEMPLATE(BM_OneRow, 8)
    ->ArgsProduct({{0, 1, 2}, {128, kNumTrees}})
    ->ArgNames({"walk", "shard"});

// The lane walk on floats and on ranks alternated row by row, 20,000 rows each timed
// alone: on a VM whose speed drifts by 2x from second to second, BM_OneRow's separate
// runs cannot resolve a 10% difference; the median of the per-row ratios can. Arguments:
// shard (trees per forest) and exact (see OneRowForests). Counters: floats and ranks
// (median ns per row) and ranks/floats.
template <int kDepth>
void BM_OneRowPaired(benchmark::State& state) {
  if (!LaneWalkAvailable()) {
    state.SkipWithError("no AVX-512F on this CPU");
    return;
  }
  const OneRowForests<kDepth> f(static_cast<size_t>(state.range(0)), state.range(1) != 0);
  std::vector<double> floats, ranks, ratio;
  for (auto _ : state) {
    floats.clear(), ranks.clear(), ratio.clear();
    for (size_t k = 0; k < 20000; ++k) {
      const float* r = f.rows.data() + (k % f.kRows) * kFeatures;
      const auto t0 = std::chrono::steady_clock::now();
      const float a = f.Floats(r);
      benchmark::DoNotOptimize(a);
      const auto t1 = std::chrono::steady_clock::now();
      const float b = f.Ranks(r);
      benchmark::DoNotOptimize(b);
      const auto t2 = std::chrono::steady_clock::now();
      if (std::memcmp(&a, &b, sizeof a) != 0) {
        state.SkipWithError("the walks disagree");
        return;
      }
      floats.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
      ranks.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count());
      ratio.push_back(ranks.back() / floats.back());
    }
  }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  state.counters["floats"] = median(floats);
  state.counters["ranks"] = median(ranks);
  state.counters["ranks/floats"] = median(ratio);
}
BENCHMARK_TEMPLATE(BM_OneRowPaired, 6)
    ->ArgsProduct({{128, kNumTrees}, {0, 1}})
    ->ArgNames({"shard", "exact"})
    ->Iterations(1);
BENCHMARK_TEMPLATE(BM_OneRowPaired, 8)
    ->ArgsProduct({{128, kNumTrees}, {0, 1}})
    ->ArgNames({"shard", "exact"})
    ->Iterations(1);

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
