// The bit walk (walk_bits.h) on ranks: each value of a block is first replaced by its
// rank among its feature's thresholds, one byte, so that a compare tests 64 rows instead
// of 16. walk.h's DoBitStep takes it for runs the bit walk takes, when the CPU has
// AVX-512BW, VBMI and GFNI (asked at run time). Splits on a feature with more than 255
// distinct thresholds compare floats, sixteen rows at a time, into the same masks; a run
// with more than a quarter of such splits keeps the float bit walk (RankForest::ranked).
//
// Why: the bit walk's compares into mask registers are its bottleneck. On an Intel Xeon
// (Emerald Rapids) a float compare into a mask register issues once a cycle (port 5
// only), and the OR that sets its split's bit runs beside it on port 0, so a split costs
// a cycle per sixteen rows whatever is done with its mask. XGBoost's hist method (its
// default) cuts each feature into at most 256 bins, so its models have at most 255
// distinct thresholds per feature, and a value's rank fits a byte: vpcmpub compares 64
// rows per cycle. Ranking is a binary search per value (eight steps, the feature's
// thresholds held in registers), paid once per block for all the trees of the run.
//
// Exact: with a feature's distinct thresholds t_0 < ... < t_{T-1} (as floats, so -0 and
// +0 are one) and rank(x) = #{i : t_i <= x}, x >= t_k exactly when rank(x) > k. A missing
// value ranks 0 in the block (no threshold is <= NaN), so it fails every compare and goes
// left, and 255 in the block's second copy, read by the splits that send missing values
// right. A NaN threshold, which no value reaches, gets k = 255. Leaves are added in tree
// order, as on the other walks, so margins are the same bits.
#ifndef NEO_KERNELS_TREES_WALK_RANKS_H_
#define NEO_KERNELS_TREES_WALK_RANKS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/trees/walk_bits.h"

namespace neo::kernels::trees {

// Rows per compare of ranks, and so per group of rows the rank walk takes at once.
constexpr size_t kRankRows = 64;

// Rows per feature of the rank walk's tile, for a float tile of `tile_rows` rows: whole
// groups of 64.
constexpr size_t RankTileRows(size_t tile_rows) {
  return (tile_rows + kRankRows - 1) / kRankRows * kRankRows;
}

// Most distinct thresholds per feature the rank walk takes: ranks 0 to 255 in a byte.
constexpr size_t kMaxRankThresholds = 255;

// A split of the rank walk: where its feature's ranks start in the block's rank tile
// (feature times the tile's rows; kBitMissingRight when a missing value goes right), its
// threshold's rank k in all four bytes (a broadcast from memory is a plain load), and its
// breadth-first number n from 1, the place of its mask. A split on a feature with too
// many thresholds to rank compares floats instead: `offset` is then where the feature
// starts in the float tile, and `rank4` holds the threshold's bits.
struct RankSplit {
  uint32_t offset;
  uint32_t rank4;
  uint32_t n;
};

// The real splits of kTrees perfect trees of depth kDepth whose values have kFeatures
// features, tree by tree, each tree's splits on ranked features first (tree t's ranked
// splits end at splits[ranked_end[t]], all its splits at splits[tree_end[t]]), and the
// ranked features' thresholds. A feature with at most kMaxRankThresholds distinct
// thresholds is ranked; one with more (XGBoost's exact method writes such models) keeps
// float compares, sixteen rows each. Built from the shard's arrays on first use (static
// storage, no allocation).
template <int kDepth, size_t kTrees, size_t kFeatures>
struct RankForest {
  static constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  static constexpr size_t kWords = BitWords(kDepth);
  RankSplit splits[kTrees * kSplits];
  uint32_t ranked_end[kTrees];
  uint32_t tree_end[kTrees];
  // Feature features[i]'s distinct thresholds, as the implicit search tree of 255 nodes
  // whose in-order walk is their sorted order (node j's children at 2j and 2j + 1,
  // pivots[i][0] unused), +inf after the last threshold.
  float pivots[kFeatures][256];
  uint32_t features[kFeatures];
  size_t feature_count;
  // Some split compares floats, so blocks with NaN need the float tile's +inf copy.
  bool float_splits;
  // The run takes the rank walk: no NaN threshold sends missing values right (XGBoost
  // writes none), and at least three quarters of its splits are on ranked features.
  // Otherwise it takes the float bit walk. On random trees of depth 6 and 8 (an Intel
  // Xeon, walk_benchmark's BM_Block), against the float bit walk: all splits ranked,
  // 1.4 times faster; a quarter comparing floats, even at depth 6 and 10-25% faster at
  // depth 8; half, even or slower; all, up to 1.6 times slower (a float split's masks
  // take four stores per 64 rows and then the transpose, where the float bit walk sets
  // its words' bits directly).
  bool ranked;
};

namespace internal {

// Calls visit(tree, n, j) for each real split (SplitChangesLeaf) of kTrees perfect trees
// of depth kDepth, tree by tree, n ascending; j indexes the shard's nodes and missing_left.
template <int kDepth, size_t kTrees, typename Visit>
void ForEachRealSplit(const float* leaves, Visit visit) {
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  for (size_t t = 0; t < kTrees; ++t) {
    for (size_t n = 1; n <= kSplits; ++n) {
      if (SplitChangesLeaf<kDepth>(leaves + t * (kSplits + 1), n)) visit(t, n, t * kSplits + n - 1);
    }
  }
}

// Where `value` is in sorted[0..count), or where it would go.
inline size_t LowerBound(const float* sorted, size_t count, float value) {
  size_t lo = 0;
  while (count > 0) {
    const size_t half = count / 2;
    if (sorted[lo + half] < value) {
      lo += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  return lo;
}

// Fills tree[1..255] with sorted[0..255) in in-order: node j's left subtree holds what
// is below it.
inline size_t FillSearchTree(const float* sorted, size_t next, size_t node, float* tree) {
  if (node > kMaxRankThresholds) return next;
  next = FillSearchTree(sorted, next, 2 * node, tree);
  tree[node] = sorted[next++];
  return FillSearchTree(sorted, next, 2 * node + 1, tree);
}

}  // namespace internal

// rank_tile_rows and float_tile_rows: the rows per feature of the block's rank tile and
// float tile.
template <int kDepth, size_t kTrees, size_t kFeatures>
void BuildRankForest(const PerfectNode* nodes, const uint8_t* missing_left, const float* leaves,
                     size_t rank_tile_rows, size_t float_tile_rows,
                     RankForest<kDepth, kTrees, kFeatures>* forest) {
  constexpr size_t kSplits = (size_t{1} << kDepth) - 1;
  // Each feature's distinct thresholds, sorted: sorted[f][0..count[f]), in the storage
  // of the search trees (two runs may be built at once on two threads, so no scratch
  // is shared between forests).
  float(*sorted)[256] = forest->pivots;
  size_t count[kFeatures] = {};
  bool used[kFeatures] = {}, wide[kFeatures] = {};
  forest->ranked = true;
  internal::ForEachRealSplit<kDepth, kTrees>(leaves, [&](size_t, size_t, size_t j) {
    const uint32_t f = nodes[j].feature;
    const float threshold = nodes[j].threshold;
    used[f] = true;
    if (threshold != threshold) {
      if (!missing_left[j]) forest->ranked = false;
      return;
    }
    if (wide[f]) return;
    const size_t at = internal::LowerBound(sorted[f], count[f], threshold);
    if (at < count[f] && sorted[f][at] == threshold) return;  // -0 finds +0 too
    if (count[f] == kMaxRankThresholds) {
      wide[f] = true;
      return;
    }
    std::memmove(&sorted[f][at + 1], &sorted[f][at], (count[f] - at) * sizeof(float));
    sorted[f][at] = threshold;
    ++count[f];
  });
  if (!forest->ranked) return;
  uint32_t s = 0;
  size_t ranked_splits = 0;
  for (size_t t = 0; t < kTrees; ++t) {
    const float* tree_leaves = leaves + t * (kSplits + 1);
    for (const bool ranked : {true, false}) {
      for (size_t n = 1; n <= kSplits; ++n) {
        const size_t j = t * kSplits + n - 1;
        const uint32_t f = nodes[j].feature;
        if (wide[f] == ranked || !SplitChangesLeaf<kDepth>(tree_leaves, n)) continue;
        const float threshold = nodes[j].threshold;
        const uint32_t missing = missing_left[j] ? 0u : kBitMissingRight;
        if (ranked) {
          const uint32_t k =
              threshold != threshold
                  ? 255u
                  : static_cast<uint32_t>(internal::LowerBound(sorted[f], count[f], threshold));
          forest->splits[s++] = {static_cast<uint32_t>(f * rank_tile_rows) | missing,
                                 k * 0x01010101u, static_cast<uint32_t>(n)};
        } else {
          uint32_t bits;
          std::memcpy(&bits, &threshold, sizeof bits);
          forest->splits[s++] = {static_cast<uint32_t>(f * float_tile_rows) | missing, bits,
                                 static_cast<uint32_t>(n)};
        }
      }
      (ranked ? forest->ranked_end : forest->tree_end)[t] = s;
    }
    ranked_splits += forest->ranked_end[t] - (t == 0 ? 0 : forest->tree_end[t - 1]);
  }
  if (4 * ranked_splits < 3 * size_t{s}) forest->ranked = false;
  forest->float_splits = ranked_splits < s;
  // Feature f's search tree goes to pivots[i], i <= f: the sorted lists of features
  // before f are no longer needed, and f's own is copied out first.
  forest->feature_count = 0;
  for (size_t f = 0; f < kFeatures; ++f) {
    if (!used[f] || wide[f]) continue;
    float list[kMaxRankThresholds];
    std::memcpy(list, sorted[f], count[f] * sizeof(float));
    for (size_t i = count[f]; i < kMaxRankThresholds; ++i) {
      list[i] = std::numeric_limits<float>::infinity();
    }
    const size_t i = forest->feature_count++;
    forest->features[i] = static_cast<uint32_t>(f);
    forest->pivots[i][0] = 0.0f;
    internal::FillSearchTree(list, 0, 1, forest->pivots[i]);
  }
}

namespace internal {
// Set by tests to send every block to the float bit walk.
inline bool rank_walk_off_for_testing = false;
}  // namespace internal

// Whether the CPU running this can take the rank walk.
inline bool RankWalkAvailable() {
#if NEO_TREES_LANE_WALK
  static const bool available =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("gfni");
  return available && !internal::rank_walk_off_for_testing;
#else
  return false;
#endif
}

#if NEO_TREES_LANE_WALK
namespace internal {

// Row r of a group of 64 sits at PermutedRow(r) in the rank walk's margins: its words
// come out of TransposeRankMasks in this order (an involution).
constexpr size_t PermutedRow(size_t r) {
  return (r & ~size_t{63}) | ((r & 12) << 2) | ((r >> 2) & 12) | (r & 3);
}

// The bytes of each qword gathered by their place: byte 8h + 7 - j of the result is byte
// h of qword j.
struct RankTransposeIndex {
  uint8_t bytes[64];
};

constexpr RankTransposeIndex MakeRankTransposeIndex() {
  RankTransposeIndex index{};
  for (int h = 0; h < 8; ++h) {
    for (int j = 0; j < 8; ++j) index.bytes[8 * h + 7 - j] = static_cast<uint8_t>(8 * j + h);
  }
  return index;
}

inline constexpr RankTransposeIndex kRankTransposeIndex = MakeRankTransposeIndex();

// Thirty-two splits' masks over 64 rows (masks[j], bit r: row r goes right at split j)
// become the rows' 32-bit words (bit j: split j), sixteen rows per vector: words[u] lane
// 4L + i is row 16L + 4u + i (PermutedRow). For each eight splits a permute gathers their
// masks' bytes into 8x8 bit blocks, and gf2p8affineqb with the identity's columns as its
// vector reads each block's columns: byte r of planes[q] is row r's byte q. Unpacks then
// put each row's four bytes together.
__attribute__((target("avx512f,avx512bw,avx512vbmi,gfni"))) inline void TransposeRankMasks(
    const uint64_t* masks, __m512i words[4]) {
  constexpr __mmask64 kAll = ~__mmask64{0};
  const __m512i gather = _mm512_loadu_si512(kRankTransposeIndex.bytes);
  const __m512i columns = _mm512_set1_epi64(static_cast<long long>(0x8040201008040201ull));
  __m512i planes[4];
  for (int q = 0; q < 4; ++q) {
    const __m512i blocks =
        _mm512_maskz_permutexvar_epi8(kAll, gather, _mm512_load_si512(masks + 8 * q));
    planes[q] = _mm512_maskz_gf2p8affine_epi64_epi8(kAll, columns, blocks, 0);
  }
  const __m512i low01 = _mm512_maskz_unpacklo_epi8(kAll, planes[0], planes[1]);
  const __m512i high01 = _mm512_maskz_unpackhi_epi8(kAll, planes[0], planes[1]);
  const __m512i low23 = _mm512_maskz_unpacklo_epi8(kAll, planes[2], planes[3]);
  const __m512i high23 = _mm512_maskz_unpackhi_epi8(kAll, planes[2], planes[3]);
  words[0] = _mm512_maskz_unpacklo_epi16(~__mmask32{0}, low01, low23);
  words[1] = _mm512_maskz_unpackhi_epi16(~__mmask32{0}, low01, low23);
  words[2] = _mm512_maskz_unpacklo_epi16(~__mmask32{0}, high01, high23);
  words[3] = _mm512_maskz_unpackhi_epi16(~__mmask32{0}, high01, high23);
}

// Ranks of sixteen values against one feature's search tree (RankForest::pivots): eight
// steps down the tree, each node's pivot picked from registers by permutes.
__attribute__((target("avx512f"))) inline __m512i RankOf(const float* pivots, __m512 x) {
  const __m512i one = _mm512_set1_epi32(1);
  __m512i node = one;
  // Nodes 1 to 63 (levels 0 to 5): two permutes of 32 pivots.
  const __m512 p0 = _mm512_loadu_ps(pivots), p1 = _mm512_loadu_ps(pivots + 16);
  const __m512 p2 = _mm512_loadu_ps(pivots + 32), p3 = _mm512_loadu_ps(pivots + 48);
  for (int level = 0; level < 5; ++level) {
    const __m512 pivot = _mm512_permutex2var_ps(p0, node, p1);
    node = _mm512_mask_add_epi32(_mm512_add_epi32(node, node),
                                 _mm512_cmp_ps_mask(pivot, x, _CMP_LE_OQ),
                                 _mm512_add_epi32(node, node), one);
  }
  {
    const __m512 pivot = _mm512_permutex2var_ps(p2, node, p3);
    node = _mm512_mask_add_epi32(_mm512_add_epi32(node, node),
                                 _mm512_cmp_ps_mask(pivot, x, _CMP_LE_OQ),
                                 _mm512_add_epi32(node, node), one);
  }
  // Nodes 64 to 127, then 128 to 255: pairs of 32 pivots, picked by bits 5 and 6.
  for (int level = 6; level < 8; ++level) {
    const float* base = pivots + (size_t{1} << level);
    __m512 pivot = _mm512_permutex2var_ps(_mm512_loadu_ps(base), node, _mm512_loadu_ps(base + 16));
    const __m512i pair_of_node =
        _mm512_maskz_and_epi32(0xFFFF, _mm512_maskz_srli_epi32(0xFFFF, node, 5),
                               _mm512_set1_epi32((1 << (level - 5)) - 1));
    for (int pair = 1; pair < (1 << (level - 5)); ++pair) {
      const __mmask16 here = _mm512_cmpeq_epi32_mask(pair_of_node, _mm512_set1_epi32(pair));
      pivot = _mm512_mask_blend_ps(here, pivot,
                                   _mm512_permutex2var_ps(_mm512_loadu_ps(base + 32 * pair), node,
                                                          _mm512_loadu_ps(base + 32 * pair + 16)));
    }
    node = _mm512_mask_add_epi32(_mm512_add_epi32(node, node),
                                 _mm512_cmp_ps_mask(pivot, x, _CMP_LE_OQ),
                                 _mm512_add_epi32(node, node), one);
  }
  return _mm512_sub_epi32(node, _mm512_set1_epi32(256));
}

// The ranks of the block's rows: ranks[f * kRankTile + i] for row i of each feature f
// the forest reads (kRankTile = RankTileRows(kTileRows); tile: the rows feature-major,
// kTileRows floats per feature), rows 0 to `rows` (a multiple of 64; the tile holds zeros
// from the block's last row to the next multiple of 16, and rows past that rank 0). With
// kMissing, a second copy at ranks + kFeatures * kRankTile where missing values rank 255.
template <int kDepth, size_t kTrees, size_t kFeatures, size_t kTileRows, bool kMissing>
__attribute__((target("avx512f,avx512bw"))) inline void RankRows(
    const RankForest<kDepth, kTrees, kFeatures>& forest, const float* tile, size_t n, size_t rows,
    uint8_t* ranks) {
  constexpr size_t kRankTile = RankTileRows(kTileRows);
  const size_t filled = (n + 15) / 16 * 16;
  for (size_t i = 0; i < forest.feature_count; ++i) {
    const size_t f = forest.features[i];
    uint8_t* out = ranks + f * kRankTile;
    for (size_t r = 0; r < filled; r += 16) {
      const __m512 x = _mm512_load_ps(tile + f * kTileRows + r);
      const __m512i rank = RankOf(forest.pivots[i], x);
      _mm_store_si128(reinterpret_cast<__m128i*>(out + r),
                      _mm512_maskz_cvtepi32_epi8(0xFFFF, rank));
      if constexpr (kMissing) {
        const __m512i right = _mm512_mask_mov_epi32(rank, _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q),
                                                    _mm512_set1_epi32(255));
        _mm_store_si128(reinterpret_cast<__m128i*>(out + kFeatures * kRankTile + r),
                        _mm512_maskz_cvtepi32_epi8(0xFFFF, right));
      }
    }
    std::memset(out + filled, 0, rows - filled);
    if constexpr (kMissing) std::memset(out + kFeatures * kRankTile + filled, 0, rows - filled);
  }
}

// Adds every tree of `forest` to the margins of kGroupsOfRows groups of 64 rows. ranks:
// RankRows' tile (kTileRows ranks per feature); tile: the float tile (kFloatTileRows
// floats per feature, then with kMissing its copy with +inf for NaN), both from the
// groups' first row; margins: kGroups runs of kTileRows floats (group-major), each group
// of 64 rows in PermutedRow order. Each split's compares of all the groups go to memory as
// 64-bit masks; a tree's masks are read back and transposed while the next tree's
// compares run (a load of stored masks waits until the stores have left the store
// buffer, and reading them at once held each tree up).
template <int kDepth, size_t kTrees, size_t kFeatures, size_t kGroups, size_t kTileRows,
          size_t kFloatTileRows, size_t kGroupsOfRows, bool kMissing>
__attribute__((target("avx512f,avx512bw,avx512vbmi,gfni"))) inline void AddRankTrees(
    const RankForest<kDepth, kTrees, kFeatures>& forest, const float* leaves, const int32_t* groups,
    const uint8_t* ranks, const float* tile, float* margins) {
  // Vectors of sixteen floats per group of 64 rows: a float tile of fewer rows has the
  // whole block in one group.
  constexpr size_t kFloatVectors = kFloatTileRows < kRankRows ? kFloatTileRows / 16 : 4;
  constexpr size_t kSplits = RankForest<kDepth, kTrees, kFeatures>::kSplits;
  constexpr size_t kWords = RankForest<kDepth, kTrees, kFeatures>::kWords;
  // Where the second copies start: the ranks with 255 for NaN, the floats with +inf.
  constexpr size_t kMissingRight = kFeatures * kTileRows;
  constexpr size_t kFloatMissingRight = kFeatures * kFloatTileRows;
  // Split n's mask over group g of tree t is masks[t % 2][g][n]. Splits left out keep an
  // earlier tree's bits (or zero): harmless, as such a split's leaves are all the same.
  alignas(64) uint64_t masks[2][kGroupsOfRows][kWords * 32];
  std::memset(masks, 0, sizeof(masks));
  uint32_t s = 0;
  for (size_t t = 0; t <= kTrees; ++t) {
    if (t < kTrees) {
      for (const uint32_t end = forest.ranked_end[t]; s < end; ++s) {
        const RankSplit& split = forest.splits[s];
        const uint8_t* x = ranks + (split.offset & ~kBitMissingRight);
        if constexpr (kMissing) x += kMissingRight & (size_t{0} - (split.offset >> 31));
        const __m512i k = _mm512_set1_epi32(static_cast<int>(split.rank4));
        uint64_t* mask = &masks[t % 2][0][split.n];
#pragma GCC unroll 2
        for (size_t g = 0; g < kGroupsOfRows; ++g) {
          _store_mask64(reinterpret_cast<__mmask64*>(mask + g * kWords * 32),
                        _mm512_cmplt_epu8_mask(k, _mm512_load_si512(x + kRankRows * g)));
        }
      }
      // Splits on features with too many thresholds: float compares, each mask stored
      // into its sixteen rows' quarter of the 64-bit mask.
      for (const uint32_t end = forest.tree_end[t]; s < end; ++s) {
        const RankSplit& split = forest.splits[s];
        const float* x = tile + (split.offset & ~kBitMissingRight);
        if constexpr (kMissing) x += kFloatMissingRight & (size_t{0} - (split.offset >> 31));
        const __m512 threshold =
            _mm512_castsi512_ps(_mm512_set1_epi32(static_cast<int>(split.rank4)));
        __mmask16* mask = reinterpret_cast<__mmask16*>(&masks[t % 2][0][split.n]);
#pragma GCC unroll 2
        for (size_t g = 0; g < kGroupsOfRows; ++g) {
#pragma GCC unroll 4
          for (size_t q = 0; q < kFloatVectors; ++q) {
            _store_mask16(mask + 4 * (g * kWords * 32) + q,
                          _mm512_cmp_ps_mask(threshold, _mm512_load_ps(x + kRankRows * g + 16 * q),
                                             _CMP_LE_OQ));
          }
        }
      }
    }
    if (t == 0) continue;
    const size_t done = t - 1;
    float* margin = margins + (kGroups == 1 ? 0 : static_cast<size_t>(groups[done]) * kTileRows);
#pragma GCC unroll 2
    for (size_t g = 0; g < kGroupsOfRows; ++g) {
      __m512i words[kWords][4];
#pragma GCC unroll 8
      for (size_t w = 0; w < kWords; ++w) {
        TransposeRankMasks(&masks[done % 2][g][32 * w], words[w]);
      }
      AddBitLeaves<kDepth>(words, leaves + done * (kSplits + 1), margin + kRankRows * g);
    }
  }
}

// The rank walk of a block of n rows (at most kTileRows, in `tile` feature-major as the
// bit walk has them, with its +inf copy when `missing`): ranks, then the trees, 64 rows
// at a time (two groups per pass).
// margins: as AddRankTrees has them, RankTileRows(kTileRows) floats per output group.
template <int kDepth, size_t kTrees, size_t kFeatures, size_t kGroups, size_t kTileRows>
__attribute__((target("avx512f,avx512bw"))) inline void AddRankBlock(
    const RankForest<kDepth, kTrees, kFeatures>& forest, const float* leaves, const int32_t* groups,
    const float* tile, size_t n, bool missing, float* margins) {
  constexpr size_t kRankTile = RankTileRows(kTileRows);
  alignas(64) uint8_t ranks[2 * kFeatures * kRankTile];
  const size_t rows = RankTileRows(n);
  if (missing) {
    RankRows<kDepth, kTrees, kFeatures, kTileRows, true>(forest, tile, n, rows, ranks);
  } else {
    RankRows<kDepth, kTrees, kFeatures, kTileRows, false>(forest, tile, n, rows, ranks);
  }
  for (size_t g = 0; g < rows / kRankRows; g += 2) {
    const uint8_t* at = ranks + kRankRows * g;
    const float* floats = tile + kRankRows * g;
    float* margin = margins + kRankRows * g;
    if (rows / kRankRows - g >= 2) {
      if (missing) {
        AddRankTrees<kDepth, kTrees, kFeatures, kGroups, kRankTile, kTileRows, 2, true>(
            forest, leaves, groups, at, floats, margin);
      } else {
        AddRankTrees<kDepth, kTrees, kFeatures, kGroups, kRankTile, kTileRows, 2, false>(
            forest, leaves, groups, at, floats, margin);
      }
    } else if (missing) {
      AddRankTrees<kDepth, kTrees, kFeatures, kGroups, kRankTile, kTileRows, 1, true>(
          forest, leaves, groups, at, floats, margin);
    } else {
      AddRankTrees<kDepth, kTrees, kFeatures, kGroups, kRankTile, kTileRows, 1, false>(
          forest, leaves, groups, at, floats, margin);
    }
  }
  // Clean upper register halves for the caller's SSE code (see walk_lanes.h).
  _mm256_zeroupper();
}

}  // namespace internal
#endif  // NEO_TREES_LANE_WALK

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_WALK_RANKS_H_
