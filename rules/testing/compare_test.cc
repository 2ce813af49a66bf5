#include "rules/testing/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace neo {
namespace testing {
namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(IsCloseTest, MatchesNumpyIsclose) {
  // Expected values are numpy 1.24's np.isclose(a, b, rtol=1e-3, atol=1e-4); the bound is
  // 1e-4 + 1e-3*|b|.
  const Tolerance tol{1e-4, 1e-3};
  EXPECT_TRUE(IsClose(1.0, 1.0, tol));
  EXPECT_TRUE(IsClose(1.00109, 1.0, tol));   // 1.09e-3 <= 1.1e-3
  EXPECT_FALSE(IsClose(1.0011, 1.0, tol));   // exactly on the bound, lost to rounding
  EXPECT_FALSE(IsClose(1.0012, 1.0, tol));   // 1.2e-3 > 1.1e-3
  EXPECT_TRUE(IsClose(0.0, 0.0001, tol));    // 1e-4 <= 1e-4 + 1e-7
  EXPECT_FALSE(IsClose(0.0, 0.0002, tol));
  // Asymmetric, as numpy's: the tolerance scales with the golden (second argument).
  EXPECT_TRUE(IsClose(1.0, 2.0, Tolerance{0, 0.5}));    // 1 <= 0.5*2
  EXPECT_FALSE(IsClose(2.0, 1.0, Tolerance{0, 0.5}));   // 1 >  0.5*1
  EXPECT_TRUE(IsClose(kInf, kInf, tol));
  EXPECT_FALSE(IsClose(kInf, -kInf, tol));
  EXPECT_FALSE(IsClose(1e300, kInf, tol));
  EXPECT_FALSE(IsClose(kNaN, kNaN, tol));   // equal_nan=False
  EXPECT_FALSE(IsClose(0.0, kNaN, tol));
}

TEST(IsCloseTest, EqualNanMatchesOnlyNanWithNan) {
  Tolerance tol;
  tol.equal_nan = true;
  EXPECT_TRUE(IsClose(kNaN, kNaN, tol));
  EXPECT_FALSE(IsClose(0.0, kNaN, tol));
  EXPECT_FALSE(IsClose(kNaN, 0.0, tol));
  const CompareStats s = Compare({kNaN, 1.0}, {kNaN, 1.0}, tol);
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.max_abs_error, 0);
}

TEST(CompareTest, IdenticalPasses) {
  const std::vector<double> g = {-3, 0.5, 9};
  const CompareStats s = Compare(g, g, Tolerance{});
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.max_abs_error, 0);
  EXPECT_EQ(s.golden_min, -3);
  EXPECT_EQ(s.golden_max, 9);
  EXPECT_EQ(FormatStats("out", "(3,)", s, g, g),
            "out (3,): max abs err 0, max rel err 0, mismatches 0/3, golden in [-3, 9]");
}

TEST(CompareTest, WrongOutputFails) {
  const std::vector<double> golden = {1, 2, 4, 0};
  const std::vector<double> actual = {1, 2.5, 4.0001, 0.001};
  const CompareStats s = Compare(actual, golden, Tolerance{1e-4, 1e-3});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.mismatches, 2u);  // 2.5 vs 2, and 0.001 vs 0 (beyond atol)
  EXPECT_EQ(s.first_mismatch, 1u);
  EXPECT_DOUBLE_EQ(s.max_abs_error, 0.5);
  EXPECT_DOUBLE_EQ(s.max_rel_error, 0.25);  // 0.5/2; the zero golden is left out
  EXPECT_EQ(FormatStats("prob", "(4,)", s, actual, golden),
            "prob (4,): max abs err 0.5, max rel err 0.25, mismatches 2/4, golden in [0, 4]; "
            "first mismatch at flat index 1: got 2.5, want 2");
}

TEST(CompareTest, NaNInOutputFails) {
  const CompareStats s = Compare({1, kNaN}, {1, 2}, Tolerance{});
  EXPECT_EQ(s.mismatches, 1u);
  EXPECT_EQ(s.max_abs_error, kInf);
}

TEST(CompareTest, MatchingInfinitiesPass) {
  const CompareStats s = Compare({-kInf, 1}, {-kInf, 1}, Tolerance{});
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.max_abs_error, 0);
  EXPECT_EQ(s.golden_min, 1);  // spread over finite values
}

TEST(CompareTest, LengthDifferenceFails) {
  const CompareStats s = Compare({1, 2}, {1, 2, 3}, Tolerance{});
  EXPECT_EQ(s.mismatches, 1u);
  EXPECT_EQ(s.first_mismatch, 2u);
}

}  // namespace
}  // namespace testing
}  // namespace neo
