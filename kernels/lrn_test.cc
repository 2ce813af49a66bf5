#include "kernels/lrn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/reference/lrn.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

TEST(LrnTest, OnnxFormulaHandComputed) {
  // One pixel, channels [1, 2, 3], size 3: sums of squares 5, 14, 13.
  const std::vector<float> x = {1, 2, 3};
  const LrnParams p{1, 3, 1, 3, 0.3f, 0.75f, 2.0f};
  std::vector<float> want(3);
  const float sums[] = {5, 14, 13};
  for (int c = 0; c < 3; ++c) want[c] = x[c] / std::pow(2.0f + 0.3f / 3 * sums[c], 0.75f);
  Context context(1);
  for (Backend b : {Backend::kReference, Backend::kOnednn}) {
    ASSERT_TRUE(LrnSupports(b, p));
    std::vector<float> out(3);
    Lrn op(context, p, b, x.data(), out.data());
    op.Run();
    EXPECT_TRUE(testing::AllClose(out, want, 1e-6f)) << BackendName(b);
  }
}

TEST(LrnTest, EvenSizeWindowIsOnnxs) {
  // size 2: the window is [c, c + 1] (floor((2-1)/2) = 0 below, ceil = 1 above).
  const std::vector<float> x = {1, 2, 3};
  const LrnParams p{1, 3, 1, 2, 1.0f, 1.0f, 1.0f};
  std::vector<float> out(3);
  Context context(1);
  Lrn op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  EXPECT_FLOAT_EQ(out[0], 1.0f / (1.0f + 0.5f * 5));
  EXPECT_FLOAT_EQ(out[1], 2.0f / (1.0f + 0.5f * 13));
  EXPECT_FLOAT_EQ(out[2], 3.0f / (1.0f + 0.5f * 9));
  EXPECT_FALSE(LrnSupports(Backend::kOnednn, p));
}

TEST(LrnTest, OnednnMatchesReferenceOnRandomShapes) {
  std::mt19937 rng(13);
  Context one(1), two(2);
  for (int trial = 0; trial < 80; ++trial) {
    LrnParams p;
    p.outer = 1 + rng() % 20;
    p.channels = 1 + rng() % 40;
    p.inner = rng() % 2 ? 1 : 1 + rng() % 20;  // NHWC or NCHW
    p.size = 1 + 2 * (rng() % 4);
    p.alpha = 1e-4f * (1 + rng() % 100);
    p.beta = 0.5f + 0.25f * (rng() % 3);
    p.bias = 1.0f + (rng() % 3);
    ASSERT_TRUE(LrnSupports(Backend::kOnednn, p)) << "trial " << trial;
    const auto x = testing::Random(int64_t{p.outer} * p.channels * p.inner, trial, -3, 3);
    std::vector<float> want(x.size()), got(x.size(), -9.0f);
    reference::Lrn(p, x.data(), want.data());
    Lrn op(trial % 2 ? two : one, p, Backend::kOnednn, x.data(), got.data());
    op.Run();
    ASSERT_TRUE(testing::AllClose(got, want, 1e-5f)) << "trial " << trial;
  }
}

}  // namespace
}  // namespace neo::kernels
