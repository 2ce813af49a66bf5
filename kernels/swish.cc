#include "kernels/swish.h"

#include <cstdint>
#include <cstring>

namespace neo::kernels::internal {

#if defined(__x86_64__) && defined(__GNUC__)

bool FastSwishAvailable() {
#ifdef __AVX512F__
  return true;
#else
  return __builtin_cpu_supports("avx512f");
#endif
}

namespace {

// Sixteen lanes in GCC's vector types: one AVX-512 register inside the function below.
typedef float Floats16 __attribute__((vector_size(64)));
typedef int32_t Ints16 __attribute__((vector_size(64)));

}  // namespace

// sigmoid(x) from z = exp(-|x|), which never overflows: 1 / (1 + z) for x >= 0, else
// z / (1 + z). exp by range reduction, t = n ln2 + r with |r| <= ln2 / 2 (ln2 split in
// two so that n ln2 is exact), and the degree-6 Taylor polynomial of e^r (error under
// 1.3e-7), times 2^n built in the exponent bits. Below t = -87 (where 2^n would leave the
// normal floats) z is taken as 0: x * sigmoid(x) is then smaller than 2e-36.
__attribute__((target("avx512f"), always_inline)) inline Floats16 Swish16(Floats16 x) {
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
  return x * ((x >= zero ? one : z) / (one + z));
}

__attribute__((target("avx512f"))) void SwishInPlace(float* data, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    Floats16 x;
    std::memcpy(&x, data + i, sizeof x);
    x = Swish16(x);
    std::memcpy(data + i, &x, sizeof x);
  }
  if (i < n) {  // the tail through a full vector, so it is computed the same way
    Floats16 x = {};
    std::memcpy(&x, data + i, (n - i) * sizeof(float));
    x = Swish16(x);
    std::memcpy(data + i, &x, (n - i) * sizeof(float));
  }
}

#else  // no vector path: callers keep oneDNN's post-op

bool FastSwishAvailable() { return false; }
void SwishInPlace(float*, size_t) {}

#endif

}  // namespace neo::kernels::internal
