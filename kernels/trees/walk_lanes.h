// One row through many perfect trees at once: sixteen trees per AVX-512 vector, a tree
// per lane. walk.h's WalkSteps takes this path, two rows at a time, through each run of
// sixteen trees or more, when rows have at most 32 features and the CPU has AVX-512F,
// for blocks of fewer than sixteen rows (larger blocks take walk_bits.h) and for runs
// deeper than the bit walk takes; it asks the CPU at run time, so the generated code and
// a build's flags are the same on every machine.
//
// Why: one row through a large ensemble waits on memory. bench_large's padded trees are
// 2 MB of splits, so the deep levels come from L3, and the scalar walk has sixteen loads
// in flight at most. Here a deep level of sixteen trees is two 8-lane gathers of
// {feature, threshold} (the top four levels, laid out split-major, are plain loads),
// four vectors of trees are in flight for each of two rows, and a row sits in two
// registers, so a feature's value is a register permute instead of a dependent load.
// Measured with random trees of bench_large's shape (kernels/trees:walk_benchmark,
// BM_OneRow), it is about 1.6 times faster than the scalar walk of one row on AMD Zen 5.
// On blocks of rows it also beat the scalar walk of two rows at a time, on the real
// models: 100,000 rows of bench_small took 25 ms instead of 39-44 ms, of bench_large
// 326-334 ms instead of 527-534 ms (one row per call; two per call took 305 ms). On
// random trees and rows it does not: BM_OneRow<8> 5.2 us a row against BM_Walk<8, 16>'s
// 4.5 us. Real rows take few of a tree's paths, so its gathers mostly hit cache lines
// read for the rows before, we think.
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

// The top levels of a run's trees, sixteen trees per vector, split-major: split j
// (breadth-first, j < 15) of tree 16 v + i is feature[v][j][i] (with kLaneMissingRight
// where a missing value goes right). Built from the shard's arrays on first use (static
// storage, no allocation).
template <size_t kVectors>
struct LaneTops {
  alignas(64) uint32_t feature[kVectors][kLaneTopSplits][16];
  alignas(64) float threshold[kVectors][kLaneTopSplits][16];
};

// Set in a LaneTops feature when a missing value goes right. The lane walk's permute
// reads only an index's low five bits, so the flag rides along.
constexpr uint32_t kLaneMissingRight = 32;

template <size_t kVectors>
void BuildLaneTops(const PerfectNode* nodes, const uint8_t* missing_left, size_t trees, int depth,
                   LaneTops<kVectors>* tops) {
  const size_t splits = (size_t{1} << depth) - 1;
  const size_t top = splits < kLaneTopSplits ? splits : kLaneTopSplits;
  for (size_t t = 0; t < trees; ++t) {
    for (size_t j = 0; j < top; ++j) {
      tops->feature[t / 16][j][t % 16] =
          nodes[t * splits + j].feature | (missing_left[t * splits + j] ? 0u : kLaneMissingRight);
      tops->threshold[t / 16][j][t % 16] = nodes[t * splits + j].threshold;
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

// Adds `trees` (at most 16 kVectors) consecutive perfect trees of depth kDepth to the
// margins of kRows rows (row r's at margins + r kGroups); lane i of vector v walks tree
// 16 v + i. Row r's features are x_low[r] (0 to 15) and x_high[r] (16 to 31).
template <int kDepth, int kVectors, size_t kGroups, int kRows, bool kMissing>
__attribute__((target("avx512f"))) inline void AddTreeLanes(
    const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
    const int32_t* groups,
    const uint32_t (*top_feature)[kLaneTopSplits][16],
    const float (*top_threshold)[kLaneTopSplits][16], size_t trees, const __m512* x_low,
    const __m512* x_high, float* margins) {
  constexpr int kSplits = (1 << kDepth) - 1;
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i even = _mm512_add_epi32(lane, lane);  // features of 8 + 8 gathered pairs
  const __m512i odd = _mm512_add_epi32(even, one);    // thresholds
  // Lane i's splits start at i kSplits; k is the split it is at, counted from there.
  const __m512i first_split = _mm512_mullo_epi32(lane, _mm512_set1_epi32(kSplits));
  const __m512i first_leaf =
      _mm512_sub_epi32(_mm512_mullo_epi32(lane, _mm512_set1_epi32(kSplits + 1)),
                       _mm512_set1_epi32(kSplits));
  __m512i k[kRows][kVectors];
  __mmask16 live[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    for (int r = 0; r < kRows; ++r) k[r][v] = first_split;
    const size_t before = 16 * static_cast<size_t>(v);
    live[v] = LowLanes(trees > before ? trees - before : 0);
  }
#pragma GCC unroll 16
  for (int level = 0; level < kDepth; ++level) {
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) {
#pragma GCC unroll 2
      for (int r = 0; r < kRows; ++r) {
        __m512i feature;
        __m512 threshold;
        if (level < kLaneTopLevels) {
          // Split-major loads, one per split of the level, each kept by the lanes at it:
          // cheaper than a gather for up to eight splits.
          const int first = (1 << level) - 1;
          const __m512i at = _mm512_sub_epi32(k[r][v], first_split);
          feature = _mm512_load_si512(top_feature[v][first]);
          threshold = _mm512_load_ps(top_threshold[v][first]);
          for (int j = first + 1; j < 2 * first + 1; ++j) {
            const __mmask16 here = _mm512_cmpeq_epi32_mask(at, _mm512_set1_epi32(j));
            feature = _mm512_mask_load_epi32(feature, here, top_feature[v][j]);
            threshold = _mm512_mask_load_ps(threshold, here, top_threshold[v][j]);
          }
        } else {
          const void* base = nodes + 16 * v * kSplits;
          const __m512i low = _mm512_mask_i32gather_epi64(
              _mm512_setzero_si512(), static_cast<__mmask8>(live[v]), LowHalf(k[r][v]), base, 8);
          const __m512i high = _mm512_mask_i32gather_epi64(
              _mm512_setzero_si512(), static_cast<__mmask8>(live[v] >> 8),
              _mm512_maskz_extracti64x4_epi64(0xFF, k[r][v], 1), base, 8);
          feature = _mm512_permutex2var_epi32(low, even, high);
          threshold = _mm512_castsi512_ps(_mm512_permutex2var_epi32(low, odd, high));
        }
        const __m512 value = _mm512_permutex2var_ps(x_low[r], feature, x_high[r]);
        __mmask16 right = _mm512_cmp_ps_mask(value, threshold, _CMP_GE_OQ);
        if constexpr (kMissing) {
          // A missing value fails the compare (left); where its split says right, it
          // goes right. Deep levels read that from missing_left, only when a lane needs
          // it: rows with a few NaN rarely meet them.
          const __mmask16 nan = _mm512_cmp_ps_mask(value, value, _CMP_UNORD_Q);
          if (nan != 0) {
            if (level < kLaneTopLevels) {
              right |= nan & _mm512_test_epi32_mask(
                                 feature, _mm512_set1_epi32(static_cast<int>(kLaneMissingRight)));
            } else {
              const __m512i bytes = _mm512_mask_i32gather_epi32(
                  _mm512_setzero_si512(), nan, k[r][v], missing_left + 16 * v * kSplits, 1);
              right |= _mm512_mask_testn_epi32_mask(nan, bytes, _mm512_set1_epi32(0xFF));
            }
          }
        }
        // Split i of a lane's tree has children 2i + 1 and 2i + 2.
        const __m512i left = _mm512_add_epi32(
            _mm512_add_epi32(k[r][v], _mm512_sub_epi32(k[r][v], first_split)), one);
        k[r][v] = _mm512_mask_add_epi32(left, right, left, one);
      }
    }
  }
  for (int r = 0; r < kRows; ++r) {
    float* m = margins + r * kGroups;
    for (int v = 0; v < kVectors; ++v) {
      const __m512i leaf = _mm512_add_epi32(_mm512_sub_epi32(k[r][v], first_split), first_leaf);
      alignas(64) float values[16];
      _mm512_store_ps(values, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live[v], leaf,
                                                       leaves + 16 * v * (kSplits + 1), 4));
      const size_t before = 16 * static_cast<size_t>(v);
      const size_t n = trees - before < 16 ? trees - before : 16;
      for (size_t i = 0; i < n; ++i) m[kGroups == 1 ? 0 : groups[before + i]] += values[i];
    }
  }
}

// Adds `trees` consecutive perfect trees of depth kDepth >= 1, whose splits start at
// nodes (their default directions at missing_left), leaves at leaves and groups at groups,
// to the margins of kRows (1 or 2) consecutive rows (kFeatures floats each from `row`,
// kGroups margins each from `margins`). kMissing = false: the rows hold no NaN.
template <int kDepth, size_t kFeatures, size_t kGroups, size_t kVectors, int kRows = 1,
          bool kMissing = false>
__attribute__((target("avx512f"))) inline void AddPerfectTreeLanes(
    const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
    const int32_t* groups, const LaneTops<kVectors>& tops, size_t trees, const float* row,
    float* margins) {
  static_assert(kDepth >= 1 && kFeatures <= kMaxLaneFeatures && (kRows == 1 || kRows == 2));
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  constexpr int kChunk = 4;
  __m512 x_low[kRows], x_high[kRows];
  for (int r = 0; r < kRows; ++r) {
    x_low[r] = _mm512_maskz_loadu_ps(LowLanes(kFeatures), row + r * kFeatures);
    x_high[r] = _mm512_setzero_ps();
    if constexpr (kFeatures > 16) {
      x_high[r] = _mm512_maskz_loadu_ps(LowLanes(kFeatures - 16), row + r * kFeatures + 16);
    }
  }
  size_t t = 0;
  for (; t + 16 * kChunk <= trees; t += 16 * kChunk) {
    AddTreeLanes<kDepth, kChunk, kGroups, kRows, kMissing>(
        nodes + t * kSplits, missing_left + t * kSplits, leaves + t * (kSplits + 1), groups + t,
        tops.feature + t / 16, tops.threshold + t / 16, 16 * kChunk, x_low, x_high, margins);
  }
  const size_t rest = trees - t;
  nodes += t * kSplits;
  missing_left += t * kSplits;
  leaves += t * (kSplits + 1);
  groups += t;
  const uint32_t(*top_feature)[kLaneTopSplits][16] = tops.feature + t / 16;
  const float(*top_threshold)[kLaneTopSplits][16] = tops.threshold + t / 16;
  if (rest > 48) {
    AddTreeLanes<kDepth, 4, kGroups, kRows, kMissing>(nodes, missing_left, leaves, groups,
                                                      top_feature, top_threshold, rest, x_low,
                                                      x_high, margins);
  } else if (rest > 32) {
    AddTreeLanes<kDepth, 3, kGroups, kRows, kMissing>(nodes, missing_left, leaves, groups,
                                                      top_feature, top_threshold, rest, x_low,
                                                      x_high, margins);
  } else if (rest > 16) {
    AddTreeLanes<kDepth, 2, kGroups, kRows, kMissing>(nodes, missing_left, leaves, groups,
                                                      top_feature, top_threshold, rest, x_low,
                                                      x_high, margins);
  } else if (rest > 0) {
    AddTreeLanes<kDepth, 1, kGroups, kRows, kMissing>(nodes, missing_left, leaves, groups,
                                                      top_feature, top_threshold, rest, x_low,
                                                      x_high, margins);
  }
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
