// Test and benchmark helpers for kernels/trees: small forests as plain node trees, the
// scalar walk every layout must agree with, and the layouts of walk.h built from them
// (written here independently of neoc's tree codegen, which must produce the same).
#ifndef NEO_KERNELS_TREES_TEST_FOREST_H_
#define NEO_KERNELS_TREES_TEST_FOREST_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/trees/walk.h"

#if NEO_TREES_LANE_WALK
#include <cpuid.h>
#endif

namespace neo::kernels::trees::testing {

struct Node {
  int32_t left = -1, right = -1;  // -1: a leaf
  uint32_t feature = 0;
  float threshold = 0.0f;
  float leaf = 0.0f;
  bool default_left = false;
};

struct Tree {
  std::vector<Node> nodes;  // nodes[0] is the root
  int group = 0;
  float weight = 1.0f;  // DART
};

// What the tree adds for row x, walked the plain way: a missing (NaN) value takes the
// default child, otherwise x < threshold goes left. DART multiplies the leaf by the
// tree's weight in float.
inline float ScalarLeaf(const Tree& tree, const float* x) {
  int32_t k = 0;
  while (tree.nodes[k].left >= 0) {
    const Node& n = tree.nodes[k];
    const float v = x[n.feature];
    const bool left = std::isnan(v) ? n.default_left : v < n.threshold;
    k = left ? n.left : n.right;
  }
  return tree.weight == 1.0f ? tree.nodes[k].leaf : tree.nodes[k].leaf * tree.weight;
}

// margins[r * groups + g] = base, plus each tree's leaf in tree order.
inline std::vector<float> ScalarMargins(const std::vector<Tree>& trees, const float* rows, size_t n,
                                        size_t features, size_t groups, float base = 0.0f) {
  std::vector<float> m(n * groups, base);
  for (size_t r = 0; r < n; ++r) {
    for (const Tree& t : trees) m[r * groups + t.group] += ScalarLeaf(t, rows + r * features);
  }
  return m;
}

inline int Depth(const Tree& tree, int32_t k = 0) {
  const Node& n = tree.nodes[k];
  if (n.left < 0) return 0;
  const int l = Depth(tree, n.left), r = Depth(tree, n.right);
  return 1 + (l > r ? l : r);
}

// A random tree of exactly `depth` levels (leaves may sit higher up), features below
// `features`, thresholds on a coarse grid so rows hit them exactly.
inline Tree RandomTree(std::mt19937& rng, int depth, uint32_t features, int groups = 1) {
  Tree t;
  std::uniform_int_distribution<uint32_t> feature(0, features - 1);
  std::uniform_int_distribution<int> grid(-4, 4), coin(0, 1), group(0, groups - 1);
  std::uniform_real_distribution<float> leaf(-1.0f, 1.0f);
  // Builds the subtree at `level`; `deep` forces one path down to `depth`.
  auto build = [&](auto&& self, int level, bool deep) -> int32_t {
    const int32_t id = static_cast<int32_t>(t.nodes.size());
    t.nodes.emplace_back();
    const bool split = level < depth && (deep || coin(rng) || coin(rng));
    if (!split) {
      t.nodes[id].leaf = leaf(rng);
      return id;
    }
    t.nodes[id].feature = feature(rng);
    t.nodes[id].threshold = 0.25f * static_cast<float>(grid(rng));
    t.nodes[id].default_left = coin(rng) != 0;
    const bool deep_left = deep && coin(rng);
    const int32_t l = self(self, level + 1, deep && deep_left);
    const int32_t r = self(self, level + 1, deep && !deep_left);
    t.nodes[id].left = l;
    t.nodes[id].right = r;
    return id;
  };
  build(build, 0, true);
  t.group = group(rng);
  return t;
}

// Rows of values on the thresholds' grid and between, NaN with probability `nan`.
inline std::vector<float> RandomRows(std::mt19937& rng, size_t n, size_t features, double nan) {
  std::vector<float> rows(n * features);
  std::uniform_int_distribution<int> grid(-10, 10);
  std::bernoulli_distribution missing(nan);
  for (float& v : rows) v = missing(rng) ? NAN : 0.125f * static_cast<float>(grid(rng));
  return rows;
}

// Arrays of one shard, as walk.h reads them.
struct Layout {
  std::vector<PerfectNode> nodes;
  std::vector<uint8_t> missing_left;
  std::vector<float> leaves;
  std::vector<int32_t> groups;
  std::vector<ListNode> list;

  ShardArrays arrays() const {
    return {nodes.data(), missing_left.data(), leaves.data(), groups.data(), list.data()};
  }

  // Appends `tree` padded to a perfect tree of `depth` >= its depth.
  void AddPerfect(const Tree& tree, int depth) {
    const size_t splits = (size_t{1} << depth) - 1;
    const size_t first_split = nodes.size(), first_leaf = leaves.size();
    nodes.resize(first_split + splits, PerfectNode{0, 0.0f});
    missing_left.resize(first_split + splits, 0);
    leaves.resize(first_leaf + splits + 1, 0.0f);
    groups.push_back(tree.group);
    auto fill = [&](auto&& self, int32_t id, size_t pos, int level) -> void {
      const Node& n = tree.nodes[id];
      if (level == depth) {
        leaves[first_leaf + pos - splits] = tree.weight == 1.0f ? n.leaf : n.leaf * tree.weight;
        return;
      }
      if (n.left < 0) {  // padding: a dummy split whose subtrees all end in this leaf
        self(self, id, 2 * pos + 1, level + 1);
        self(self, id, 2 * pos + 2, level + 1);
        return;
      }
      nodes[first_split + pos] = {n.feature, n.threshold};
      missing_left[first_split + pos] = n.default_left ? 1 : 0;
      self(self, n.left, 2 * pos + 1, level + 1);
      self(self, n.right, 2 * pos + 2, level + 1);
    };
    fill(fill, 0, 0, 0);
  }

  // Appends `tree` as a node list (depth-first, left first); returns its root's index.
  size_t AddList(const Tree& tree) {
    const size_t root = list.size();
    auto add = [&](auto&& self, int32_t id) -> int32_t {
      const Node& n = tree.nodes[id];
      const int32_t at = static_cast<int32_t>(list.size() - root);
      list.push_back({-1, -1, 0, tree.weight == 1.0f ? n.leaf : n.leaf * tree.weight});
      if (n.left >= 0) {
        list[root + at].feature = n.feature | (n.default_left ? kListMissingLeft : 0u);
        list[root + at].value = n.threshold;
        const int32_t l = self(self, n.left);
        const int32_t r = self(self, n.right);
        list[root + at].left = l;
        list[root + at].right = r;
      }
      return at;
    };
    add(add, 0);
    return root;
  }
};

// A model's thresholds (ModelThresholds) from the splits of its perfect trees, as neoc
// writes them: each feature's distinct thresholds increasing, -0 before +0 and only one
// of them kept. Holds the arrays `model` points into.
struct Thresholds {
  std::vector<float> values;
  std::vector<uint32_t> offsets;
  ModelThresholds model;

  Thresholds(const std::vector<PerfectNode>& nodes, size_t features) {
    std::vector<std::vector<float>> lists(features);
    for (const PerfectNode& n : nodes) lists[n.feature].push_back(n.threshold);
    for (std::vector<float>& list : lists) {
      std::sort(list.begin(), list.end(), [](float a, float b) {
        return a < b || (a == b && std::signbit(a) && !std::signbit(b));
      });
      offsets.push_back(static_cast<uint32_t>(values.size()));
      for (float t : list) {
        if (values.size() == offsets.back() || !(values.back() == t)) values.push_back(t);
      }
    }
    offsets.push_back(static_cast<uint32_t>(values.size()));
    model = {values.data(), offsets.data(), features};
  }
  Thresholds(const Thresholds&) = delete;
  Thresholds& operator=(const Thresholds&) = delete;
};

// A shard's steps for kTrees perfect trees of depth kDepth laid out one after another:
// runs of sixteen and a rest, as neoc writes them (WalkSteps merges them).
template <int kDepth, size_t kTrees>
constexpr std::array<Step, (kTrees + 15) / 16> Runs() {
  std::array<Step, (kTrees + 15) / 16> steps{};
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  for (size_t i = 0; i < steps.size(); ++i) {
    const size_t first = 16 * i;
    const int trees = static_cast<int>(kTrees - first < 16 ? kTrees - first : 16);
    steps[i] = PerfectRun(kDepth, trees, first * kSplits, first * (kSplits + 1), first);
  }
  return steps;
}

template <int kDepth, size_t kTrees>
inline constexpr auto kRuns = Runs<kDepth, kTrees>();

#if NEO_TREES_LANE_WALK
// Whether the upper halves of ymm0-15 or zmm0-15 may hold data (XINUSE bits 2 and 6),
// or -1 when the CPU cannot say (no XGETBV with ECX = 1). The AVX-512 walks must leave
// them clean: while they are dirty, the caller's SSE code runs slower on many CPUs.
inline int UpperStateInUse() {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid_count(0xD, 1, &eax, &ebx, &ecx, &edx) || (eax & 4) == 0) return -1;
  uint32_t lo, hi;
  asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
  return (lo & ((1u << 2) | (1u << 6))) != 0;
}
#endif  // NEO_TREES_LANE_WALK

}  // namespace neo::kernels::trees::testing

#endif  // NEO_KERNELS_TREES_TEST_FOREST_H_
