// A block of rows through perfect trees, sixteen rows per AVX-512 vector, every split of
// a tree compared at once. walk.h's WalkSteps takes this path for blocks of sixteen rows
// and more through runs of sixteen trees and more, of depth 1 to kMaxBitDepth, when the
// CPU has AVX-512F (asked at run time, as for the lane walk).
//
// Why: walking a tree level by level needs, at each level, the split a row has reached,
// a gather when rows (or trees) sit in lanes, and this machine's gathers are slow (a
// 16-lane gather costs about 26 cycles of throughput on AMD Zen 5). Here nothing is
// gathered: the block is transposed once, feature-major, so a split's sixteen values
// are one load, and each tree's real splits are compared in a row, each compare setting
// its split's bit in a per-row word (breadth-first numbering from 1: split n's bit is
// bit n % 32 of word n / 32). The path is then read from the words with shifts, and the
// leaf with permutes. Splits that cannot change the leaf (the dummy splits of padded
// trees, and any split whose leaves are all the same float) are left out, so the work
// is proportional to a tree's real splits; bench_large's trees of depth 8 have 84 of
// their 255 on average. Each split is read once for eight vectors of rows: its compares
// into mask registers are then the walk's bottleneck (README, "The bit walk").
//
// Same arithmetic as the scalar walk (`x >= threshold` goes right, in float; a missing
// value goes where its split says), and each tree's leaf is added to its group's margin
// in tree order, so margins match it bit for bit.
#ifndef NEO_KERNELS_TREES_WALK_BITS_H_
#define NEO_KERNELS_TREES_WALK_BITS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/trees/layout.h"
#include "kernels/trees/walk_lanes.h"

namespace neo::kernels::trees {

// Deepest perfect tree the bit walk takes: 255 splits, eight words per row.
constexpr int kMaxBitDepth = 8;

// Most features a row may have for the bit walk: a transposed block of 16 rows of 256
// features is 16 KB, as big as predict.h's blocks of rows.
constexpr size_t kMaxBitFeatures = 256;

// Most output groups for the bit walk: it copies a block's margins group-major onto the
// stack (at most 32 x 128 floats, 16 KB).
constexpr size_t kMaxBitGroups = 32;

// A split the bit walk compares: its bit in its word, where its feature starts in the
// transposed rows (feature times the tile's rows; bit 31 set when a missing value goes
// right) and its threshold.
struct BitSplit {
  uint32_t bit;
  uint32_t offset;
  float threshold;
};

constexpr uint32_t kBitMissingRight = 0x80000000u;

// Words of split bits per row for a tree of depth kDepth.
constexpr size_t BitWords(int depth) { return depth <= 5 ? 1 : size_t{1} << (depth - 5); }

// The real splits of kTrees perfect trees of depth kDepth, tree by tree and word by word
// within a tree; word w of tree t ends at splits[word_end[t][w]]. Built from the shard's
// arrays on first use (static storage, no allocation).
template <int kDepth, size_t kTrees>
struct BitForest {
  static constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  static constexpr size_t kWords = BitWords(kDepth);
  BitSplit splits[kTrees * kSplits];
  uint32_t word_end[kTrees][kWords];
  // A split whose threshold is NaN sends a missing value right: the bit walk cannot
  // take these trees (XGBoost writes no such split; the other walks take them).
  bool nan_threshold_goes_right;
};

// Whether split n (breadth-first from 1) of a padded perfect tree of depth kDepth can
// change the leaf a row reaches: not all the leaves under it are the same float.
template <int kDepth>
bool SplitChangesLeaf(const float* tree_leaves, size_t n) {
  int level = 0;
  while ((size_t{2} << level) <= n) ++level;
  const size_t span = size_t{1} << (kDepth - level);
  const size_t first = (n - (size_t{1} << level)) * span;
  for (size_t i = 1; i < span; ++i) {
    if (std::memcmp(&tree_leaves[first], &tree_leaves[first + i], sizeof(float)) != 0) return true;
  }
  return false;
}

template <int kDepth, size_t kTrees>
void BuildBitForest(const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
                    size_t tile_rows, BitForest<kDepth, kTrees>* forest) {
  constexpr size_t kSplits = BitForest<kDepth, kTrees>::kSplits;
  constexpr size_t kWords = BitForest<kDepth, kTrees>::kWords;
  uint32_t count = 0;
  forest->nan_threshold_goes_right = false;
  for (size_t t = 0; t < kTrees; ++t) {
    const float* leaf = leaves + t * (kSplits + 1);
    size_t word = 0;
    for (size_t n = 1; n <= kSplits; ++n) {  // breadth-first from 1: words in order
      for (; word < n / 32; ++word) forest->word_end[t][word] = count;
      if (!SplitChangesLeaf<kDepth>(leaf, n)) continue;  // either way, the same leaf value
      const size_t j = t * kSplits + n - 1;
      if (nodes[j].threshold != nodes[j].threshold && !missing_left[j]) {
        forest->nan_threshold_goes_right = true;
      }
      forest->splits[count++] = {uint32_t{1} << (n % 32),
                                 static_cast<uint32_t>(nodes[j].feature * tile_rows) |
                                     (missing_left[j] ? 0u : kBitMissingRight),
                                 nodes[j].threshold};
    }
    for (; word < kWords; ++word) forest->word_end[t][word] = count;
  }
}

#if NEO_TREES_LANE_WALK
namespace internal {

// The leaves of one tree of depth kDepth at each lane's leaf index: permutes of 32
// leaves at a time (a gather was no faster at depth 8 on AMD Zen 5).
template <int kDepth>
__attribute__((target("avx512f"))) inline __m512 LeafValues(const float* leaves, __m512i index) {
  if constexpr (kDepth <= 4) {
    return _mm512_maskz_permutexvar_ps(
        0xFFFF, index, _mm512_maskz_loadu_ps(LowLanes(size_t{1} << kDepth), leaves));
  } else {
    __m512 value =
        _mm512_permutex2var_ps(_mm512_loadu_ps(leaves), index, _mm512_loadu_ps(leaves + 16));
    const __m512i block = _mm512_maskz_srli_epi32(0xFFFF, index, 5);
    for (int b = 1; b < (1 << (kDepth - 5)); ++b) {
      const __mmask16 here = _mm512_cmpeq_epi32_mask(block, _mm512_set1_epi32(b));
      value = _mm512_mask_blend_ps(here, value,
                                   _mm512_permutex2var_ps(_mm512_loadu_ps(leaves + 32 * b), index,
                                                          _mm512_loadu_ps(leaves + 32 * b + 16)));
    }
    return value;
  }
}

// Adds one tree's leaves to the margins of kVectors vectors of sixteen rows (margin +
// 16 v), given the rows' split bits: bit n % 32 of words[n / 32][v] is set where split n
// (breadth-first from 1) sends the row right. The path is read from the words with
// shifts, the leaf with permutes.
template <int kDepth, size_t kWords, size_t kVectors>
__attribute__((target("avx512f"))) inline void AddBitLeaves(
    const __m512i (&words)[kWords][kVectors], const float* leaf, float* margin) {
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i low5 = _mm512_set1_epi32(31);
#pragma GCC unroll 8
  for (size_t v = 0; v < kVectors; ++v) {
    __m512i n = one;
#pragma GCC unroll 8
    for (int level = 0; level < kDepth; ++level) {
      __m512i word = words[0][v];
      if (level >= 5) {
        const int lo = 1 << (level - 5);
        word = words[lo][v];
        const __m512i which = _mm512_maskz_srli_epi32(0xFFFF, n, 5);
        for (int q = lo + 1; q < 2 * lo; ++q) {
          word = _mm512_mask_blend_epi32(_mm512_cmpeq_epi32_mask(which, _mm512_set1_epi32(q)), word,
                                         words[q][v]);
        }
      }
      // n < 32 above level 5, so only deeper levels mask the shift count.
      const __m512i shifted =
          _mm512_maskz_srlv_epi32(0xFFFF, word, level < 5 ? n : _mm512_and_si512(n, low5));
      n = _mm512_ternarylogic_epi32(_mm512_add_epi32(n, n), shifted, one, 0xF8);  // a | b & c
    }
    const __m512i index = _mm512_sub_epi32(n, _mm512_set1_epi32(1 << kDepth));
    const __m512 value = LeafValues<kDepth>(leaf, index);
    _mm512_store_ps(margin + 16 * v, _mm512_add_ps(_mm512_load_ps(margin + 16 * v), value));
  }
}

// Adds every tree of `forest` to the margins of kVectors vectors of sixteen rows. tile:
// the rows feature-major, kTileRows floats per feature; margins: kGroups runs of
// kTileRows floats (group-major). Each split is read once for all kVectors vectors, so
// its loads and broadcasts are shared and its compares are independent.
// kMissing: the rows hold NaN, and tile + missing_right is a second copy of them with
// +inf for NaN. A split whose missing values go right reads that copy: +inf >= any
// threshold that is not NaN, as a missing value must go right, and a missing value in
// the first copy fails the compare, going left. So missing values cost no extra compare
// (a NaN test per split doubled the compares, the walk's bottleneck).
template <int kDepth, size_t kTrees, size_t kGroups, size_t kTileRows, size_t kVectors,
          bool kMissing>
__attribute__((target("avx512f"))) inline void AddBitTrees(const BitForest<kDepth, kTrees>& forest,
                                                           const float* leaves,
                                                           const int32_t* groups, const float* tile,
                                                           size_t missing_right, float* margins) {
  constexpr size_t kSplits = BitForest<kDepth, kTrees>::kSplits;
  constexpr size_t kWords = BitForest<kDepth, kTrees>::kWords;
  uint32_t s = 0;
  for (size_t t = 0; t < kTrees; ++t) {
    __m512i words[kWords][kVectors];
    for (size_t w = 0; w < kWords; ++w) {
      __m512i word[kVectors];
#pragma GCC unroll 8
      for (size_t v = 0; v < kVectors; ++v) word[v] = _mm512_setzero_si512();
      for (const uint32_t end = forest.word_end[t][w]; s < end; ++s) {
        const BitSplit& split = forest.splits[s];
        const float* x = tile + (split.offset & ~kBitMissingRight);
        if constexpr (kMissing) x += missing_right & (size_t{0} - (split.offset >> 31));
        const __m512 threshold = _mm512_set1_ps(split.threshold);
        const __m512i bit = _mm512_set1_epi32(static_cast<int>(split.bit));
#pragma GCC unroll 8
        for (size_t v = 0; v < kVectors; ++v) {
          const __m512 value = _mm512_load_ps(x + 16 * v);
          const __mmask16 right = _mm512_cmp_ps_mask(threshold, value, _CMP_LE_OQ);
          word[v] = _mm512_mask_or_epi32(word[v], right, word[v], bit);
        }
      }
#pragma GCC unroll 8
      for (size_t v = 0; v < kVectors; ++v) words[w][v] = word[v];
    }
    AddBitLeaves<kDepth>(words, leaves + t * (kSplits + 1),
                         margins + (kGroups == 1 ? 0 : static_cast<size_t>(groups[t]) * kTileRows));
  }
}

// The sixteen floats of each of r[0..15] become columns: afterwards r[c][i] is the
// input's r[i][c]. Four rounds of sixteen shuffles: pairs of rows, then fours within
// each 128-bit lane, then the lanes in two rounds.
__attribute__((target("avx512f"))) inline void Transpose16x16(__m512 r[16]) {
  __m512 t[16], u[16];
  for (int k = 0; k < 8; ++k) {
    t[2 * k] = _mm512_maskz_unpacklo_ps(0xFFFF, r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_maskz_unpackhi_ps(0xFFFF, r[2 * k], r[2 * k + 1]);
  }
  // u[4k + j], lane L: column 4L + j of rows 4k to 4k + 3.
  for (int k = 0; k < 4; ++k) {
    u[4 * k] = _mm512_maskz_shuffle_ps(0xFFFF, t[4 * k], t[4 * k + 2], 0x44);
    u[4 * k + 1] = _mm512_maskz_shuffle_ps(0xFFFF, t[4 * k], t[4 * k + 2], 0xEE);
    u[4 * k + 2] = _mm512_maskz_shuffle_ps(0xFFFF, t[4 * k + 1], t[4 * k + 3], 0x44);
    u[4 * k + 3] = _mm512_maskz_shuffle_ps(0xFFFF, t[4 * k + 1], t[4 * k + 3], 0xEE);
  }
  // Column 4L + j takes lane L of u[j], u[4 + j], u[8 + j] and u[12 + j].
  for (int j = 0; j < 4; ++j) {
    const __m512 p0 = _mm512_maskz_shuffle_f32x4(0xFFFF, u[j], u[4 + j], 0x44);
    const __m512 p1 = _mm512_maskz_shuffle_f32x4(0xFFFF, u[j], u[4 + j], 0xEE);
    const __m512 p2 = _mm512_maskz_shuffle_f32x4(0xFFFF, u[8 + j], u[12 + j], 0x44);
    const __m512 p3 = _mm512_maskz_shuffle_f32x4(0xFFFF, u[8 + j], u[12 + j], 0xEE);
    r[j] = _mm512_maskz_shuffle_f32x4(0xFFFF, p0, p2, 0x88);
    r[4 + j] = _mm512_maskz_shuffle_f32x4(0xFFFF, p0, p2, 0xDD);
    r[8 + j] = _mm512_maskz_shuffle_f32x4(0xFFFF, p1, p3, 0x88);
    r[12 + j] = _mm512_maskz_shuffle_f32x4(0xFFFF, p1, p3, 0xDD);
  }
}

// The bit walk's tile: tile[f * kTileRows + i] = rows[i * kFeatures + f] for the n rows,
// and zero for rows n up to the next multiple of sixteen. Sixteen rows by sixteen
// features at a time (the scalar copy took about a tenth of bench_small's batch on an
// Intel Xeon).
template <size_t kFeatures, size_t kTileRows>
__attribute__((target("avx512f"))) inline void TransposeRows(const float* rows, size_t n,
                                                             float* tile) {
  for (size_t first_row = 0; first_row < n; first_row += 16) {
    const size_t row_count = n - first_row < 16 ? n - first_row : 16;
    for (size_t first_feature = 0; first_feature < kFeatures; first_feature += 16) {
      const size_t features = kFeatures - first_feature < 16 ? kFeatures - first_feature : 16;
      __m512 r[16];
      for (size_t i = 0; i < 16; ++i) {
        r[i] = i < row_count
                   ? _mm512_maskz_loadu_ps(LowLanes(features),
                                           rows + (first_row + i) * kFeatures + first_feature)
                   : _mm512_setzero_ps();
      }
      Transpose16x16(r);
      for (size_t c = 0; c < features; ++c) {
        _mm512_store_ps(tile + (first_feature + c) * kTileRows + first_row, r[c]);
      }
    }
  }
  _mm256_zeroupper();
}

// The bit walk of `vectors` vectors of sixteen rows, eight at a time (AddBitTrees).
template <int kDepth, size_t kTrees, size_t kGroups, size_t kTileRows, bool kMissing>
__attribute__((target("avx512f"))) inline void AddBitVectors(
    const BitForest<kDepth, kTrees>& forest, const float* leaves, const int32_t* groups,
    const float* tile, size_t missing_right, size_t vectors, float* margins) {
  size_t v = 0;
  for (; v + 8 <= vectors; v += 8) {
    AddBitTrees<kDepth, kTrees, kGroups, kTileRows, 8, kMissing>(
        forest, leaves, groups, tile + 16 * v, missing_right, margins + 16 * v);
  }
  if (vectors - v >= 4) {
    AddBitTrees<kDepth, kTrees, kGroups, kTileRows, 4, kMissing>(
        forest, leaves, groups, tile + 16 * v, missing_right, margins + 16 * v);
    v += 4;
  }
  if (vectors - v >= 2) {
    AddBitTrees<kDepth, kTrees, kGroups, kTileRows, 2, kMissing>(
        forest, leaves, groups, tile + 16 * v, missing_right, margins + 16 * v);
    v += 2;
  }
  if (vectors - v >= 1) {
    AddBitTrees<kDepth, kTrees, kGroups, kTileRows, 1, kMissing>(
        forest, leaves, groups, tile + 16 * v, missing_right, margins + 16 * v);
  }
  // Clean upper register halves for the caller's SSE code (see walk_lanes.h).
  _mm256_zeroupper();
}

}  // namespace internal
#endif  // NEO_TREES_LANE_WALK

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_WALK_BITS_H_
