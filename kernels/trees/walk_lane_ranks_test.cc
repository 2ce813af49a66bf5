// The lane walk on ranks (walk_lane_ranks.h) against the plain scalar walk, bit for bit:
// a row's ranks against a plain count (on thresholds, -0 and +0, infinities, NaN, 255
// thresholds), where the forest's words and blocks go, a threshold missing from the
// model's lists (the run keeps the float walk), and whole walks at depths 1 to 10 (below,
// at and above the split-major top levels and the gathered ones), 5 to 32 features,
// output groups, DART weights, one row and two per walk, with and without missing
// values, and Predict -> WalkSteps as generated code calls them.
// On a CPU without AVX-512F the walk cannot run: those tests say so and skip.
#include "kernels/trees/walk_lane_ranks.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/trees/predict.h"
#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"

namespace neo::kernels::trees {
namespace {

using testing::Layout;
using testing::RandomRows;
using testing::RandomTree;
using testing::ScalarMargins;
using testing::Thresholds;
using testing::Tree;

constexpr float kInf = std::numeric_limits<float>::infinity();

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

// Thresholds of the kinds the walk must rank right: -0 and +0 in one feature (one entry),
// infinities, values a row holds exactly; and on every third feature, thresholds from a
// continuous range as XGBoost's exact method writes them (up to about 3000 distinct).
void AddAwkwardThresholds(Layout* layout, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 15), exact(0, 2999);
  for (size_t i = 0; i < layout->nodes.size(); ++i) {
    float& t = layout->nodes[i].threshold;
    if (layout->nodes[i].feature % 3 == 2) t = -1.25f + exact(rng) / 1200.0f;
    const int p = pick(rng);
    if (t == 0.0f && p < 8) t = -0.0f;
    if (p == 14) t = -kInf;  // where neoc puts XGBoost's NaN thresholds
    if (p == 15) t = kInf;
  }
}

// Rows of the grid the thresholds sit on, with -0, +0, infinities and (nan) NaN mixed in.
std::vector<float> AwkwardRows(std::mt19937& rng, size_t n, size_t features, double nan) {
  std::vector<float> rows = RandomRows(rng, n, features, nan);
  std::uniform_int_distribution<int> pick(0, 19);
  for (float& v : rows) {
    const int p = pick(rng);
    if (p == 0) v = -0.0f;
    if (p == 1) v = 0.0f;
    if (p == 2) v = kInf;
    if (p == 3) v = -kInf;
  }
  return rows;
}

#if NEO_TREES_LANE_WALK
#define SKIP_WITHOUT_LANES() \
  if (!LaneWalkAvailable()) GTEST_SKIP() << "no AVX-512F on this CPU"

// Feature f's thresholds: feature 1 `most` of them (255: the hist method's most, sixteen
// per bucket; 4095: kMaxModelRanks, 256 per bucket), 2 none, 3 one, 17 a few awkward ones
// (in the second register). `bucket`: what BuildLaneRankTable should pick.
void CheckRankLaneRow(size_t most, uint32_t bucket) {
  constexpr size_t kFeatures = 20;
  std::vector<std::vector<float>> lists(kFeatures);
  lists[0] = {-kInf, -1.5f, -0.0f, 0.25f, 3.0f, kInf};
  for (size_t k = 0; k < most; ++k) lists[1].push_back(0.5f * k - 60.0f);
  lists[3] = {7.0f};
  lists[17] = {-2.0f, -0.0f, 1e-30f, 2.0f, kInf};
  for (size_t f = 4; f < kFeatures; ++f) {
    if (lists[f].empty() && f % 3 != 0) lists[f] = {-1.0f, 0.0f, 1.0f};
  }
  std::vector<float> values;
  std::vector<uint32_t> offsets;
  for (const auto& list : lists) {
    offsets.push_back(static_cast<uint32_t>(values.size()));
    values.insert(values.end(), list.begin(), list.end());
  }
  offsets.push_back(static_cast<uint32_t>(values.size()));
  const ModelThresholds model = {values.data(), offsets.data(), kFeatures};
  auto table = std::make_unique<LaneRankTable>();
  BuildLaneRankTable(model, table.get());
  EXPECT_EQ(table->bucket, bucket);

  const float probes[] = {-kInf, -60.0f, -59.75f, -1.5f, -1.0f,   -0.0f,   0.0f,    1e-30f, 0.25f,
                          3.0f,  7.0f,   66.5f,   67.0f, 1000.0f, 1987.0f, 1987.5f, kInf,   NAN};
  std::mt19937 rng(3);
  std::uniform_int_distribution<size_t> pick(0, std::size(probes) - 1);
  std::uniform_int_distribution<int> on_grid(-200, 4200);
  for (int trial = 0; trial < 400; ++trial) {
    float row[kFeatures];
    for (float& v : row) v = probes[pick(rng)];
    row[1] = trial % 2 ? 0.25f * on_grid(rng) - 60.0f : row[1];  // on and between thresholds
    alignas(64) uint32_t ranks[kMaxLaneFeatures];
    internal::RankLaneRow<kFeatures>(*table, row, ranks);
    for (size_t f = 0; f < kMaxLaneFeatures; ++f) {
      uint32_t want = 0;
      if (f < kFeatures && std::isnan(row[f])) {
        want = kMissingRank;
      } else if (f < kFeatures) {
        for (float t : lists[f]) want += t <= row[f];
        want <<= 8;
      }
      ASSERT_EQ(ranks[f], want) << "feature " << f << " value " << (f < kFeatures ? row[f] : 0)
                                << ", " << most << " thresholds";
    }
  }
}

TEST(RankLaneRowTest, CountsThresholdsAtMostEachValue) {
  SKIP_WITHOUT_LANES();
  CheckRankLaneRow(255, 16);
  CheckRankLaneRow(256, 32);
  CheckRankLaneRow(kMaxModelRanks, 256);
}

#endif  // NEO_TREES_LANE_WALK

// Depth 8 keeps five levels on top and blocks of three levels: seven split words, a
// padding word and eight leaves, one cache line per subtree. Depth 6 keeps three on top,
// 10 seven (four split-major, three gathered), 5 and less no more than four.
TEST(RankLaneForestTest, DepthEightBlocksAreOneCacheLine) {
  using Forest = RankLaneForest<8, 1>;
  static_assert(Forest::kTopLevels == 5 && Forest::kDeepLevels == 3 && Forest::kBlocks == 32 &&
                Forest::kBlockWords == 16);
  static_assert(RankLaneForest<6, 1>::kTopLevels == 3 && RankLaneForest<6, 1>::kBlockWords == 16);
  static_assert(RankLaneForest<10, 1>::kTopLevels == 7 && RankLaneForest<10, 1>::kBlockWords == 16);
  static_assert(RankLaneForest<5, 1>::kTopLevels == 4 && RankLaneForest<5, 1>::kBlockWords == 4);
  static_assert(RankLaneForest<3, 1>::kTopLevels == 3 && RankLaneForest<3, 1>::kBlockWords == 1);
  std::mt19937 rng(11);
  Layout layout;
  for (int t = 0; t < 3; ++t) layout.AddPerfect(RandomTree(rng, 8, 20), 8);
  layout.nodes[255 + 40].threshold = -0.0f;
  layout.nodes[255 + 200] = {layout.nodes[255 + 40].feature, 0.0f};
  layout.missing_left[255 + 200] = 1;
  const Thresholds thresholds(layout.nodes, 20);
  auto forest = std::make_unique<Forest>();
  BuildRankLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 3,
                      thresholds.model, forest.get());
  ASSERT_TRUE(forest->ranked);
  auto word = [&](size_t split) {
    const PerfectNode& n = layout.nodes[split];
    const float* begin = thresholds.values.data() + thresholds.offsets[n.feature];
    uint32_t k = 0;
    while (begin[k] < n.threshold) ++k;
    return k << 8 | n.feature | (layout.missing_left[split] ? 0u : kLaneMissingRight);
  };
  const size_t t = 1;
  EXPECT_EQ(forest->top[0][0][t], word(255 + 0));
  EXPECT_EQ(forest->top[0][19][t], word(255 + 19));
  EXPECT_EQ(forest->top[0][30][t], word(255 + 30));
  // Block 9 of tree 1: the subtree under split 31 + 9 = 40, its children 81 and 82, the
  // last level 163 to 166, a padding word, then leaves 72 to 79.
  const uint32_t* block = forest->blocks + (t * 32 + 9) * 16;
  const size_t splits[] = {40, 81, 82, 163, 164, 165, 166};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(block[i], word(255 + splits[i])) << i;
  EXPECT_EQ(block[7], 0u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_TRUE(
        SameBits(reinterpret_cast<const float*>(block)[8 + i], layout.leaves[256 + 72 + i]));
  }
  // -0 (split 40) and +0 (split 200: block 18, last level, second) share one place among
  // their feature's thresholds; split 200 sends missing values left.
  const uint32_t other = forest->blocks[(t * 32 + 18) * 16 + 4];
  EXPECT_EQ(other >> 8, block[0] >> 8);
  EXPECT_EQ(other & 0xFFu, layout.nodes[255 + 40].feature);
}

// A split whose threshold is not among the model's keeps the run on the float walk.
TEST(RankLaneForestTest, ThresholdMissingFromTheModelLeavesRunUnranked) {
  std::mt19937 rng(5);
  Layout layout;
  for (int t = 0; t < 16; ++t) layout.AddPerfect(RandomTree(rng, 3, 6), 3);
  const Thresholds thresholds(layout.nodes, 6);
  auto forest = std::make_unique<RankLaneForest<3, 1>>();
  BuildRankLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 16,
                      thresholds.model, forest.get());
  EXPECT_TRUE(forest->ranked);
  layout.nodes[7 * 5 + 2].threshold = 0.3f;  // not on the grid of RandomTree
  BuildRankLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 16,
                      thresholds.model, forest.get());
  EXPECT_FALSE(forest->ranked);
}

#if NEO_TREES_LANE_WALK
// `count` random trees of depth kDepth (some shallower, padded, some DART), with awkward
// thresholds, through the lane walk on ranks one row and two rows at a time, against the
// scalar walk.
template <int kDepth, size_t kFeatures, size_t kGroups = 1>
void CheckRankLanes(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  Layout layout;
  for (size_t t = 0; t < count; ++t) {
    Tree tree = RandomTree(rng, t % 4 == 3 ? kDepth - 1 : kDepth, kFeatures, kGroups);
    if (t % 5 == 1) tree.weight = 0.625f;
    layout.AddPerfect(tree, kDepth);
  }
  AddAwkwardThresholds(&layout, seed);
  ASSERT_LE(count, 16 * 16u);
  const Thresholds thresholds(layout.nodes, kFeatures);
  auto forest = std::make_unique<RankLaneForest<kDepth, 16>>();
  BuildRankLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), count,
                      thresholds.model, forest.get());
  ASSERT_TRUE(forest->ranked);
  auto table = std::make_unique<LaneRankTable>();
  BuildLaneRankTable(thresholds.model, table.get());
  // The scalar walk reads the same arrays as node trees: rebuild them from the layout.
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  auto scalar = [&](const float* row, float* margins) {
    for (size_t t = 0; t < count; ++t) {
      size_t at = 0;
      for (int level = 0; level < kDepth; ++level) {
        const size_t s = t * kSplits + at;
        const float v = row[layout.nodes[s].feature];
        const bool right = std::isnan(v) ? !layout.missing_left[s] : v >= layout.nodes[s].threshold;
        at = 2 * at + 1 + right;
      }
      margins[kGroups == 1 ? 0 : layout.groups[t]] +=
          layout.leaves[t * (kSplits + 1) + at - kSplits];
    }
  };
  for (const double nan : {0.0, 0.2}) {
    const std::vector<float> rows = AwkwardRows(rng, 2, kFeatures, nan);
    const bool missing = nan > 0.0;
    alignas(64) uint32_t ranks[2 * kMaxLaneFeatures];
    internal::RankLaneRow<kFeatures>(*table, rows.data(), ranks);
    internal::RankLaneRow<kFeatures>(*table, rows.data() + kFeatures, ranks + kMaxLaneFeatures);
    float want[2 * kGroups], one[2 * kGroups], two[2 * kGroups];
    for (size_t i = 0; i < 2 * kGroups; ++i) want[i] = one[i] = two[i] = 0.125f * i;
    scalar(rows.data(), want);
    scalar(rows.data() + kFeatures, want + kGroups);
    if (missing) {
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 1, true>(*forest, layout.groups.data(),
                                                                      count, ranks, one);
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 1, true>(
          *forest, layout.groups.data(), count, ranks + kMaxLaneFeatures, one + kGroups);
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 2, true>(*forest, layout.groups.data(),
                                                                      count, ranks, two);
    } else {
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 1, false>(
          *forest, layout.groups.data(), count, ranks, one);
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 1, false>(
          *forest, layout.groups.data(), count, ranks + kMaxLaneFeatures, one + kGroups);
      internal::AddPerfectTreeRankLanes<kDepth, kGroups, 16, 2, false>(
          *forest, layout.groups.data(), count, ranks, two);
    }
    for (size_t i = 0; i < 2 * kGroups; ++i) {
      ASSERT_TRUE(SameBits(one[i], want[i]))
          << "depth " << kDepth << " trees " << count << " nan " << nan << " margin " << i << ": "
          << one[i] << " vs " << want[i];
      ASSERT_TRUE(SameBits(two[i], want[i])) << "two rows, margin " << i;
    }
  }
}

TEST(RankLaneWalkTest, SameBitsAsTheScalarWalk) {
  SKIP_WITHOUT_LANES();
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    for (size_t count : {16u, 17u, 37u, 64u, 65u, 128u, 129u, 200u}) {
      CheckRankLanes<1, 5>(count, seed);
      CheckRankLanes<3, 16, 2>(count, seed);
      CheckRankLanes<4, 32>(count, seed);
      CheckRankLanes<5, 9, 3>(count, seed);
      CheckRankLanes<6, 20>(count, seed);
      CheckRankLanes<7, 32, 2>(count, seed);
      CheckRankLanes<8, 32>(count, seed);
      CheckRankLanes<9, 17>(count, seed);
      CheckRankLanes<10, 12, 2>(count, seed);
    }
  }
}

// Generated code's path: Predict ranks blocks of fewer than sixteen rows against the
// model's thresholds, and WalkSteps walks them on ranks; the same rows without the
// thresholds take the float lane walk. Both match the scalar walk.
constexpr size_t kPredictFeatures = 27;
constexpr size_t kPredictTrees = 70;

TEST(RankLaneWalkTest, PredictRanksSmallBlocksForWalkSteps) {
  SKIP_WITHOUT_LANES();
  std::mt19937 rng(21);
  std::vector<Tree> trees;
  Layout layout;
  for (size_t t = 0; t < kPredictTrees; ++t) {
    trees.push_back(RandomTree(rng, 7, kPredictFeatures));
    layout.AddPerfect(trees.back(), 7);
  }
  const Thresholds thresholds(layout.nodes, kPredictFeatures);
  const ShardArrays arrays = layout.arrays();
  for (const size_t n : {1u, 2u, 15u, 40u}) {
    for (const double nan : {0.0, 0.1}) {
      const std::vector<float> rows = AwkwardRows(rng, n, kPredictFeatures, nan);
      const std::vector<float> want =
          ScalarMargins(trees, rows.data(), n, kPredictFeatures, 1, 0.5f);
      std::vector<float> ranked(n), plain(n);
      int ranked_blocks = 0;
      Predict<kPredictFeatures, 1, Transform::kIdentity>(
          rows.data(), n, 0.5f, ranked.data(), nullptr, &thresholds.model,
          [&](const float* x, size_t rows_n, float* m, bool missing, const RankedRows* r) {
            ranked_blocks += r != nullptr;
            const RowBlock<kPredictFeatures, 1> block = {x, rows_n, m, missing, r};
            WalkSteps<testing::kRuns<7, kPredictTrees>>(arrays, block);
          });
      EXPECT_EQ(ranked_blocks, n < 16 ? 1 : 0);
      Predict<kPredictFeatures, 1, Transform::kIdentity>(
          rows.data(), n, 0.5f, plain.data(), nullptr,
          [&](const float* x, size_t rows_n, float* m, bool missing) {
            const RowBlock<kPredictFeatures, 1> block = {x, rows_n, m, missing};
            WalkSteps<testing::kRuns<7, kPredictTrees>>(arrays, block);
          });
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameBits(ranked[i], want[i])) << n << " rows, row " << i;
        ASSERT_TRUE(SameBits(plain[i], want[i])) << n << " rows, row " << i;
      }
    }
  }
}

#else
TEST(RankLaneWalkTest, NeedsX86) { GTEST_SKIP() << "the lane walk is x86-64 only"; }
#endif  // NEO_TREES_LANE_WALK

}  // namespace
}  // namespace neo::kernels::trees
