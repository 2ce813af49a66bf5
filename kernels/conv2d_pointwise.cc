#include "kernels/conv2d_pointwise.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"
#include "kernels/swish_avx512.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_POINTWISE_AVX512 1
#else
#define NEO_POINTWISE_AVX512 0
#endif

namespace neo::kernels::internal {

#if NEO_POINTWISE_AVX512
namespace {

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

// Rows per block: the block's inputs (at most 256 KB) stay in L2 while every column block
// runs over them. A multiple of 48, so that every group size divides it. A remainder of
// less than half a block joins the block before it (MaxBlockRows), since every block
// streams all the weights: ResNeXt-50's 1024->2048 at 7x7 (49 rows of 1024 channels) ran
// a second block of one row, reading its 8 MB of weights twice: 2.07-2.13 ms on one Zen 4
// core, 1.96-2.07 since (ONNX Runtime's 1.97).
int BlockRows(int in, int64_t rows) {
  const int64_t fit = std::max<int64_t>(48, (int64_t{64} << 10) / in / 48 * 48);
  return static_cast<int>(std::min(rows, fit));
}

int MaxBlockRows(int block_rows) { return block_rows + (block_rows - 1) / 2; }

// The rows of the block that starts at `row` of [.., last_row).
int RowsOfBlock(int row, int last_row, int block_rows) {
  return last_row - row <= MaxBlockRows(block_rows) ? last_row - row : block_rows;
}

// What RowThreads weighs against its 2^15 threshold, made from the multiply-adds so that
// the threshold falls at 2^20 of them. At the Winograd products' 2^22, mnasnet1_0's
// 48->24 layer at 56x56 (3.6M) ran on one thread in 0.14 ms, where oneDNN's two took 0.056.
int64_t ThreadsMeasure(const Conv2DParams& p) {
  return int64_t{p.batch} * p.output_height * p.output_width * p.input_channels *
             p.output_channels >>
         5;
}

// Rows [first, first + count) of the strided or scaled input, to `to` (`in` floats per
// row): the pixels a strided layer reads, times this run's per-channel factors.
__attribute__((target("avx512f"), noinline)) void StageRowsAvx512(const float* input, int height,
                                                                  int width, int in, int out_height,
                                                                  int out_width, int stride_h,
                                                                  int stride_w, const float* scale,
                                                                  int first, int count, float* to) {
  const int per_image = out_height * out_width;
  for (int i = 0; i < count; ++i) {
    const int r = first + i, n = r / per_image, y = r % per_image / out_width, x = r % out_width;
    const float* from =
        input + ((static_cast<size_t>(n) * height + y * stride_h) * width + x * stride_w) * in;
    float* row = to + static_cast<size_t>(i) * in;
    for (int k = 0; k < in; k += 16) {
      const __mmask16 m =
          in - k >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (in - k)) - 1);
      __m512 v = _mm512_maskz_loadu_ps(m, from + k);
      if (scale != nullptr) v = _mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, scale + k));
      _mm512_mask_storeu_ps(row + k, m, v);
    }
  }
}

class PointwiseConv final : public Op {
 public:
  PointwiseConv(Context& context, const Conv2DParams& p, const float* filter, const float* bias,
                const float* input, float* output, const float* input_scale)
      : p_(p),
        in_(p.input_channels),
        out_(p.output_channels),
        rows_(static_cast<int>(int64_t{p.batch} * p.output_height * p.output_width)),
        input_(input),
        output_(output),
        input_scale_(input_scale),
        threads_(RowThreads::AfterOnednn(context, ThreadsMeasure(p))) {
    block_rows_ = BlockRows(in_, rows_);
    const int vectors = (out_ + 15) / 16;
    parts_ = threads_.threads;
    // Two threads share the rows, each reading all the weights: sharing the output channels
    // instead (each fetching half the weights, reading all the inputs) made mnasnet1_0's
    // 7x7 layers 1.15-1.25 times slower, the inputs being split between the two cores'
    // caches by the layer before. Too few rows to share, the output channels.
    if (parts_ > 1 && rows_ < parts_ * 16) {
      if (vectors >= parts_) {
        split_columns_ = true;
      } else {
        parts_ = 1;
      }
    }
    if (parts_ == 1) threads_.threads = 1;
    const int column_parts = split_columns_ ? parts_ : 1;
    for (int part = 0; part < column_parts; ++part) {
      part_columns_.push_back(static_cast<int>(columns_.size()));
      AddColumnBlocks(vectors * part / column_parts, vectors * (part + 1) / column_parts);
    }
    part_columns_.push_back(static_cast<int>(columns_.size()));
    const size_t floats = columns_.back().offset + size_t{16} * columns_.back().vectors * in_;
    weights_storage_.assign(floats + 16, 0.0f);
    bias_storage_.assign(static_cast<size_t>(vectors) * 16 + 16, 0.0f);
    weights_ = AlignTo64(weights_storage_.data());
    bias_ = AlignTo64(bias_storage_.data());
    for (const ColumnBlock& c : columns_) {
      const int width = c.vectors * 16;
      for (int o = c.first; o < std::min(out_, c.first + width); ++o)
        for (int i = 0; i < in_; ++i)
          weights_[c.offset + static_cast<size_t>(i) * width + o - c.first] =
              filter[static_cast<size_t>(o) * in_ + i];
    }
    if (bias != nullptr) std::copy(bias, bias + out_, bias_);
    // A scaled input scales the weights on every run where they are smaller than the
    // input (squeeze-excitation at 56x56), else the input as it is staged below.
    scale_weights_ = input_scale != nullptr && vectors * 16 <= rows_;
    if (scale_weights_) unscaled_.assign(weights_, weights_ + floats);
    // A strided or scaled input is first copied, a block of rows at a time, as the rows
    // the products read: a pass over a block that then stays in L2, where oneDNN rescaled
    // and repacked all the weights on every run.
    staged_ =
        p.stride_height > 1 || p.stride_width > 1 || (input_scale != nullptr && !scale_weights_);
    if (in_ > kChunkChannels) {  // chunked sums carry their partial sums through these
      partial_.assign(
          static_cast<size_t>(parts_),
          std::vector<float>(static_cast<size_t>(MaxBlockRows(block_rows_)) * kColumns + 16));
    }
    if (staged_) {
      stage_.assign(static_cast<size_t>(parts_),
                    std::vector<float>(static_cast<size_t>(MaxBlockRows(block_rows_)) * in_));
    }
  }

  void Run() override {
    if (scale_weights_) ScaleWeights();
    threads_.Run(parts_, [this](int64_t begin, int64_t end) {
      for (int64_t part = begin; part < end; ++part) RunPart(static_cast<int>(part));
    });
  }

  const char* implementation() const override { return "neo_pointwise_1x1:avx512"; }

 private:
  // weights_ = unscaled_ times this run's factor per input channel.
  void ScaleWeights() {
    for (const ColumnBlock& c : columns_) {
      const int width = c.vectors * 16;
      for (int k = 0; k < in_; ++k) {
        const size_t at = c.offset + static_cast<size_t>(k) * width;
        const float s = input_scale_[k];
        for (int j = 0; j < width; ++j) weights_[at + j] = unscaled_[at + j] * s;
      }
    }
  }

  // Output vectors [first, last) in blocks of at most four, appended.
  void AddColumnBlocks(int first, int last) {
    for (int v = first; v < last;) {
      const size_t offset =
          columns_.empty() ? 0
                           : columns_.back().offset + size_t{16} * columns_.back().vectors * in_;
      // Five vectors left go as three and two: a block of one vector loads a broadcast
      // per multiply-add, and ran at about half the speed of the others.
      const int vectors = last - v == 5 ? 3 : std::min(kColumns / 16, last - v);
      const int lanes = std::min(16, out_ - (v + vectors - 1) * 16);
      columns_.push_back({v * 16, vectors, offset,
                          static_cast<__mmask16>(lanes == 16 ? 0xFFFF : (1u << lanes) - 1)});
      v += vectors;
    }
  }

  void RunPart(int part) {
    int first_row = 0, last_row = rows_, first_column = 0,
        last_column = static_cast<int>(columns_.size());
    if (split_columns_) {
      first_column = part_columns_[static_cast<size_t>(part)];
      last_column = part_columns_[static_cast<size_t>(part) + 1];
    } else {
      first_row = static_cast<int>(int64_t{rows_} * part / parts_);
      last_row = static_cast<int>(int64_t{rows_} * (part + 1) / parts_);
    }
    for (int row = first_row, rows = 0; row < last_row; row += rows) {
      rows = RowsOfBlock(row, last_row, block_rows_);
      const float* x = input_ + static_cast<size_t>(row) * in_;
      if (staged_) {
        float* to = stage_[static_cast<size_t>(part)].data();
        StageRowsAvx512(input_, p_.input_height, p_.input_width, in_, p_.output_height,
                        p_.output_width, p_.stride_height, p_.stride_width,
                        scale_weights_ ? nullptr : input_scale_, row, rows, to);
        x = to;
      }
      for (int column = first_column; column < last_column; ++column) {
        const ColumnBlock& c = columns_[static_cast<size_t>(column)];
        // The next block's weights: this row block's next column, else the first column
        // of the next row block.
        const ColumnBlock* n = nullptr;
        if (column + 1 < last_column) {
          n = &columns_[static_cast<size_t>(column) + 1];
        } else if (row + rows < last_row && last_column - first_column > 1) {
          n = &columns_[static_cast<size_t>(first_column)];
        }
        const Epilogue e{
            bias_ + c.first,
            output_ + static_cast<size_t>(row) * out_ + c.first,
            out_,
            c.mask,
            partial_.empty() ? nullptr : AlignTo64(partial_[static_cast<size_t>(part)].data()),
            p_.accumulate,
            p_.activation,
            p_.output_min,
            p_.output_max};
        const float* w = weights_ + c.offset;
        const float* next = n != nullptr ? weights_ + n->offset : nullptr;
        const int next_vectors = n != nullptr ? n->vectors : 0;
        switch (c.vectors) {
          case 1:
            ColumnBlockAvx512<1>(x, rows, in_, w, e, next, next_vectors);
            break;
          case 2:
            ColumnBlockAvx512<2>(x, rows, in_, w, e, next, next_vectors);
            break;
          case 3:
            ColumnBlockAvx512<3>(x, rows, in_, w, e, next, next_vectors);
            break;
          default:
            ColumnBlockAvx512<4>(x, rows, in_, w, e, next, next_vectors);
            break;
        }
      }
    }
  }

  Conv2DParams p_;
  int in_, out_, rows_;
  const float* input_;
  float* output_;
  const float* input_scale_;  // null, or this run's factor per input channel (batch 1)
  RowThreads threads_;
  int block_rows_ = 0, parts_ = 1;
  bool split_columns_ = false;
  std::vector<ColumnBlock> columns_;
  std::vector<int> part_columns_;  // part p computes columns_[part_columns_[p] ..[p + 1])
  std::vector<float> weights_storage_, bias_storage_;
  float* weights_ = nullptr;  // 64-byte aligned, inside weights_storage_
  float* bias_ = nullptr;     // likewise, padded with zeros to whole vectors
  bool scale_weights_ = false;
  std::vector<float> unscaled_;  // the packed weights before scaling, when scale_weights_
  bool staged_ = false;
  std::vector<std::vector<float>> stage_;    // per part: a block of staged input rows
  std::vector<std::vector<float>> partial_;  // per part: a block's partial sums
};

}  // namespace
#endif  // NEO_POINTWISE_AVX512

bool PointwiseConvComputes(const Conv2DParams& p) {
  return p.kernel_height == 1 && p.kernel_width == 1 && p.pad_top == 0 && p.pad_left == 0 &&
         p.pad_bottom == 0 && p.pad_right == 0 && p.groups == 1 && p.output_channels >= 16 &&
         (p.activation == Activation::kNone || p.activation == Activation::kSwish ||
          p.activation == Activation::kHardSwish) &&
         (!p.scaled_input || p.batch == 1) &&
         p.output_height == (p.input_height - 1) / p.stride_height + 1 &&
         p.output_width == (p.input_width - 1) / p.stride_width + 1;
}

bool IsPointwiseConv(const Conv2DParams& p) {
  return PointwiseConvComputes(p) && p.output_channels >= 32 &&
         (int64_t{p.batch} * p.output_height * p.output_width <= 1024 ||
          p.activation != Activation::kNone);
}

std::unique_ptr<Op> MakePointwiseConv(Context& context, const Conv2DParams& p, const float* filter,
                                      const float* bias, const float* input, float* output,
                                      const float* input_scale) {
  if (!IsPointwiseConv(p)) return nullptr;
  return MakePointwiseConvAnySize(context, p, filter, bias, input, output, input_scale);
}

std::unique_ptr<Op> MakePointwiseConvAnySize(Context& context, const Conv2DParams& p,
                                             const float* filter, const float* bias,
                                             const float* input, float* output,
                                             const float* input_scale) {
#if NEO_POINTWISE_AVX512
  if (PointwiseConvComputes(p) && (input_scale != nullptr) == p.scaled_input && CpuHasAvx512F()) {
    return std::make_unique<PointwiseConv>(context, p, filter, bias, input, output, input_scale);
  }
#else
  (void)context, (void)p, (void)filter, (void)bias, (void)input, (void)output, (void)input_scale;
#endif
  return nullptr;
}

}  // namespace neo::kernels::internal
