// The products of our 1x1 convolution on AVX-512, shared by the kernels that compute
// pointwise layers (conv2d_pointwise.cc, and conv2d_expand_depthwise.cc, which feeds a
// depthwise layer from them row by row): blocks of at most 64 output channels whose
// packed weights every group of rows streams, the sum over input channels in order,
// chunked where a block's weights would not stay in L1, then bias, residual, activation
// and clamp. Include only from files that guard it with NEO_POINTWISE_AVX512 (x86-64
// GCC or Clang); every function here carries target("avx512f") and is called only after
// the run-time check. Internal to //kernels.
#ifndef NEO_KERNELS_POINTWISE_BLOCKS_AVX512_H_
#define NEO_KERNELS_POINTWISE_BLOCKS_AVX512_H_

#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "kernels/activation.h"
#include "kernels/swish_avx512.h"

namespace neo::kernels::internal::pointwise {

constexpr int kColumns = 64;  // output channels per block: four vectors

// A run of at most 64 output channels computed together; its weights are [in][vectors * 16]
// from `offset`, zero beyond the layer's channels. `mask` covers the last vector's lanes.
struct ColumnBlock {
  int first, vectors;
  size_t offset;
  __mmask16 mask;
};

// Where the products' epilogue finds what it adds and clamps to.
struct Epilogue {
  const float* bias;  // the block's, padded to its vectors
  float* out;         // the block's first output channel of the first row
  int out_stride;     // floats between rows
  __mmask16 mask;     // the block's last vector
  float* partial;     // a chunked sum's partial sums, 64 floats per row
  bool accumulate;
  Activation activation;  // kNone, kSwish or kHardSwish, before the clamp
  float lo, hi;
};

// Which part of the sum over input channels a call computes: the first starts from zero,
// the others from the partial sums in `partial`, and the last adds the bias, then the
// residual already in the output, and applies the activation and clamp. Every output thus
// sums its products in channel order, however the channels are chunked, and adds its bias
// and residual after them, as oneDNN does: TensorFlow.js's goldens for blazepose_lite
// amplify the rounding of a different order past the test's tolerance.
enum class Chunk { kOnly, kFirst, kMiddle, kLast };

// out[r][0 .. 16 NV) (+)= sum over k in [0, in) in order of x[r][k] w[k][0 .. 16 NV), for
// kRows rows whose accumulators stay in registers for the whole sum; x's rows are `stride`
// floats apart. With kPrefetch, step k also fetches line k of `next` into L2 (the next
// block's weights).
template <int kRows, int NV, Chunk kChunk, bool kPrefetch>
__attribute__((target("avx512f"), always_inline)) inline void RowsAvx512(const float* x, int stride,
                                                                         int in, const float* w,
                                                                         const Epilogue& e, int row,
                                                                         const float* next) {
  __m512 acc[kRows][NV];
  const float* xr = x + static_cast<ptrdiff_t>(row) * stride;
#pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r) {
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) {
      acc[r][j] = kChunk == Chunk::kOnly || kChunk == Chunk::kFirst
                      ? _mm512_setzero_ps()
                      : _mm512_load_ps(e.partial + (row + r) * kColumns + j * 16);
    }
  }
  for (int k = 0; k < in; ++k) {
    __m512 wk[NV];
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) wk[j] = _mm512_load_ps(w + (k * NV + j) * 16);
    if (kPrefetch) _mm_prefetch(reinterpret_cast<const char*>(next + k * 16), _MM_HINT_T1);
#pragma GCC unroll 16
    for (int r = 0; r < kRows; ++r) {
      const __m512 a = _mm512_set1_ps(xr[r * stride + k]);
#pragma GCC unroll 4
      for (int j = 0; j < NV; ++j) acc[r][j] = _mm512_fmadd_ps(a, wk[j], acc[r][j]);
    }
  }
  const __m512 lo = _mm512_set1_ps(e.lo), hi = _mm512_set1_ps(e.hi);
#pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r) {
    float* o = e.out + static_cast<ptrdiff_t>(row + r) * e.out_stride;
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) {
      const __mmask16 m = j == NV - 1 ? e.mask : __mmask16{0xFFFF};
      __m512 v = acc[r][j];
      if (kChunk == Chunk::kFirst || kChunk == Chunk::kMiddle) {
        _mm512_store_ps(e.partial + (row + r) * kColumns + j * 16, v);
      } else {
        v = _mm512_add_ps(v, _mm512_load_ps(e.bias + j * 16));
        if (e.accumulate) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, o + j * 16));
        if (e.activation == Activation::kSwish) {
          v = SwishVectorAvx512(v);
        } else if (e.activation == Activation::kHardSwish) {
          v = HardSwishAvx512(v);
        }
        v = _mm512_maskz_min_ps(0xFFFF, _mm512_maskz_max_ps(0xFFFF, v, lo), hi);
        _mm512_mask_storeu_ps(o + j * 16, m, v);
      }
    }
  }
}

// The last rows < kRows of a block, one instance per count.
template <int kRows, int NV, Chunk kChunk>
__attribute__((target("avx512f"), always_inline)) inline void TailAvx512(
    int rows, const float* x, int stride, int in, const float* w, const Epilogue& e, int row) {
  if constexpr (kRows > 0) {
    if (rows == kRows) {
      RowsAvx512<kRows, NV, kChunk, false>(x, stride, in, w, e, row, nullptr);
    } else {
      TailAvx512<kRows - 1, NV, kChunk>(rows, x, stride, in, w, e, row);
    }
  }
}

// 24 accumulators at most: with the NV weight vectors and a broadcast, within 32 registers.
template <int NV>
constexpr int kRowsPerGroup = NV == 1 ? 16 : 24 / NV;

// Rows [0, rows) of one column block over one chunk of input channels. The first
// `next_groups` groups of rows fetch `in` lines each of the next block's weights: spread
// over the products rather than issued at once, so that the fetches queue behind no more
// than the products' own loads.
template <int NV, Chunk kChunk>
__attribute__((target("avx512f"), always_inline)) inline void ChunkAvx512(
    const float* x, int rows, int stride, int in, const float* w, const Epilogue& e,
    const float* next, int next_groups) {
  constexpr int R = kRowsPerGroup<NV>;
  int r = 0, group = 0;
  for (; r + R <= rows; r += R, ++group) {
    if (group < next_groups) {
      RowsAvx512<R, NV, kChunk, true>(x, stride, in, w, e, r,
                                      next + static_cast<size_t>(group) * in * 16);
    } else {
      RowsAvx512<R, NV, kChunk, false>(x, stride, in, w, e, r, nullptr);
    }
  }
  if (r < rows) TailAvx512<R - 1, NV, kChunk>(rows - r, x, stride, in, w, e, r);
}

// Input channels per chunk: a block's weights for one chunk (64 channels wide) stay in L1
// (32 KB of its 48) while every group of rows streams through them. Unchunked, a
// 256->64 layer at 56x56 read its 64 KB of weights from L2 for every six rows, and took
// 1.1-1.2 of oneDNN's time.
constexpr int kChunkChannels = 128;

// One column block: its weights are [in][16 NV], `next` the next block's in the same
// layout with `next_vectors` vectors.
template <int NV>
__attribute__((target("avx512f"), noinline)) void ColumnBlockAvx512(const float* x, int rows,
                                                                    int in, const float* w,
                                                                    const Epilogue& e,
                                                                    const float* next,
                                                                    int next_vectors) {
  const int chunks = (in + kChunkChannels - 1) / kChunkChannels;
  if (chunks == 1) {
    ChunkAvx512<NV, Chunk::kOnly>(x, rows, in, in, w, e, next, next_vectors);
    return;
  }
  for (int c = 0; c < chunks; ++c) {
    const int k0 = in * c / chunks, k1 = in * (c + 1) / chunks;
    const float* xc = x + k0;
    const float* wc = w + static_cast<size_t>(k0) * NV * 16;
    // The same chunk of the next block: its lines k0 * next_vectors on.
    const float* nc =
        next != nullptr ? next + static_cast<size_t>(k0) * next_vectors * 16 : nullptr;
    if (c == 0) {
      ChunkAvx512<NV, Chunk::kFirst>(xc, rows, in, k1 - k0, wc, e, nc, next_vectors);
    } else if (c + 1 < chunks) {
      ChunkAvx512<NV, Chunk::kMiddle>(xc, rows, in, k1 - k0, wc, e, nc, next_vectors);
    } else {
      ChunkAvx512<NV, Chunk::kLast>(xc, rows, in, k1 - k0, wc, e, nc, next_vectors);
    }
  }
}

// Output vectors [first, last) of a layer with `out` channels and `in` inputs, in blocks
// of at most four, appended to `columns` (their weights laid out one after another).
inline void AddColumnBlocks(int first, int last, int out, int in,
                            std::vector<ColumnBlock>& columns) {
  for (int v = first; v < last;) {
    const size_t offset =
        columns.empty() ? 0 : columns.back().offset + size_t{16} * columns.back().vectors * in;
    // Five vectors left go as three and two: a block of one vector loads a broadcast
    // per multiply-add, and ran at about half the speed of the others.
    const int vectors = last - v == 5 ? 3 : std::min(kColumns / 16, last - v);
    const int lanes = std::min(16, out - (v + vectors - 1) * 16);
    columns.push_back({v * 16, vectors, offset,
                       static_cast<__mmask16>(lanes == 16 ? 0xFFFF : (1u << lanes) - 1)});
    v += vectors;
  }
}

// Floats the blocks' weights take.
inline size_t PackedFloats(const std::vector<ColumnBlock>& columns, int in) {
  return columns.back().offset + size_t{16} * columns.back().vectors * in;
}

// `filter` ([out][in]) into the blocks' layout at `weights`, which holds zeros.
inline void PackColumnBlocks(const std::vector<ColumnBlock>& columns, const float* filter, int in,
                             int out, float* weights) {
  for (const ColumnBlock& c : columns) {
    const int width = c.vectors * 16;
    for (int o = c.first; o < std::min(out, c.first + width); ++o)
      for (int i = 0; i < in; ++i)
        weights[c.offset + static_cast<size_t>(i) * width + o - c.first] =
            filter[static_cast<size_t>(o) * in + i];
  }
}

// Rows [0, rows) (`stride` floats apart from x) through one column block: the dispatch
// on its width.
__attribute__((target("avx512f"))) inline void RunColumnBlockAvx512(
    const ColumnBlock& c, const float* x, int rows, int in, const float* w, const Epilogue& e,
    const float* next, int next_vectors) {
  switch (c.vectors) {
    case 1:
      ColumnBlockAvx512<1>(x, rows, in, w, e, next, next_vectors);
      break;
    case 2:
      ColumnBlockAvx512<2>(x, rows, in, w, e, next, next_vectors);
      break;
    case 3:
      ColumnBlockAvx512<3>(x, rows, in, w, e, next, next_vectors);
      break;
    default:
      ColumnBlockAvx512<4>(x, rows, in, w, e, next, next_vectors);
      break;
  }
}

}  // namespace neo::kernels::internal::pointwise

#endif  // NEO_KERNELS_POINTWISE_BLOCKS_AVX512_H_
