#include "compiler/codegen/trees/tree_codegen.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "compiler/codegen/text_template.h"
#include "compiler/codegen/trees/tree_layout.h"
#include "compiler/codegen/trees/tree_templates.h"
#include "compiler/version.h"
#include "kernels/trees/walk.h"

namespace neo::codegen::trees {

namespace {

// Nodes reachable from the root (XGBoost keeps deleted nodes in place; they are not
// laid out).
size_t ReachableNodes(const ir::Tree& tree) {
  size_t count = 0;
  std::vector<int32_t> stack = {0};
  while (!stack.empty()) {
    const ir::TreeNode& node = tree.nodes[stack.back()];
    stack.pop_back();
    ++count;
    if (!node.is_leaf()) {
      stack.push_back(node.left);
      stack.push_back(node.right);
    }
  }
  return count;
}

// Entries a tree takes in the generated arrays: its padded splits and leaves, or its
// node-list nodes.
size_t LaidOutSize(const ir::Tree& tree, bool perfect) {
  return perfect ? (size_t{2} << ir::TreeDepth(tree)) - 1 : ReachableNodes(tree);
}

// A float literal that reads back as exactly `v`.
std::string Float(float v) {
  if (std::isnan(v)) return "__builtin_nanf(\"\")";
  if (std::isinf(v)) return v > 0 ? "__builtin_inff()" : "-__builtin_inff()";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%" PRIx32 "u", v);
  return buf;
}

std::string OpenNamespaces(const CppClassName& c) {
  std::string s;
  for (const auto& ns : c.namespaces) s += "namespace " + ns + " {\n";
  return s.empty() ? s : s + "\n";
}

std::string CloseNamespaces(const CppClassName& c) {
  std::string s;
  for (auto it = c.namespaces.rbegin(); it != c.namespaces.rend(); ++it) {
    s += "}  // namespace " + *it + "\n";
  }
  return s.empty() ? s : "\n" + s;
}

std::string Guard(const TreeCodegenOptions& o) {
  std::string g = "NEO_GENERATED_";
  for (char c : o.header_path) g += std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
  return g + "_";
}

const char* TransformName(ir::Transform t) {
  switch (t) {
    case ir::Transform::kIdentity: return "identity";
    case ir::Transform::kSigmoid: return "sigmoid";
    case ir::Transform::kExp: return "exp";
    case ir::Transform::kHinge: return "hinge";
    case ir::Transform::kSoftmax: return "softmax";
    case ir::Transform::kArgmax: return "argmax";
  }
  return "?";
}

// The enumerator of neo::kernels::trees::Transform (kernels/trees/predict.h).
const char* TransformEnumerator(ir::Transform t) {
  switch (t) {
    case ir::Transform::kIdentity: return "kIdentity";
    case ir::Transform::kSigmoid: return "kSigmoid";
    case ir::Transform::kExp: return "kExp";
    case ir::Transform::kHinge: return "kHinge";
    case ir::Transform::kSoftmax: return "kSoftmax";
    case ir::Transform::kArgmax: return "kArgmax";
  }
  return "?";
}

// The holes every template has.
TemplateHoles CommonHoles(const TreeCodegenOptions& o) {
  return {
      {"NEOC_VERSION", kCompilerVersion},
      {"PROVENANCE", CommentText(o.provenance)},
      {"TARGET", CommentText(o.target)},
      {"HEADER_PATH", o.header_path},
      {"CLASS", o.cpp_class.name},
      {"OPEN_NAMESPACES", OpenNamespaces(o.cpp_class)},
      {"CLOSE_NAMESPACES", CloseNamespaces(o.cpp_class)},
  };
}

std::string Header(const ir::TreeEnsemble& e, const TreeCodegenOptions& o) {
  std::string declarations;
  for (int k = 0; k < o.shards; ++k) {
    declarations += "  static void EvalShard" + std::to_string(k) +
                    "(const float* rows, size_t n, float* margins, bool missing,\n"
                    "      const ::neo::kernels::trees::RankedRows* ranked);\n";
  }
  TemplateHoles holes = CommonHoles(o);
  holes.erase("HEADER_PATH");  // the header does not include itself
  holes.insert({
      {"DIGEST_LINE", DigestLine(o.source_sha256)},
      {"NAME", o.name},
      {"OBJECTIVE", CommentText(e.objective)},
      {"NUM_TREES", std::to_string(e.trees.size())},
      {"NUM_FEATURES", std::to_string(e.num_features)},
      {"NUM_GROUPS", std::to_string(e.num_groups)},
      {"PREDICTIONS_PER_ROW", std::to_string(ir::PredictionsPerRow(e))},
      {"TRANSFORM_NAME", TransformName(e.transform)},
      {"QUALIFIED_CLASS", o.cpp_class.Qualified()},
      {"GUARD", Guard(o)},
      {"SHARD_DECLARATIONS", declarations},
  });
  return FillTemplate(kHeaderTemplate, holes);
}

// Whether some shard (trees bounds[k] to bounds[k + 1]) holds sixteen or more consecutive
// padded trees of one depth >= 1: the runs walk.h's lane walk takes (its merged steps).
bool AnyLaneWalkedRun(const ir::TreeEnsemble& e, const std::vector<bool>& perfect,
                      const std::vector<size_t>& bounds) {
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    int depth = -1;
    size_t run = 0;
    for (size_t t = bounds[k]; t < bounds[k + 1]; ++t) {
      const int d = perfect[t] ? ir::TreeDepth(e.trees[t]) : -1;
      run = d >= 1 && d == depth ? run + 1 : d >= 1 ? 1 : 0;
      depth = d;
      if (run >= static_cast<size_t>(kernels::trees::kMaxRunTrees)) return true;
    }
  }
  return false;
}

// The definition of kThresholds for kSourceTemplate's THRESHOLDS hole, or "" when the
// lane walk on ranks cannot take the model (see ModelThresholdLists) or no run would take
// it: ranking a row then costs 70-100 ns for nothing.
std::string ThresholdsText(const ir::TreeEnsemble& e, const std::vector<bool>& perfect,
                           const std::vector<size_t>& bounds) {
  if (!AnyLaneWalkedRun(e, perfect, bounds)) return "";
  const std::vector<std::vector<float>> lists = ModelThresholdLists(e, perfect);
  if (lists.empty()) return "";
  std::ostringstream values, offsets;
  size_t offset = 0;
  for (size_t f = 0; f < lists.size(); ++f) {
    offsets << (f % 16 == 0 ? "    " : " ") << offset << ",";
    if (f % 16 == 15) offsets << "\n";
    if (lists[f].empty()) continue;
    values << "    // feature " << f << "\n   ";
    for (size_t i = 0; i < lists[f].size(); ++i) {
      values << " " << Float(lists[f][i]) << ",";
      if (i % 8 == 7 && i + 1 < lists[f].size()) values << "\n   ";
    }
    values << "\n";
    offset += lists[f].size();
  }
  offsets << (lists.size() % 16 == 0 ? "    " : " ") << offset << ",\n";
  std::string text =
      "\n// Each feature's distinct split thresholds, increasing: feature f's are\n"
      "// kThresholdValues[kThresholdOffsets[f]] to [kThresholdOffsets[f + 1]). Rows of small\n"
      "// blocks are ranked among them for the lane walk (kernels/trees/walk_lane_ranks.h).\n"
      "const float kThresholdValues[] = {\n";
  text += values.str() + "    0.0f,\n};\n\n";
  text += "const uint32_t kThresholdOffsets[] = {\n" + offsets.str() + "};\n\n";
  text += "constexpr ::neo::kernels::trees::ModelThresholds kThresholds = {\n";
  text += "    kThresholdValues, kThresholdOffsets, " + std::to_string(lists.size()) + "};\n";
  return text;
}

std::string Source(const ir::TreeEnsemble& e, const std::vector<bool>& perfect,
                   const std::vector<size_t>& bounds, const TreeCodegenOptions& o) {
  std::string calls;
  for (int k = 0; k < o.shards; ++k) {
    calls += "        EvalShard" + std::to_string(k) + "(x, n, m, missing, ranked);\n";
  }
  const std::string thresholds = ThresholdsText(e, perfect, bounds);
  TemplateHoles holes = CommonHoles(o);
  holes.insert({
      {"NAME", o.name},
      {"TRANSFORM_NAME", TransformName(e.transform)},
      {"TRANSFORM", TransformEnumerator(e.transform)},
      {"BASE_MARGIN", Float(e.base_margin)},
      {"PREDICTIONS_RANK", ir::PredictionsPerRow(e) > 1 ? "2" : "1"},
      {"MARGINS_RANK", e.num_groups > 1 ? "2" : "1"},
      {"SHARD_CALLS", calls},
      {"THRESHOLDS", thresholds},
      {"THRESHOLDS_ARG", thresholds.empty() ? "nullptr" : "&kThresholds"},
  });
  return FillTemplate(kSourceTemplate, holes);
}

// The arrays and steps of one shard, as the rows of kShardTemplate's holes.
struct ShardText {
  std::ostringstream nodes, missing_left, leaves, groups, list, steps;
  size_t num_steps = 0;
};

std::string Shard(const ir::TreeEnsemble& e, const std::vector<bool>& perfect,
                  const TreeCodegenOptions& o, int k, size_t begin, size_t end) {
  ShardText s;
  size_t node_count = 0, leaf_count = 0, list_count = 0, perfect_count = 0;
  // A run: consecutive perfect trees of one depth, walked together.
  int run_depth = -1, run_size = 0;
  size_t run_nodes = 0, run_leaves = 0, run_first = 0, run_groups = 0;
  auto flush = [&]() {
    if (run_size == 0) return;
    s.steps << "    PerfectRun(" << run_depth << ", " << run_size << ", " << run_nodes << ", "
            << run_leaves << ", " << run_groups << "),  // ";
    if (run_size == 1) {
      s.steps << "tree " << run_first << "\n";
    } else {
      s.steps << "trees " << run_first << "-" << run_first + run_size - 1 << "\n";
    }
    ++s.num_steps;
    run_size = 0;
  };
  for (size_t t = begin; t < end; ++t) {
    const ir::Tree& tree = e.trees[t];
    const int depth = ir::TreeDepth(tree);
    if (perfect[t]) {
      if (depth != run_depth || run_size == kernels::trees::kMaxRunTrees) flush();
      if (run_size == 0) {
        run_depth = depth;
        run_nodes = node_count;
        run_leaves = leaf_count;
        run_first = t;
        run_groups = perfect_count;
      }
      ++run_size;
      const PerfectLayout p = LayOutPerfect(tree, depth);
      s.nodes << "    // tree " << t << "\n";
      if (!p.features.empty()) s.missing_left << "    ";
      for (size_t i = 0; i < p.features.size(); ++i) {
        s.nodes << "    {" << p.features[i] << ", " << Float(p.thresholds[i]) << "},\n";
        s.missing_left << int(p.missing_left[i]) << ",";
        if (i % 32 == 31 && i + 1 < p.features.size()) s.missing_left << "\n    ";
      }
      if (!p.features.empty()) s.missing_left << "  // tree " << t << "\n";
      s.leaves << "    // tree " << t << "\n   ";
      for (size_t i = 0; i < p.leaves.size(); ++i) {
        s.leaves << " " << Float(p.leaves[i]) << ",";
        if (i % 8 == 7 && i + 1 < p.leaves.size()) s.leaves << "\n   ";
      }
      s.leaves << "\n";
      if (perfect_count % 16 == 0) s.groups << "   ";
      s.groups << " " << tree.group << ",";
      if (++perfect_count % 16 == 0) s.groups << "\n";
      node_count += p.features.size();
      leaf_count += p.leaves.size();
    } else {
      flush();
      const std::vector<ListNode> l = LayOutList(tree);
      s.list << "    // tree " << t << " (depth " << depth << ")\n";
      for (const ListNode& n : l) {
        s.list << "    {" << n.left << ", " << n.right << ", " << Hex(n.feature) << ", "
               << Float(n.value) << "},\n";
      }
      s.steps << "    ListTree(" << list_count << ", " << tree.group << "),  // tree " << t
              << " (depth " << depth << ")\n";
      ++s.num_steps;
      list_count += l.size();
    }
  }
  flush();
  if (perfect_count % 16 != 0) s.groups << "\n";

  std::string trees = "Trees " + std::to_string(begin) + " to " +
                      (end > begin ? std::to_string(end - 1) : std::string("(none)")) + " of " +
                      std::to_string(e.trees.size());
  TemplateHoles holes = CommonHoles(o);
  holes.insert({
      {"SHARD", std::to_string(k)},
      {"TREES", trees},
      {"MAX_PERFECT_DEPTH", std::to_string(kMaxPerfectDepth)},
      {"NODES", s.nodes.str()},
      {"MISSING_LEFT", s.missing_left.str()},
      {"LEAVES", s.leaves.str()},
      {"TREE_GROUPS", s.groups.str()},
      {"LIST_NODES", s.list.str()},
      {"STEPS", s.steps.str()},
      {"NUM_STEPS", std::to_string(s.num_steps)},
  });
  return FillTemplate(kShardTemplate, holes);
}

}  // namespace

bool UsesPerfectLayout(const ir::Tree& tree, int depth) {
  if (depth > kMaxPerfectDepth) return false;
  const size_t padded = (size_t{2} << depth) - 1;
  // A tree of depth d holds at least 2d + 1 nodes; when that is dense enough (depth <= 5)
  // there is nothing to count.
  if (padded <= kMaxPaddingPerNode * (2 * size_t(depth) + 1)) return true;
  return padded <= kMaxPaddingPerNode * ReachableNodes(tree);
}

std::vector<bool> PerfectLayouts(const ir::TreeEnsemble& e) {
  const size_t n = e.trees.size();
  std::vector<bool> perfect(n, false);
  // Each tree's reachable nodes and padded entries, counted once: the sort below
  // compares them O(n log n) times.
  std::vector<size_t> held(n), padded(n);
  std::vector<size_t> sparse;  // trees that may be padded only within the model's budget
  size_t nodes = 0, entries = 0;
  for (size_t t = 0; t < n; ++t) {
    const ir::Tree& tree = e.trees[t];
    const int depth = ir::TreeDepth(tree);
    held[t] = ReachableNodes(tree);
    padded[t] = LaidOutSize(tree, true);
    nodes += held[t];
    perfect[t] = UsesPerfectLayout(tree, depth);
    entries += perfect[t] ? padded[t] : held[t];
    if (!perfect[t] && depth <= kMaxPerfectDepth) sparse.push_back(t);
  }
  // Densest first: fewest padded entries per node held (compared as cross products).
  std::stable_sort(sparse.begin(), sparse.end(), [&](size_t a, size_t b) {
    return padded[a] * held[b] < padded[b] * held[a];
  });
  const size_t budget = kMaxPaddingPerNode * nodes;
  for (size_t t : sparse) {
    const size_t grown = entries - held[t] + padded[t];
    if (grown > budget) continue;
    perfect[t] = true;
    entries = grown;
  }
  return perfect;
}

std::vector<std::vector<float>> ModelThresholdLists(const ir::TreeEnsemble& e,
                                                    const std::vector<bool>& perfect) {
  if (e.num_features > kernels::trees::kMaxLaneFeatures) return {};
  std::vector<std::vector<float>> lists(e.num_features);
  for (size_t t = 0; t < e.trees.size(); ++t) {
    const int depth = ir::TreeDepth(e.trees[t]);
    if (!perfect[t] || depth < 1) continue;
    const PerfectLayout p = LayOutPerfect(e.trees[t], depth);
    for (size_t i = 0; i < p.features.size(); ++i) {
      if (p.features[i] >= lists.size() || std::isnan(p.thresholds[i])) return {};
      lists[p.features[i]].push_back(p.thresholds[i]);
    }
  }
  for (std::vector<float>& list : lists) {
    // -0 before +0, so the one kept does not depend on the sort's order of equal values.
    std::sort(list.begin(), list.end(), [](float a, float b) {
      return a < b || (a == b && std::signbit(a) && !std::signbit(b));
    });
    list.erase(std::unique(list.begin(), list.end(), [](float a, float b) { return a == b; }),
               list.end());
    if (list.size() > kernels::trees::kMaxModelRanks) return {};
  }
  return lists;
}

std::vector<size_t> ShardBoundaries(const ir::TreeEnsemble& e, int shards) {
  return ShardBoundaries(e, PerfectLayouts(e), shards);
}

std::vector<size_t> ShardBoundaries(const ir::TreeEnsemble& e, const std::vector<bool>& perfect,
                                    int shards) {
  // Weighted by generated size: a padded tree has 2^(depth+1) - 1 entries.
  std::vector<size_t> size(e.trees.size());
  size_t total = 0;
  for (size_t t = 0; t < e.trees.size(); ++t) {
    size[t] = LaidOutSize(e.trees[t], perfect[t]);
    total += size[t];
  }
  std::vector<size_t> bounds = {0};
  size_t t = 0, done = 0;
  for (int k = 1; k < shards; ++k) {
    const size_t goal = total * k / shards;
    while (t < e.trees.size() && done + size[t] / 2 < goal) {
      done += size[t];
      ++t;
    }
    bounds.push_back(t);
  }
  bounds.push_back(e.trees.size());
  return bounds;
}

std::vector<GeneratedFile> GenerateTreeCode(const ir::TreeEnsemble& e,
                                            const TreeCodegenOptions& o) {
  std::vector<GeneratedFile> files;
  files.push_back({o.name + ".h", Header(e, o)});
  const std::vector<bool> perfect = PerfectLayouts(e);
  const std::vector<size_t> bounds = ShardBoundaries(e, perfect, o.shards);
  files.push_back({o.name + ".cc", Source(e, perfect, bounds, o)});
  for (int k = 0; k < o.shards; ++k) {
    files.push_back({o.name + "_trees_" + std::to_string(k) + ".cc",
                     Shard(e, perfect, o, k, bounds[k], bounds[k + 1])});
  }
  return files;
}

}  // namespace neo::codegen::trees
