// How one tree is laid out in generated arrays (see tree_codegen.h for why).
#ifndef NEO_COMPILER_CODEGEN_TREES_TREE_LAYOUT_H_
#define NEO_COMPILER_CODEGEN_TREES_TREE_LAYOUT_H_

#include <cstdint>
#include <vector>

#include "compiler/ir/tree_ensemble.h"
#include "kernels/trees/walk.h"

namespace neo::codegen::trees {

// Bit 31 of a node-list node's feature word: a missing value goes left (as
// kernels/trees/walk.h reads it).
constexpr uint32_t kMissingLeft = kernels::trees::kListMissingLeft;

struct PerfectLayout {
  int depth = 0;
  // 2^depth - 1 splits in breadth-first order (children of i at 2i+1, 2i+2).
  std::vector<uint32_t> features;
  std::vector<float> thresholds;
  std::vector<uint8_t> missing_left;  // 1: a missing value goes left
  std::vector<float> leaves;       // 2^depth values, already multiplied by the weight
};

struct ListNode {
  int32_t left = -1, right = -1;  // -1: leaf
  uint32_t feature = 0;           // with kMissingLeft
  float value = 0.0f;             // threshold, or the weighted leaf value
};

// Pads `tree` (of depth `depth`) to a perfect tree: a leaf above the last level becomes
// a dummy split on feature 0 whose subtrees all end in copies of that leaf.
PerfectLayout LayOutPerfect(const ir::Tree& tree, int depth);

// The reachable nodes in depth-first order, renumbered from 0.
std::vector<ListNode> LayOutList(const ir::Tree& tree);

// A leaf's contribution as XGBoost computes it: leaf, or leaf * weight for DART (float).
inline float WeightedLeaf(const ir::Tree& tree, const ir::TreeNode& leaf) {
  return tree.weight == 1.0f ? leaf.leaf : leaf.leaf * tree.weight;
}

}  // namespace neo::codegen::trees

#endif  // NEO_COMPILER_CODEGEN_TREES_TREE_LAYOUT_H_
