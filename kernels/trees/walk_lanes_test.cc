// The lane walk (walk_lanes.h) against the plain scalar walk, bit for bit: every
// tree count around the vector and chunk sizes, depths 1 to 10 (above, at and below the
// top levels read split-major), 1 to 32 features, output groups and DART weights, one row
// and two per walk, with and without missing values; and WalkSteps, which merges a
// shard's runs for it.
// On a CPU without AVX-512F the lane walk cannot run: its tests say so and skip, and
// WalkSteps' test checks the scalar walk it falls back to.
#include "kernels/trees/walk_lanes.h"

#include <array>
#include <cstring>
#include <memory>
#include <random>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"

namespace neo::kernels::trees {
namespace {

using testing::Layout;
using testing::RandomRows;
using testing::RandomTree;
using testing::ScalarMargins;
using testing::Tree;

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

// Where BuildLaneForest puts a tree of depth 8: the top four levels split-major; below
// them sixteen blocks of three cache lines, each a subtree's upper three levels, then
// each last-level split beside its two leaves.
TEST(LaneForestTest, DepthEightBlocksKeepLeavesBesideTheirSplit) {
  using Forest = LaneForest<8, 1>;
  static_assert(Forest::kBlocks == 16 && Forest::kUpperWords == 16 && Forest::kBlockWords == 48);
  std::mt19937 rng(7);
  Layout layout;
  for (int t = 0; t < 3; ++t) layout.AddPerfect(RandomTree(rng, 8, 20), 8);
  layout.missing_left[255 + 170] = 1;  // tree 1's split 170
  auto forest = std::make_unique<Forest>();
  BuildLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 3,
                  forest.get());
  auto word_of = [](float f) {
    uint32_t w;
    std::memcpy(&w, &f, sizeof w);
    return w;
  };
  const size_t t = 1;
  const PerfectNode* nodes = layout.nodes.data() + t * 255;
  const float* leaves = layout.leaves.data() + t * 256;
  EXPECT_EQ(forest->top_feature[0][6][t], nodes[6].feature | kLaneMissingRight);
  EXPECT_EQ(forest->top_threshold[0][6][t], nodes[6].threshold);
  // Block 5: the subtree under split 20 (the sixth of level 4).
  const uint32_t* block = forest->blocks + (t * 16 + 5) * 48;
  EXPECT_EQ(block[0], nodes[20].feature | kLaneMissingRight);
  EXPECT_EQ(block[1], word_of(nodes[20].threshold));
  EXPECT_EQ(block[2 * 2], nodes[42].feature | kLaneMissingRight);  // its right child
  // The fourth split of the block's last level (split 170 of the tree) and leaves 86, 87.
  EXPECT_EQ(block[16 + 12], nodes[170].feature);  // a missing value goes left here
  EXPECT_EQ(block[16 + 13], word_of(nodes[170].threshold));
  EXPECT_EQ(block[16 + 14], word_of(leaves[86]));
  EXPECT_EQ(block[16 + 15], word_of(leaves[87]));
}

#if NEO_TREES_LANE_WALK
// `count` random trees of depth kDepth (some shallower, padded), through the lane walk
// one row and two rows at a time, against the scalar walk.
template <int kDepth, size_t kFeatures, size_t kGroups = 1>
void CheckLanes(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Tree> trees;
  Layout layout;
  for (size_t t = 0; t < count; ++t) {
    trees.push_back(RandomTree(rng, t % 4 == 3 ? kDepth - 1 : kDepth, kFeatures, kGroups));
    if (t % 5 == 1) trees.back().weight = 0.625f;  // DART
    layout.AddPerfect(trees.back(), kDepth);
  }
  ASSERT_LE(count, 16 * 16u);
  auto forest = std::make_unique<LaneForest<kDepth, 16>>();
  BuildLaneForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), count,
                  forest.get());
  // Rows without NaN, then rows with about one value in five missing (kMissing = true:
  // default directions at the top levels and at the deep ones).
  for (const double nan : {0.0, 0.2}) {
    const size_t rows = 9;
    const std::vector<float> x = RandomRows(rng, rows, kFeatures, nan);
    const std::vector<float> want =
        ScalarMargins(trees, x.data(), rows, kFeatures, kGroups, 0.5f);
    auto walk = [&](auto rows_per_walk, size_t r, float* got) {
      constexpr int kRows = decltype(rows_per_walk)::value;
      if (nan > 0) {
        internal::AddPerfectTreeLanes<kDepth, kFeatures, kGroups, 16, kRows, true>(
            *forest, layout.groups.data(), count, x.data() + r * kFeatures, got);
      } else {
        internal::AddPerfectTreeLanes<kDepth, kFeatures, kGroups, 16, kRows, false>(
            *forest, layout.groups.data(), count, x.data() + r * kFeatures, got);
      }
    };
    for (size_t r = 0; r < rows; ++r) {
      std::vector<float> got(kGroups, 0.5f);
      walk(std::integral_constant<int, 1>(), r, got.data());
      for (size_t g = 0; g < kGroups; ++g) {
        ASSERT_TRUE(SameBits(want[r * kGroups + g], got[g]))
            << "depth " << kDepth << ", " << count << " trees, " << kFeatures
            << " features, NaN " << nan << ", row " << r << ", group " << g << ": want "
            << want[r * kGroups + g] << ", got " << got[g];
      }
    }
    // Two rows per walk, as WalkSteps takes them.
    for (size_t r = 0; r + 2 <= rows; r += 2) {
      std::vector<float> got(2 * kGroups, 0.5f);
      walk(std::integral_constant<int, 2>(), r, got.data());
      for (size_t g = 0; g < 2 * kGroups; ++g) {
        ASSERT_TRUE(SameBits(want[r * kGroups + g], got[g]))
            << "depth " << kDepth << ", " << count << " trees, " << kFeatures
            << " features, NaN " << nan << ", rows " << r << " and " << r + 1 << ", margin "
            << g;
      }
    }
  }
}

#define SKIP_WITHOUT_AVX512()                                                      \
  if (!LaneWalkAvailable()) GTEST_SKIP() << "this CPU has no AVX-512F: the lane walk " \
                                            "cannot run here"

TEST(LaneWalkTest, TreeCountsAroundVectorsAndChunks) {
  SKIP_WITHOUT_AVX512();
  // One vector is 16 trees, a chunk four vectors (64) for two rows and eight (128) for
  // one: below, at and above each.
  uint32_t seed = 1;
  for (size_t count :
       {1, 2, 15, 16, 17, 31, 32, 33, 48, 49, 63, 64, 65, 127, 128, 129, 150, 200, 256}) {
    CheckLanes<3, 8>(count, seed++);
  }
}

TEST(LaneWalkTest, DepthsOneToTen) {
  SKIP_WITHOUT_AVX512();
  CheckLanes<1, 8>(40, 20);
  CheckLanes<2, 8>(40, 21);
  CheckLanes<6, 32>(100, 22);
  CheckLanes<8, 32>(70, 23);
  CheckLanes<10, 12>(20, 24);
}

TEST(LaneWalkTest, FeatureCountsUpToTwoRegisters) {
  SKIP_WITHOUT_AVX512();
  CheckLanes<4, 1>(20, 30);
  CheckLanes<4, 15>(20, 31);
  CheckLanes<4, 16>(20, 32);
  CheckLanes<4, 17>(20, 33);
  CheckLanes<4, 31>(20, 34);
  CheckLanes<4, 32>(20, 35);
}

TEST(LaneWalkTest, GroupsGetTheirOwnTrees) {
  SKIP_WITHOUT_AVX512();
  CheckLanes<5, 10, 3>(70, 40);
}
#endif  // NEO_TREES_LANE_WALK

// Runs of one depth that follow one another in the arrays merge; a list tree, another
// depth or depth 0 keeps runs apart.
constexpr std::array<Step, 7> kSteps = {
    PerfectRun(3, 16, 0, 0, 0),
    PerfectRun(3, 16, 112, 128, 16),
    PerfectRun(3, 4, 224, 256, 32),  // trees 0-35: one run of 36
    ListTree(0, 0),                  // tree 36
    PerfectRun(3, 2, 252, 288, 36),  // trees 37-38 (groups[] counts perfect trees only)
    PerfectRun(2, 3, 266, 304, 38),  // trees 39-41
    PerfectRun(0, 2, 275, 316, 41),  // trees 42-43
};
static_assert(internal::MergedCount<kSteps>() == 5);
static_assert(internal::kMergedRuns<kSteps>[0].trees == 36);
static_assert(internal::kMergedRuns<kSteps>[2].trees == 2);
static_assert(internal::kMergedRuns<kSteps>[4].depth == 0);

// 100 trees of depth 8 in runs of 16 (the shape of bench_large's shards): one merged
// run of 64 trees and a rest of 36.
constexpr const auto& kDepth8Runs = testing::kRuns<8, 100>;

TEST(LaneWalkTest, WalkStepsMatchesScalarWalk) {
  std::mt19937 rng(50);
  std::vector<Tree> trees;
  Layout layout;
  for (int t = 0; t < 36; ++t) {
    trees.push_back(RandomTree(rng, 3, 20));
    layout.AddPerfect(trees.back(), 3);
  }
  trees.push_back(RandomTree(rng, 12, 20));
  layout.AddList(trees.back());
  for (int t = 0; t < 2; ++t) {
    trees.push_back(RandomTree(rng, 3, 20));
    layout.AddPerfect(trees.back(), 3);
  }
  for (int t = 0; t < 3; ++t) {
    trees.push_back(RandomTree(rng, 2, 20));
    layout.AddPerfect(trees.back(), 2);
  }
  for (int t = 0; t < 2; ++t) {
    trees.push_back(RandomTree(rng, 0, 20));
    layout.AddPerfect(trees.back(), 0);
  }
  ASSERT_EQ(layout.nodes.size(), 275u);
  ASSERT_EQ(layout.leaves.size(), 318u);
  // Blocks of one row and more, without NaN and with it in about half the rows.
  for (double nan : {0.0, 0.03}) {
    for (size_t n : {1, 2, 7, 40}) {
      const std::vector<float> x = RandomRows(rng, n, 20, nan);
      const std::vector<float> want = ScalarMargins(trees, x.data(), n, 20, 1, -0.25f);
      std::vector<float> got(n, -0.25f);
      WalkSteps<kSteps>(layout.arrays(), RowBlock<20, 1>{x.data(), n, got.data(), nan > 0});
      for (size_t r = 0; r < n; ++r) {
        EXPECT_TRUE(SameBits(want[r], got[r]))
            << n << " rows, NaN " << nan << ", row " << r << ": want " << want[r] << ", got "
            << got[r];
      }
    }
  }
}

#if NEO_TREES_LANE_WALK
// The lane walk must hand back the vector registers' upper halves clean, as compiled
// AVX code does at every return: while they are dirty, the caller's SSE code runs
// slower on many CPUs. (Here, AMD Zen 5, libxgboost's batch prediction after ours ran
// 2.6 times slower in xgboost_benchmark until the lane walk cleared them.)
TEST(LaneWalkTest, LeavesUpperRegisterStateClean) {
  SKIP_WITHOUT_AVX512();
  if (testing::UpperStateInUse() < 0) GTEST_SKIP() << "this CPU does not report XINUSE";
  std::mt19937 rng(51);
  Layout layout;
  for (int t = 0; t < 100; ++t) layout.AddPerfect(RandomTree(rng, 8, 32), 8);
  for (size_t n : {1, 2, 3}) {
    const std::vector<float> x = RandomRows(rng, n, 32, 0.0);
    std::vector<float> got(n, 0.0f);
    WalkSteps<kDepth8Runs>(layout.arrays(), RowBlock<32, 1>{x.data(), n, got.data(), false});
    EXPECT_EQ(testing::UpperStateInUse(), 0) << n << " rows";
  }
}

#endif  // NEO_TREES_LANE_WALK

}  // namespace
}  // namespace neo::kernels::trees
