// One row through many perfect trees at once: sixteen trees per AVX-512 vector, a tree
// per lane. walk.h's WalkSteps takes this path, two rows at a time, through each run of
// sixteen trees or more, when rows have at most 32 features and the CPU has AVX-512F,
// for blocks of fewer than sixteen rows (larger blocks take walk_bits.h) and for runs
// deeper than the bit walk takes; it asks the CPU at run time, so the generated code and
// a build's flags are the same on every machine.
//
// Why: one row through a large ensemble waits on memory. bench_large's padded trees are
// 3 MB of splits and leaves, so the deep levels come from L3, and the scalar walk has
// sixteen loads in flight at most. Here a deep level of sixteen trees is two 8-lane
// gathers of {feature, threshold} (the top four levels, laid out split-major, are plain
// loads), eight vectors of trees are in flight for one row and four for each of two, and
// a row sits in two registers, so a feature's value is a register permute instead of a
// dependent load. Below the top levels each subtree is one block (LaneForest), so a row
// waits for two cache lines per tree at depth 8, not five.
// Measured with random trees of bench_large's shape (kernels/trees:walk_benchmark,
// BM_OneRow), it was about 1.6 times faster than the scalar walk of one row on AMD Zen 5
// with the breadth-first layout; on an Intel Xeon (Emerald Rapids) the blocks and eight
// vectors took BM_OneRow<8> from 5.1-5.3 to 4.0-4.2 us. On blocks of rows it also beat
// the scalar walk of two rows at a time, on the real models: 100,000 rows of bench_small
// took 25 ms instead of 39-44 ms, of bench_large 326-334 ms instead of 527-534 ms (one
// row per call; two per call took 305 ms); blocks of sixteen rows and more now take the
// bit walk. Tried on the Intel Xeon and not kept: one 16-lane gather each for features
// and thresholds instead of two 8-lane gathers of pairs (BM_OneRow<8> 3.4 -> 4.1 us);
// sixteen vectors in flight for one row (spills, 2x slower).
//
// Same arithmetic as the scalar walk (`x >= threshold` goes right, in float; a missing
// value goes where its split says), and each tree's leaf is added to its group's margin
// in tree order, so margins match it bit for bit.
#ifndef NEO_KERNELS_TREES_WALK_LANES_H_
#define NEO_KERNELS_TREES_WALK_LANES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/trees/layout.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_TREES_LANE_WALK 1
#else
#define NEO_TREES_LANE_WALK 0
#endif

namespace neo::kernels::trees {

// Most features a row may have for the lane walk: two registers of sixteen floats.
constexpr size_t kMaxLaneFeatures = 32;

// Whether the CPU running this can take the lane walk.
inline bool LaneWalkAvailable() {
#if NEO_TREES_LANE_WALK
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

// Splits in the top levels of a tree that the lane walk reads lane by lane.
constexpr int kLaneTopLevels = 4;
constexpr size_t kLaneTopSplits = (size_t{1} << kLaneTopLevels) - 1;

// Set in a lane walk's feature index when a missing value goes right. The walk's permute
// reads only an index's low five bits, so the flag rides along.
constexpr uint32_t kLaneMissingRight = 32;

// A run's trees laid out for the lane walk, sixteen trees per vector. Built from the
// shard's arrays on first use (static storage, no allocation).
//
// The top levels (at most kLaneTopLevels) go split-major: split j (breadth-first) of tree
// 16 v + i is top_feature[v][j][i] (with kLaneMissingRight where a missing value goes
// right) and top_threshold[v][j][i]. Below them each tree is cut into the subtrees the
// top levels lead to, and each subtree is one block of 32-bit words: its splits but the
// last level's breadth-first as {feature, threshold bits} pairs, then each split of its
// last level with its two leaves, {feature, threshold bits, left leaf, right leaf}, four
// words that never straddle a cache line. So a row's walk below the top levels reads two
// cache lines at depth 8, where the breadth-first arrays spread a path over a line per
// level and one for the leaf: on an Intel Xeon with a 2 MB L2, bench_large's 3 MB of
// trees are walked mostly from L3, and the lines a row needs, one after the other, are
// what it waits for. For trees no deeper than the top levels, a block is just the leaf.
template <int kDepth, size_t kVectors>
struct LaneForest {
  static_assert(kDepth >= 1);
  static constexpr int kTopLevels = kDepth < kLaneTopLevels ? kDepth : kLaneTopLevels;
  static constexpr int kDeepLevels = kDepth - kTopLevels;
  static constexpr size_t kBlocks = size_t{1} << kTopLevels;  // per tree
  // Splits of a block above its last level, and the words they take (padded so the
  // last level's groups of four start on 16 bytes).
  static constexpr size_t kUpperSplits = kDeepLevels > 0 ? (size_t{1} << (kDeepLevels - 1)) - 1 : 0;
  static constexpr size_t kUpperWords = (2 * kUpperSplits + 3) / 4 * 4;
  static constexpr size_t kLastSplits = kDeepLevels > 0 ? size_t{1} << (kDeepLevels - 1) : 0;
  // 32-bit words per block: a power of two up to 16 (a block never straddles a cache
  // line), else whole lines.
  static constexpr size_t kBlockWords = [] {
    const size_t words = kDeepLevels > 0 ? kUpperWords + 4 * kLastSplits : 1;
    if (words > 16) return (words + 15) / 16 * 16;
    size_t power = 1;
    while (power < words) power *= 2;
    return power;
  }();
  // Words of the blocks of one vector of sixteen trees.
  static constexpr size_t kVectorWords = 16 * kBlocks * kBlockWords;
  alignas(64) uint32_t top_feature[kVectors][kLaneTopSplits][16];
  alignas(64) float top_threshold[kVectors][kLaneTopSplits][16];
  alignas(64) uint32_t blocks[kVectors * kVectorWords];
};

template <int kDepth, size_t kVectors>
void BuildLaneForest(const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
                     size_t trees, LaneForest<kDepth, kVectors>* forest) {
  using Forest = LaneForest<kDepth, kVectors>;
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  constexpr size_t kTopSplits = (size_t{1} << Forest::kTopLevels) - 1;
  auto feature = [&](size_t split) {
    return nodes[split].feature | (missing_left[split] ? 0u : kLaneMissingRight);
  };
  for (size_t t = 0; t < trees; ++t) {
    const size_t v = t / 16, lane = t % 16;
    for (size_t j = 0; j < kTopSplits; ++j) {
      forest->top_feature[v][j][lane] = feature(t * kSplits + j);
      forest->top_threshold[v][j][lane] = nodes[t * kSplits + j].threshold;
    }
    for (size_t b = 0; b < Forest::kBlocks; ++b) {
      uint32_t* block = forest->blocks + v * Forest::kVectorWords +
                        (lane * Forest::kBlocks + b) * Forest::kBlockWords;
      const size_t first_leaf = t * (kSplits + 1) + (b << Forest::kDeepLevels);
      if (Forest::kDeepLevels == 0) {
        std::memcpy(&block[0], &leaves[first_leaf], sizeof(float));
        continue;
      }
      for (int level = 0; level < Forest::kDeepLevels; ++level) {
        const size_t width = size_t{1} << level;
        for (size_t i = 0; i < width; ++i) {
          // Split i of this level of block b, in the tree's breadth-first numbering.
          const size_t split = t * kSplits + (width << Forest::kTopLevels) - 1 + b * width + i;
          const bool last = level == Forest::kDeepLevels - 1;
          uint32_t* at = last ? block + Forest::kUpperWords + 4 * i : block + 2 * (width - 1 + i);
          at[0] = feature(split);
          std::memcpy(&at[1], &nodes[split].threshold, sizeof(float));
          if (last) std::memcpy(&at[2], &leaves[first_leaf + 2 * i], 2 * sizeof(float));
        }
      }
    }
  }
}

#if NEO_TREES_LANE_WALK
namespace internal {

// The low n bits, n <= 16.
constexpr __mmask16 LowLanes(size_t n) {
  return static_cast<__mmask16>(n >= 16 ? 0xFFFFu : (1u << n) - 1u);
}

// The low eight lanes of v. (GCC 12's _mm512_castsi512_si256 reads an undefined
// register, which -Wall -Werror builds of the generated code refuse.)
__attribute__((target("avx512f"))) inline __m256i LowHalf(__m512i v) {
  __m256i low;
  std::memcpy(&low, &v, sizeof low);
  return low;
}

// Adds trees [first, first + trees) of `forest` (a LaneForest; first a multiple of
// sixteen, trees at most 16 kVectors) to the margins of kRows rows (row r's at margins +
// r kGroups); lane i of vector v walks tree first + 16 v + i, whose group is
// groups[first + 16 v + i]. Row r's features are x_low[r] (0 to 15) and x_high[r] (16
// to 31).
template <int kVectors, size_t kGroups, int kRows, bool kMissing, typename Forest>
__attribute__((target("avx512f"))) inline void AddTreeLanes(const Forest& forest,
                                                            const int32_t* groups, size_t first,
                                                            size_t trees, const __m512* x_low,
                                                            const __m512* x_high, float* margins) {
  const uint32_t(*top_feature)[kLaneTopSplits][16] = forest.top_feature + first / 16;
  const float(*top_threshold)[kLaneTopSplits][16] = forest.top_threshold + first / 16;
  const uint32_t* blocks = forest.blocks + first / 16 * Forest::kVectorWords;
  groups += first;
  constexpr int kTopLevels = Forest::kTopLevels;
  constexpr int kDeepLevels = Forest::kDeepLevels;
  constexpr size_t kHalfBlock = Forest::kBlockWords / 2;  // a block in 64-bit units
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i even = _mm512_add_epi32(lane, lane);  // features of 8 + 8 gathered pairs
  const __m512i odd = _mm512_add_epi32(even, one);    // thresholds
  // A lane's blocks start at lane kBlocks; in the top levels `at` is the split a lane is
  // at (breadth-first), below them the block it is in (`block`, in 64-bit units for the
  // gathers, 32-bit without deep levels) and `at` the split within it, counted from the
  // start of the vector's blocks.
  const __m512i first_block = _mm512_mullo_epi32(lane, _mm512_set1_epi32(Forest::kBlocks));
  __m512i at[kRows][kVectors], block[kRows][kVectors];
  __mmask16 live[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    for (int r = 0; r < kRows; ++r) at[r][v] = _mm512_setzero_si512();
    const size_t before = 16 * static_cast<size_t>(v);
    live[v] = LowLanes(trees > before ? trees - before : 0);
  }
#pragma GCC unroll 16
  for (int level = 0; level < kTopLevels + kDeepLevels; ++level) {
#pragma GCC unroll 8
    for (int v = 0; v < kVectors; ++v) {
#pragma GCC unroll 2
      for (int r = 0; r < kRows; ++r) {
        __m512i feature;
        __m512 threshold;
        if (level < kTopLevels) {
          // Split-major loads, one per split of the level, each kept by the lanes at it:
          // cheaper than a gather for up to eight splits.
          const int first = (1 << level) - 1;
          feature = _mm512_load_si512(top_feature[v][first]);
          threshold = _mm512_load_ps(top_threshold[v][first]);
          for (int j = first + 1; j < 2 * first + 1; ++j) {
            const __mmask16 here = _mm512_cmpeq_epi32_mask(at[r][v], _mm512_set1_epi32(j));
            feature = _mm512_mask_load_epi32(feature, here, top_feature[v][j]);
            threshold = _mm512_mask_load_ps(threshold, here, top_threshold[v][j]);
          }
        } else {
          const void* base = blocks + v * Forest::kVectorWords;
          const __m512i low = _mm512_mask_i32gather_epi64(
              _mm512_setzero_si512(), static_cast<__mmask8>(live[v]), LowHalf(at[r][v]), base, 8);
          const __m512i high = _mm512_mask_i32gather_epi64(
              _mm512_setzero_si512(), static_cast<__mmask8>(live[v] >> 8),
              _mm512_maskz_extracti64x4_epi64(0xFF, at[r][v], 1), base, 8);
          feature = _mm512_permutex2var_epi32(low, even, high);
          threshold = _mm512_castsi512_ps(_mm512_permutex2var_epi32(low, odd, high));
        }
        const __m512 value = _mm512_permutex2var_ps(x_low[r], feature, x_high[r]);
        __mmask16 right = _mm512_cmp_ps_mask(value, threshold, _CMP_GE_OQ);
        if constexpr (kMissing) {
          // A missing value fails the compare (left); where its split says right, it
          // goes right.
          const __mmask16 nan = _mm512_cmp_ps_mask(value, value, _CMP_UNORD_Q);
          right |= _mm512_mask_test_epi32_mask(
              nan, feature, _mm512_set1_epi32(static_cast<int>(kLaneMissingRight)));
        }
        // Split i has children 2i + 1 and 2i + 2 (the top levels, and a block's upper
        // splits, `at` counting from the block's first qword).
        const int deep = level - kTopLevels;
        if (level < kTopLevels) {
          const __m512i left = _mm512_add_epi32(_mm512_add_epi32(at[r][v], at[r][v]), one);
          at[r][v] = _mm512_mask_add_epi32(left, right, left, one);
        } else if (deep < kDeepLevels - 2) {
          const __m512i left = _mm512_add_epi32(
              _mm512_sub_epi32(_mm512_add_epi32(at[r][v], at[r][v]), block[r][v]), one);
          at[r][v] = _mm512_mask_add_epi32(left, right, left, one);
        } else if (deep == kDeepLevels - 2) {
          // Upper split j = at - block leads to split j' = 2 j + 1 + right, the last
          // level's group j' - kUpperSplits, two qwords each from kUpperWords / 2.
          const __m512i j = _mm512_sub_epi32(at[r][v], block[r][v]);
          const __m512i left =
              _mm512_add_epi32(_mm512_add_epi32(block[r][v], _mm512_maskz_slli_epi32(0xFFFF, j, 2)),
                               _mm512_set1_epi32(static_cast<int>(Forest::kUpperWords / 2 + 2) -
                                                 2 * static_cast<int>(Forest::kUpperSplits)));
          at[r][v] = _mm512_mask_add_epi32(left, right, left, _mm512_add_epi32(one, one));
        } else {
          // A last-level split's leaves are the group's words 2 and 3: `at` becomes the
          // leaf's word.
          const __m512i left =
              _mm512_add_epi32(_mm512_add_epi32(at[r][v], at[r][v]), _mm512_add_epi32(one, one));
          at[r][v] = _mm512_mask_add_epi32(left, right, left, one);
        }
        if (level == kTopLevels - 1) {
          // The top levels' last split leads to a block: the first split of its subtree,
          // or (no deep levels) its leaf.
          const __m512i b = _mm512_add_epi32(
              first_block, _mm512_sub_epi32(at[r][v], _mm512_set1_epi32((1 << kTopLevels) - 1)));
          if constexpr (kDeepLevels > 0) {
            block[r][v] = _mm512_mullo_epi32(b, _mm512_set1_epi32(kHalfBlock));
          } else {
            block[r][v] = b;
          }
          at[r][v] = block[r][v];
        }
      }
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float* m = margins + r * kGroups;
    for (int v = 0; v < kVectors; ++v) {
      // `at` is the leaf's word from the vector's first block.
      const __m512i leaf = at[r][v];
      alignas(64) float values[16];
      _mm512_store_ps(values, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live[v], leaf,
                                                       blocks + v * Forest::kVectorWords, 4));
      const size_t before = 16 * static_cast<size_t>(v);
      const size_t n = trees <= before ? 0 : trees - before < 16 ? trees - before : 16;
      for (size_t i = 0; i < n; ++i) m[kGroups == 1 ? 0 : groups[before + i]] += values[i];
    }
  }
}

// Vectors of trees walked at once per row: eight for one row, four for each of two
// (more gathers in flight; bench_large one row at a time took 4.8 us instead of 5.3 on
// an Intel Xeon with eight).
template <int kRows>
constexpr int kLaneChunk = kRows == 1 ? 8 : 4;

// Walks `trees` trees in chunks of kChunk vectors of sixteen, then the rest in one call
// of as few vectors as hold it: chunk.template Walk<kVectors>(first, count) for each,
// first a multiple of sixteen. Shared by the lane walks on floats and on ranks.
template <int kChunk, typename Chunk>
__attribute__((target("avx512f"))) inline void WalkInChunks(size_t trees, const Chunk& chunk) {
  size_t t = 0;
  for (; t + 16 * kChunk <= trees; t += 16 * kChunk) {
    chunk.template Walk<kChunk>(t, 16 * kChunk);
  }
  const size_t rest = trees - t;
  if (kChunk > 4 && rest > 64) {
    chunk.template Walk<kChunk>(t, rest);
  } else if (rest > 48) {
    chunk.template Walk<4>(t, rest);
  } else if (rest > 32) {
    chunk.template Walk<3>(t, rest);
  } else if (rest > 16) {
    chunk.template Walk<2>(t, rest);
  } else if (rest > 0) {
    chunk.template Walk<1>(t, rest);
  }
}

// AddTreeLanes for WalkInChunks.
template <size_t kGroups, int kRows, bool kMissing, typename Forest>
struct FloatLaneChunk {
  const Forest& forest;
  const int32_t* groups;
  const __m512* x_low;
  const __m512* x_high;
  float* margins;
  template <int kVectors>
  __attribute__((target("avx512f"))) void Walk(size_t first, size_t trees) const {
    AddTreeLanes<kVectors, kGroups, kRows, kMissing>(forest, groups, first, trees, x_low, x_high,
                                                     margins);
  }
};

// Adds `trees` consecutive trees of depth kDepth >= 1, laid out in `forest` (their
// groups at `groups`), to the margins of kRows (1 or 2) consecutive rows (kFeatures
// floats each from `row`, kGroups margins each from `margins`). kMissing = false: the
// rows hold no NaN.
template <int kDepth, size_t kFeatures, size_t kGroups, size_t kVectors, int kRows = 1,
          bool kMissing = false>
__attribute__((target("avx512f"))) inline void AddPerfectTreeLanes(
    const LaneForest<kDepth, kVectors>& forest, const int32_t* groups, size_t trees,
    const float* row, float* margins) {
  static_assert(kDepth >= 1 && kFeatures <= kMaxLaneFeatures && (kRows == 1 || kRows == 2));
  __m512 x_low[kRows], x_high[kRows];
  for (int r = 0; r < kRows; ++r) {
    x_low[r] = _mm512_maskz_loadu_ps(LowLanes(kFeatures), row + r * kFeatures);
    x_high[r] = _mm512_setzero_ps();
    if constexpr (kFeatures > 16) {
      x_high[r] = _mm512_maskz_loadu_ps(LowLanes(kFeatures - 16), row + r * kFeatures + 16);
    }
  }
  using Chunk = FloatLaneChunk<kGroups, kRows, kMissing, LaneForest<kDepth, kVectors>>;
  WalkInChunks<kLaneChunk<kRows>>(trees, Chunk{forest, groups, x_low, x_high, margins});
  // Hand the caller clean upper register halves, whatever the code above compiled to:
  // GCC omits vzeroupper before a tail call that passes vectors by value (this walk did
  // so once), and while they stay dirty the caller's SSE code runs slower on many CPUs
  // (libxgboost's prediction after ours: 2.6 times slower here).
  _mm256_zeroupper();
}

}  // namespace internal
#endif  // NEO_TREES_LANE_WALK

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_WALK_LANES_H_
