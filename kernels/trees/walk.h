// Walking a compiled tree ensemble: what each generated `<model>_trees_<k>.cc` calls.
//
// neoc (compiler/codegen/trees) writes a shard's trees as constant arrays and a table of
// steps; WalkSteps<kSteps> adds those trees' leaves to the margins of a block of rows.
// Everything that decides speed is a template parameter here (a run's depth and length,
// the feature and group counts, whether the block has a NaN), so each loop below is
// unrolled with constant trip counts in the shard that instantiates it.
//
// The arrays of one shard:
//   PerfectNode nodes[]       the splits of every padded perfect tree of depth d
//                             (2^d - 1 of them, breadth-first: children of split i at
//                             2i+1 and 2i+2), tree after tree
//   uint8_t missing_left[]    one per split: 1 when a missing value goes left
//   float leaves[]            2^d per perfect tree, tree after tree (DART weights applied)
//   int32_t groups[]          the output group of each perfect tree, in order
//   ListNode list[]           the nodes of deeper trees, XGBoost's way (left < 0: a leaf)
// A shallow leaf of a tree is padded to a perfect tree by repeating it under dummy
// splits (any feature, any threshold), so every walk takes exactly d steps.
//
// Arithmetic (XGBoost 1.x's CPU predictor, bit for bit): `x < threshold` in float goes
// left, `x >= threshold` goes right, a missing x (NaN, which fails both comparisons)
// goes where its split says; each tree's leaf is added to its group's margin in float, in
// tree order.
//
// Which walk a block takes, on a CPU with AVX-512F (asked at run time): blocks of
// sixteen rows and more take the bit walk (walk_bits.h, sixteen rows per vector, every
// real split compared; up to 256 features and 32 output groups) through runs of sixteen
// trees and more up to depth 8, on ranks (walk_ranks.h, 64 rows per compare of a
// feature with at most 255 distinct thresholds) where the CPU has AVX-512BW, VBMI and
// GFNI and at least three quarters of the run's splits are on such features; smaller
// blocks, and rows through other runs, take the lane walk (walk_lanes.h, sixteen trees
// per vector) when rows have at most 32 features, on ranks (walk_lane_ranks.h) when
// predict.h has ranked the rows against the model's thresholds; everything else takes
// the scalar walk below. All of them give the same bits.
#ifndef NEO_KERNELS_TREES_WALK_H_
#define NEO_KERNELS_TREES_WALK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "kernels/trees/layout.h"
#include "kernels/trees/walk_bits.h"
#include "kernels/trees/walk_lane_ranks.h"
#include "kernels/trees/walk_lanes.h"
#include "kernels/trees/walk_ranks.h"

namespace neo::kernels::trees {

namespace internal {

// Adds kTrees consecutive perfect trees of depth kDepth to the margins of n rows.
// Branch-free: right = x >= t, or x missing and the default is right. The trees are
// walked side by side, so each level has kTrees independent loads in flight instead of
// one chain; their leaves are then added in tree order. kMissing = false (a block with
// no NaN) leaves out the default-direction test.
template <int kDepth, int kTrees, bool kMissing, size_t kFeatures, size_t kGroups>
inline void AddPerfectRun(const PerfectNode* nodes, const uint8_t* missing_left,
                          const float* leaves, const int32_t* groups, const float* rows, size_t n,
                          float* margins) {
  static_assert(kDepth >= 0 && kTrees >= 1 && kTrees <= kMaxRunTrees);
  constexpr uint32_t kSplits = (1u << kDepth) - 1u;
  // A single row walks up to sixteen trees side by side (memory-bound: more loads in
  // flight), but two rows of sixteen would spill the walk out of registers, so pairs of
  // rows take the run as two halves of eight. Each row still adds its leaves in tree
  // order.
  if constexpr (kTrees > 8) {
    const size_t even = n & ~size_t{1};
    if (even > 0) {
      AddPerfectRun<kDepth, 8, kMissing, kFeatures, kGroups>(nodes, missing_left, leaves, groups,
                                                             rows, even, margins);
      AddPerfectRun<kDepth, kTrees - 8, kMissing, kFeatures, kGroups>(
          nodes + 8 * kSplits, missing_left + 8 * kSplits, leaves + 8 * (kSplits + 1), groups + 8,
          rows, even, margins);
      rows += even * kFeatures;
      margins += even * kGroups;
      n -= even;
    }
  }
  // Two rows at a time: twice the independent chains (25% more rows/s measured).
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const float* x0 = rows + i * kFeatures;
    const float* x1 = x0 + kFeatures;
    uint32_t k0[kTrees], k1[kTrees];
#pragma GCC unroll 8
    for (int t = 0; t < kTrees; ++t) k0[t] = k1[t] = 0;
#pragma GCC unroll 16
    for (int level = 0; level < kDepth; ++level) {
#pragma GCC unroll 8
      for (int t = 0; t < kTrees; ++t) {
        const PerfectNode a = nodes[t * kSplits + k0[t]];
        const PerfectNode b = nodes[t * kSplits + k1[t]];
        const float va = x0[a.feature];
        const float vb = x1[b.feature];
        uint32_t ra = static_cast<uint32_t>(va >= a.threshold);
        uint32_t rb = static_cast<uint32_t>(vb >= b.threshold);
        if (kMissing) {
          ra |= static_cast<uint32_t>(va != va) & (missing_left[t * kSplits + k0[t]] ^ 1u);
          rb |= static_cast<uint32_t>(vb != vb) & (missing_left[t * kSplits + k1[t]] ^ 1u);
        }
        k0[t] = 2 * k0[t] + 1 + ra;
        k1[t] = 2 * k1[t] + 1 + rb;
      }
    }
    float* m0 = margins + i * kGroups;
    float* m1 = m0 + kGroups;
#pragma GCC unroll 8
    for (int t = 0; t < kTrees; ++t) {
      m0[kGroups == 1 ? 0 : groups[t]] += leaves[t * (kSplits + 1) + k0[t] - kSplits];
      m1[kGroups == 1 ? 0 : groups[t]] += leaves[t * (kSplits + 1) + k1[t] - kSplits];
    }
  }
  for (; i < n; ++i) {  // the last odd row, and single-row calls
    const float* x = rows + i * kFeatures;
    uint32_t k[kTrees];
#pragma GCC unroll 8
    for (int t = 0; t < kTrees; ++t) k[t] = 0;
#pragma GCC unroll 16
    for (int level = 0; level < kDepth; ++level) {
#pragma GCC unroll 8
      for (int t = 0; t < kTrees; ++t) {
        const PerfectNode node = nodes[t * kSplits + k[t]];
        const float v = x[node.feature];
        uint32_t right = static_cast<uint32_t>(v >= node.threshold);
        if (kMissing) {
          right |= static_cast<uint32_t>(v != v) & (missing_left[t * kSplits + k[t]] ^ 1u);
        }
        k[t] = 2 * k[t] + 1 + right;
      }
    }
    float* m = margins + i * kGroups;
#pragma GCC unroll 8
    for (int t = 0; t < kTrees; ++t) {
      m[kGroups == 1 ? 0 : groups[t]] += leaves[t * (kSplits + 1) + k[t] - kSplits];
    }
  }
}

}  // namespace internal

// Adds kTrees consecutive perfect trees of depth kDepth: the first one's splits start at
// nodes[split] (and missing_left[split]), its leaves at leaves[leaf], its group at
// groups[tree].
template <int kDepth, int kTrees, size_t kFeatures, size_t kGroups>
inline void AddPerfectRun(const ShardArrays& a, size_t split, size_t leaf, size_t tree,
                          const RowBlock<kFeatures, kGroups>& b) {
  if (b.missing) {
    internal::AddPerfectRun<kDepth, kTrees, true, kFeatures, kGroups>(
        a.nodes + split, a.missing_left + split, a.leaves + leaf, a.groups + tree, b.rows, b.n,
        b.margins);
  } else {
    internal::AddPerfectRun<kDepth, kTrees, false, kFeatures, kGroups>(
        a.nodes + split, a.missing_left + split, a.leaves + leaf, a.groups + tree, b.rows, b.n,
        b.margins);
  }
}

// Adds one tree walked as a node list (nodes[0] is its root) to margin `group`: a loop
// with a data-dependent branch per level, for trees too deep to pad.
template <size_t kFeatures, size_t kGroups>
inline void AddListTree(const ListNode* nodes, int group, const RowBlock<kFeatures, kGroups>& b) {
  for (size_t i = 0; i < b.n; ++i) {
    const float* x = b.rows + i * kFeatures;
    int32_t k = 0;
    while (nodes[k].left >= 0) {
      const ListNode& node = nodes[k];
      const float v = x[node.feature & ~kListMissingLeft];
      const bool left = v != v ? (node.feature & kListMissingLeft) != 0 : v < node.value;
      k = left ? node.left : node.right;
    }
    b.margins[i * kGroups + group] += nodes[k].value;
  }
}

// One step of a shard's walk. The steps of a shard, in order, add its trees in tree
// order. Made by PerfectRun and ListTree.
struct Step {
  int depth;     // a run of perfect trees of this depth; -1: one node-list tree
  int trees;     // perfect trees in the run (1 for a node-list tree)
  size_t split;  // first split of the run in nodes[]; a list tree's root in list[]
  size_t leaf;   // first leaf of the run in leaves[]
  size_t tree;   // first tree of the run in groups[]; a list tree's output group
};

// `trees` consecutive perfect trees of depth `depth` starting at nodes[split],
// leaves[leaf] and groups[tree], walked side by side.
constexpr Step PerfectRun(int depth, int trees, size_t split, size_t leaf, size_t tree) {
  return {depth, trees, split, leaf, tree};
}

// The node-list tree whose root is list[node], added to margin `group`.
constexpr Step ListTree(size_t node, int group) {
  return {-1, 1, node, 0, static_cast<size_t>(group)};
}

namespace internal {

template <int kDepth, int kTrees, size_t kFeatures, size_t kGroups>
inline void DoStep(const ShardArrays& a, const Step& s, const RowBlock<kFeatures, kGroups>& b) {
  if constexpr (kDepth < 0) {
    AddListTree(a.list + s.split, static_cast<int>(s.tree), b);
  } else {
    AddPerfectRun<kDepth, kTrees>(a, s.split, s.leaf, s.tree, b);
  }
}

template <const auto& kSteps, size_t kFeatures, size_t kGroups, size_t... kI>
inline void DoSteps(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b,
                    std::index_sequence<kI...>) {
  (DoStep<kSteps[kI].depth, kSteps[kI].trees>(a, kSteps[kI], b), ...);
}

// For the lane walk (walk_lanes.h), which takes any number of trees: adjacent steps
// that are runs of one depth >= 1, each starting in the arrays where the one before
// ends, become one step. A node-list tree or a run of another depth between two runs
// keeps them apart, so trees are still added in order.
constexpr bool Continues(const Step& run, const Step& next) {
  if (run.depth < 1 || next.depth != run.depth) return false;
  const size_t splits = (size_t{1} << run.depth) - 1;
  const size_t trees = static_cast<size_t>(run.trees);
  return next.split == run.split + trees * splits &&
         next.leaf == run.leaf + trees * (splits + 1) && next.tree == run.tree + trees;
}

template <const auto& kSteps>
constexpr size_t MergedCount() {
  size_t count = 0;
  for (size_t i = 0; i < kSteps.size(); ++i) {
    count += i == 0 || !Continues(kSteps[i - 1], kSteps[i]);
  }
  return count;
}

template <const auto& kSteps>
constexpr std::array<Step, MergedCount<kSteps>()> MergeRuns() {
  std::array<Step, MergedCount<kSteps>()> merged{};
  size_t count = 0;
  for (size_t i = 0; i < kSteps.size(); ++i) {
    if (i > 0 && Continues(kSteps[i - 1], kSteps[i])) {
      merged[count - 1].trees += kSteps[i].trees;
    } else {
      merged[count++] = kSteps[i];
    }
  }
  return merged;
}

template <const auto& kSteps>
inline constexpr auto kMergedRuns = MergeRuns<kSteps>();

#if NEO_TREES_LANE_WALK
// The lane walk of run `s` for every row of the block, two rows per call (twice the
// gathers in flight: 100,000 rows of bench_large took 305 ms instead of 337).
template <int kDepth, size_t kFeatures, size_t kGroups, size_t kVectors, bool kMissing>
inline void AddLaneRows(const Step& s, const int32_t* groups,
                        const LaneForest<kDepth, kVectors>& forest,
                        const RowBlock<kFeatures, kGroups>& b) {
  const size_t trees = static_cast<size_t>(s.trees);
  size_t i = 0;
  for (; i + 2 <= b.n; i += 2) {
    AddPerfectTreeLanes<kDepth, kFeatures, kGroups, kVectors, 2, kMissing>(
        forest, groups, trees, b.rows + i * kFeatures, b.margins + i * kGroups);
  }
  if (i < b.n) {
    AddPerfectTreeLanes<kDepth, kFeatures, kGroups, kVectors, 1, kMissing>(
        forest, groups, trees, b.rows + i * kFeatures, b.margins + i * kGroups);
  }
}

// AddLaneRows on ranks (walk_lane_ranks.h), the block's rows ranked in b.ranked.
template <int kDepth, size_t kGroups, size_t kVectors, bool kMissing, size_t kFeatures>
inline void AddRankLaneRows(const Step& s, const int32_t* groups,
                            const RankLaneForest<kDepth, kVectors>& forest,
                            const RowBlock<kFeatures, kGroups>& b) {
  const size_t trees = static_cast<size_t>(s.trees);
  const uint32_t* ranks = b.ranked->ranks;
  size_t i = 0;
  for (; i + 2 <= b.n; i += 2) {
    AddPerfectTreeRankLanes<kDepth, kGroups, kVectors, 2, kMissing>(
        forest, groups, trees, ranks + i * kMaxLaneFeatures, b.margins + i * kGroups);
  }
  if (i < b.n) {
    AddPerfectTreeRankLanes<kDepth, kGroups, kVectors, 1, kMissing>(
        forest, groups, trees, ranks + i * kMaxLaneFeatures, b.margins + i * kGroups);
  }
}

// Merged step kI of kSteps (kMergedRuns) for a CPU with the lane walk. A run of sixteen
// trees or more takes it, two rows at a time, its trees laid out for the lanes
// (LaneForest, or RankLaneForest for ranked rows) on first use in storage of its own.
// Shorter runs, node-list trees and trees of depth 0 take the scalar walk (a vector of a
// few trees would wait on its gathers for little work). Each row still gets its trees in
// order: the steps go in order, and a step adds its trees to a row in order on any walk.
template <const auto& kSteps, size_t kI, size_t kFeatures, size_t kGroups>
inline void DoMergedStep(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b) {
  constexpr Step kStep = kSteps[kI];
  if constexpr (kStep.depth >= 1 && kStep.trees >= 16) {
    constexpr size_t kTrees = static_cast<size_t>(kStep.trees);
    constexpr size_t kVectors = (kTrees + 15) / 16;
    if (b.ranked != nullptr) {
      // The model is the same on every call, so the first call's thresholds serve all.
      static RankLaneForest<kStep.depth, kVectors> ranked;
      static const bool ranked_built =
          (BuildRankLaneForest(a.nodes + kStep.split, a.missing_left + kStep.split,
                               a.leaves + kStep.leaf, kTrees, *b.ranked->model, &ranked),
           true);
      static_cast<void>(ranked_built);
      if (ranked.ranked) {
        if (b.missing) {
          AddRankLaneRows<kStep.depth, kGroups, kVectors, true>(kStep, a.groups + kStep.tree,
                                                                ranked, b);
        } else {
          AddRankLaneRows<kStep.depth, kGroups, kVectors, false>(kStep, a.groups + kStep.tree,
                                                                 ranked, b);
        }
        return;
      }
    }
    static LaneForest<kStep.depth, kVectors> forest;
    static const bool built = (BuildLaneForest(a.nodes + kStep.split, a.missing_left + kStep.split,
                                               a.leaves + kStep.leaf, kTrees, &forest),
                               true);
    static_cast<void>(built);
    if (b.missing) {
      AddLaneRows<kStep.depth, kFeatures, kGroups, kVectors, true>(kStep, a.groups + kStep.tree,
                                                                   forest, b);
    } else {
      AddLaneRows<kStep.depth, kFeatures, kGroups, kVectors, false>(kStep, a.groups + kStep.tree,
                                                                    forest, b);
    }
  } else {
    DoStep<kStep.depth, kStep.trees>(a, kStep, b);
  }
}

template <const auto& kSteps, size_t kFeatures, size_t kGroups, size_t... kI>
inline void DoMergedSteps(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b,
                          std::index_sequence<kI...>) {
  (DoMergedStep<kSteps, kI>(a, b), ...);
}

// A merged step (any number of trees) on the scalar walk, sixteen trees per call.
template <int kDepth, int kTrees, size_t kFeatures, size_t kGroups>
inline void DoScalarRun(const ShardArrays& a, const Step& s,
                        const RowBlock<kFeatures, kGroups>& b) {
  if constexpr (kDepth < 0 || kTrees <= kMaxRunTrees) {
    DoStep<kDepth, kTrees>(a, s, b);
  } else {
    DoStep<kDepth, kMaxRunTrees>(a, s, b);
    constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
    const Step rest = PerfectRun(kDepth, kTrees - kMaxRunTrees, s.split + kMaxRunTrees * kSplits,
                                 s.leaf + kMaxRunTrees * (kSplits + 1), s.tree + kMaxRunTrees);
    DoScalarRun<kDepth, kTrees - kMaxRunTrees>(a, rest, b);
  }
}

// Rows per transposed tile of the bit walk: predict.h's block of rows when it is a
// multiple of sixteen, at most 16 KB of features, and whole groups of 64 rows (the rank
// walk's compares) where that leaves 64 rows or more.
template <size_t kFeatures>
constexpr size_t BitTileRows() {
  const size_t fit = 4096 / kFeatures;
  const size_t rows = fit >= 64 ? fit / 64 * 64 : fit / 16 * 16;
  return rows < 16 ? 16 : rows > 128 ? 128 : rows;
}

// Whether a merged step takes the bit walk, and whether any of kSteps does.
constexpr bool TakesBitWalk(const Step& s) {
  return s.depth >= 1 && s.depth <= kMaxBitDepth && s.trees >= 16;
}

template <const auto& kSteps>
constexpr bool AnyBitWalk() {
  for (const Step& s : kSteps) {
    if (TakesBitWalk(s)) return true;
  }
  return false;
}

// Merged step kI of kSteps as the other walks take it: the lane walk's path, or the
// scalar walk for rows of more than 32 features.
template <const auto& kSteps, size_t kI, size_t kFeatures, size_t kGroups>
inline void DoStepWithoutBits(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b) {
  constexpr Step kStep = kSteps[kI];
  if constexpr (kFeatures <= kMaxLaneFeatures) {
    DoMergedStep<kSteps, kI>(a, b);
  } else {
    DoScalarRun<kStep.depth, kStep.trees>(a, kStep, b);
  }
}

// For a tile of rows with NaN: its second copy, with +inf for NaN (see AddBitTrees), at
// tile + kTile, made once per tile by the first walk that reads it (*made).
template <size_t kTile>
inline void MakeMissingCopy(float* tile, bool* made) {
  if (*made) return;
  for (size_t i = 0; i < kTile; ++i) {
    tile[kTile + i] = tile[i] != tile[i] ? std::numeric_limits<float>::infinity() : tile[i];
  }
  *made = true;
}

// The block's margins in a bit walk's group-major array (kStride floats per output
// group), row i at place(i). The places of rows n to `padded` are walked too and
// dropped: they start at zero rather than whatever the stack held (a subnormal there
// would make each of their adds slow).
template <size_t kStride, typename Place, size_t kFeatures, size_t kGroups>
inline void MarginsIn(const RowBlock<kFeatures, kGroups>& b, size_t padded, Place place,
                      float* margins) {
  for (size_t i = 0; i < padded; ++i) {
    for (size_t g = 0; g < kGroups; ++g) {
      margins[g * kStride + place(i)] = i < b.n ? b.margins[i * kGroups + g] : 0.0f;
    }
  }
}

// MarginsIn's way back, for the block's rows.
template <size_t kStride, typename Place, size_t kFeatures, size_t kGroups>
inline void MarginsOut(const float* margins, Place place, const RowBlock<kFeatures, kGroups>& b) {
  for (size_t i = 0; i < b.n; ++i) {
    for (size_t g = 0; g < kGroups; ++g) {
      b.margins[i * kGroups + g] = margins[g * kStride + place(i)];
    }
  }
}

// Merged step kI of kSteps on one tile of rows (at most BitTileRows rows): runs of
// sixteen trees and more, of depth 1 to kMaxBitDepth, take the bit walk, on ranks where
// they can; the rest take DoStepWithoutBits. `tile` holds the rows feature-major, with
// room for MakeMissingCopy's copy; the block's margins are copied group-major around
// each bit-walked run (each 64 rows in PermutedRow order on ranks).
template <const auto& kSteps, size_t kI, size_t kFeatures, size_t kGroups>
inline void DoBitStep(const ShardArrays& a, float* tile, bool* missing_copy_made,
                      const RowBlock<kFeatures, kGroups>& b) {
  constexpr size_t kTileRows = BitTileRows<kFeatures>();
  constexpr size_t kTile = kFeatures * kTileRows;
  constexpr Step kStep = kSteps[kI];
  if constexpr (TakesBitWalk(kStep)) {
    constexpr size_t kTrees = static_cast<size_t>(kStep.trees);
    {
      constexpr size_t kRankTile = RankTileRows(kTileRows);
      static RankForest<kStep.depth, kTrees, kFeatures> ranked;
      static const bool ranked_built =
          (BuildRankForest(a.nodes + kStep.split, a.missing_left + kStep.split,
                           a.leaves + kStep.leaf, kRankTile, kTileRows, &ranked),
           true);
      static_cast<void>(ranked_built);
      if (ranked.ranked && RankWalkAvailable()) {
        alignas(64) float margins[kGroups * kRankTile];
        MarginsIn<kRankTile>(b, RankTileRows(b.n), PermutedRow, margins);
        // Ranked splits read their own missing ranks; only float splits need the copy.
        if (b.missing && ranked.float_splits) MakeMissingCopy<kTile>(tile, missing_copy_made);
        AddRankBlock<kStep.depth, kTrees, kFeatures, kGroups, kTileRows>(
            ranked, a.leaves + kStep.leaf, a.groups + kStep.tree, tile, b.n, b.missing, margins);
        MarginsOut<kRankTile>(margins, PermutedRow, b);
        return;
      }
    }
    static BitForest<kStep.depth, kTrees> forest;
    static const bool built = (BuildBitForest(a.nodes + kStep.split, a.missing_left + kStep.split,
                                              a.leaves + kStep.leaf, kTileRows, &forest),
                               true);
    static_cast<void>(built);
    if (forest.nan_threshold_goes_right) {
      DoStepWithoutBits<kSteps, kI>(a, b);
      return;
    }
    constexpr auto kInOrder = [](size_t i) { return i; };
    alignas(64) float margins[kGroups * kTileRows];
    const size_t vectors = (b.n + 15) / 16;
    MarginsIn<kTileRows>(b, 16 * vectors, kInOrder, margins);
    if (b.missing) {
      MakeMissingCopy<kTile>(tile, missing_copy_made);
      AddBitVectors<kStep.depth, kTrees, kGroups, kTileRows, true>(
          forest, a.leaves + kStep.leaf, a.groups + kStep.tree, tile, kFeatures * kTileRows,
          vectors, margins);
    } else {
      AddBitVectors<kStep.depth, kTrees, kGroups, kTileRows, false>(
          forest, a.leaves + kStep.leaf, a.groups + kStep.tree, tile, 0, vectors, margins);
    }
    MarginsOut<kTileRows>(margins, kInOrder, b);
  } else {
    DoStepWithoutBits<kSteps, kI>(a, b);
  }
}

template <const auto& kSteps, size_t kFeatures, size_t kGroups, size_t... kI>
inline void DoBitSteps(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b,
                       std::index_sequence<kI...>) {
  constexpr size_t kTileRows = BitTileRows<kFeatures>();
  // The rows, then (for blocks with NaN) the rows with +inf for NaN: see AddBitTrees.
  constexpr size_t kTile = kFeatures * kTileRows;
  alignas(64) float tile[2 * kTile];
  for (size_t begin = 0; begin < b.n; begin += kTileRows) {
    const size_t n = b.n - begin < kTileRows ? b.n - begin : kTileRows;
    const float* rows = b.rows + begin * kFeatures;
    if constexpr (kFeatures >= 16) {
      TransposeRows<kFeatures, kTileRows>(rows, n, tile);
    } else {  // a vector per row would be mostly empty
      for (size_t f = 0; f < kFeatures; ++f) {
        for (size_t i = 0; i < n; ++i) tile[f * kTileRows + i] = rows[i * kFeatures + f];
        for (size_t i = n; i < (n + 15) / 16 * 16; ++i) tile[f * kTileRows + i] = 0.0f;
      }
    }
    const RowBlock<kFeatures, kGroups> part = {rows, n, b.margins + begin * kGroups, b.missing};
    bool missing_copy_made = false;
    (DoBitStep<kSteps, kI>(a, tile, &missing_copy_made, part), ...);
  }
}
#endif  // NEO_TREES_LANE_WALK

}  // namespace internal

// Adds the trees of one shard to the block's margins: kSteps is a constexpr
// std::array<Step, N> (N may be 0) naming the shard's runs and list trees in tree order.
// Where the CPU has AVX-512F, blocks take the bit walk or the lane walk (see the top of
// this file).
template <const auto& kSteps, size_t kFeatures, size_t kGroups>
inline void WalkSteps(const ShardArrays& a, const RowBlock<kFeatures, kGroups>& b) {
#if NEO_TREES_LANE_WALK
  constexpr const auto& kMerged = internal::kMergedRuns<kSteps>;
  if constexpr (kFeatures <= kMaxBitFeatures && kGroups <= kMaxBitGroups &&
                internal::AnyBitWalk<kMerged>()) {
    if (b.n >= 16 && LaneWalkAvailable()) {
      internal::DoBitSteps<kMerged>(a, b, std::make_index_sequence<kMerged.size()>());
      return;
    }
  }
  if constexpr (kFeatures <= kMaxLaneFeatures) {
    if (LaneWalkAvailable()) {
      internal::DoMergedSteps<kMerged>(a, b, std::make_index_sequence<kMerged.size()>());
      return;
    }
  }
#endif
  internal::DoSteps<kSteps>(a, b, std::make_index_sequence<kSteps.size()>());
}

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_WALK_H_
