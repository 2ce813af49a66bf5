#include "kernels/swish.h"

#include <cstdint>
#include <cstring>

#include "kernels/cpu_features.h"
#include "kernels/swish_avx512.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace neo::kernels::internal {

// A build for an AVX-512 target (-march=skylake-avx512 and later: ml_c5, ml_m5, ml_r5,
// ml_c6i, ml_m6i) always runs the AVX-512 loop. A build for generic
// x86-64 ("host") carries it beside the portable loop and asks
// the CPU once, at run time, as oneDNN does for its own kernels: the code neoc writes and
// the build's flags stay the same on every machine, and a CPU without AVX-512 never runs
// that copy. Elsewhere (AArch64) the same 16-wide code is split into narrower
// instructions and loses to oneDNN's post-op (an SSE2 build took 1.6 ns per float, the
// post-op 0.35), so convolutions keep the post-op there.
#if defined(__x86_64__) && !defined(__AVX512F__) && (defined(__GNUC__) || defined(__clang__))
#define NEO_SWISH_RUNTIME_AVX512 1
#else
#define NEO_SWISH_RUNTIME_AVX512 0
#endif

bool FastSwishAvailable() {
#if defined(__AVX512F__)
  return true;
#elif NEO_SWISH_RUNTIME_AVX512
  return CpuHasAvx512F();
#else
  return false;
#endif
}

namespace {

// Sixteen lanes in GCC's portable vector types: one AVX-512 register where the target has
// them, several narrower ones elsewhere (where only tests call SwishInPlace).
typedef float Floats16 __attribute__((vector_size(64)));
typedef int32_t Ints16 __attribute__((vector_size(64)));

// out[0..16) = Swish(in[0..16)). sigmoid(x) from z = exp(-|x|), which never overflows:
// 1 / (1 + z) for x >= 0, else z / (1 + z). exp by range reduction, t = n ln2 + r with
// |r| <= ln2 / 2 (ln2 split in two so that n ln2 is exact), and the degree-6 Taylor
// polynomial of e^r (error under 1.3e-7), times 2^n built in the exponent bits. Below
// t = -87 (where 2^n would leave the normal floats) z is taken as 0: x * sigmoid(x) is
// then smaller than 2e-36. Pointers rather than vector arguments, so that no function
// passes a 64-byte vector where the target's calling convention has no register for it.
__attribute__((always_inline)) inline void Swish16(const float* in, float* out) {
  Floats16 x;
  std::memcpy(&x, in, sizeof x);
  const Floats16 zero = {};
  const Floats16 one = zero + 1.0f;
  const Floats16 shifter = zero + 12582912.0f;  // 1.5 * 2^23: adding it rounds to integer
  const Floats16 t = x < zero ? x : -x;
  const Floats16 tc = t < -87.0f ? zero - 87.0f : t;
  const Floats16 k = tc * 1.44269504f + shifter;
  const Floats16 m = k - shifter;
  Floats16 r = tc - m * 0.693145752f;
  r = r - m * 1.42860677e-6f;
  Floats16 p = zero + (1.0f / 720.0f);
  p = p * r + (1.0f / 120.0f);
  p = p * r + (1.0f / 24.0f);
  p = p * r + (1.0f / 6.0f);
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const Ints16 exponent = ((Ints16)k - (Ints16)shifter + 127) << 23;
  const Floats16 z = t < -87.0f ? zero : p * (Floats16)exponent;
  const Floats16 y = x * ((x >= zero ? one : z) / (one + z));
  std::memcpy(out, &y, sizeof y);
}

// The loop, inlined into each of its callers below so that each compiles it for its own
// instruction set.
__attribute__((always_inline)) inline void SwishLoop(float* data, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) Swish16(data + i, data + i);
  if (i < n) {  // the tail through a full vector, so it is computed the same way
    float tail[16] = {};
    std::memcpy(tail, data + i, (n - i) * sizeof(float));
    Swish16(tail, tail);
    std::memcpy(data + i, tail, (n - i) * sizeof(float));
  }
}

#if NEO_SWISH_RUNTIME_AVX512 || defined(__AVX512F__)
// "Avx512" in the name tells //tools/platforms:isa_check_test that this function is only
// called where AVX-512F exists (after the run-time check, or in an AVX-512 build).
__attribute__((target("avx512f"), noinline)) void SwishLoopAvx512(float* data, size_t n) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {  // two independent chains keep both FMA pipes busy
    const __m512 a = _mm512_loadu_ps(data + i), b = _mm512_loadu_ps(data + i + 16);
    _mm512_storeu_ps(data + i, SwishVectorAvx512(a));
    _mm512_storeu_ps(data + i + 16, SwishVectorAvx512(b));
  }
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(data + i, SwishVectorAvx512(_mm512_loadu_ps(data + i)));
  }
  if (i < n) {  // the tail through a masked vector, so it is computed the same way
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(data + i, m, SwishVectorAvx512(_mm512_maskz_loadu_ps(m, data + i)));
  }
}
#endif

}  // namespace

void SwishInPlace(float* data, size_t n) {
#if defined(__AVX512F__)
  SwishLoopAvx512(data, n);
#else
#if NEO_SWISH_RUNTIME_AVX512
  if (FastSwishAvailable()) {
    SwishLoopAvx512(data, n);
    return;
  }
#endif
  SwishLoop(data, n);
#endif
}

// The portable loop alone, so that tests check it too on a CPU with AVX-512.
void SwishInPlacePortable(float* data, size_t n) { SwishLoop(data, n); }

}  // namespace neo::kernels::internal
