#include "compiler/ir/tree_ensemble.h"

#include "gtest/gtest.h"

namespace neo::ir {
namespace {

// root splits feature 1 at 0.5 into two leaves.
TreeEnsemble Stump() {
  TreeEnsemble e;
  e.num_features = 2;
  Tree t;
  TreeNode root;
  root.left = 1;
  root.right = 2;
  root.feature = 1;
  root.threshold = 0.5f;
  t.nodes = {root, TreeNode(), TreeNode()};
  e.trees.push_back(t);
  return e;
}

TEST(TreeEnsembleTest, ValidStumpHasDepthOne) {
  TreeEnsemble e = Stump();
  EXPECT_EQ(ValidateTreeEnsemble(e), "");
  EXPECT_EQ(TreeDepth(e.trees[0]), 1);
  EXPECT_EQ(PredictionsPerRow(e), 1);
}

TEST(TreeEnsembleTest, ChildOutOfRange) {
  TreeEnsemble e = Stump();
  e.trees[0].nodes[0].right = 7;
  EXPECT_EQ(ValidateTreeEnsemble(e), "tree 0 node 0 has child 7 outside 0..2");
}

TEST(TreeEnsembleTest, CycleIsRejected) {
  TreeEnsemble e = Stump();
  e.trees[0].nodes[0].right = 0;
  EXPECT_EQ(ValidateTreeEnsemble(e), "tree 0 node 0 reaches node 0 a second time");
}

TEST(TreeEnsembleTest, FeatureBeyondModel) {
  TreeEnsemble e = Stump();
  e.trees[0].nodes[0].feature = 2;
  EXPECT_EQ(ValidateTreeEnsemble(e),
            "tree 0 node 0 splits on feature 2 but the model has 2 features");
}

TEST(TreeEnsembleTest, GroupOutOfRange) {
  TreeEnsemble e = Stump();
  e.trees[0].group = 1;
  EXPECT_EQ(ValidateTreeEnsemble(e), "tree 0 adds to output group 1 of 1");
}

TEST(TreeEnsembleTest, SoftmaxNeedsClasses) {
  TreeEnsemble e = Stump();
  e.objective = "multi:softprob";
  e.transform = Transform::kSoftmax;
  EXPECT_EQ(ValidateTreeEnsemble(e), "objective multi:softprob needs at least 2 classes");
  e.num_groups = 3;
  EXPECT_EQ(ValidateTreeEnsemble(e), "");
  EXPECT_EQ(PredictionsPerRow(e), 3);
  e.transform = Transform::kArgmax;
  EXPECT_EQ(PredictionsPerRow(e), 1);
}

}  // namespace
}  // namespace neo::ir
