// The tree-ensemble IR: what a gradient-boosted or random forest model computes, with
// no trace of the file format it came from. Frontends (XGBoost) build it; the tree code
// generator reads it. Separate from the graph IR because nothing flows between them.
//
// Semantics a caller may rely on, per row x (num_features floats, NaN = missing):
//   margin[g] = base_margin, then for each tree t in order whose group is g:
//     margin[g] += leaf_t(x) * weight_t            (float arithmetic, in tree order)
//   where leaf_t walks from node 0: at a split, a missing x[feature] goes to the
//   default child, otherwise x[feature] < threshold goes left, else right.
//   predictions = transform(margin) (see Transform).
#ifndef NEO_COMPILER_IR_TREE_ENSEMBLE_H_
#define NEO_COMPILER_IR_TREE_ENSEMBLE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace neo::ir {

struct TreeNode {
  // Children by index into Tree::nodes; both -1 for a leaf.
  int32_t left = -1;
  int32_t right = -1;
  uint32_t feature = 0;    // splits only
  float threshold = 0.0f;  // splits: go left when x[feature] < threshold
  float leaf = 0.0f;       // leaves: the value the tree contributes
  bool default_left = false;
  float cover = 0.0f;      // sum of hessians seen in training (branch statistics)

  bool is_leaf() const { return left < 0; }
};

struct Tree {
  std::vector<TreeNode> nodes;  // node 0 is the root
  int group = 0;                // which margin output the tree adds to
  float weight = 1.0f;          // DART's weight_drop; 1 for plain boosting
};

// How margins become predictions, one per objective family.
enum class Transform {
  kIdentity,  // regression, logitraw, ranking margins
  kSigmoid,   // 1 / (1 + exp(-m))
  kExp,       // exp(m): poisson, gamma, tweedie
  kHinge,     // m > 0 ? 1 : 0
  kSoftmax,   // per row over groups (multi:softprob)
  kArgmax,    // index of the largest margin, as a float (multi:softmax)
};

struct TreeEnsemble {
  std::string objective;  // as the source names it, e.g. "binary:logistic"
  Transform transform = Transform::kIdentity;
  uint32_t num_features = 0;
  int num_groups = 1;         // margin outputs per row (classes for multi:*)
  float base_margin = 0.0f;   // initial margin, already in margin space
  std::vector<Tree> trees;
};

// Checks the structural promises above: children in range, every node reached exactly
// once from the root (no cycles, no sharing), features < num_features, groups in
// range, finite weights. Returns "" when valid, else one line naming the first problem.
std::string ValidateTreeEnsemble(const TreeEnsemble& ensemble);

// Depth of the deepest leaf (root alone = 0). The tree must be valid.
int TreeDepth(const Tree& tree);

// Number of predictions per row: num_groups for kSoftmax, otherwise 1 per group except
// kArgmax, which gives one class index.
int PredictionsPerRow(const TreeEnsemble& ensemble);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_TREE_ENSEMBLE_H_
