// Tree layouts, shard splitting, and the generated text of a tiny hand-built ensemble
// (testdata/tiny_forest_ensemble.h), which must equal the checked-in goldens
// compiler/codegen/trees/testdata/tiny_forest*.golden byte for byte.
//
// When a tree codegen change is intended, regenerate the goldens and review the diff:
//
//   NEO_UPDATE_GOLDENS=1 bazel run //compiler/codegen/trees:tree_codegen_test
//   git diff compiler/codegen/trees/testdata/
//
// (`bazel run` sets BUILD_WORKSPACE_DIRECTORY, where the goldens are written; each
// written path is printed.) //compiler/codegen/trees:golden_forest_test compiles the
// goldens and runs them, so a golden is also known to be working C++.
#include "compiler/codegen/trees/tree_codegen.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/codegen/trees/testdata/tiny_forest_ensemble.h"
#include "compiler/codegen/trees/tree_layout.h"
#include "gtest/gtest.h"

namespace neo::codegen::trees {
namespace {

using testing::Chain;
using testing::Leaf;
using testing::Split;

constexpr char kGoldenDir[] = "compiler/codegen/trees/testdata/";

// Depth 2 on the left, a leaf at depth 1 on the right.
ir::Tree Lopsided() {
  ir::Tree t;
  t.nodes = {Split(1, 2, 3, 0.5f, true), Split(3, 4, 1, -1.0f, false), Leaf(7.0f), Leaf(1.0f),
             Leaf(2.0f)};
  return t;
}

TEST(TreeLayoutTest, PerfectPadsShallowLeaves) {
  PerfectLayout p = LayOutPerfect(Lopsided(), 2);
  EXPECT_EQ(p.features, (std::vector<uint32_t>{3, 1, 0}));
  EXPECT_EQ(p.missing_left, (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(p.thresholds, (std::vector<float>{0.5f, -1.0f, 0.0f}));
  // The right leaf (7) fills both slots under the dummy split.
  EXPECT_EQ(p.leaves, (std::vector<float>{1.0f, 2.0f, 7.0f, 7.0f}));
}

TEST(TreeLayoutTest, NanThresholdSendsPresentValuesRightAsXgboostDoes) {
  // XGBoost: !(x < NaN) for every present x, so right; the padded walk tests x >= t.
  ir::Tree t = Lopsided();
  t.nodes[0].threshold = NAN;
  const PerfectLayout p = LayOutPerfect(t, 2);
  EXPECT_EQ(p.thresholds[0], -std::numeric_limits<float>::infinity());
  for (float x : {-1e30f, -1.0f, 0.0f, 3.0f}) {
    EXPECT_EQ(x >= p.thresholds[0], !(x < t.nodes[0].threshold)) << x;
  }
}

TEST(TreeLayoutTest, DartWeightIsAppliedToLeaves) {
  ir::Tree t = Lopsided();
  t.weight = 0.5f;
  EXPECT_EQ(LayOutPerfect(t, 2).leaves, (std::vector<float>{0.5f, 1.0f, 3.5f, 3.5f}));
}

TEST(TreeLayoutTest, ListIsDepthFirst) {
  std::vector<ListNode> l = LayOutList(Lopsided());
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[0].left, 1);
  EXPECT_EQ(l[0].right, 4);
  EXPECT_EQ(l[0].feature, 3 | kMissingLeft);
  EXPECT_EQ(l[1].left, 2);
  EXPECT_EQ(l[1].right, 3);
  EXPECT_EQ(l[2].value, 1.0f);
  EXPECT_EQ(l[3].value, 2.0f);
  EXPECT_EQ(l[4].value, 7.0f);
  EXPECT_LT(l[4].left, 0);
}

// The perfect tree of `depth` levels, breadth-first (its last node is a leaf).
ir::Tree Full(int depth) {
  ir::Tree t;
  const int32_t splits = (1 << depth) - 1;
  for (int32_t i = 0; i < splits; ++i) {
    t.nodes.push_back(Split(2 * i + 1, 2 * i + 2, 0, 0.5f, false));
  }
  for (int32_t i = 0; i <= splits; ++i) t.nodes.push_back(Leaf(float(i)));
  return t;
}

// `t` with its last node (a leaf) turned into a chain `extra` splits deep.
ir::Tree Deepened(ir::Tree t, int extra) {
  int32_t leaf = static_cast<int32_t>(t.nodes.size()) - 1;
  for (int i = 0; i < extra; ++i) {
    const int32_t n = static_cast<int32_t>(t.nodes.size());
    t.nodes[leaf] = Split(n, n + 1, 1, float(i), true);
    t.nodes.push_back(Leaf(1.0f));
    t.nodes.push_back(Leaf(2.0f));
    leaf = n + 1;
  }
  return t;
}

TEST(TreeLayoutTest, OnlyTreesAnEighthFullArePadded) {
  EXPECT_TRUE(UsesPerfectLayout(Lopsided(), 2));
  EXPECT_TRUE(UsesPerfectLayout(Chain(5, 0, 0), 5));    // 11 nodes, 63 entries padded
  EXPECT_FALSE(UsesPerfectLayout(Chain(6, 0, 0), 6));   // 13 nodes, 127 entries
  EXPECT_FALSE(UsesPerfectLayout(Chain(10, 0, 0), 10));  // 21 nodes, 2047 entries
  EXPECT_TRUE(UsesPerfectLayout(Full(10), 10));
  EXPECT_FALSE(UsesPerfectLayout(Full(11), 11));  // too deep, however full
  // Depth 8 pads to 511 entries: 69 nodes are enough, 39 are not.
  EXPECT_TRUE(UsesPerfectLayout(Deepened(Full(5), 3), 8));
  EXPECT_FALSE(UsesPerfectLayout(Deepened(Full(4), 4), 8));
  // Deleted nodes (unreachable, kept in place by XGBoost) do not count.
  ir::Tree chain = Chain(10, 0, 0);
  chain.nodes.resize(1000, Leaf(0.0f));
  EXPECT_FALSE(UsesPerfectLayout(chain, 10));
}

ir::TreeEnsemble Ensemble() {
  ir::TreeEnsemble e;
  e.objective = "binary:logistic";
  e.transform = ir::Transform::kSigmoid;
  e.num_features = 4;
  e.base_margin = 0.25f;
  for (int i = 0; i < 5; ++i) e.trees.push_back(Lopsided());
  e.trees.push_back(Chain(kMaxPerfectDepth + 2, 0, 0));
  return e;
}

TreeCodegenOptions Options(int shards) {
  TreeCodegenOptions o;
  o.name = "forest";
  o.cpp_class = ParseCppClass("trees::Forest");
  o.header_path = "models/forest.h";
  o.provenance = "forest.tar.gz (xgboost)";
  o.target = "host";
  o.shards = shards;
  return o;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; ++at) ++count;
  return count;
}

TEST(TreeCodegenTest, FilesShardsAndShapes) {
  const auto files = GenerateTreeCode(Ensemble(), Options(3));
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0].name, "forest.h");
  EXPECT_EQ(files[1].name, "forest.cc");
  EXPECT_EQ(files[4].name, "forest_trees_2.cc");
  EXPECT_NE(files[0].contents.find("class Forest final : public neo::Model"), std::string::npos);
  EXPECT_NE(files[0].contents.find("static void EvalShard2("), std::string::npos);
  EXPECT_NE(files[1].contents.find("constexpr float kBaseMargin = 0.25f;"), std::string::npos);
  EXPECT_NE(files[1].contents.find("::neo::kernels::trees::Transform::kSigmoid;"),
            std::string::npos);
  EXPECT_EQ(Count(files[1].contents, "        EvalShard"), 3u);
  std::string all;
  for (size_t k = 2; k < files.size(); ++k) all += files[k].contents;
  // Five padded trees of depth 2 walked as one run (in one shard), the deep chain as a
  // node list.
  EXPECT_NE(GenerateTreeCode(Ensemble(), Options(1))[2].contents.find(
                "    PerfectRun(2, 5, 0, 0, 0),  // trees 0-4\n"
                "    ListTree(0, 0),  // tree 5 (depth 12)\n"),
            std::string::npos);
  EXPECT_EQ(Count(all, "    ListTree("), 1u);
  EXPECT_EQ(Count(all, "WalkSteps<kSteps>"), 3u);
  // The walk itself is the library's: no loops in generated code.
  for (const auto& f : files) EXPECT_EQ(f.contents.find("for ("), std::string::npos) << f.name;
}

// The main source's kThresholds: each feature's distinct thresholds of the padded trees
// as laid out (a dummy split's 0 and a NaN threshold's -inf included), -0 and +0 as one;
// none for node-list trees, more than 32 features or more than kMaxModelRanks thresholds
// a feature.
TEST(TreeCodegenTest, ThresholdListsForTheLaneWalkOnRanks) {
  ir::TreeEnsemble e = Ensemble();  // five Lopsided trees and a node-list chain
  e.trees[1].nodes[0].threshold = std::numeric_limits<float>::quiet_NaN();
  e.trees[2].nodes[1].threshold = -0.0f;
  e.trees[3].nodes[1].threshold = 0.0f;
  const std::vector<bool> perfect = PerfectLayouts(e);
  ASSERT_EQ(perfect, std::vector<bool>({true, true, true, true, true, false}));
  const auto lists = ModelThresholdLists(e, perfect);
  ASSERT_EQ(lists.size(), 4u);
  const float inf = std::numeric_limits<float>::infinity();
  // Feature 0: the dummy splits under each tree's right leaf (feature 0, threshold 0).
  EXPECT_EQ(lists[0], std::vector<float>({0.0f}));
  EXPECT_TRUE(lists[2].empty());
  EXPECT_EQ(lists[3], std::vector<float>({-inf, 0.5f}));
  ASSERT_EQ(lists[1], std::vector<float>({-1.0f, 0.0f}));
  EXPECT_TRUE(std::signbit(lists[1][1]));  // -0 kept
  // Five trees of depth 2 make no run the lane walk takes: no table, no ranking.
  EXPECT_NE(GenerateTreeCode(e, Options(1))[1].contents.find("predictions, nullptr,"),
            std::string::npos);
  // Sixteen do, in one shard; split over two shards, they do not.
  ir::TreeEnsemble sixteen = e;
  while (sixteen.trees.size() < 17) sixteen.trees.insert(sixteen.trees.begin(), Lopsided());
  auto files = GenerateTreeCode(sixteen, Options(1));
  EXPECT_NE(files[1].contents.find("predictions, &kThresholds,"), std::string::npos);
  EXPECT_NE(files[1].contents.find("const float kThresholdValues[] = {"), std::string::npos);
  files = GenerateTreeCode(sixteen, Options(2));
  EXPECT_NE(files[1].contents.find("predictions, nullptr,"), std::string::npos);

  ir::TreeEnsemble wide = sixteen;
  wide.num_features = 33;
  EXPECT_TRUE(ModelThresholdLists(wide, PerfectLayouts(wide)).empty());
  EXPECT_NE(GenerateTreeCode(wide, Options(1))[1].contents.find("predictions, nullptr,"),
            std::string::npos);
  ir::TreeEnsemble exact = Ensemble();
  for (int i = 0; i < 4094; ++i) {  // with Lopsided's 0.5, kMaxModelRanks for feature 3
    exact.trees.push_back(Lopsided());
    exact.trees.back().nodes[0].threshold = 0.001f * i + 1.0f;
  }
  EXPECT_EQ(ModelThresholdLists(exact, PerfectLayouts(exact))[3].size(),
            kernels::trees::kMaxModelRanks);
  exact.trees.push_back(Lopsided());
  exact.trees.back().nodes[0].threshold = -7.0f;  // one more
  EXPECT_TRUE(ModelThresholdLists(exact, PerfectLayouts(exact)).empty());
}

TEST(TreeCodegenTest, RunsBreakAtSixteenTreesAndAtDepthChanges) {
  ir::TreeEnsemble e = Ensemble();
  e.trees.clear();
  for (int i = 0; i < 20; ++i) e.trees.push_back(Lopsided());
  ir::Tree stump;
  stump.nodes = {Split(1, 2, 0, 0.0f, false), Leaf(1.0f), Leaf(2.0f)};
  e.trees.push_back(stump);
  e.trees.push_back(Lopsided());
  const std::string shard = GenerateTreeCode(e, Options(1))[2].contents;
  EXPECT_NE(shard.find("constexpr std::array<Step, 4> kSteps = {\n"
                       "    PerfectRun(2, 16, 0, 0, 0),  // trees 0-15\n"
                       "    PerfectRun(2, 4, 48, 64, 16),  // trees 16-19\n"
                       "    PerfectRun(1, 1, 60, 80, 20),  // tree 20\n"
                       "    PerfectRun(2, 1, 61, 82, 21),  // tree 21\n"
                       "};\n"),
            std::string::npos)
      << shard;
}

// The generated text of thin deep trees grows with their nodes, not with 2^depth: a
// model of 20,000 chains of depth 10 (85 KB as a tarball) made 565 MB of C++ when every
// tree of depth <= 10 was padded.
TEST(TreeCodegenTest, ThinTreesAreWalkedAsNodeLists) {
  ir::TreeEnsemble e = Ensemble();
  e.trees.clear();
  e.trees.push_back(Full(kMaxPerfectDepth));
  for (int i = 0; i < 100; ++i) e.trees.push_back(Chain(kMaxPerfectDepth, 0, 0));
  // 4147 nodes allow 8 * 4147 = 33176 entries: the full tree and 100 chains take 4147
  // as they are, and each chain padded takes 2026 more, so 14 chains are padded.
  const std::vector<bool> perfect = PerfectLayouts(e);
  EXPECT_EQ(std::count(perfect.begin(), perfect.end(), true), 15);
  EXPECT_TRUE(perfect[0]);
  const std::string shard = GenerateTreeCode(e, Options(1))[2].contents;
  EXPECT_EQ(Count(shard, "    ListTree("), 86u);
  // At most 8 entries per node, each under 64 bytes.
  EXPECT_LT(shard.size(), kMaxPaddingPerNode * (2047 + 100 * 21) * 64 + 16384u);
  // Shards are weighed by the same sizes: the padded trees lead, about half the text.
  EXPECT_EQ(ShardBoundaries(e, 2), (std::vector<size_t>{0, 8, 101}));
}

// A few sparse trees among dense ones are padded too, so every tree walks branch-free
// in runs of 16: bench_large has 39 such trees among 1000.
TEST(TreeCodegenTest, SparseTreesAmongDenseOnesArePadded) {
  ir::TreeEnsemble e = Ensemble();
  e.trees.clear();
  for (int i = 0; i < 32; ++i) {
    e.trees.push_back(i % 8 == 3 ? Deepened(Full(4), 4) : Full(8));
  }
  ASSERT_FALSE(UsesPerfectLayout(e.trees[3], 8));
  const std::vector<bool> perfect = PerfectLayouts(e);
  EXPECT_EQ(std::count(perfect.begin(), perfect.end(), true), 32);
  const std::string shard = GenerateTreeCode(e, Options(1))[2].contents;
  EXPECT_EQ(Count(shard, "    ListTree("), 0u);
  EXPECT_EQ(Count(shard, "    PerfectRun(8, 16,"), 2u);
}

TEST(TreeCodegenTest, Deterministic) {
  const auto a = GenerateTreeCode(Ensemble(), Options(2));
  const auto b = GenerateTreeCode(Ensemble(), Options(2));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].contents, b[i].contents) << a[i].name;
}

TEST(TreeCodegenTest, ShardsSplitBySizeInOrder) {
  ir::TreeEnsemble e = Ensemble();
  EXPECT_EQ(ShardBoundaries(e, 1), (std::vector<size_t>{0, 6}));
  const auto b = ShardBoundaries(e, 4);
  ASSERT_EQ(b.size(), 5u);
  for (size_t k = 0; k + 1 < b.size(); ++k) EXPECT_LE(b[k], b[k + 1]);
  EXPECT_EQ(b.front(), 0u);
  EXPECT_EQ(b.back(), 6u);
  // More shards than trees: the extra shards are empty, never out of range.
  const auto many = ShardBoundaries(e, 20);
  EXPECT_EQ(many.back(), 6u);
  const auto files = GenerateTreeCode(e, Options(20));
  ASSERT_EQ(files.size(), 22u);
  EXPECT_NE(files[21].contents.find("// Trees 6 to (none) of 6, in order"), std::string::npos);
  EXPECT_NE(files[21].contents.find("constexpr std::array<Step, 0> kSteps = {\n};"),
            std::string::npos);
}

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "line N: want <...> / got <...>" for the first differing line.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "same lines, different line endings";
    if (!more_a || !more_b || la != lb) {
      return "first difference at line " + std::to_string(line) + ":\n  want: " +
             (more_a ? la : "<end of file>") + "\n  got:  " + (more_b ? lb : "<end of file>");
    }
  }
}

// Compares `actual` with testdata/<file>.golden, or rewrites that golden when
// NEO_UPDATE_GOLDENS=1 under `bazel run`.
void ExpectGolden(const std::string& file, const std::string& actual) {
  const std::string golden = std::string(kGoldenDir) + file + ".golden";
  const char* update = std::getenv("NEO_UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    ASSERT_TRUE(workspace != nullptr)
        << "NEO_UPDATE_GOLDENS=1 needs `bazel run //compiler/codegen/trees:tree_codegen_test`";
    const std::string path = std::string(workspace) + "/" + golden;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    std::printf("updated %s (%zu bytes)\n", path.c_str(), actual.size());
    return;
  }
  bool ok = false;
  const std::string want = ReadFile(golden, &ok);
  ASSERT_TRUE(ok) << "missing golden " << golden
                  << "; make it with NEO_UPDATE_GOLDENS=1 bazel run "
                     "//compiler/codegen/trees:tree_codegen_test";
  if (want != actual) {
    // Leave the actual text beside the test's outputs for a full diff.
    if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      std::ofstream(std::string(dir) + "/" + file, std::ios::binary) << actual;
    }
    ADD_FAILURE() << golden << " differs (" << want.size() << " bytes golden, " << actual.size()
                  << " generated); " << FirstDifference(want, actual)
                  << "\nIf the change is intended: NEO_UPDATE_GOLDENS=1 bazel run "
                     "//compiler/codegen/trees:tree_codegen_test";
  }
}

TEST(TreeCodegenGoldenTest, TinyForest) {
  const auto files = GenerateTreeCode(testing::TinyForestEnsemble(), testing::TinyForestOptions());
  ASSERT_EQ(files.size(), 4u);
  for (const auto& f : files) ExpectGolden(f.name, f.contents);
}

}  // namespace
}  // namespace neo::codegen::trees
