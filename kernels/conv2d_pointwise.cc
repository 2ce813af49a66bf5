#include "kernels/conv2d_pointwise.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_POINTWISE_AVX512 1
#include "kernels/pointwise_blocks_avx512.h"
#else
#define NEO_POINTWISE_AVX512 0
#endif

namespace neo::kernels::internal {

#if NEO_POINTWISE_AVX512
namespace {

using namespace pointwise;  // NOLINT: the blocks this kernel is made of


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
      AddColumnBlocks(vectors * part / column_parts, vectors * (part + 1) / column_parts, out_, in_,
                      columns_);
    }
    part_columns_.push_back(static_cast<int>(columns_.size()));
    const size_t floats = PackedFloats(columns_, in_);
    weights_storage_.assign(floats + 16, 0.0f);
    bias_storage_.assign(static_cast<size_t>(vectors) * 16 + 16, 0.0f);
    weights_ = AlignTo64(weights_storage_.data());
    bias_ = AlignTo64(bias_storage_.data());
    PackColumnBlocks(columns_, filter, in_, out_, weights_);
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
        RunColumnBlockAvx512(c, x, rows, in_, w, e, next, next_vectors);
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
