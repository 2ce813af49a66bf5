// Swish, sigmoid and hard-swish of one AVX-512 vector, for the loops that apply them in
// registers: SwishInPlace (swish.h) and the epilogues of the 1x1 convolution
// (conv2d_pointwise.cc) and the matrix-vector product (fully_connected_gemv.cc). Callers run them
// only where AVX-512F exists (after the run-time check, or in an AVX-512 build). Internal to
// //kernels.
#ifndef NEO_KERNELS_SWISH_AVX512_H_
#define NEO_KERNELS_SWISH_AVX512_H_

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

namespace neo::kernels::internal {

// In intrinsics because three instructions GCC's vector types cannot ask for make
// SwishInPlace a third faster than the portable Swish16 (swish.cc) compiled for AVX-512
// (0.31 -> 0.21 ms per 1.2M floats, AMD Zen 5): vrcp14ps and one Newton step instead of a division,
// vscalefps for p * 2^n (which also rounds to 0 or infinity at the ends of the range, so no
// clamp-and-select), and a zero mask in the Newton step instead of a blend.
//
// It computes x / (1 + e^-x) directly. x is clamped to at most 88, so that the reduction
// below always sees finite values for finite x and +inf; e^-x = 2^n p(r) with n = round(-x
// log2 e) and r = -x - n ln2 (in two parts), p a degree-5 polynomial fitted for relative
// error on |r| <= ln2/2 (2.1e-7 evaluated in float). The code carries -r rather than r
// and p's odd coefficients negated, which gives the same bits without negating x first:
// with that and one clamp instead of two, SwishInPlace on 400K floats took 99-108 instead
// of 118-120 us on one Zen 4 core, every one of the 2^32 inputs giving the same bits.
// Below x = -87.5, and for x = -inf, 2^n overflows or the reduction gives NaN, and the
// reciprocal is zeroed by the mask, so finite x give -0 and -inf gives NaN, as the
// definition does; NaN passes the unordered compare and stays NaN through the multiply.
// SigmoidVectorAvx512 is the same without the last multiply by x (0 below -87.5).
#define NEO_SWISH_AVX512_ATTRIBUTES __attribute__((always_inline, target("avx512f"))) inline
NEO_SWISH_AVX512_ATTRIBUTES __m512 SigmoidVectorAvx512(__m512 x) {
  // The zero-masked forms with every lane kept: GCC 12's plain ones start from an
  // "undefined" register that -Wmaybe-uninitialized reports.
  constexpr __mmask16 kAll = 0xFFFF;
  const __m512 c = _mm512_maskz_min_ps(kAll, x, _mm512_set1_ps(88.0f));
  const __m512 n = _mm512_maskz_roundscale_ps(kAll, _mm512_mul_ps(c, _mm512_set1_ps(-1.44269504f)),
                                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(0.693145752f), c);  // -r
  r = _mm512_fmadd_ps(n, _mm512_set1_ps(1.42860677e-6f), r);
  __m512 p = _mm512_set1_ps(-0.008298286f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.04191542f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(-0.16667566f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.49998894f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(-0.9999997f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0000001f));
  const __m512 d = _mm512_add_ps(_mm512_maskz_scalef_ps(kAll, p, n), _mm512_set1_ps(1.0f));
  const __m512 q = _mm512_maskz_rcp14_ps(kAll, d);
  const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.5f), _CMP_NLT_UQ);
  return _mm512_maskz_fmadd_ps(keep, q, _mm512_fnmadd_ps(d, q, _mm512_set1_ps(1.0f)), q);
}

NEO_SWISH_AVX512_ATTRIBUTES __m512 SwishVectorAvx512(__m512 x) {
  return _mm512_mul_ps(x, SigmoidVectorAvx512(x));
}

// x * max(0, min(1, x / 6 + 1/2)), as kernels/activation.h defines it.
NEO_SWISH_AVX512_ATTRIBUTES __m512 HardSwishAvx512(__m512 x) {
  constexpr __mmask16 kAll = 0xFFFF;
  const __m512 gate = _mm512_fmadd_ps(x, _mm512_set1_ps(1.0f / 6.0f), _mm512_set1_ps(0.5f));
  return _mm512_mul_ps(
      x, _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, gate, _mm512_setzero_ps()),
                             _mm512_set1_ps(1.0f)));
}

}  // namespace neo::kernels::internal

#endif
#endif  // NEO_KERNELS_SWISH_AVX512_H_
