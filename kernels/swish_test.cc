#include "kernels/swish.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/activation.h"

namespace neo::kernels::internal {
namespace {

double Exact(float x) { return x / (1.0 + std::exp(-static_cast<double>(x))); }

std::vector<float> Swished(std::vector<float> v) {
  SwishInPlace(v.data(), v.size());
  return v;
}

TEST(SwishTest, WithinThreeAndAHalfTenMillionthsOfTheExactValue) {
  // Every 1/64 from -100 to 100, and the float neighbours of the points where the
  // code changes branch (0, -87) and where the reduction rounds (multiples of ln2 / 2).
  std::vector<float> x;
  for (int i = -6400; i <= 6400; ++i) x.push_back(i / 64.0f);
  for (float edge : {0.0f, -87.0f, 87.0f, 0.34657359f, -0.34657359f, 1.03972077f}) {
    float below = edge, above = edge;
    for (int k = 0; k < 8; ++k) {
      below = std::nextafter(below, -1e9f);
      above = std::nextafter(above, 1e9f);
      x.push_back(below);
      x.push_back(above);
    }
  }
  const std::vector<float> y = Swished(x);
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = Exact(x[i]);
    if (x[i] < -87.0f) {
      EXPECT_LE(std::fabs(y[i]), 2e-36) << "x = " << x[i];
    } else {
      EXPECT_LE(std::fabs(y[i] - want), 3.5e-7 * std::fabs(want) + 1e-45)
          << "x = " << x[i] << ": " << y[i] << " vs " << want;
    }
  }
}

TEST(SwishTest, AgreesWithTheDefinitionOnLayerLikeValues) {
  std::vector<float> x(1000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(i * 0.37f) * 6.0f;
  const std::vector<float> y = Swished(x);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(y[i], ApplyActivation(Activation::kSwish, 0, 0, x[i]), 1e-6f) << x[i];
  }
}

TEST(SwishTest, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> y =
      Swished({0.0f, -0.0f, inf, -inf, std::nanf(""), 1e30f, -1e30f, 1e-30f});
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], inf);
  EXPECT_TRUE(std::isnan(y[3]));  // -inf / (1 + e^inf), as the definition gives it
  EXPECT_TRUE(std::isnan(y[4]));
  EXPECT_EQ(y[5], 1e30f);
  EXPECT_EQ(y[6], 0.0f);
  EXPECT_FLOAT_EQ(y[7], 0.5e-30f);
}

TEST(SwishTest, SameResultWhereverTheValueSits) {
  // Lengths around the 16-wide vector, so tails of every size are covered, and nothing
  // past n is touched.
  std::vector<float> values(40);
  for (size_t i = 0; i < values.size(); ++i) values[i] = -5.0f + 0.29f * i;
  const std::vector<float> whole = Swished(values);
  for (size_t n = 0; n <= 33; ++n) {
    for (size_t offset : {0, 1, 7}) {
      std::vector<float> buffer = values;
      buffer.push_back(123.0f);
      SwishInPlace(buffer.data() + offset, n);
      for (size_t i = 0; i < buffer.size() - 1; ++i) {
        const bool inside = i >= offset && i < offset + n;
        EXPECT_EQ(buffer[i], inside ? whole[i] : values[i]) << "n " << n << " offset " << offset;
      }
      EXPECT_EQ(buffer.back(), 123.0f);
    }
  }
}

TEST(SwishTest, BothLoopsWithinTheBoundOnADenseGrid) {
  // On a CPU with AVX-512 the loop that runs is the AVX-512 one, which computes Swish
  // another way (swish.cc), so its results differ from the portable loop's in the last
  // bits. Both meet the bound, checked every 1/4096 from -87 to 30 (the worst points
  // measured: 2.91e-7 for the AVX-512 loop, 3.30e-7 for the portable one).
  std::vector<float> x;
  for (int i = -87 * 4096; i <= 30 * 4096; ++i) x.push_back(i / 4096.0f);
  for (const bool portable : {false, true}) {
    std::vector<float> y = x;
    (portable ? SwishInPlacePortable : SwishInPlace)(y.data(), y.size());
    int bad = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double want = Exact(x[i]);
      if (!(std::fabs(y[i] - want) <= 3.5e-7 * std::fabs(want) + 1e-45) && bad++ < 5) {
        ADD_FAILURE() << (portable ? "portable" : "chosen") << " x = " << x[i] << ": " << y[i]
                      << " vs " << want;
      }
    }
    EXPECT_EQ(bad, 0) << (portable ? "portable" : "chosen");
  }
}

TEST(SwishTest, FastPathOnlyOnX86) {
#if defined(__x86_64__)
  EXPECT_EQ(FastSwishAvailable(), __builtin_cpu_supports("avx512f") != 0);
#else
  EXPECT_FALSE(FastSwishAvailable());
#endif
}

}  // namespace
}  // namespace neo::kernels::internal
