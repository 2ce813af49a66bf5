// Helpers shared by the kernel tests: deterministic random data and a tolerant compare.
#ifndef NEO_KERNELS_TEST_UTIL_H_
#define NEO_KERNELS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <xnnpack.h>

#include "kernels/backend.h"

namespace neo::kernels::testing {

// The capacity goes past the elements as a model's arena does (kernels/arena.cc): XNNPACK's
// micro-kernels may read (never use) up to XNN_EXTRA_BYTES past an input's end.
inline std::vector<float> Random(size_t n, unsigned seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v;
  v.reserve(n + XNN_EXTRA_BYTES / sizeof(float));
  v.resize(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// |actual - expected| <= rtol * max(|expected|, scale), where `scale` is the largest
// |expected| (a sum of many products can cancel to near zero; its error cannot).
inline ::testing::AssertionResult AllClose(const std::vector<float>& actual,
                                           const std::vector<float>& expected,
                                           float rtol = 1e-4f) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << "size " << actual.size() << " vs "
                                         << expected.size();
  }
  float scale = 1e-6f;
  for (float e : expected) scale = std::max(scale, std::fabs(e));
  for (size_t i = 0; i < actual.size(); ++i) {
    const float a = actual[i], e = expected[i];
    if (std::isnan(e) && std::isnan(a)) continue;
    if (std::isinf(e) && a == e) continue;
    const float tol = rtol * std::max(std::fabs(e), scale);
    if (!(std::fabs(a - e) <= tol)) {
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << a << ", want " << e << " (tolerance " << tol
             << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

inline const Backend kAllBackends[] = {Backend::kReference, Backend::kXnnpack,
                                       Backend::kOnednn, Backend::kOnednnWinograd};

}  // namespace neo::kernels::testing

#endif  // NEO_KERNELS_TEST_UTIL_H_
