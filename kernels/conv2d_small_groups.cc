#include "kernels/conv2d_small_groups.h"

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_SMALL_GROUPS_AVX512 1
#else
#define NEO_SMALL_GROUPS_AVX512 0
#endif

namespace neo::kernels::internal {

bool IsSmallGroupConv(const Conv2DParams& p) {
  return p.kernel_height == 3 && p.kernel_width == 3 &&
         (p.stride_height == 1 || p.stride_height == 2) && p.stride_width == p.stride_height &&
         p.dilation_height == 1 && p.dilation_width == 1 && p.pad_top == 1 && p.pad_left == 1 &&
         p.pad_bottom == 1 && p.pad_right == 1 && p.groups > 1 &&
         (p.input_channels / p.groups == 4 || p.input_channels / p.groups == 8) &&
         p.input_channels % p.groups == 0 && p.input_channels == p.output_channels &&
         p.input_channels % 16 == 0 &&
         p.output_height == (p.input_height - 1) / p.stride_height + 1 &&
         p.output_width == (p.input_width - 1) / p.stride_width + 1 &&
         p.activation == Activation::kNone && !p.accumulate;
}

#if NEO_SMALL_GROUPS_AVX512
namespace {

// The input channel that turn r brings to lane l, for groups of G channels. G = 4: turn r
// rotates each 128-bit lane by r places, channel (j + r) % 4 of the group at place j. G = 8:
// turn 4h + r first swaps the two 128-bit lanes of each group when h is 1, then rotates by
// r, so place j = 4q + p receives channel 4(q ^ h) + (p + r) % 4. In-lane rotations and
// lane swaps both issue faster than a permutation across the whole vector.
int TurnSource(int G, int l, int turn) {
  const int j = l % G, r = turn % 4, h = turn / 4;
  return (j / 4 ^ h) * 4 + (j % 4 + r) % 4;
}

// Weights as the kernel reads them: [channels / 16][tap][turn][16], lane l of turn t
// holding filter[l's channel][TurnSource(G, l, t)][tap].
std::vector<float> PackWeights(const Conv2DParams& p, const float* filter, int group) {
  const int blocks = p.output_channels / 16;
  std::vector<float> packed(static_cast<size_t>(blocks) * 9 * group * 16);
  for (int b = 0; b < blocks; ++b)
    for (int t = 0; t < 9; ++t)
      for (int r = 0; r < group; ++r)
        for (int l = 0; l < 16; ++l) {
          const int o = b * 16 + l, i = TurnSource(group, l, r);
          packed[((static_cast<size_t>(b) * 9 + t) * group + r) * 16 + l] =
              filter[(o * group + i) * 9 + t];
        }
  return packed;
}

struct Geometry {
  int height, width, channels;
  int out_height, out_width;
  float lo, hi;
};

Geometry GeometryOf(const Conv2DParams& p) {
  return {p.input_height, p.input_width, p.input_channels, p.output_height,
          p.output_width, p.output_min,  p.output_max};
}

// GCC 12's unmasked forms of these intrinsics start from an undefined vector, which
// -Werror=maybe-uninitialized rejects; the all-lanes masked forms compile the same.
constexpr __mmask16 kAll = 0xFFFF;

template <int G>
__attribute__((target("avx512f"), always_inline)) inline __m512 TurnAvx512(__m512 v, int turn) {
  if (G == 8 && turn >= 4) v = _mm512_maskz_shuffle_f32x4(kAll, v, v, 0xB1);
  switch (turn % 4) {
    case 1:
      return _mm512_maskz_permute_ps(kAll, v, 0x39);
    case 2:
      return _mm512_maskz_permute_ps(kAll, v, 0x4E);
    case 3:
      return _mm512_maskz_permute_ps(kAll, v, 0x93);
    default:
      return v;
  }
}

// Every loop is unrolled (Bazel's -O2 would not), so that the accumulators and turns
// live in registers: without it the 128-channel layer took 0.86 instead of 0.30 ms.
// Outputs x0 .. x0 + kPixels - 1 of row y, channels 16 * block ... + 15. Input pixel
// S x0 - 1 + j serves outputs x0 + (j - kx) / S for each kx = 0, 1, 2 that S divides
// j - kx: its turns are made once for all of them (three at stride 1; one or two at
// stride 2). kEdge: some of those input pixels lie in the padding.
template <int G, int S, int kPixels, bool kEdge>
__attribute__((target("avx512f"), always_inline)) inline void PixelsAvx512(
    const Geometry& g, const float* input, const float* weights, __m512 bias, float* output, int y,
    int x0, int block) {
  __m512 acc[kPixels];
#pragma GCC unroll 16
  for (int k = 0; k < kPixels; ++k) acc[k] = bias;
#pragma GCC unroll 16
  for (int ky = 0; ky < 3; ++ky) {
    const int iy = S * y - 1 + ky;
    if (iy < 0 || iy >= g.height) continue;
    const float* row = input + static_cast<ptrdiff_t>(iy) * g.width * g.channels + block * 16;
    const float* w = weights + (static_cast<size_t>(block) * 9 + ky * 3) * G * 16;
#pragma GCC unroll 16
    for (int j = 0; j < S * (kPixels - 1) + 3; ++j) {
      const int ix = S * x0 - 1 + j;
      if (kEdge && (ix < 0 || ix >= g.width)) continue;
      const __m512 v = _mm512_loadu_ps(row + static_cast<ptrdiff_t>(ix) * g.channels);
      __m512 turns[G];
#pragma GCC unroll 16
      for (int r = 0; r < G; ++r) turns[r] = TurnAvx512<G>(v, r);
#pragma GCC unroll 16
      for (int kx = 0; kx < 3; ++kx) {
        if ((j - kx) % S != 0) continue;
        const int k = (j - kx) / S;
        if (j < kx || k >= kPixels) continue;
#pragma GCC unroll 16
        for (int r = 0; r < G; ++r) {
          acc[k] = _mm512_fmadd_ps(turns[r], _mm512_loadu_ps(w + (kx * G + r) * 16), acc[k]);
        }
      }
    }
  }
  const __m512 lo = _mm512_set1_ps(g.lo), hi = _mm512_set1_ps(g.hi);
#pragma GCC unroll 16
  for (int k = 0; k < kPixels; ++k) {
    _mm512_storeu_ps(
        output + (static_cast<ptrdiff_t>(y) * g.out_width + x0 + k) * g.channels + block * 16,
        _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, acc[k], lo), hi));
  }
}

// "Avx512" in the name: //tools/platforms:isa_check_test leaves it out, as it is called
// only after the run-time check.
template <int G, int S>
__attribute__((target("avx512f"), noinline)) void RowAvx512(const Geometry& g, const float* input,
                                                            const float* weights, const float* bias,
                                                            float* output, int y) {
  // Outputs [1, interior) read no padding on either side. Groups of 8, then 4, 2 and 1
  // outputs: a lone output at stride 2 makes the turns of three input pixels for one
  // pixel's products, which left RegNet's 208 channels at 14x14 slower than oneDNN's.
  const int interior = (g.width - 2) / S + 1;
  for (int block = 0; block < g.channels / 16; ++block) {
    const __m512 b = bias ? _mm512_loadu_ps(bias + block * 16) : _mm512_setzero_ps();
    int x = 0;
    for (; x + 8 <= g.out_width; x += 8) {
      if (x == 0 || x + 8 > interior) {
        PixelsAvx512<G, S, 8, true>(g, input, weights, b, output, y, x, block);
      } else {
        PixelsAvx512<G, S, 8, false>(g, input, weights, b, output, y, x, block);
      }
    }
    if (x + 4 <= g.out_width) {
      PixelsAvx512<G, S, 4, true>(g, input, weights, b, output, y, x, block);
      x += 4;
    }
    if (x + 2 <= g.out_width) {
      PixelsAvx512<G, S, 2, true>(g, input, weights, b, output, y, x, block);
      x += 2;
    }
    if (x < g.out_width) PixelsAvx512<G, S, 1, true>(g, input, weights, b, output, y, x, block);
  }
}

// The row function for G channels per group and stride S.
using RowFunction = void (*)(const Geometry&, const float*, const float*, const float*, float*,
                             int);
RowFunction RowFor(int group, int stride) {
  if (group == 4) return stride == 1 ? RowAvx512<4, 1> : RowAvx512<4, 2>;
  return stride == 1 ? RowAvx512<8, 1> : RowAvx512<8, 2>;
}

class SmallGroupConv final : public Op {
 public:
  SmallGroupConv(Context& context, const Conv2DParams& p, const float* filter, const float* bias,
                 const float* input, float* output)
      : g_(GeometryOf(p)),
        rows_(static_cast<int64_t>(p.batch) * p.output_height),
        group_(p.input_channels / p.groups),
        weights_(PackWeights(p, filter, group_)),
        bias_(bias ? std::vector<float>(bias, bias + p.output_channels) : std::vector<float>()),
        row_(RowFor(group_, p.stride_height)),
        input_(input),
        output_(output),
        threads_(RowThreads::AfterOnednn(
            context, rows_ * p.output_width * static_cast<int64_t>(p.output_channels))) {}

  void Run() override {
    threads_.Run(rows_, [this](int64_t begin, int64_t end) {
      const size_t image = static_cast<size_t>(g_.height) * g_.width * g_.channels,
                   out_image = static_cast<size_t>(g_.out_height) * g_.out_width * g_.channels;
      for (int64_t row = begin; row < end; ++row) {
        const int64_t n = row / g_.out_height;
        row_(g_, input_ + n * image, weights_.data(), bias_.empty() ? nullptr : bias_.data(),
             output_ + n * out_image, static_cast<int>(row % g_.out_height));
      }
    });
  }
  const char* implementation() const override { return "neo_small_groups_3x3:avx512"; }

 private:
  Geometry g_;
  int64_t rows_;
  int group_;
  std::vector<float> weights_, bias_;
  RowFunction row_;
  const float* input_;
  float* output_;
  RowThreads threads_;
};

}  // namespace
#endif  // NEO_SMALL_GROUPS_AVX512

std::unique_ptr<Op> MakeSmallGroupConv(Context& context, const Conv2DParams& p, const float* filter,
                                       const float* bias, const float* input, float* output) {
#if NEO_SMALL_GROUPS_AVX512
  if (IsSmallGroupConv(p) && CpuHasAvx512F()) {
    return std::make_unique<SmallGroupConv>(context, p, filter, bias, input, output);
  }
#else
  (void)context, (void)p, (void)filter, (void)bias, (void)input, (void)output;
#endif
  return nullptr;
}

}  // namespace neo::kernels::internal
