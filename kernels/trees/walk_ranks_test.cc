// The rank walk's parts (walk_ranks.h): what BuildRankForest makes of a run's thresholds,
// ranks against a plain count, the 64-row mask transpose against a plain one, and runs
// with a feature of 256 distinct thresholds (compared as floats) or a NaN threshold,
// through WalkSteps against the scalar walk.
// walk_bits_test checks whole walks on ranks and on floats.
#include "kernels/trees/walk_ranks.h"

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
using testing::RandomRows;
using testing::RandomTree;
using testing::Tree;

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

// A tree of depth 2 whose three splits all read feature 1, at `a` (root), `b` and `c`.
Tree ThreeSplits(float a, float b, float c) {
  Tree t;
  t.nodes.resize(7);
  t.nodes[0] = {1, 2, 1, a, 0.0f, true};
  t.nodes[1] = {3, 4, 1, b, 0.0f, true};
  t.nodes[2] = {5, 6, 1, c, 0.0f, false};
  for (int i = 3; i < 7; ++i) t.nodes[i].leaf = static_cast<float>(i);
  return t;
}

TEST(RankForestTest, RanksAreThresholdPlacesWithSignedZerosAsOne) {
  Layout layout;
  layout.AddPerfect(ThreeSplits(0.5f, -0.0f, 2.0f), 2);
  layout.AddPerfect(ThreeSplits(0.0f, 0.5f, -3.0f), 2);
  auto forest = std::make_unique<RankForest<2, 2, 3>>();
  BuildRankForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128, 96,
                  forest.get());
  ASSERT_TRUE(forest->ranked);
  // Distinct thresholds of feature 1: -3, 0 (either sign), 0.5, 2.
  const uint32_t want_rank[] = {2, 1, 3, 1, 2, 0};
  ASSERT_EQ(forest->ranked_end[0], 3u);
  ASSERT_EQ(forest->tree_end[0], 3u);
  ASSERT_EQ(forest->ranked_end[1], 6u);
  ASSERT_EQ(forest->tree_end[1], 6u);
  for (size_t s = 0; s < 6; ++s) {
    EXPECT_EQ(forest->splits[s].rank4, want_rank[s] * 0x01010101u) << "split " << s;
    EXPECT_EQ(forest->splits[s].n, s % 3 + 1) << "split " << s;
    EXPECT_EQ(forest->splits[s].offset & ~kBitMissingRight, 128u) << "split " << s;
    EXPECT_EQ((forest->splits[s].offset & kBitMissingRight) != 0, s % 3 == 2) << "split " << s;
  }
  ASSERT_EQ(forest->feature_count, 1u);
  EXPECT_EQ(forest->features[0], 1u);
  // The search tree's in-order walk is the sorted thresholds, then +inf.
  std::vector<float> in_order;
  auto walk = [&](auto&& self, size_t node) -> void {
    if (node > 255) return;
    self(self, 2 * node);
    in_order.push_back(forest->pivots[0][node]);
    self(self, 2 * node + 1);
  };
  walk(walk, 1);
  ASSERT_EQ(in_order.size(), 255u);
  EXPECT_EQ(in_order[0], -3.0f);
  EXPECT_EQ(in_order[1], 0.0f);
  EXPECT_EQ(in_order[2], 0.5f);
  EXPECT_EQ(in_order[3], 2.0f);
  for (size_t i = 4; i < 255; ++i) EXPECT_EQ(in_order[i], INFINITY) << i;
}

constexpr size_t kManyTrees = 32;

// kManyTrees trees of depth 8 over `features` features. One split in `every` reads
// feature 0, at `distinct` thresholds in all; the others read features 1 and up, at the
// few thresholds of RandomTree's grid.
void ManyThresholds(size_t distinct, uint32_t features, Layout* layout, size_t every = 5) {
  std::mt19937 rng(static_cast<uint32_t>(distinct + features));
  size_t next = 0;
  for (size_t t = 0; t < kManyTrees; ++t) {
    Tree tree = RandomTree(rng, 8, features);
    for (testing::Node& node : tree.nodes) {
      if (node.left < 0) continue;
      if (next++ % every == 0) {
        node.feature = 0;
        node.threshold = static_cast<float>(next / every % distinct) * 0.125f - 40.0f;
      } else if (node.feature == 0) {
        node.feature = 1;
      }
    }
    layout->AddPerfect(tree, 8);
  }
}

// 255 thresholds are ranked; with 256 the feature's splits compare floats, after each
// tree's ranked splits, their offsets into the float tile and their thresholds' bits.
TEST(RankForestTest, AFeatureWith256ThresholdsComparesFloats) {
  for (const size_t distinct : {255, 256}) {
    Layout layout;
    ManyThresholds(distinct, 2, &layout);
    auto forest = std::make_unique<RankForest<8, kManyTrees, 2>>();
    BuildRankForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128, 96,
                    forest.get());
    ASSERT_TRUE(forest->ranked);
    const bool wide = distinct > kMaxRankThresholds;
    ASSERT_EQ(forest->feature_count, wide ? 1u : 2u) << distinct;
    EXPECT_EQ(forest->features[0], wide ? 1u : 0u);
    size_t floats = 0;
    uint32_t s = 0;
    for (size_t t = 0; t < kManyTrees; ++t) {
      for (; s < forest->tree_end[t]; ++s) {
        const RankSplit& split = forest->splits[s];
        const size_t j = t * 255 + split.n - 1;
        const bool on_floats = s >= forest->ranked_end[t];
        floats += on_floats;
        EXPECT_EQ(on_floats, wide && layout.nodes[j].feature == 0) << distinct << ", split " << s;
        EXPECT_EQ(split.offset & ~kBitMissingRight,
                  layout.nodes[j].feature * (on_floats ? 96 : 128));
        if (on_floats) {
          float threshold;
          std::memcpy(&threshold, &split.rank4, sizeof threshold);
          EXPECT_EQ(threshold, layout.nodes[j].threshold);
        }
      }
    }
    EXPECT_EQ(floats > 0, wide);
  }
}

// A run with more than a quarter of its splits comparing floats keeps the float bit walk.
TEST(RankForestTest, MostlyFloatSplitsKeepTheFloatWalk) {
  for (const size_t every : {1, 3, 5}) {
    Layout layout;
    ManyThresholds(1000, 2, &layout, every);
    auto forest = std::make_unique<RankForest<8, kManyTrees, 2>>();
    BuildRankForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128, 96,
                    forest.get());
    EXPECT_EQ(forest->ranked, every == 5) << "one split in " << every << " compares floats";
  }
}

#if NEO_TREES_LANE_WALK
#define SKIP_WITHOUT_RANK_WALK() \
  if (!RankWalkAvailable())      \
  GTEST_SKIP() << "this CPU lacks AVX-512BW, VBMI or GFNI: the rank walk cannot run here"

// RankOf and TransposeRankMasks with their vectors in and out of memory.
__attribute__((target("avx512f"))) void RanksOf(const float* pivots, const float* x,
                                                int32_t* ranks) {
  _mm512_storeu_si512(ranks, internal::RankOf(pivots, _mm512_loadu_ps(x)));
}

__attribute__((target("avx512f,avx512bw,avx512vbmi,gfni"))) void TransposeMasks(
    const uint64_t* masks, uint32_t (*words)[16]) {
  __m512i out[4];
  internal::TransposeRankMasks(masks, out);
  for (int u = 0; u < 4; ++u) _mm512_storeu_si512(words[u], out[u]);
}

TEST(RankWalkTest, RankIsTheCountOfThresholdsAtOrBelow) {
  SKIP_WITHOUT_RANK_WALK();
  std::mt19937 rng(3);
  for (const size_t count : {1, 2, 7, 100, 254, 255}) {
    std::vector<float> sorted;
    for (size_t i = 0; i < count; ++i) sorted.push_back(static_cast<float>(i) - 50.0f);
    alignas(64) float pivots[256] = {};
    std::vector<float> padded = sorted;
    padded.resize(255, INFINITY);
    internal::FillSearchTree(padded.data(), 0, 1, pivots);
    std::uniform_real_distribution<float> value(-60.0f, 260.0f);
    for (int trial = 0; trial < 64; ++trial) {
      alignas(64) float x[16];
      for (float& v : x) v = value(rng);
      x[0] = -0.0f;
      x[1] = NAN;
      x[2] = INFINITY;
      x[3] = -INFINITY;
      x[4] = sorted[trial % count];  // exactly on a threshold
      int32_t got[16];
      RanksOf(pivots, x, got);
      for (int i = 0; i < 16; ++i) {
        int32_t want = 0;
        for (const float t : padded) want += t <= x[i];
        EXPECT_EQ(got[i], want) << count << " thresholds, value " << x[i];
      }
    }
  }
}

TEST(RankWalkTest, MaskTransposeGivesEachRowItsSplitBits) {
  SKIP_WITHOUT_RANK_WALK();
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    alignas(64) uint64_t masks[32];
    for (uint64_t& m : masks) m = rng();
    uint32_t got[4][16];
    TransposeMasks(masks, got);
    for (size_t row = 0; row < 64; ++row) {
      uint32_t want = 0;
      for (int j = 0; j < 32; ++j) want |= static_cast<uint32_t>((masks[j] >> row) & 1) << j;
      const size_t at = internal::PermutedRow(row);
      EXPECT_EQ(got[at / 16][at % 16], want) << "row " << row;
    }
  }
  for (size_t r = 0; r < 256; ++r) EXPECT_EQ(internal::PermutedRow(internal::PermutedRow(r)), r);
}

// WalkSteps against walk.h's scalar walk (which, unlike testing::ScalarLeaf, sends a
// value at a NaN threshold left, as every walk of walk.h does). WalkSteps builds a run's
// forests once per instantiation, so each layout needs its own kFeatures.
template <int kDepth, size_t kTrees, size_t kFeatures>
void CheckAgainstScalar(const Layout& layout, uint32_t seed) {
  std::mt19937 rng(seed);
  constexpr const auto& kSteps = kRuns<kDepth, kTrees>;
  for (const double nan : {0.0, 0.1}) {
    for (const size_t n : {16, 64, 65, 128, 200}) {
      const std::vector<float> x = RandomRows(rng, n, kFeatures, nan);
      std::vector<float> want(n, 0.0f);
      internal::DoSteps<kSteps>(layout.arrays(),
                                RowBlock<kFeatures, 1>{x.data(), n, want.data(), nan > 0},
                                std::make_index_sequence<kSteps.size()>());
      std::vector<float> got(n, 0.0f);
      WalkSteps<kRuns<kDepth, kTrees>>(layout.arrays(),
                                       RowBlock<kFeatures, 1>{x.data(), n, got.data(), nan > 0});
      for (size_t r = 0; r < n; ++r) {
        ASSERT_TRUE(SameBits(want[r], got[r])) << n << " rows, NaN " << nan << ", row " << r
                                               << ": want " << want[r] << ", got " << got[r];
      }
    }
  }
}

// Splits on a feature of 256 thresholds compare floats among the ranked ones, with the
// same result, also where the float tile has fewer rows than a group of 64 (100
// features: 32 rows).
TEST(RankWalkTest, TooManyThresholdsCompareFloats) {
  SKIP_WITHOUT_RANK_WALK();
  Layout ranked, wide, wide_tile_of_32, all_wide;
  ManyThresholds(255, 2, &ranked);
  ManyThresholds(256, 3, &wide);
  ManyThresholds(256, 100, &wide_tile_of_32);
  ManyThresholds(1000, 4, &all_wide, 1);  // the float bit walk
  CheckAgainstScalar<8, kManyTrees, 2>(ranked, 9);
  CheckAgainstScalar<8, kManyTrees, 3>(wide, 10);
  CheckAgainstScalar<8, kManyTrees, 100>(wide_tile_of_32, 11);
  CheckAgainstScalar<8, kManyTrees, 4>(all_wide, 13);
}

// A NaN threshold whose missing values go left: no value is >= it, so it ranks 255.
TEST(RankWalkTest, NanThresholdGoingLeftSendsEverythingLeft) {
  SKIP_WITHOUT_RANK_WALK();
  std::mt19937 rng(11);
  Layout layout;
  for (int t = 0; t < 16; ++t) {
    Tree tree = RandomTree(rng, 5, 8);
    if (t % 4 == 1) {
      tree.nodes[0].threshold = NAN;
      tree.nodes[0].default_left = true;
    }
    layout.AddPerfect(tree, 5);
  }
  auto forest = std::make_unique<RankForest<5, 16, 8>>();
  BuildRankForest(layout.nodes.data(), layout.missing_left.data(), layout.leaves.data(), 128, 128,
                  forest.get());
  ASSERT_TRUE(forest->ranked);
  EXPECT_EQ(forest->splits[forest->tree_end[0]].rank4, 0xFFFFFFFFu);
  CheckAgainstScalar<5, 16, 8>(layout, 12);
}

#else
TEST(RankWalkTest, NotOnThisArchitecture) { GTEST_SKIP() << "the rank walk needs x86-64 AVX-512"; }
#endif  // NEO_TREES_LANE_WALK

}  // namespace
}  // namespace neo::kernels::trees
