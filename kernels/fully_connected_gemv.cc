#include "kernels/fully_connected_gemv.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"
#include "kernels/swish_avx512.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_GEMV_AVX512 1
#else
#define NEO_GEMV_AVX512 0
#endif

namespace neo::kernels::internal {

#if NEO_GEMV_AVX512
namespace {

constexpr int kMaxRows = 4;
constexpr int kPanelVectors = 4;  // a panel is 64 outputs: 4 vectors of 16

struct Epilogue {
  Activation activation;  // any but kNone is applied before the clamp
  float alpha, beta;      // hard-sigmoid's
  float lo, hi;
};

__attribute__((target("avx512f"), always_inline)) inline __m512 ActivateAvx512(__m512 v,
                                                                               const Epilogue& e) {
  constexpr __mmask16 kAll = 0xFFFF;
  switch (e.activation) {
    case Activation::kSigmoid:
      v = SigmoidVectorAvx512(v);
      break;
    case Activation::kSwish:
      v = SwishVectorAvx512(v);
      break;
    case Activation::kHardSwish:
      v = HardSwishAvx512(v);
      break;
    case Activation::kHardSigmoid:
      v = _mm512_fmadd_ps(v, _mm512_set1_ps(e.alpha), _mm512_set1_ps(e.beta));
      v = _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, v, _mm512_setzero_ps()),
                              _mm512_set1_ps(1.0f));
      break;
    default:
      break;
  }
  return _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, v, _mm512_set1_ps(e.lo)),
                             _mm512_set1_ps(e.hi));
}

// One panel: M input rows of `in` floats times the panel's weights ([in][NV * 16], zero
// beyond the layer's outputs), plus bias, into NV * 16 outputs of each row (`stride` floats
// apart); `mask` covers the last vector's lanes. The products of each output are summed in
// input order, one accumulator per output. The unroll pragmas matter: without them GCC -O2
// kept the accumulators on the stack (5.5 cycles per multiply-add). No software prefetch:
// the weights are one forward stream, which the hardware follows; fetching 1-8 KB ahead made
// no difference with them in memory and cost 10-30% with them in the last-level cache (Zen 4).
template <int M, int NV>
__attribute__((target("avx512f"), noinline)) void PanelAvx512(const float* input, int in,
                                                              const float* weights,
                                                              const float* bias, float* output,
                                                              int stride, __mmask16 mask,
                                                              const Epilogue& e) {
  __m512 acc[M][NV];
#pragma GCC unroll 16
  for (int r = 0; r < M; ++r)
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();
  for (int k = 0; k < in; ++k) {
    const float* w = weights + static_cast<size_t>(k) * NV * 16;
    __m512 wv[NV];
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) wv[v] = _mm512_load_ps(w + v * 16);
#pragma GCC unroll 16
    for (int r = 0; r < M; ++r) {
      const __m512 x = _mm512_set1_ps(input[static_cast<size_t>(r) * in + k]);
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(x, wv[v], acc[r][v]);
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < M; ++r) {
    float* o = output + static_cast<size_t>(r) * stride;
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      __m512 s = _mm512_add_ps(acc[r][v], _mm512_load_ps(bias + v * 16));
      s = ActivateAvx512(s, e);
      _mm512_mask_storeu_ps(o + v * 16, v == NV - 1 ? mask : __mmask16{0xFFFF}, s);
    }
  }
}

using PanelFn = void (*)(const float*, int, const float*, const float*, float*, int, __mmask16,
                         const Epilogue&);

template <int M>
PanelFn PanelFor(int vectors) {
  switch (vectors) {
    case 1:
      return &PanelAvx512<M, 1>;
    case 2:
      return &PanelAvx512<M, 2>;
    case 3:
      return &PanelAvx512<M, 3>;
    default:
      return &PanelAvx512<M, 4>;
  }
}

PanelFn PanelFor(int rows, int vectors) {
  switch (rows) {
    case 1:
      return PanelFor<1>(vectors);
    case 2:
      return PanelFor<2>(vectors);
    case 3:
      return PanelFor<3>(vectors);
    default:
      return PanelFor<4>(vectors);
  }
}

class GemvFullyConnected final : public Op {
 public:
  GemvFullyConnected(Context& context, const FullyConnectedParams& p, const float* filter,
                     const float* bias, const float* input, float* output)
      : p_(p),
        input_(input),
        output_(output),
        threads_(RowThreads::AfterOnednn(
            context, int64_t{p.batch} * p.input_channels * p.output_channels >> 2)),
        epilogue_{p.activation, p.activation_alpha, p.activation_beta, p.output_min, p.output_max} {
    const int in = p.input_channels, out = p.output_channels;
    const int vectors = (out + 15) / 16;
    panels_ = (vectors + kPanelVectors - 1) / kPanelVectors;
    const size_t floats = static_cast<size_t>(vectors) * 16 * in + 16;
    weights_storage_.assign(floats, 0.0f);
    bias_storage_.assign(static_cast<size_t>(vectors) * 16 + 16, 0.0f);
    weights_ = AlignTo64(weights_storage_.data());
    bias_ = AlignTo64(bias_storage_.data());
    for (int panel = 0; panel < panels_; ++panel) {
      const int first = panel * kPanelVectors * 16;
      const int width = PanelVectors(panel) * 16;
      float* to = weights_ + static_cast<size_t>(first) * in;
      for (int o = first; o < std::min(out, first + width); ++o)
        for (int k = 0; k < in; ++k)
          to[static_cast<size_t>(k) * width + o - first] = filter[static_cast<size_t>(o) * in + k];
    }
    if (bias != nullptr) std::copy(bias, bias + out, bias_);
    if (panels_ < 2) threads_.threads = 1;
  }

  void Run() override {
    threads_.Run(panels_, [this](int64_t begin, int64_t end) {
      for (int64_t panel = begin; panel < end; ++panel) RunPanel(static_cast<int>(panel));
    });
  }

  const char* implementation() const override { return "neo_gemv:avx512"; }

 private:
  int PanelVectors(int panel) const {
    const int vectors = (p_.output_channels + 15) / 16;
    return std::min(kPanelVectors, vectors - panel * kPanelVectors);
  }

  void RunPanel(int panel) const {
    const int in = p_.input_channels, out = p_.output_channels;
    const int first = panel * kPanelVectors * 16;
    const int nv = PanelVectors(panel);
    const int tail = out - (first + (nv - 1) * 16);  // lanes of the last vector, 1..16
    const __mmask16 mask =
        tail >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << tail) - 1);
    for (int row = 0; row < p_.batch; row += kMaxRows) {
      const int rows = std::min(kMaxRows, p_.batch - row);
      PanelFor(rows, nv)(input_ + static_cast<size_t>(row) * in, in,
                         weights_ + static_cast<size_t>(first) * in, bias_ + first,
                         output_ + static_cast<size_t>(row) * out + first, out, mask, epilogue_);
    }
  }

  FullyConnectedParams p_;
  const float* input_;
  float* output_;
  RowThreads threads_;
  Epilogue epilogue_;
  int panels_ = 0;
  std::vector<float> weights_storage_, bias_storage_;
  float* weights_ = nullptr;  // panel after panel, each [in][its vectors * 16], 64-byte aligned
  float* bias_ = nullptr;
};

}  // namespace
#endif  // NEO_GEMV_AVX512

namespace {

FullyConnectedParams GemvParams(const Conv2DParams& p) {
  FullyConnectedParams f;
  f.batch = p.batch;
  f.input_channels = p.input_channels;
  f.output_channels = p.output_channels;
  f.output_min = p.output_min;
  f.output_max = p.output_max;
  f.activation = p.activation;
  f.activation_alpha = p.activation_alpha;
  f.activation_beta = p.activation_beta;
  return f;
}

}  // namespace

bool IsGemvFullyConnected(const FullyConnectedParams& p) {
  const Activation a = p.activation;
  return p.batch >= 1 && p.batch <= 4 && p.input_channels >= 1 && p.output_channels >= 1 &&
         (a == Activation::kNone || a == Activation::kSigmoid || a == Activation::kSwish ||
          a == Activation::kHardSwish || a == Activation::kHardSigmoid);
}

bool IsGemvConv(const Conv2DParams& p) {
  return p.kernel_height == 1 && p.kernel_width == 1 && p.input_height == 1 && p.input_width == 1 &&
         p.output_height == 1 && p.output_width == 1 && p.pad_top == 0 && p.pad_left == 0 &&
         p.pad_bottom == 0 && p.pad_right == 0 && p.groups == 1 && !p.accumulate &&
         !p.scaled_input && IsGemvFullyConnected(GemvParams(p));
}

std::unique_ptr<Op> MakeGemvFullyConnected(Context& context, const FullyConnectedParams& p,
                                           const float* filter, const float* bias,
                                           const float* input, float* output) {
#if NEO_GEMV_AVX512
  if (IsGemvFullyConnected(p) && CpuHasAvx512F()) {
    return std::make_unique<GemvFullyConnected>(context, p, filter, bias, input, output);
  }
#else
  (void)context, (void)p, (void)filter, (void)bias, (void)input, (void)output;
#endif
  return nullptr;
}

std::unique_ptr<Op> MakeGemvConv(Context& context, const Conv2DParams& p, const float* filter,
                                 const float* bias, const float* input, float* output) {
  if (!IsGemvConv(p)) return nullptr;
  return MakeGemvFullyConnected(context, GemvParams(p), filter, bias, input, output);
}

}  // namespace neo::kernels::internal
