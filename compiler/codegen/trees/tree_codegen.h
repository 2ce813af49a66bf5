// Generates C++ for a tree ensemble: `<name>.h` (the class), `<name>.cc` (Predict and the
// neo::Model interface) and `<name>_trees_<k>.cc` for k < shards, each holding a
// contiguous run of trees. Each file is a text template with named holes
// (tree_templates.h); the generated code walks the trees and applies the transform by
// calling the header library //kernels/trees:tree_ensemble, so the shards hold only
// data: the trees as constant arrays and a table of steps.
//
// Code shape: each tree becomes a compact node array. A tree of depth <= 10 that fills
// at least an eighth of the perfect tree of its depth, or that the model's padding
// budget covers (PerfectLayouts), is padded to a perfect binary tree (a shallow leaf repeated under a dummy split), so it is
// walked with exactly `depth` branch-free steps (index = 2*index + 1 + go_right); up to 16
// consecutive trees of one depth form a run (kernels/trees/walk.h walks them side by
// side for a single row, and 8 at a time for each pair of rows in batches, so their
// loads overlap instead of forming one long dependency chain). A block of rows without
// NaN skips the default-direction test. Deeper or sparser trees keep XGBoost's node
// layout and a loop. Arrays compile in seconds where nested branches for 1000 trees of depth 8 take
// minutes, and branch-free walks do not pay for mispredicted data-dependent branches.
// The shards bound each translation unit's size; trees are split between them by
// generated size.
//
// Arithmetic promised to match XGBoost 1.x's CPU predictor: thresholds compared as
// float32 (`x < threshold` goes left, NaN takes the default child); margins start at
// base_margin and add each tree's leaf in float32 in tree order (a DART leaf is
// multiplied by its tree's weight first, as XGBoost does); transforms as XGBoost writes
// them (sigmoid 1/(1+expf(-m)), softmax with a double sum). Output is deterministic.
#ifndef NEO_COMPILER_CODEGEN_TREES_TREE_CODEGEN_H_
#define NEO_COMPILER_CODEGEN_TREES_TREE_CODEGEN_H_

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/codegen/cpp_names.h"
#include "compiler/ir/tree_ensemble.h"

namespace neo::codegen::trees {

struct TreeCodegenOptions {
  std::string name;         // file stem
  CppClassName cpp_class;
  std::string header_path;  // how the .cc files include the header
  std::string provenance;   // for the banner, e.g. "xgb.tar.gz (xgboost)"
  std::string source_sha256;  // the model file's digest for the header; may be empty
  std::string target;       // for the banner
  int shards = 1;           // number of <name>_trees_<k>.cc files (some may hold no tree)
};

struct GeneratedFile {
  std::string name;  // file name, no directory
  std::string contents;
};

// Deepest tree laid out as a padded perfect tree; deeper ones use the node-list walk.
constexpr int kMaxPerfectDepth = 10;

// Padded entries (splits and leaves) allowed per node really held, for one tree on its
// own and for the model as a whole (see PerfectLayouts).
constexpr size_t kMaxPaddingPerNode = 8;

// Whether `tree` is dense enough to pad on its own: depth <= kMaxPerfectDepth and its
// 2^(depth+1) - 1 padded entries at most kMaxPaddingPerNode times its reachable nodes.
// Padding costs the same whatever the tree holds: a chain of depth 10 has 21 nodes and
// would take 2047 entries, so a model of thin deep trees made generated code (and neoc's
// memory) a hundred times its own size. With the bound, a padded tree's text is at most
// about 5 times its node list's, and a few times the model file's share of it.
bool UsesPerfectLayout(const ir::Tree& tree, int depth);

// Which trees of `ensemble` are padded: every tree dense enough on its own, then sparser
// ones of depth <= kMaxPerfectDepth, densest first (ties in tree order), while the whole
// model's entries stay within kMaxPaddingPerNode times its reachable nodes, so the
// generated text keeps UsesPerfectLayout's bound in total. A sparse tree among dense ones
// costs little to pad and much to leave out: its node-list walk branches on data, and it
// splits the runs of trees walked side by side around it. bench_large (1000 trees of
// depth 8, 39 of them too sparse on their own) predicted 100,000 rows in 759 ms with them
// as node lists and 527 ms padded, one row in 11.4 us and 4.5 us. A model made mostly of
// thin trees still walks them as node lists. Both walks compute the same bits.
std::vector<bool> PerfectLayouts(const ir::TreeEnsemble& ensemble);

// Each feature's distinct thresholds over the splits of the padded trees (`perfect`, as
// laid out, dummy splits included), increasing, -0 and +0 as one (-0 kept), for the
// main source's kThresholds: the lane walk on ranks ranks small blocks' rows among them
// (kernels/trees/walk_lane_ranks.h). Empty when it cannot take the model: more than
// kernels::trees::kMaxLaneFeatures features, or more than kMaxModelRanks thresholds for
// some feature (XGBoost's exact method can write thousands).
std::vector<std::vector<float>> ModelThresholdLists(const ir::TreeEnsemble& ensemble,
                                                    const std::vector<bool>& perfect);

// Files in order: header, main source, then the shards.
std::vector<GeneratedFile> GenerateTreeCode(const ir::TreeEnsemble& ensemble,
                                            const TreeCodegenOptions& options);

// Which trees go to which shard: shard k holds trees [result[k], result[k+1]), shards
// balanced by generated size given the layouts `perfect` (PerfectLayouts by default).
std::vector<size_t> ShardBoundaries(const ir::TreeEnsemble& ensemble, int shards);
std::vector<size_t> ShardBoundaries(const ir::TreeEnsemble& ensemble,
                                    const std::vector<bool>& perfect, int shards);

}  // namespace neo::codegen::trees

#endif  // NEO_COMPILER_CODEGEN_TREES_TREE_CODEGEN_H_
