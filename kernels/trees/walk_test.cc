// The tree walks of walk.h against the plain scalar walk (test_forest.h), bit for bit:
// hand-made trees with known answers, random forests of every run length and depth the
// code generator uses, NaN with both default directions, DART weights, output groups,
// node-list trees deeper than the perfect layout, and the step table.
#include "kernels/trees/walk.h"

#include <array>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/trees/test_forest.h"

namespace neo::kernels::trees {
namespace {

using testing::Layout;
using testing::RandomRows;
using testing::RandomTree;
using testing::ScalarMargins;
using testing::Tree;

// Bitwise float equality (so -0 and 0 differ, and the walk must match exactly).
::testing::AssertionResult SameBits(const std::vector<float>& want, const std::vector<float>& got) {
  if (want.size() != got.size()) return ::testing::AssertionFailure() << "sizes differ";
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::memcmp(&want[i], &got[i], sizeof(float)) != 0) {
      return ::testing::AssertionFailure()
             << "at " << i << ": want " << want[i] << ", got " << got[i];
    }
  }
  return ::testing::AssertionSuccess();
}

// Root: x0 < 0.5 (missing goes left); its left child x1 < -1 (missing goes right); its
// right child a leaf (7), so the padded tree repeats 7 under a dummy split.
//   leaves: x0 < 0.5 & x1 < -1 -> 1, x0 < 0.5 & x1 >= -1 -> 2, x0 >= 0.5 -> 7.
constexpr PerfectNode kHandNodes[] = {{0, 0.5f}, {1, -1.0f}, {0, 0.0f}};
constexpr uint8_t kHandMissingLeft[] = {1, 0, 0};
constexpr float kHandLeaves[] = {1.0f, 2.0f, 7.0f, 7.0f};
constexpr int32_t kHandGroups[] = {0};
// The same tree as a node list: 0 split x0, 1 split x1, 2/3 leaves 1/2, 4 leaf 7.
constexpr ListNode kHandList[] = {
    {1, 4, 0u | kListMissingLeft, 0.5f},
    {2, 3, 1u, -1.0f},
    {-1, -1, 0u, 1.0f},
    {-1, -1, 0u, 2.0f},
    {-1, -1, 0u, 7.0f},
};
constexpr ShardArrays kHand = {kHandNodes, kHandMissingLeft, kHandLeaves, kHandGroups, kHandList};

TEST(TreeWalkTest, HandMadeTreeKnownAnswers) {
  const float rows[] = {
      0.0f, -2.0f,  // left, left: 1
      0.0f, -1.0f,  // x1 == threshold goes right: 2
      0.5f, -9.0f,  // x0 == threshold goes right: 7
      NAN,  -2.0f,  // x0 missing goes left, then left: 1
      0.0f, NAN,    // x1 missing goes right: 2
      NAN,  NAN,    // left, then right: 2
      9.0f, NAN,    // a missing value under the dummy split changes nothing: 7
  };
  const std::vector<float> want = {1, 2, 7, 1, 2, 2, 7};
  for (size_t n : {size_t{1}, size_t{2}, size_t{7}}) {
    std::vector<float> perfect(n, 0.0f), list(n, 0.0f);
    const RowBlock<2, 1> perfect_block{rows, n, perfect.data(), true};
    AddPerfectRun<2, 1>(kHand, 0, 0, 0, perfect_block);
    AddListTree(kHandList, 0, RowBlock<2, 1>{rows, n, list.data(), true});
    const std::vector<float> expect(want.begin(), want.begin() + n);
    EXPECT_EQ(perfect, expect) << n << " rows";
    EXPECT_EQ(list, expect) << n << " rows";
  }
}

TEST(TreeWalkTest, NanFreeFastPathSkipsOnlyTheDefaultTest) {
  const float rows[] = {0.0f, -2.0f, 0.0f, 0.0f, 3.0f, 3.0f};
  std::vector<float> fast(3, 0.0f), checked(3, 0.0f);
  AddPerfectRun<2, 1>(kHand, 0, 0, 0, RowBlock<2, 1>{rows, 3, fast.data(), false});
  AddPerfectRun<2, 1>(kHand, 0, 0, 0, RowBlock<2, 1>{rows, 3, checked.data(), true});
  EXPECT_EQ(fast, (std::vector<float>{1, 2, 7}));
  EXPECT_EQ(fast, checked);
}

// Lays out `trees` (all of depth <= kDepth) as one run, walks it over `rows`, and checks
// the margins against the scalar walk, for blocks with and without the NaN test.
template <int kDepth, int kTrees, size_t kFeatures, size_t kGroups>
void CheckRun(const std::vector<Tree>& trees, const std::vector<float>& rows, bool has_nan,
              float base) {
  ASSERT_EQ(trees.size(), size_t{kTrees});
  Layout layout;
  for (const Tree& t : trees) layout.AddPerfect(t, kDepth);
  const size_t n = rows.size() / kFeatures;
  const std::vector<float> want = ScalarMargins(trees, rows.data(), n, kFeatures, kGroups, base);
  for (bool missing : {true, false}) {
    if (has_nan && !missing) continue;  // the fast path is only for NaN-free blocks
    std::vector<float> got(n * kGroups, base);
    AddPerfectRun<kDepth, kTrees>(
        layout.arrays(), 0, 0, 0,
        RowBlock<kFeatures, kGroups>{rows.data(), n, got.data(), missing});
    EXPECT_TRUE(SameBits(want, got))
        << "depth " << kDepth << ", " << kTrees << " trees, " << n << " rows, groups " << kGroups
        << (missing ? "" : ", NaN-free path");
  }
}

template <int kDepth, int kTrees, size_t kFeatures = 7, size_t kGroups = 1>
void CheckRandomRuns(uint32_t seed) {
  std::mt19937 rng(seed);
  for (int round = 0; round < 3; ++round) {
    std::vector<Tree> trees;
    for (int t = 0; t < kTrees; ++t) {
      // Mostly full depth, some shallower (padded further).
      const int depth = (t % 3 == 2 && kDepth > 0) ? kDepth - 1 : kDepth;
      trees.push_back(RandomTree(rng, depth, kFeatures, kGroups));
    }
    for (size_t n : {1, 2, 3, 8, 33}) {
      CheckRun<kDepth, kTrees, kFeatures, kGroups>(trees, RandomRows(rng, n, kFeatures, 0.2), true,
                                                   0.5f);
      CheckRun<kDepth, kTrees, kFeatures, kGroups>(trees, RandomRows(rng, n, kFeatures, 0.0), false,
                                                   -0.0f);
    }
  }
}

TEST(TreeWalkTest, RunLengthsMatchScalarWalk) {
  // 1..8 trees: one pass; 9..16: pairs of rows take the run as 8 + the rest.
  CheckRandomRuns<3, 1>(1);
  CheckRandomRuns<3, 2>(2);
  CheckRandomRuns<3, 7>(3);
  CheckRandomRuns<3, 8>(4);
  CheckRandomRuns<3, 9>(5);
  CheckRandomRuns<3, 13>(6);
  CheckRandomRuns<3, 16>(7);
}

TEST(TreeWalkTest, DepthsMatchScalarWalk) {
  CheckRandomRuns<0, 3>(10);  // a lone leaf: no splits at all
  CheckRandomRuns<1, 16>(11);
  CheckRandomRuns<6, 16>(12);
  CheckRandomRuns<8, 16>(13);
  CheckRandomRuns<8, 5>(14);
  CheckRandomRuns<10, 16>(15);  // the deepest perfect layout neoc writes
}

TEST(TreeWalkTest, GroupsGetTheirOwnTrees) {
  CheckRandomRuns<4, 16, 5, 3>(20);
  CheckRandomRuns<2, 5, 5, 10>(21);
}

TEST(TreeWalkTest, DartWeightsAreInTheLeaves) {
  std::mt19937 rng(30);
  std::vector<Tree> trees;
  for (int t = 0; t < 11; ++t) {
    trees.push_back(RandomTree(rng, 5, 6));
    trees.back().weight = t == 4 ? 1.0f : std::uniform_real_distribution<float>(0.1f, 2.0f)(rng);
  }
  CheckRun<5, 11, 6, 1>(trees, RandomRows(rng, 9, 6, 0.1), true, 0.3f);
}

TEST(TreeWalkTest, DeepListTreesMatchScalarWalk) {
  std::mt19937 rng(40);
  for (int depth : {11, 12, 16}) {
    for (size_t groups : {size_t{1}, size_t{3}}) {
      std::vector<Tree> trees;
      Layout layout;
      std::vector<size_t> roots;
      for (int t = 0; t < 4; ++t) {
        trees.push_back(RandomTree(rng, depth, 9, static_cast<int>(groups)));
        if (t == 2) trees.back().weight = 0.75f;
        ASSERT_EQ(testing::Depth(trees.back()), depth);
        roots.push_back(layout.AddList(trees.back()));
      }
      const std::vector<float> rows = RandomRows(rng, 17, 9, 0.15);
      const std::vector<float> want = ScalarMargins(trees, rows.data(), 17, 9, groups, 1.0f);
      std::vector<float> got(17 * groups, 1.0f);
      for (size_t t = 0; t < trees.size(); ++t) {
        if (groups == 1) {
          AddListTree(layout.list.data() + roots[t], trees[t].group,
                      RowBlock<9, 1>{rows.data(), 17, got.data(), true});
        } else {
          AddListTree(layout.list.data() + roots[t], trees[t].group,
                      RowBlock<9, 3>{rows.data(), 17, got.data(), true});
        }
      }
      EXPECT_TRUE(SameBits(want, got)) << "depth " << depth << ", groups " << groups;
    }
  }
}

// A shard's step table: nine trees of depth 3 walked as 9, a deep tree, two of depth 1
// and a lone leaf, in that order (the order the margins add up in).
constexpr std::array<Step, 4> kSteps = {
    PerfectRun(3, 9, 0, 0, 0),
    ListTree(0, 1),
    PerfectRun(1, 2, 63, 72, 9),
    PerfectRun(0, 1, 65, 76, 11),
};
constexpr std::array<Step, 0> kNoSteps = {};

TEST(TreeWalkTest, StepsWalkAShardInTreeOrder) {
  std::mt19937 rng(50);
  std::vector<Tree> trees;
  Layout layout;
  for (int t = 0; t < 9; ++t) {
    trees.push_back(RandomTree(rng, 3, 6, 2));
    layout.AddPerfect(trees.back(), 3);
  }
  trees.push_back(RandomTree(rng, 13, 6));
  trees.back().group = 1;
  layout.AddList(trees.back());
  for (int t = 0; t < 2; ++t) {
    trees.push_back(RandomTree(rng, 1, 6, 2));
    layout.AddPerfect(trees.back(), 1);
  }
  trees.push_back(RandomTree(rng, 0, 6, 2));
  layout.AddPerfect(trees.back(), 0);
  ASSERT_EQ(layout.nodes.size(), 65u);
  ASSERT_EQ(layout.leaves.size(), 77u);

  for (double nan : {0.0, 0.3}) {
    for (size_t n : {1, 6, 11}) {
      const std::vector<float> rows = RandomRows(rng, n, 6, nan);
      const std::vector<float> want = ScalarMargins(trees, rows.data(), n, 6, 2, 0.1f);
      std::vector<float> got(n * 2, 0.1f);
      const RowBlock<6, 2> block{rows.data(), n, got.data(), nan > 0};
      WalkSteps<kSteps>(layout.arrays(), block);
      EXPECT_TRUE(SameBits(want, got)) << n << " rows, NaN " << nan;
      WalkSteps<kNoSteps>(layout.arrays(), block);  // an empty shard adds nothing
      EXPECT_TRUE(SameBits(want, got));
    }
  }
}

}  // namespace
}  // namespace neo::kernels::trees
