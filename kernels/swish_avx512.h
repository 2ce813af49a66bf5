// Swish of one AVX-512 vector, for the loops that apply it in registers: SwishInPlace
// (swish.h) and the 1x1 convolution's epilogue (conv2d_pointwise.cc). Callers run it only
// where AVX-512F exists (after the run-time check, or in an AVX-512 build). Internal to
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
// It computes x / (1 + e^-x) directly. -x is clamped to [-88, 88.5], so that the
// reduction below always sees finite values and 1 + e^-x stays below FLT_MAX; e^-x is
// range-reduced as in Swish16, with a degree-5 polynomial fitted for relative error on
// |r| <= ln2/2 (2.1e-7 evaluated in float). Below x = -87.5, and for x = -inf, the
// reciprocal is zeroed by the mask, so finite x give -0 and -inf gives NaN, as the
// definition does; NaN passes the unordered compare and stays NaN through the multiply.
#define NEO_SWISH_AVX512_ATTRIBUTES __attribute__((always_inline, target("avx512f"))) inline
NEO_SWISH_AVX512_ATTRIBUTES __m512 SwishVectorAvx512(__m512 x) {
  // The zero-masked forms with every lane kept: GCC 12's plain ones start from an
  // "undefined" register that -Wmaybe-uninitialized reports.
  constexpr __mmask16 kAll = 0xFFFF;
  __m512 t = _mm512_sub_ps(_mm512_setzero_ps(), x);
  t = _mm512_maskz_min_ps(kAll, _mm512_maskz_max_ps(kAll, t, _mm512_set1_ps(-88.0f)),
                          _mm512_set1_ps(88.5f));
  const __m512 n = _mm512_maskz_roundscale_ps(kAll, _mm512_mul_ps(t, _mm512_set1_ps(1.44269504f)),
                                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145752f), t);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.42860677e-6f), r);
  __m512 p = _mm512_set1_ps(0.008298286f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.04191542f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.16667566f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.49998894f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.9999997f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0000001f));
  const __m512 d = _mm512_add_ps(_mm512_maskz_scalef_ps(kAll, p, n), _mm512_set1_ps(1.0f));
  const __m512 q = _mm512_maskz_rcp14_ps(kAll, d);
  const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.5f), _CMP_NLT_UQ);
  const __m512 sigmoid =
      _mm512_maskz_fmadd_ps(keep, q, _mm512_fnmadd_ps(d, q, _mm512_set1_ps(1.0f)), q);
  return _mm512_mul_ps(x, sigmoid);
}

}  // namespace neo::kernels::internal

#endif
#endif  // NEO_KERNELS_SWISH_AVX512_H_
