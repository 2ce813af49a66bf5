// The bit walk (walk_bits.h), on floats and on ranks (walk_ranks.h), against the plain
// scalar walk, bit for bit, through WalkSteps as the generated shards call it: depths 1
// to 8, blocks of 16 rows and more (whole and partial vectors, more rows than one tile),
// output groups, DART weights, missing values (read from a second copy of the rows where
// they are +inf, or rank 255, for splits that send them right), feature counts above the
// lane walk's 32, values at and around the thresholds (signed zeros, infinities,
// subnormals), and shards that mix bit-walked runs with runs and node-list trees the bit
// walk leaves to the other walks. Also what BuildBitForest keeps of a padded tree.
// On a CPU without AVX-512F the bit walk cannot run: its tests say so and skip.
#include "kernels/trees/walk_bits.h"

#include <array>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"

namespace neo::kernels::trees {
namespace {

using testing::kRuns;
using testing::Layout;
using testing::Node;
using testing::RandomRows;
using testing::RandomTree;
using testing::ScalarMargins;
using testing::Tree;

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

// A padded tree of depth 3 with three real splits: the root (feature 1, 0.5; missing
// goes right), a leaf 1.5 on its left, and on its right a split (feature 2, -1; missing
// goes left) over a leaf -2 and a split (feature 0, 0) whose two leaves are both 4.
Tree HandTree() {
  Tree t;
  t.nodes.resize(7);
  t.nodes[0] = {1, 2, 1, 0.5f, 0.0f, false};
  t.nodes[1].leaf = 1.5f;
  t.nodes[2] = {3, 4, 2, -1.0f, 0.0f, true};
  t.nodes[3].leaf = -2.0f;
  t.nodes[4] = {5, 6, 0, 0.0f, 0.0f, true};
  t.nodes[5].leaf = 4.0f;
  t.nodes[6].leaf = 4.0f;
  return t;
}

TEST(BitForestTest, KeepsOnlySplitsThatCanChangeTheLeaf) {
  Layout layout;
  layout.AddPerfect(HandTree(), 3);
  ASSERT_EQ(layout.nodes.size(), 7u);
  auto forest = std::make_unique<BitForest<3, 1>>();
  BuildBitForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 16,
                 forest.get());
  // Breadth-first from 1: the root is split 1 and its right child split 3. Split 2 and
  // splits 4 to 7 are padding over one leaf, and split 7 (feature 0) has two equal leaves.
  ASSERT_EQ(forest->word_end[0][0], 2u);
  EXPECT_FALSE(forest->nan_threshold_goes_right);
  EXPECT_EQ(forest->splits[0].bit, 1u << 1);
  EXPECT_EQ(forest->splits[0].offset, (1u * 16) | kBitMissingRight);
  EXPECT_EQ(forest->splits[0].threshold, 0.5f);
  EXPECT_EQ(forest->splits[1].bit, 1u << 3);
  EXPECT_EQ(forest->splits[1].offset, 2u * 16);
  EXPECT_EQ(forest->splits[1].threshold, -1.0f);
}

TEST(BitForestTest, DeepSplitsLandInTheirWords) {
  std::mt19937 rng(7);
  Layout layout;
  for (int t = 0; t < 3; ++t) layout.AddPerfect(RandomTree(rng, 8, 30), 8);
  auto forest = std::make_unique<BitForest<8, 3>>();
  BuildBitForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128,
                 forest.get());
  uint32_t s = 0;
  size_t kept = 0;
  for (size_t t = 0; t < 3; ++t) {
    for (size_t w = 0; w < 8; ++w) {
      for (; s < forest->word_end[t][w]; ++s, ++kept) {
        const BitSplit& split = forest->splits[s];
        ASSERT_EQ(split.bit & (split.bit - 1), 0u) << "one bit per split";
        const size_t n = 32 * w + static_cast<size_t>(__builtin_ctz(split.bit));
        ASSERT_GE(n, 1u);
        const size_t j = t * 255 + n - 1;
        EXPECT_EQ(split.offset & ~kBitMissingRight, layout.nodes[j].feature * 128);
        EXPECT_EQ((split.offset & kBitMissingRight) != 0, layout.missing_left[j] == 0);
        EXPECT_EQ(split.threshold, layout.nodes[j].threshold);
      }
    }
  }
  // Random trees of depth 8 leave about half their splits as padding.
  EXPECT_GT(kept, 3u * 8);
  EXPECT_LT(kept, 3u * 255);
}

#if NEO_TREES_LANE_WALK
#define SKIP_WITHOUT_AVX512()                               \
  if (!LaneWalkAvailable())                                 \
  GTEST_SKIP() << "this CPU has no AVX-512F: the bit walk " \
                  "cannot run here"

// kTrees random trees of depth kDepth (some shallower, padded; some DART-weighted)
// through WalkSteps, in blocks of several sizes, against the scalar walk.
template <int kDepth, size_t kTrees, size_t kFeatures, size_t kGroups>
void CheckBits(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Tree> trees;
  Layout layout;
  for (size_t t = 0; t < kTrees; ++t) {
    trees.push_back(RandomTree(rng, t % 4 == 3 ? kDepth - 1 : kDepth, kFeatures, kGroups));
    if (t % 5 == 1) trees.back().weight = 0.625f;
    layout.AddPerfect(trees.back(), kDepth);
  }
  for (const double nan : {0.0, 0.05}) {
    for (const size_t n : {16, 17, 47, 128, 129, 300}) {
      const std::vector<float> x = RandomRows(rng, n, kFeatures, nan);
      const std::vector<float> want = ScalarMargins(trees, x.data(), n, kFeatures, kGroups, 0.5f);
      for (const bool ranks : {true, false}) {
        internal::rank_walk_off_for_testing = !ranks;
        std::vector<float> got(n * kGroups, 0.5f);
        WalkSteps<kRuns<kDepth, kTrees>>(
            layout.arrays(), RowBlock<kFeatures, kGroups>{x.data(), n, got.data(), nan > 0});
        internal::rank_walk_off_for_testing = false;
        for (size_t i = 0; i < n * kGroups; ++i) {
          ASSERT_TRUE(SameBits(want[i], got[i]))
              << "depth " << kDepth << ", " << n << " rows, NaN " << nan << ", ranks " << ranks
              << ", margin " << i << ": want " << want[i] << ", got " << got[i];
        }
      }
    }
  }
}

TEST(BitWalkTest, DepthsOneToEight) {
  SKIP_WITHOUT_AVX512();
  CheckBits<1, 16, 5, 1>(1);
  CheckBits<2, 20, 9, 1>(2);
  CheckBits<3, 33, 32, 1>(3);
  CheckBits<4, 16, 32, 1>(4);
  CheckBits<5, 40, 17, 1>(5);
  CheckBits<6, 100, 32, 1>(6);
  CheckBits<7, 24, 32, 1>(7);
  CheckBits<8, 50, 32, 1>(8);
}

TEST(BitWalkTest, GroupsGetTheirOwnTrees) {
  SKIP_WITHOUT_AVX512();
  CheckBits<4, 30, 12, 3>(11);
  CheckBits<8, 17, 32, 2>(12);
}

// More groups than the bit walk copies onto the stack: WalkSteps takes the lane walk.
TEST(BitWalkTest, ManyGroupsTakeTheLaneWalk) {
  SKIP_WITHOUT_AVX512();
  CheckBits<3, 40, 8, kMaxBitGroups + 1>(13);
}

TEST(BitWalkTest, MoreFeaturesThanTheLaneWalkTakes) {
  SKIP_WITHOUT_AVX512();
  CheckBits<6, 32, 100, 1>(21);
  CheckBits<3, 16, 256, 2>(22);  // a tile of sixteen rows
}

// Values on and next to the thresholds, signed zeros, infinities, subnormals and the
// largest floats, on both sides of every split.
TEST(BitWalkTest, ValuesAtTheEdgesCompareAsFloats) {
  SKIP_WITHOUT_AVX512();
  constexpr size_t kFeatures = 4;
  const float edges[] = {0.0f,     -0.0f,    1e-45f,    -1e-45f, FLT_MIN,    FLT_MAX,
                         -FLT_MAX, INFINITY, -INFINITY, 3.5f,    3.4999998f, -2.0f};
  std::mt19937 rng(31);
  std::uniform_int_distribution<size_t> pick(0, std::size(edges) - 1);
  std::vector<Tree> trees;
  Layout layout;
  for (int t = 0; t < 32; ++t) {
    trees.push_back(RandomTree(rng, 5, kFeatures));
    for (Node& node : trees.back().nodes) node.threshold = edges[pick(rng)];
    layout.AddPerfect(trees.back(), 5);
  }
  for (const double nan : {0.0, 0.1}) {
    const size_t n = 160;
    std::vector<float> x = RandomRows(rng, n, kFeatures, nan);
    for (float& v : x) {
      if (!std::isnan(v)) v = edges[pick(rng)];
    }
    const std::vector<float> want = ScalarMargins(trees, x.data(), n, kFeatures, 1, 0.0f);
    for (const bool ranks : {true, false}) {
      internal::rank_walk_off_for_testing = !ranks;
      std::vector<float> got(n, 0.0f);
      WalkSteps<kRuns<5, 32>>(layout.arrays(),
                              RowBlock<kFeatures, 1>{x.data(), n, got.data(), nan > 0});
      internal::rank_walk_off_for_testing = false;
      for (size_t r = 0; r < n; ++r) {
        ASSERT_TRUE(SameBits(want[r], got[r]))
            << "NaN " << nan << ", ranks " << ranks << ", row " << r;
      }
    }
  }
}

// A NaN threshold (XGBoost writes none) whose missing values go right is beyond the bit
// walk's second copy of the rows: BuildBitForest flags it, and WalkSteps gives those
// trees to the other walks, so they still match the scalar walk. (All of walk.h's walks
// send a number at a NaN threshold left, as `x >= threshold` fails; XGBoost's
// `x < threshold` would send it right. Neither happens with XGBoost's own models.)
TEST(BitWalkTest, NanThresholdGoingRightTakesTheOtherWalks) {
  SKIP_WITHOUT_AVX512();
  std::mt19937 rng(32);
  std::vector<Tree> trees;
  Layout layout;
  for (int t = 0; t < 32; ++t) {
    trees.push_back(RandomTree(rng, 5, 8));
    if (t == 7) {
      trees.back().nodes[0].threshold = NAN;
      trees.back().nodes[0].default_left = false;
    }
    layout.AddPerfect(trees.back(), 5);
  }
  auto forest = std::make_unique<BitForest<5, 32>>();
  BuildBitForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128,
                 forest.get());
  EXPECT_TRUE(forest->nan_threshold_goes_right);
  for (const double nan : {0.0, 0.1}) {
    const size_t n = 64;
    const std::vector<float> x = RandomRows(rng, n, 8, nan);
    std::vector<float> want(n, 0.0f), got(n, 0.0f);
    constexpr const auto& kSteps = kRuns<5, 32>;
    internal::DoSteps<kSteps>(layout.arrays(), RowBlock<8, 1>{x.data(), n, want.data(), nan > 0},
                              std::make_index_sequence<kSteps.size()>());
    WalkSteps<kSteps>(layout.arrays(), RowBlock<8, 1>{x.data(), n, got.data(), nan > 0});
    for (size_t r = 0; r < n; ++r) {
      ASSERT_TRUE(SameBits(want[r], got[r])) << "NaN " << nan << ", row " << r;
    }
  }
}

// A shard of: 20 trees of depth 5 (bit walk), a node-list tree, 20 of depth 9 (deeper
// than the bit walk takes), 8 of depth 2 (too few) and 16 of depth 5 again (bit walk).
// Each row must still get every tree, in order.
constexpr std::array<Step, 7> MixedSteps() {
  return {PerfectRun(5, 16, 0, 0, 0),
          PerfectRun(5, 4, 16 * 31, 16 * 32, 16),
          ListTree(0, 0),
          PerfectRun(9, 16, 20 * 31, 20 * 32, 21),
          PerfectRun(9, 4, 20 * 31 + 16 * 511, 20 * 32 + 16 * 512, 37),
          PerfectRun(2, 8, 20 * 31 + 20 * 511, 20 * 32 + 20 * 512, 41),
          PerfectRun(5, 16, 20 * 31 + 20 * 511 + 8 * 3, 20 * 32 + 20 * 512 + 8 * 4, 49)};
}
constexpr std::array<Step, 7> kMixedSteps = MixedSteps();

template <size_t kFeatures>
void CheckMixed(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Tree> trees;
  Layout layout;
  auto perfect = [&](int count, int depth) {
    for (int t = 0; t < count; ++t) {
      trees.push_back(RandomTree(rng, depth, kFeatures));
      layout.AddPerfect(trees.back(), depth);
    }
  };
  perfect(20, 5);
  trees.push_back(RandomTree(rng, 11, kFeatures));
  layout.AddList(trees.back());
  perfect(20, 9);
  perfect(8, 2);
  perfect(16, 5);
  ASSERT_EQ(layout.nodes.size(), 36 * 31 + 20 * 511 + 8 * 3u);
  for (const double nan : {0.0, 0.05}) {
    for (const size_t n : {1, 15, 16, 200}) {
      const std::vector<float> x = RandomRows(rng, n, kFeatures, nan);
      const std::vector<float> want = ScalarMargins(trees, x.data(), n, kFeatures, 1, -0.25f);
      std::vector<float> got(n, -0.25f);
      WalkSteps<kMixedSteps>(layout.arrays(),
                             RowBlock<kFeatures, 1>{x.data(), n, got.data(), nan > 0});
      for (size_t r = 0; r < n; ++r) {
        ASSERT_TRUE(SameBits(want[r], got[r]))
            << kFeatures << " features, " << n << " rows, NaN " << nan << ", row " << r;
      }
    }
  }
}

TEST(BitWalkTest, MixedShardKeepsTreeOrder) {
  SKIP_WITHOUT_AVX512();
  CheckMixed<32>(41);  // the other runs take the lane walk
  CheckMixed<40>(42);  // the other runs take the scalar walk
}

// As the lane walk, the bit walk must hand back clean upper register halves.
TEST(BitWalkTest, LeavesUpperRegisterStateClean) {
  SKIP_WITHOUT_AVX512();
  if (testing::UpperStateInUse() < 0) GTEST_SKIP() << "this CPU does not report XINUSE";
  std::mt19937 rng(51);
  Layout layout;
  for (int t = 0; t < 40; ++t) layout.AddPerfect(RandomTree(rng, 8, 32), 8);
  for (size_t n : {16, 40, 128}) {
    const std::vector<float> x = RandomRows(rng, n, 32, 0.0);
    std::vector<float> got(n, 0.0f);
    WalkSteps<kRuns<8, 40>>(layout.arrays(), RowBlock<32, 1>{x.data(), n, got.data(), false});
    EXPECT_EQ(testing::UpperStateInUse(), 0) << n << " rows";
  }
}

#else
TEST(BitWalkTest, NotOnThisArchitecture) { GTEST_SKIP() << "the bit walk needs x86-64 AVX-512F"; }
#endif  // NEO_TREES_LANE_WALK

}  // namespace
}  // namespace neo::kernels::trees
