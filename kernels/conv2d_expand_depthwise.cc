#include "kernels/conv2d_expand_depthwise.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_POINTWISE_AVX512 1
#include "kernels/pointwise_blocks_avx512.h"
#include "kernels/swish_avx512.h"
#else
#define NEO_POINTWISE_AVX512 0
#endif

namespace neo::kernels::internal {

namespace {

bool ActivationTaken(const Conv2DParams& p) {
  return p.activation == Activation::kNone || p.activation == Activation::kSwish ||
         p.activation == Activation::kHardSwish;
}

}  // namespace

bool IsExpandDepthwise(const Conv2DParams& e, const Conv2DParams& d) {
  const int k = d.kernel_height;
  return e.kernel_height == 1 && e.kernel_width == 1 && e.stride_height == 1 &&
         e.stride_width == 1 && e.pad_top == 0 && e.pad_left == 0 && e.pad_bottom == 0 &&
         e.pad_right == 0 && e.groups == 1 && e.output_height == e.input_height &&
         e.output_width == e.input_width && ActivationTaken(e) && !e.accumulate &&
         !e.scaled_input && d.batch == e.batch && d.input_height == e.output_height &&
         d.input_width == e.output_width && d.input_channels == e.output_channels &&
         d.output_channels == d.input_channels && d.groups == d.input_channels &&
         (k == 3 || k == 5) && d.kernel_width == k &&
         (d.stride_height == 1 || d.stride_height == 2) && d.stride_width == d.stride_height &&
         d.dilation_height == 1 && d.dilation_width == 1 && d.pad_top <= k / 2 &&
         d.pad_left <= k / 2 && d.pad_bottom <= k / 2 && d.pad_right <= k / 2 &&
         d.output_height == (d.input_height + d.pad_top + d.pad_bottom - k) / d.stride_height + 1 &&
         d.output_width == (d.input_width + d.pad_left + d.pad_right - k) / d.stride_width + 1 &&
         ActivationTaken(d) && !d.accumulate && !d.scaled_input;
}

#if NEO_POINTWISE_AVX512
namespace {

using namespace pointwise;  // NOLINT: the expansion's products

// The depthwise layer's shape as its loop reads it; `lanes` is the channel count padded
// to whole vectors, the stride between pixels of the expanded rows.
struct Depthwise {
  int height, width, channels, lanes;
  int out_height, out_width;
  int pad_top, pad_left;
  Activation activation;
  float lo, hi;
};

// Outputs x0 .. x0 + kPixels - 1 of one output row, channels 16 * block ... + 15.
// `rows[ky]` is the expanded row that kernel row ky reads, null in the padding. Expanded
// pixel S x0 - pad_left + j serves output x0 + (j - kx) / S for each kx that S divides
// j - kx: it is loaded once for all of them. Each output sums its taps by kernel row, left
// to right, then adds its bias, as oneDNN's depthwise kernels do (TensorFlow.js's
// blazepose_lite goldens tell the two orders apart). kEdge: some of those pixels lie in the
// padding.
template <int K, int S, int kPixels, bool kEdge>
__attribute__((target("avx512f"), always_inline)) inline void DepthwisePixelsAvx512(
    const Depthwise& g, const float* const* rows, const float* weights, __m512 bias, __mmask16 mask,
    float* out, int x0, int block) {
  __m512 acc[kPixels];
#pragma GCC unroll 8
  for (int k = 0; k < kPixels; ++k) acc[k] = _mm512_setzero_ps();
#pragma GCC unroll 5
  for (int ky = 0; ky < K; ++ky) {
    const float* row = rows[ky];
    if (row == nullptr) continue;
    __m512 w[K];
#pragma GCC unroll 5
    for (int kx = 0; kx < K; ++kx) w[kx] = _mm512_load_ps(weights + (ky * K + kx) * 16);
#pragma GCC unroll 32
    for (int j = 0; j < S * (kPixels - 1) + K; ++j) {
      const int ix = S * x0 - g.pad_left + j;
      if (kEdge && (ix < 0 || ix >= g.width)) continue;
      const __m512 v = _mm512_load_ps(row + static_cast<ptrdiff_t>(ix) * g.lanes + block * 16);
#pragma GCC unroll 5
      for (int kx = 0; kx < K; ++kx) {
        if (j < kx || (j - kx) % S != 0 || (j - kx) / S >= kPixels) continue;
        acc[(j - kx) / S] = _mm512_fmadd_ps(v, w[kx], acc[(j - kx) / S]);
      }
    }
  }
  const __m512 lo = _mm512_set1_ps(g.lo), hi = _mm512_set1_ps(g.hi);
#pragma GCC unroll 8
  for (int k = 0; k < kPixels; ++k) {
    __m512 v = _mm512_add_ps(acc[k], bias);
    if (g.activation == Activation::kSwish) {
      v = SwishVectorAvx512(v);
    } else if (g.activation == Activation::kHardSwish) {
      v = HardSwishAvx512(v);
    }
    v = _mm512_maskz_min_ps(0xFFFF, _mm512_maskz_max_ps(0xFFFF, v, lo), hi);
    _mm512_mask_storeu_ps(out + static_cast<ptrdiff_t>(x0 + k) * g.channels + block * 16, mask, v);
  }
}

// One output row (`out` its first pixel): every block of 16 channels, outputs in groups of
// eight, then four, two and one.
template <int K, int S>
__attribute__((target("avx512f"), noinline)) void DepthwiseRowAvx512(const Depthwise& g,
                                                                     const float* const* rows,
                                                                     const float* weights,
                                                                     const float* bias,
                                                                     float* out) {
  // Outputs [first, last) read no padding on either side.
  const int first = (g.pad_left + S - 1) / S;
  const int last = std::max(first, (g.width - K + g.pad_left) / S + 1);
  for (int block = 0; block < g.lanes / 16; ++block) {
    const int left = g.channels - block * 16;
    const __mmask16 mask =
        left >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << left) - 1);
    const __m512 b = _mm512_load_ps(bias + block * 16);
    const float* w = weights + static_cast<size_t>(block) * K * K * 16;
    int x = 0;
    for (; x + 8 <= g.out_width; x += 8) {
      if (x < first || x + 8 > last) {
        DepthwisePixelsAvx512<K, S, 8, true>(g, rows, w, b, mask, out, x, block);
      } else {
        DepthwisePixelsAvx512<K, S, 8, false>(g, rows, w, b, mask, out, x, block);
      }
    }
    if (x + 4 <= g.out_width) {
      DepthwisePixelsAvx512<K, S, 4, true>(g, rows, w, b, mask, out, x, block);
      x += 4;
    }
    if (x + 2 <= g.out_width) {
      DepthwisePixelsAvx512<K, S, 2, true>(g, rows, w, b, mask, out, x, block);
      x += 2;
    }
    if (x < g.out_width) DepthwisePixelsAvx512<K, S, 1, true>(g, rows, w, b, mask, out, x, block);
  }
}

using DepthwiseRowFunction = void (*)(const Depthwise&, const float* const*, const float*,
                                      const float*, float*);

DepthwiseRowFunction DepthwiseRowFor(int kernel, int stride) {
  if (kernel == 3) return stride == 1 ? DepthwiseRowAvx512<3, 1> : DepthwiseRowAvx512<3, 2>;
  return stride == 1 ? DepthwiseRowAvx512<5, 1> : DepthwiseRowAvx512<5, 2>;
}

// Expanded floats a thread keeps: 512 KB, half of the smallest L2 of the CPUs measured
// (AMD Zen 4 and 5; Intel's Sapphire Rapids has 2 MB), so that the input rows and the
// depthwise weights stay there beside them.
constexpr int64_t kWindowFloats = int64_t{128} << 10;

class ExpandDepthwise final : public Op {
 public:
  ExpandDepthwise(Context& context, const Conv2DParams& e, const float* expand_filter,
                  const float* expand_bias, const Conv2DParams& d, const float* depthwise_filter,
                  const float* depthwise_bias, const float* input, float* output)
      : e_(e),
        g_{d.input_height,  d.input_width,  d.input_channels, (d.input_channels + 15) / 16 * 16,
           d.output_height, d.output_width, d.pad_top,        d.pad_left,
           d.activation,    d.output_min,   d.output_max},
        kernel_(d.kernel_height),
        stride_(d.stride_height),
        row_(DepthwiseRowFor(kernel_, stride_)),
        input_(input),
        output_(output),
        threads_(
            RowThreads::AfterOnednn(context, (int64_t{e.batch} * e.output_height * e.output_width *
                                                  e.input_channels * e.output_channels +
                                              int64_t{d.batch} * d.output_height * d.output_width *
                                                  d.output_channels * kernel_ * kernel_) >>
                                                 5)) {
    const int in = e.input_channels, channels = g_.channels, vectors = g_.lanes / 16;
    AddColumnBlocks(0, vectors, channels, in, columns_);
    const size_t floats = PackedFloats(columns_, in);
    expand_weights_storage_.assign(floats + 16, 0.0f);
    expand_weights_ = AlignTo64(expand_weights_storage_.data());
    PackColumnBlocks(columns_, expand_filter, in, channels, expand_weights_);
    // Biases and depthwise weights padded with zeros to whole vectors: the padding lanes
    // of the expanded rows stay zero and multiply zeros.
    bias_storage_.assign(2 * static_cast<size_t>(g_.lanes) + 16, 0.0f);
    expand_bias_ = AlignTo64(bias_storage_.data());
    depthwise_bias_ = expand_bias_ + g_.lanes;
    if (expand_bias != nullptr) std::copy(expand_bias, expand_bias + channels, expand_bias_);
    if (depthwise_bias != nullptr) {
      std::copy(depthwise_bias, depthwise_bias + channels, depthwise_bias_);
    }
    const int taps = kernel_ * kernel_;
    depthwise_weights_storage_.assign(static_cast<size_t>(g_.lanes) * taps + 16, 0.0f);
    depthwise_weights_ = AlignTo64(depthwise_weights_storage_.data());
    for (int c = 0; c < channels; ++c)
      for (int t = 0; t < taps; ++t)
        depthwise_weights_[(static_cast<size_t>(c / 16) * taps + t) * 16 + c % 16] =
            depthwise_filter[static_cast<size_t>(c) * taps + t];

    const int64_t row_floats = int64_t{g_.width} * g_.lanes;
    // The window holds the whole image where it fits, else enough rows for a band of
    // output rows (at least one).
    window_rows_ = static_cast<int>(
        std::min<int64_t>(g_.height, std::max<int64_t>(kernel_, kWindowFloats / row_floats)));
    band_ = window_rows_ == g_.height ? g_.out_height
                                      : std::max(1, (window_rows_ - kernel_) / stride_ + 1);
    rows_ = int64_t{d.batch} * g_.out_height;
    parts_ = static_cast<int>(std::min<int64_t>(threads_.threads, rows_));
    if (parts_ <= 1) threads_.threads = parts_ = 1;
    windows_.resize(static_cast<size_t>(parts_));
    for (Window& w : windows_) {
      // +16: room to align, and the padding lanes' zeros are never overwritten.
      w.storage.assign(static_cast<size_t>(window_rows_ * row_floats) + 16, 0.0f);
      w.rows = AlignTo64(w.storage.data());
      if (in > kChunkChannels) {
        w.partial.assign(static_cast<size_t>(window_rows_) * g_.width * kColumns + 16, 0.0f);
      }
    }
  }

  void Run() override {
    threads_.Run(parts_, [this](int64_t begin, int64_t end) {
      for (int64_t part = begin; part < end; ++part) RunPart(static_cast<int>(part));
    });
  }

  const char* implementation() const override { return "neo_expand_depthwise:avx512"; }

 private:
  // A thread's expanded rows [first, last) of image `image`, at rows + (y - first) rows.
  struct Window {
    std::vector<float> storage, partial;
    float* rows = nullptr;
    int64_t image = -1;
    int first = 0, last = 0;
  };

  void RunPart(int part) {
    Window& w = windows_[static_cast<size_t>(part)];
    w.image = -1;  // each run starts from nothing: the input has changed
    const int64_t begin = rows_ * part / parts_, end = rows_ * (part + 1) / parts_;
    const size_t row_floats = static_cast<size_t>(g_.width) * g_.lanes;
    for (int64_t r = begin; r < end;) {
      const int64_t n = r / g_.out_height;
      const int y0 = static_cast<int>(r % g_.out_height);
      const int y1 = static_cast<int>(
          std::min<int64_t>({end - n * g_.out_height, int64_t{g_.out_height}, y0 + band_}));
      Expand(w, n, std::max(0, y0 * stride_ - g_.pad_top),
             std::min(g_.height, (y1 - 1) * stride_ - g_.pad_top + kernel_));
      const float* rows[5];
      for (int y = y0; y < y1; ++y) {
        for (int ky = 0; ky < kernel_; ++ky) {
          const int iy = y * stride_ - g_.pad_top + ky;
          rows[ky] = iy < 0 || iy >= g_.height
                         ? nullptr
                         : w.rows + static_cast<size_t>(iy - w.first) * row_floats;
        }
        row_(g_, rows, depthwise_weights_, depthwise_bias_,
             output_ + ((n * g_.out_height + y) * g_.out_width) * g_.channels);
      }
      r += y1 - y0;
    }
  }

  // Makes the window hold expanded rows [first, last) of image n: rows it already holds
  // from `first` on move to the front, the rest are computed after them.
  void Expand(Window& w, int64_t n, int first, int last) {
    const size_t row_floats = static_cast<size_t>(g_.width) * g_.lanes;
    int from = first;
    if (w.image == n && w.first <= first && first < w.last) {
      from = w.last;
      if (first > w.first) {
        std::memmove(w.rows, w.rows + (first - w.first) * row_floats,
                     (w.last - first) * row_floats * sizeof(float));
      }
    }
    w.image = n;
    w.first = first;
    w.last = last;
    if (from >= last) return;
    const int in = e_.input_channels;
    const float* x = input_ + ((n * g_.height + from) * g_.width) * in;
    const int pixels = (last - from) * g_.width;
    float* to = w.rows + (from - first) * row_floats;
    for (size_t column = 0; column < columns_.size(); ++column) {
      const ColumnBlock& c = columns_[column];
      const ColumnBlock* next = column + 1 < columns_.size() ? &columns_[column + 1] : nullptr;
      const Epilogue epilogue{expand_bias_ + c.first,
                              to + c.first,
                              g_.lanes,
                              c.mask,
                              w.partial.empty() ? nullptr : AlignTo64(w.partial.data()),
                              false,
                              e_.activation,
                              e_.output_min,
                              e_.output_max};
      RunColumnBlockAvx512(c, x, pixels, in, expand_weights_ + c.offset, epilogue,
                           next != nullptr ? expand_weights_ + next->offset : nullptr,
                           next != nullptr ? next->vectors : 0);
    }
  }

  Conv2DParams e_;
  Depthwise g_;
  int kernel_, stride_;
  DepthwiseRowFunction row_;
  const float* input_;
  float* output_;
  RowThreads threads_;
  std::vector<ColumnBlock> columns_;
  std::vector<float> expand_weights_storage_, bias_storage_, depthwise_weights_storage_;
  float* expand_weights_ = nullptr;     // 64-byte aligned, in the storage above
  float* expand_bias_ = nullptr;        // padded to whole vectors
  float* depthwise_bias_ = nullptr;     // likewise
  float* depthwise_weights_ = nullptr;  // [lanes / 16][kernel * kernel][16]
  int window_rows_ = 0, band_ = 1, parts_ = 1;
  int64_t rows_ = 0;             // output rows over the batch
  std::vector<Window> windows_;  // one per part
};

}  // namespace
#endif  // NEO_POINTWISE_AVX512

std::unique_ptr<Op> MakeExpandDepthwise(Context& context, const Conv2DParams& expand,
                                        const float* expand_filter, const float* expand_bias,
                                        const Conv2DParams& depthwise,
                                        const float* depthwise_filter, const float* depthwise_bias,
                                        const float* input, float* output) {
#if NEO_POINTWISE_AVX512
  if (IsExpandDepthwise(expand, depthwise) && CpuHasAvx512F()) {
    return std::make_unique<ExpandDepthwise>(context, expand, expand_filter, expand_bias, depthwise,
                                             depthwise_filter, depthwise_bias, input, output);
  }
#else
  (void)context, (void)expand, (void)expand_filter, (void)expand_bias, (void)depthwise,
      (void)depthwise_filter, (void)depthwise_bias, (void)input, (void)output;
#endif
  return nullptr;
}

}  // namespace neo::kernels::internal
