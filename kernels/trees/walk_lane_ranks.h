// The lane walk (walk_lanes.h) on ranks: one row through sixteen trees per AVX-512
// vector, each split one 32-bit word {rank of its threshold, feature} instead of a
// {feature, threshold} pair of floats. walk.h's WalkSteps takes it for blocks of fewer
// than sixteen rows when predict.h has ranked them against the model's thresholds
// (neoc writes those for models of at most 32 features with at most kMaxModelRanks
// distinct thresholds each).
//
// Why: on the float lane walk a deep level of sixteen trees is two 8-lane gathers of
// pairs and two permutes that pull features and thresholds apart, before the permute
// that reads the row and the compare. Here it is one 16-lane gather, the permute and an
// integer compare. Each feature's value is ranked once per row among that feature's
// distinct thresholds in the whole model (x >= t_k exactly when rank(x) > k, as in
// walk_ranks.h), and the row's ranks sit in two registers as its floats did. Ranking
// costs 70-100 ns a row on an Intel Xeon (Emerald Rapids), so it is done once for the
// model, not per shard: per shard of 128 trees it cost what the walk saved. Words half
// the size of the pairs let a block of three levels, splits and leaves, fit one cache
// line (kMaxRankBlockLevels), so a depth-8 tree's path waits for one line, not two.
//
// Same results as the float lane walk bit for bit: the ranks decide every split as the
// float compare would (-0 = +0, infinities, NaN values), and each tree's leaf is added to
// its group's margin in tree order.
#ifndef NEO_KERNELS_TREES_WALK_LANE_RANKS_H_
#define NEO_KERNELS_TREES_WALK_LANE_RANKS_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/trees/layout.h"
#include "kernels/trees/walk_lanes.h"

namespace neo::kernels::trees {

// A missing value's rank in RankedRows: above every split's word, so a split that sends
// missing values right passes it; the walk makes it 0 for splits that send them left.
constexpr uint32_t kMissingRank = 0xFFFFFFFFu;

// A model's thresholds laid out for ranking rows (RankLaneRow): feature f's distinct
// thresholds increasing in thresholds[f], then NaN (which no value is at least) to
// sixteen buckets; and every bucket-th of them, pivots[j][f] = thresholds[f][bucket (j + 1)
// - 1] for j < 15, where a row's search starts. `bucket` is the least power of two that
// puts every feature's thresholds within sixteen buckets: 16 for XGBoost's hist models (at
// most 255), up to 256 for the exact method's.
struct LaneRankTable {
  alignas(64) float thresholds[kMaxLaneFeatures][kMaxModelRanks + 1];
  alignas(64) float pivots[15][kMaxLaneFeatures];
  uint32_t bucket;
};

inline void BuildLaneRankTable(const ModelThresholds& model, LaneRankTable* table) {
  size_t most = 0;
  for (size_t f = 0; f < model.features && f < kMaxLaneFeatures; ++f) {
    most = std::max<size_t>(most, model.offsets[f + 1] - model.offsets[f]);
  }
  table->bucket = 16;
  while (16 * table->bucket < most + 1) table->bucket *= 2;
  for (size_t f = 0; f < kMaxLaneFeatures; ++f) {
    float* list = table->thresholds[f];
    size_t count = 0;
    if (f < model.features) {
      count = model.offsets[f + 1] - model.offsets[f];
      std::copy(model.values + model.offsets[f], model.values + model.offsets[f + 1], list);
    }
    // The search reads no further than sixteen buckets: of each feature's 16 KB row, a
    // hist model's table fills and reads the first 1 KB.
    std::fill(list + count, list + 16 * table->bucket, std::numeric_limits<float>::quiet_NaN());
    for (size_t j = 0; j < 15; ++j) table->pivots[j][f] = list[table->bucket * (j + 1) - 1];
  }
}

// Levels in a block of RankLaneForest for trees of depth 6 and more: 7 splits and 8
// leaves fill one cache line, so a tree's walk below the top levels waits for one line.
// With four levels in blocks (two lines, the leaves' after the splits') the walk on ranks
// was no faster than the float walk at depth 8, whose paths also read two lines; with
// three, 0.86-0.88 of its time (BM_OneRowPaired, Intel Xeon). Deeper trees keep more
// levels on top, those below kLaneTopLevels read with a gather (their splits stay in L2:
// 124 bytes a tree at depth 8, against 2 KB of blocks). Depth 6 takes three on top and
// three in blocks: 0.82-0.90 of the float walk, against 0.91 with four on top.
constexpr int kMaxRankBlockLevels = 3;

// A run's trees for the lane walk on ranks, sixteen per vector (as LaneForest). Built on
// first use from the shard's arrays and the model's thresholds; `ranked` is false when
// some split's threshold is not among them (the run then keeps the float lane walk).
//
// A split is the word k << 8 | feature, k its threshold's place among its feature's
// thresholds, with kLaneMissingRight set where a missing value goes right. The top levels
// go split-major (top[v][j][i]: split j, breadth-first, of tree 16 v + i). Below them each
// subtree the top levels lead to is one block of kBlockWords words: its splits
// breadth-first, padded to a power of two, then its leaves. Blocks are aligned to their
// size, so a lane's place within its block is the low bits of its word index and the walk
// keeps no block base.
template <int kDepth, size_t kVectors>
struct RankLaneForest {
  static_assert(kDepth >= 1);
  static constexpr int kDeepLevels = kDepth >= kMaxRankBlockLevels + 3 ? kMaxRankBlockLevels
                                     : kDepth > kLaneTopLevels         ? kDepth - kLaneTopLevels
                                                                       : 0;
  static constexpr int kTopLevels = kDepth - kDeepLevels;
  static constexpr size_t kTopSplits = (size_t{1} << kTopLevels) - 1;
  static constexpr size_t kBlocks = size_t{1} << kTopLevels;  // per tree
  static constexpr size_t kBlockWords = kDeepLevels > 0 ? size_t{2} << kDeepLevels : 1;
  static constexpr size_t kVectorWords = 16 * kBlocks * kBlockWords;
  bool ranked;
  alignas(64) uint32_t top[kVectors][kTopSplits][16];
  alignas(64) uint32_t blocks[kVectors * kVectorWords];
};

// Lays out `trees` perfect trees of depth kDepth in `forest`, their splits ranked among
// `model`'s thresholds.
template <int kDepth, size_t kVectors>
void BuildRankLaneForest(const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
                         size_t trees, const ModelThresholds& model,
                         RankLaneForest<kDepth, kVectors>* forest) {
  using Forest = RankLaneForest<kDepth, kVectors>;
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  constexpr size_t kTopSplits = Forest::kTopSplits;
  forest->ranked = true;
  auto word = [&](size_t split) {
    const PerfectNode& node = nodes[split];
    if (node.feature >= model.features || node.feature >= kMaxLaneFeatures) {
      forest->ranked = false;
      return 0u;
    }
    const float* begin = model.values + model.offsets[node.feature];
    const float* end = model.values + model.offsets[node.feature + 1];
    const float* at = std::lower_bound(begin, end, node.threshold);
    if (at == end || !(*at == node.threshold)) {  // also a NaN threshold
      forest->ranked = false;
      return 0u;
    }
    return static_cast<uint32_t>(at - begin) << 8 | node.feature |
           (missing_left[split] ? 0u : kLaneMissingRight);
  };
  for (size_t t = 0; t < trees; ++t) {
    const size_t v = t / 16, lane = t % 16;
    for (size_t j = 0; j < kTopSplits; ++j) forest->top[v][j][lane] = word(t * kSplits + j);
    for (size_t b = 0; b < Forest::kBlocks; ++b) {
      uint32_t* block = forest->blocks + v * Forest::kVectorWords +
                        (lane * Forest::kBlocks + b) * Forest::kBlockWords;
      const size_t block_leaves = size_t{1} << Forest::kDeepLevels;
      const size_t first_leaf = t * (kSplits + 1) + b * block_leaves;
      const size_t leaf_word = Forest::kDeepLevels > 0 ? block_leaves : 0;
      std::memcpy(block + leaf_word, leaves + first_leaf, block_leaves * sizeof(float));
      if (Forest::kDeepLevels == 0) continue;
      for (int level = 0; level < Forest::kDeepLevels; ++level) {
        const size_t width = size_t{1} << level;
        for (size_t i = 0; i < width; ++i) {
          // Split i of this level of block b, in the tree's breadth-first numbering.
          block[width - 1 + i] =
              word(t * kSplits + (width << Forest::kTopLevels) - 1 + b * width + i);
        }
      }
      block[block_leaves - 1] = 0;  // padding
    }
  }
}

#if NEO_TREES_LANE_WALK
namespace internal {

// The ranks of sixteen features of a row (x; their thresholds and pivots from feature 0
// of `thresholds` and `pivots`, kMaxLaneFeatures pivots per j), each shifted left by 8:
// how many of the feature's thresholds are at most its value. A NaN counts none.
__attribute__((target("avx512f"))) inline __m512i RankSixteen(
    const float (*thresholds)[kMaxModelRanks + 1], const float* pivots, uint32_t bucket, __m512 x) {
  // The bucket the value falls in, from the fifteen pivots at once (the first four steps
  // of a binary search would be four dependent gathers), then a binary search within it:
  // four gathered steps for hist models, up to eight for the exact method's.
  __m512i rank = _mm512_setzero_si512();
  const __m512i width = _mm512_set1_epi32(static_cast<int>(bucket));
  for (int j = 0; j < 15; ++j) {
    const __mmask16 past =
        _mm512_cmp_ps_mask(_mm512_loadu_ps(pivots + j * kMaxLaneFeatures), x, _CMP_LE_OQ);
    rank = _mm512_mask_add_epi32(rank, past, rank, width);
  }
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  constexpr int kRowShift = __builtin_ctz(kMaxModelRanks + 1);
  const __m512i before_row =
      _mm512_sub_epi32(_mm512_maskz_slli_epi32(0xFFFF, lane, kRowShift), _mm512_set1_epi32(1));
  for (uint32_t step = bucket / 2; step >= 1; step /= 2) {
    const __m512i next = _mm512_add_epi32(rank, _mm512_set1_epi32(static_cast<int>(step)));
    const __m512 t = _mm512_mask_i32gather_ps(
        _mm512_setzero_ps(), 0xFFFF, _mm512_add_epi32(before_row, next), &thresholds[0][0], 4);
    rank = _mm512_mask_mov_epi32(rank, _mm512_cmp_ps_mask(t, x, _CMP_LE_OQ), next);
  }
  return _mm512_maskz_slli_epi32(0xFFFF, rank, 8);
}

// Writes the ranks of a row of kFeatures floats to ranks[0, 32): rank << 8, or
// kMissingRank for NaN; features past kFeatures rank 0.
template <size_t kFeatures>
__attribute__((target("avx512f"))) inline void RankLaneRow(const LaneRankTable& table,
                                                           const float* row, uint32_t* ranks) {
  static_assert(kFeatures <= kMaxLaneFeatures);
  for (size_t half = 0; half < 2; ++half) {
    const size_t first = 16 * half;
    if (first >= kFeatures) {
      _mm512_storeu_si512(ranks + first, _mm512_setzero_si512());
      continue;
    }
    const __m512 x = _mm512_maskz_loadu_ps(LowLanes(kFeatures - first), row + first);
    const __m512i rank =
        RankSixteen(table.thresholds + first, &table.pivots[0][first], table.bucket, x);
    const __mmask16 missing = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    _mm512_storeu_si512(ranks + first, _mm512_mask_mov_epi32(rank, missing, _mm512_set1_epi32(-1)));
  }
  _mm256_zeroupper();
}

// Adds trees [first, first + trees) of `forest` (first a multiple of sixteen, trees at
// most 16 kVectors) to the margins of kRows rows, as AddTreeLanes. Row r's ranks are
// ranks_low[r] (features 0 to 15) and ranks_high[r].
template <int kVectors, size_t kGroups, int kRows, bool kMissing, typename Forest>
__attribute__((target("avx512f"))) inline void AddRankTreeLanes(
    const Forest& forest, const int32_t* groups, size_t first, size_t trees,
    const __m512i* ranks_low, const __m512i* ranks_high, float* margins) {
  const uint32_t(*top)[Forest::kTopSplits][16] = forest.top + first / 16;
  const uint32_t* blocks = forest.blocks + first / 16 * Forest::kVectorWords;
  groups += first;
  constexpr int kTopLevels = Forest::kTopLevels;
  constexpr int kLevels = kTopLevels + Forest::kDeepLevels;
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i within_block = _mm512_set1_epi32(static_cast<int>(Forest::kBlockWords - 1));
  // Block b of lane i starts at word (i kBlocks + b) kBlockWords of the vector's blocks.
  const __m512i first_block = _mm512_mullo_epi32(
      lane, _mm512_set1_epi32(static_cast<int>(Forest::kBlocks * Forest::kBlockWords)));
  // In the top levels `at` is the split a lane is at (breadth-first); below them, the
  // word of its split, then of its leaf, from the start of the vector's blocks.
  __m512i at[kRows][kVectors];
  __mmask16 live[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    for (int r = 0; r < kRows; ++r) at[r][v] = _mm512_setzero_si512();
    const size_t before = 16 * static_cast<size_t>(v);
    live[v] = LowLanes(trees > before ? trees - before : 0);
  }
#pragma GCC unroll 16
  for (int level = 0; level < kLevels; ++level) {
#pragma GCC unroll 8
    for (int v = 0; v < kVectors; ++v) {
#pragma GCC unroll 2
      for (int r = 0; r < kRows; ++r) {
        __m512i split;
        if (level >= kLaneTopLevels && level < kTopLevels) {
          // Split at of lane i is word 16 at + i of the vector's top splits.
          split = _mm512_mask_i32gather_epi32(
              _mm512_setzero_si512(), live[v],
              _mm512_add_epi32(_mm512_maskz_slli_epi32(0xFFFF, at[r][v], 4), lane), top[v], 4);
        } else if (level < kTopLevels) {
          // Split-major loads, each kept by the lanes at that split (see AddTreeLanes).
          const int first_split = (1 << level) - 1;
          split = _mm512_load_si512(top[v][first_split]);
          for (int j = first_split + 1; j < 2 * first_split + 1; ++j) {
            const __mmask16 here = _mm512_cmpeq_epi32_mask(at[r][v], _mm512_set1_epi32(j));
            split = _mm512_mask_load_epi32(split, here, top[v][j]);
          }
        } else {
          split = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), live[v], at[r][v],
                                              blocks + v * Forest::kVectorWords, 4);
        }
        // The permute reads the feature from the split's low five bits.
        __m512i value = _mm512_permutex2var_epi32(ranks_low[r], split, ranks_high[r]);
        if constexpr (kMissing) {
          // A missing value ranks above every split; where its split sends it left, 0.
          const __mmask16 missing =
              _mm512_cmpeq_epi32_mask(value, _mm512_set1_epi32(static_cast<int>(kMissingRank)));
          const __mmask16 goes_left = _mm512_mask_testn_epi32_mask(
              missing, split, _mm512_set1_epi32(static_cast<int>(kLaneMissingRight)));
          value = _mm512_mask_mov_epi32(value, goes_left, _mm512_setzero_si512());
        }
        // rank << 8 > k << 8 | feature exactly when rank > k.
        const __mmask16 right = _mm512_cmpgt_epu32_mask(value, split);
        if (level < kTopLevels) {
          const __m512i left = _mm512_add_epi32(_mm512_add_epi32(at[r][v], at[r][v]), one);
          at[r][v] = _mm512_mask_add_epi32(left, right, left, one);
          if (level == kTopLevels - 1) {
            // The top levels' last split leads to block at - (2^kTopLevels - 1).
            const __m512i b = _mm512_sub_epi32(at[r][v], _mm512_set1_epi32((1 << kTopLevels) - 1));
            at[r][v] = _mm512_add_epi32(
                first_block,
                _mm512_mullo_epi32(b, _mm512_set1_epi32(static_cast<int>(Forest::kBlockWords))));
          }
        } else {
          // Split i of a block (at's low bits) leads to split 2 i + 1 + right, and from
          // the last level to leaf word 2 i + 2 + right.
          const int to_child = level == kLevels - 1 ? 2 : 1;
          const __m512i left =
              _mm512_add_epi32(_mm512_add_epi32(at[r][v], _mm512_and_si512(at[r][v], within_block)),
                               _mm512_set1_epi32(to_child));
          at[r][v] = _mm512_mask_add_epi32(left, right, left, one);
        }
      }
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float* m = margins + r * kGroups;
    for (int v = 0; v < kVectors; ++v) {
      alignas(64) float values[16];
      _mm512_store_ps(values, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live[v], at[r][v],
                                                       blocks + v * Forest::kVectorWords, 4));
      const size_t before = 16 * static_cast<size_t>(v);
      const size_t n = trees <= before ? 0 : trees - before < 16 ? trees - before : 16;
      for (size_t i = 0; i < n; ++i) m[kGroups == 1 ? 0 : groups[before + i]] += values[i];
    }
  }
}

// AddRankTreeLanes for WalkInChunks (walk_lanes.h).
template <size_t kGroups, int kRows, bool kMissing, typename Forest>
struct RankLaneChunk {
  const Forest& forest;
  const int32_t* groups;
  const __m512i* ranks_low;
  const __m512i* ranks_high;
  float* margins;
  template <int kVectors>
  __attribute__((target("avx512f"))) void Walk(size_t first, size_t trees) const {
    AddRankTreeLanes<kVectors, kGroups, kRows, kMissing>(forest, groups, first, trees, ranks_low,
                                                         ranks_high, margins);
  }
};

// Adds `trees` consecutive trees of depth kDepth >= 1, laid out in `forest` (ranked), to
// the margins of kRows (1 or 2) consecutive rows whose ranks (RankLaneRow, 32 per row)
// are at `ranks`, as AddPerfectTreeLanes. kMissing = false: the rows hold no NaN.
template <int kDepth, size_t kGroups, size_t kVectors, int kRows = 1, bool kMissing = false>
__attribute__((target("avx512f"))) inline void AddPerfectTreeRankLanes(
    const RankLaneForest<kDepth, kVectors>& forest, const int32_t* groups, size_t trees,
    const uint32_t* ranks, float* margins) {
  static_assert(kRows == 1 || kRows == 2);
  __m512i low[kRows], high[kRows];
  for (int r = 0; r < kRows; ++r) {
    low[r] = _mm512_loadu_si512(ranks + kMaxLaneFeatures * r);
    high[r] = _mm512_loadu_si512(ranks + kMaxLaneFeatures * r + 16);
  }
  using Chunk = RankLaneChunk<kGroups, kRows, kMissing, RankLaneForest<kDepth, kVectors>>;
  WalkInChunks<kLaneChunk<kRows>>(trees, Chunk{forest, groups, low, high, margins});
  _mm256_zeroupper();  // see AddPerfectTreeLanes
}

}  // namespace internal
#endif  // NEO_TREES_LANE_WALK

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_WALK_LANE_RANKS_H_
