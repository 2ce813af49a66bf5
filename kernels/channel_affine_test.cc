#include "kernels/channel_affine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/reference/channel_affine.h"

namespace neo::kernels {
namespace {

TEST(ChannelAffineTest, ConcatenatesScalesShiftsAndClamps) {
  // Two pixels; inputs of 1 and 2 channels.
  const std::vector<float> a = {1, -2};
  const std::vector<float> b = {3, 4, 5, -6};
  const std::vector<float> scale = {2, 10, -1};
  const std::vector<float> shift = {0.5f, 0, 1};
  ChannelAffineParams p;
  p.input_shapes = {{2, 1}, {2, 2}};
  p.output_min = 0;
  p.output_max = 40;
  ASSERT_TRUE(ChannelAffineSupports(Backend::kReference, p));
  std::vector<float> y(6);
  Context context(1);
  ChannelAffine op(context, p, Backend::kReference, scale.data(), shift.data(),
                   {a.data(), b.data()}, y.data());
  op.Run();
  // pixel 0: [1*2+.5, 3*10, 4*-1+1] ; pixel 1: [-2*2+.5, 5*10, -6*-1+1], clamped to [0, 40].
  EXPECT_EQ(y, (std::vector<float>{2.5f, 30, 0, 0, 40, 7}));
}

// Channel counts around the vector width, many inputs (DenseNet's last concatenations
// join 33), with and without a clamp: equal to the reference, element for element.
TEST(ChannelAffineTest, MatchesTheReferenceExactly) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-3, 3);
  Context context(1);
  for (int trial = 0; trial < 60; ++trial) {
    ChannelAffineParams p;
    const int64_t pixels = 1 + rng() % 9;
    const int inputs = 1 + static_cast<int>(rng() % (trial < 5 ? 33 : 4));
    std::vector<std::vector<float>> xs;
    int64_t total = 0;
    for (int i = 0; i < inputs; ++i) {
      const int64_t c = 1 + rng() % 40;
      p.input_shapes.push_back({1, pixels, c});
      xs.emplace_back(static_cast<size_t>(pixels * c));
      for (float& v : xs.back()) v = dist(rng);
      total += c;
    }
    if (trial % 3 == 1) p.output_min = 0;
    if (trial % 3 == 2) p.output_max = 1.5f;
    std::vector<float> scale(static_cast<size_t>(total)), shift(scale.size());
    for (float& v : scale) v = dist(rng);
    for (float& v : shift) v = dist(rng);
    std::vector<const void*> in;
    std::vector<const float*> in_f;
    for (const auto& x : xs) {
      in.push_back(x.data());
      in_f.push_back(x.data());
    }
    std::vector<float> got(static_cast<size_t>(pixels * total)), want(got.size());
    ChannelAffine op(context, p, Backend::kReference, scale.data(), shift.data(), in, got.data());
    op.Run();
    reference::ChannelAffine(p, scale.data(), shift.data(), in_f.data(), want.data());
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

// Large enough to split over two threads: XNNPACK's pool, or OpenMP's team when the
// model's threads are oneDNN's.
TEST(ChannelAffineTest, TwoThreadsMatchTheReference) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> dist(-2, 2);
  ChannelAffineParams p;
  p.input_shapes = {{1, 37, 29, 64}, {1, 37, 29, 32}, {1, 37, 29, 5}};
  p.output_min = 0;
  std::vector<std::vector<float>> xs;
  std::vector<const void*> in;
  std::vector<const float*> in_f;
  for (const Dims& s : p.input_shapes) {
    xs.emplace_back(static_cast<size_t>(s.num_elements()));
    for (float& v : xs.back()) v = dist(rng);
  }
  for (const auto& x : xs) {
    in.push_back(x.data());
    in_f.push_back(x.data());
  }
  std::vector<float> scale(101), shift(101);
  for (float& v : scale) v = dist(rng);
  for (float& v : shift) v = dist(rng);
  std::vector<float> want(37 * 29 * 101);
  reference::ChannelAffine(p, scale.data(), shift.data(), in_f.data(), want.data());
  for (bool openmp : {false, true}) {
    Context context(2, /*xnnpack_on_calling_thread=*/openmp);
    std::vector<float> got(want.size(), -1);
    ChannelAffine op(context, p, Backend::kReference, scale.data(), shift.data(), in, got.data());
    context.BeginRun();
    op.Run();
    EXPECT_EQ(got, want) << (openmp ? "OpenMP" : "pthreadpool");
  }
}

TEST(ChannelAffineTest, NaNPassesThroughTheClamp) {
  const std::vector<float> x(9, std::numeric_limits<float>::quiet_NaN());
  const std::vector<float> scale(9, 1), shift(9, 0);
  ChannelAffineParams p;
  p.input_shapes = {{1, 9}};
  p.output_min = 0;
  std::vector<float> y(9);
  Context context(1);
  ChannelAffine op(context, p, Backend::kReference, scale.data(), shift.data(), {x.data()}, y.data());
  op.Run();
  for (float v : y) EXPECT_TRUE(std::isnan(v));
}

TEST(ChannelAffineTest, Supports) {
  ChannelAffineParams p;
  EXPECT_FALSE(ChannelAffineSupports(Backend::kReference, p));  // no input
  p.input_shapes = {{2, 3}, {3, 3}};
  EXPECT_FALSE(ChannelAffineSupports(Backend::kReference, p));  // pixels differ
  p.input_shapes = {{2, 3}, {2, 5}};
  EXPECT_TRUE(ChannelAffineSupports(Backend::kReference, p));
  EXPECT_FALSE(ChannelAffineSupports(Backend::kOnednn, p));
  p.output_min = 2;
  p.output_max = 1;
  EXPECT_FALSE(ChannelAffineSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
