#include "compiler/codegen/trees/tree_codegen.h"

#include "compiler/codegen/trees/tree_layout.h"
#include "gtest/gtest.h"

namespace neo::codegen::trees {
namespace {

ir::TreeNode Split(int32_t l, int32_t r, uint32_t f, float t, bool dl) {
  ir::TreeNode n;
  n.left = l;
  n.right = r;
  n.feature = f;
  n.threshold = t;
  n.default_left = dl;
  return n;
}

ir::TreeNode Leaf(float v) {
  ir::TreeNode n;
  n.leaf = v;
  return n;
}

// Depth 2 on the left, a leaf at depth 1 on the right.
ir::Tree Lopsided() {
  ir::Tree t;
  t.nodes = {Split(1, 2, 3, 0.5f, true), Split(3, 4, 1, -1.0f, false), Leaf(7.0f), Leaf(1.0f),
             Leaf(2.0f)};
  return t;
}

// A chain of `depth` splits, each with a leaf on the right.
ir::Tree Chain(int depth) {
  ir::Tree t;
  for (int d = 0; d < depth; ++d) {
    const int32_t id = static_cast<int32_t>(t.nodes.size());
    t.nodes.push_back(Split(id + 2, id + 1, 0, float(d), false));
    t.nodes.push_back(Leaf(float(d)));
  }
  t.nodes.push_back(Leaf(-1.0f));
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

ir::TreeEnsemble Ensemble() {
  ir::TreeEnsemble e;
  e.objective = "binary:logistic";
  e.transform = ir::Transform::kSigmoid;
  e.num_features = 4;
  e.base_margin = 0.25f;
  for (int i = 0; i < 5; ++i) e.trees.push_back(Lopsided());
  e.trees.push_back(Chain(kMaxPerfectDepth + 2));
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

TEST(TreeCodegenTest, FilesShardsAndShapes) {
  const auto files = GenerateTreeCode(Ensemble(), Options(3));
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0].name, "forest.h");
  EXPECT_EQ(files[1].name, "forest.cc");
  EXPECT_EQ(files[4].name, "forest_trees_2.cc");
  EXPECT_NE(files[0].contents.find("class Forest final : public neo::Model"), std::string::npos);
  EXPECT_NE(files[0].contents.find("static void EvalShard2("), std::string::npos);
  EXPECT_NE(files[1].contents.find("constexpr float kBaseMargin = 0.25f;"), std::string::npos);
  EXPECT_NE(files[1].contents.find("1.0f / (1.0f + std::exp(-m[i]))"), std::string::npos);
  std::string all;
  for (size_t k = 2; k < files.size(); ++k) all += files[k].contents;
  // Five padded trees of depth 2 walked as one run (in one shard), the deep chain as a
  // node list.
  EXPECT_NE(GenerateTreeCode(Ensemble(), Options(1))[2].contents.find("  WalkRun<2, 5>(0, 0, 0, rows, n, margins, missing);  // trees 0-4"),
            std::string::npos);
  size_t list = 0;
  for (size_t at = 0; (at = all.find("  WalkList(kList", at)) != std::string::npos; ++at) ++list;
  EXPECT_EQ(list, 1u);
  EXPECT_NE(all.find("// tree 5 (depth 12)"), std::string::npos);
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
  EXPECT_EQ(GenerateTreeCode(e, Options(20)).size(), 22u);
}

}  // namespace
}  // namespace neo::codegen::trees
