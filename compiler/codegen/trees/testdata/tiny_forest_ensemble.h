// The hand-built ensemble behind the tiny_forest goldens, shared by tree_codegen_test
// (which generates the text and compares it with testdata/tiny_forest*.golden) and
// golden_forest_test (which compiles the goldens and checks their predictions against a
// plain walk of this ensemble).
#ifndef NEO_COMPILER_CODEGEN_TREES_TESTDATA_TINY_FOREST_ENSEMBLE_H_
#define NEO_COMPILER_CODEGEN_TREES_TESTDATA_TINY_FOREST_ENSEMBLE_H_

#include <cmath>
#include <vector>

#include "compiler/codegen/cpp_names.h"
#include "compiler/codegen/trees/tree_codegen.h"
#include "compiler/ir/tree_ensemble.h"

namespace neo::codegen::trees::testing {

inline ir::TreeNode Split(int32_t l, int32_t r, uint32_t f, float t, bool default_left) {
  ir::TreeNode n;
  n.left = l;
  n.right = r;
  n.feature = f;
  n.threshold = t;
  n.default_left = default_left;
  return n;
}

inline ir::TreeNode Leaf(float v) {
  ir::TreeNode n;
  n.leaf = v;
  return n;
}

// Depth 2 on the left, a leaf at depth 1 on the right (padded under a dummy split).
inline ir::Tree Lopsided(uint32_t f0, uint32_t f1, float scale, int group) {
  ir::Tree t;
  t.nodes = {Split(1, 2, f0, 0.5f, true), Split(3, 4, f1, -1.0f, false), Leaf(7.0f * scale),
             Leaf(1.0f * scale), Leaf(-2.0f * scale)};
  t.group = group;
  return t;
}

// A chain of `depth` splits on feature f, each with a leaf on the right.
inline ir::Tree Chain(int depth, uint32_t f, int group) {
  ir::Tree t;
  for (int d = 0; d < depth; ++d) {
    const int32_t id = static_cast<int32_t>(t.nodes.size());
    t.nodes.push_back(Split(id + 2, id + 1, f, 0.25f * float(d - depth / 2), d % 2 == 0));
    t.nodes.push_back(Leaf(0.125f * float(d)));
  }
  t.nodes.push_back(Leaf(-1.0f));
  t.group = group;
  return t;
}

// multi:softprob over 3 classes, 4 features: four depth-2 trees (a run), a stump, a
// DART-weighted tree, and a chain of depth 11 (a node list); 2 shards.
inline ir::TreeEnsemble TinyForestEnsemble() {
  ir::TreeEnsemble e;
  e.objective = "multi:softprob";
  e.transform = ir::Transform::kSoftmax;
  e.num_features = 4;
  e.num_groups = 3;
  e.base_margin = 0.5f;
  e.trees = {Lopsided(0, 1, 1.0f, 0), Lopsided(2, 3, 0.5f, 1), Lopsided(1, 0, 0.25f, 2),
             Lopsided(3, 2, 2.0f, 0)};
  ir::Tree stump;
  stump.nodes = {Split(1, 2, 2, 0.0f, false), Leaf(0.375f), Leaf(-0.625f)};
  stump.group = 1;
  e.trees.push_back(stump);
  e.trees.push_back(Lopsided(1, 2, 1.5f, 2));
  e.trees.back().weight = 0.8f;
  e.trees.push_back(Chain(kMaxPerfectDepth + 1, 3, 1));
  return e;
}

inline TreeCodegenOptions TinyForestOptions() {
  TreeCodegenOptions o;
  o.name = "tiny_forest";
  o.cpp_class = ParseCppClass("golden::TinyForest");
  o.header_path = "compiler/codegen/trees/testdata/tiny_forest.h";
  o.provenance = "tiny_forest.tar.gz (xgboost)";
  o.target = "host";
  o.shards = 2;
  return o;
}

// The ensemble's margins for one row as ir/tree_ensemble.h defines them, plainly.
inline std::vector<float> TinyForestMargins(const ir::TreeEnsemble& e, const float* x) {
  std::vector<float> m(e.num_groups, e.base_margin);
  for (const ir::Tree& t : e.trees) {
    int32_t k = 0;
    while (!t.nodes[k].is_leaf()) {
      const ir::TreeNode& n = t.nodes[k];
      const float v = x[n.feature];
      const bool left = std::isnan(v) ? n.default_left : v < n.threshold;
      k = left ? n.left : n.right;
    }
    m[t.group] += t.weight == 1.0f ? t.nodes[k].leaf : t.nodes[k].leaf * t.weight;
  }
  return m;
}

}  // namespace neo::codegen::trees::testing

#endif  // NEO_COMPILER_CODEGEN_TREES_TESTDATA_TINY_FOREST_ENSEMBLE_H_
