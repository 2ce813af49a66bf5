#include "compiler/ir/tree_ensemble.h"

#include <cmath>
#include <utility>

namespace neo::ir {

namespace {

std::string CheckTree(const Tree& tree, size_t index, uint32_t num_features, int num_groups) {
  const std::string where = "tree " + std::to_string(index);
  if (tree.nodes.empty()) return where + " has no nodes";
  if (tree.group < 0 || tree.group >= num_groups) {
    return where + " adds to output group " + std::to_string(tree.group) + " of " +
           std::to_string(num_groups);
  }
  if (!std::isfinite(tree.weight)) return where + " has a non-finite weight";
  const int64_t n = static_cast<int64_t>(tree.nodes.size());
  std::vector<char> seen(tree.nodes.size(), 0);
  std::vector<int32_t> stack = {0};
  seen[0] = 1;
  int64_t reached = 0;
  while (!stack.empty()) {
    const int32_t id = stack.back();
    stack.pop_back();
    ++reached;
    const TreeNode& node = tree.nodes[id];
    const std::string at = where + " node " + std::to_string(id);
    if (node.is_leaf()) {
      if (node.right >= 0) return at + " has a right child but no left child";
      continue;
    }
    if (node.feature >= num_features) {
      return at + " splits on feature " + std::to_string(node.feature) + " but the model has " +
             std::to_string(num_features) + " features";
    }
    for (int32_t child : {node.left, node.right}) {
      if (child < 0 || child >= n) {
        return at + " has child " + std::to_string(child) + " outside 0.." + std::to_string(n - 1);
      }
      if (seen[child]) return at + " reaches node " + std::to_string(child) + " a second time";
      seen[child] = 1;
      stack.push_back(child);
    }
  }
  (void)reached;  // unreachable nodes are allowed: XGBoost keeps deleted nodes in place
  return "";
}

}  // namespace

std::string ValidateTreeEnsemble(const TreeEnsemble& e) {
  if (e.num_groups < 1) return "the model has " + std::to_string(e.num_groups) + " output groups";
  if (e.transform == Transform::kSoftmax || e.transform == Transform::kArgmax) {
    if (e.num_groups < 2) return "objective " + e.objective + " needs at least 2 classes";
  }
  for (size_t t = 0; t < e.trees.size(); ++t) {
    std::string problem = CheckTree(e.trees[t], t, e.num_features, e.num_groups);
    if (!problem.empty()) return problem;
  }
  return "";
}

int TreeDepth(const Tree& tree) {
  int deepest = 0;
  std::vector<std::pair<int32_t, int>> stack = {{0, 0}};
  while (!stack.empty()) {
    auto [id, depth] = stack.back();
    stack.pop_back();
    const TreeNode& node = tree.nodes[id];
    if (node.is_leaf()) {
      if (depth > deepest) deepest = depth;
      continue;
    }
    stack.push_back({node.left, depth + 1});
    stack.push_back({node.right, depth + 1});
  }
  return deepest;
}

int PredictionsPerRow(const TreeEnsemble& e) {
  if (e.transform == Transform::kArgmax) return 1;
  return e.num_groups;
}

}  // namespace neo::ir
