#include "compiler/codegen/trees/tree_layout.h"

#include <cmath>
#include <limits>

namespace neo::codegen::trees {

namespace {

void Fill(const ir::Tree& tree, int32_t id, uint32_t pos, int level, PerfectLayout* out) {
  const ir::TreeNode& node = tree.nodes[id];
  if (level == out->depth) {
    out->leaves[pos - ((1u << out->depth) - 1)] = WeightedLeaf(tree, node);
    return;
  }
  if (node.is_leaf()) {  // a dummy split: both ways lead to this leaf
    out->features[pos] = 0;
    out->thresholds[pos] = 0.0f;
    out->missing_left[pos] = 0;
    Fill(tree, id, 2 * pos + 1, level + 1, out);
    Fill(tree, id, 2 * pos + 2, level + 1, out);
    return;
  }
  out->features[pos] = node.feature;
  // The padded walk goes right on x >= t, XGBoost on !(x < t): they differ only for a NaN
  // threshold, where XGBoost sends every present x right. -inf does the same here.
  out->thresholds[pos] = std::isnan(node.threshold) ? -std::numeric_limits<float>::infinity()
                                                    : node.threshold;
  out->missing_left[pos] = node.default_left ? 1 : 0;
  Fill(tree, node.left, 2 * pos + 1, level + 1, out);
  Fill(tree, node.right, 2 * pos + 2, level + 1, out);
}

}  // namespace

PerfectLayout LayOutPerfect(const ir::Tree& tree, int depth) {
  PerfectLayout out;
  out.depth = depth;
  out.features.assign((1u << depth) - 1, 0);
  out.thresholds.assign((1u << depth) - 1, 0.0f);
  out.missing_left.assign((1u << depth) - 1, 0);
  out.leaves.assign(1u << depth, 0.0f);
  Fill(tree, 0, 0, 0, &out);
  return out;
}

std::vector<ListNode> LayOutList(const ir::Tree& tree) {
  std::vector<ListNode> out;
  out.reserve(tree.nodes.size());
  // Depth-first, left first: (source id, (parent index, is right child)).
  std::vector<std::pair<int32_t, std::pair<int32_t, bool>>> todo = {{0, {-1, false}}};
  while (!todo.empty()) {
    auto [id, parent] = todo.back();
    todo.pop_back();
    const int32_t index = static_cast<int32_t>(out.size());
    if (parent.first >= 0) {
      (parent.second ? out[parent.first].right : out[parent.first].left) = index;
    }
    const ir::TreeNode& node = tree.nodes[id];
    ListNode n;
    if (node.is_leaf()) {
      n.value = WeightedLeaf(tree, node);
      out.push_back(n);
      continue;
    }
    n.feature = node.feature | (node.default_left ? kMissingLeft : 0u);
    n.value = node.threshold;
    out.push_back(n);
    todo.push_back({node.right, {index, true}});
    todo.push_back({node.left, {index, false}});
  }
  return out;
}

}  // namespace neo::codegen::trees
