#include "kernels/conv_transpose.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/reference/conv_transpose.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

ConvTranspose2DParams Geometry(int ih, int iw, int c, int o, int k, int s, int pad) {
  ConvTranspose2DParams p;
  p.batch = 1;
  p.input_height = ih;
  p.input_width = iw;
  p.input_channels = c;
  p.output_channels = o;
  p.kernel_height = p.kernel_width = k;
  p.stride_height = p.stride_width = s;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = pad;
  p.output_height = (ih - 1) * s + k - 2 * pad;
  p.output_width = (iw - 1) * s + k - 2 * pad;
  return p;
}

TEST(ConvTranspose2DTest, OverlapCountsHandComputed) {
  // A 2x2 input of ones through a 3x3 kernel of ones, stride 1: each output counts the
  // input pixels whose kernel covers it. Bias 0.5.
  const auto p = Geometry(2, 2, 1, 1, 3, 1, 0);
  const std::vector<float> x(4, 1.0f), w(9, 1.0f), bias = {0.5f};
  const std::vector<float> want = {1.5, 2.5, 2.5, 1.5, 2.5, 4.5, 4.5, 2.5,
                                   2.5, 4.5, 4.5, 2.5, 1.5, 2.5, 2.5, 1.5};
  Context context(1);
  for (Backend b : {Backend::kReference, Backend::kOnednn}) {
    ASSERT_TRUE(ConvTranspose2DSupports(b, p));
    std::vector<float> out(16);
    ConvTranspose2D op(context, p, b, w.data(), bias.data(), x.data(), out.data());
    op.Run();
    EXPECT_EQ(out, want) << BackendName(b);
  }
}

TEST(ConvTranspose2DTest, StrideTwoSpreadsPixels) {
  // 1 channel 2x1 input [1, 2], 1x1 kernel [3], stride 2, output padding 1 on height:
  // output 4x1 = [3, 0, 6, 0].
  auto p = Geometry(2, 1, 1, 1, 1, 2, 0);
  p.output_padding_height = 1;
  p.output_height = 4;
  const std::vector<float> x = {1, 2}, w = {3};
  Context context(1);
  for (Backend b : {Backend::kReference, Backend::kOnednn}) {
    if (!ConvTranspose2DSupports(b, p)) continue;
    std::vector<float> out(4, -1.0f);
    ConvTranspose2D op(context, p, b, w.data(), nullptr, x.data(), out.data());
    op.Run();
    EXPECT_EQ(out, (std::vector<float>{3, 0, 6, 0})) << BackendName(b);
  }
}

// Random geometries (groups, dilation, asymmetric pads, output padding, both layouts,
// clamp): oneDNN against the reference on 1 and 2 threads.
TEST(ConvTranspose2DTest, OnednnMatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(3);
  Context one(1), two(2);
  int ran = 0;
  for (int trial = 0; trial < 150; ++trial) {
    ConvTranspose2DParams p;
    p.groups = 1 + rng() % 3;
    p.batch = 1 + rng() % 2;
    p.input_channels = p.groups * (1 + rng() % 4);
    p.output_channels = p.groups * (1 + rng() % 4);
    p.input_height = 1 + rng() % 6;
    p.input_width = 1 + rng() % 6;
    p.kernel_height = 1 + rng() % 4;
    p.kernel_width = 1 + rng() % 4;
    p.stride_height = 1 + rng() % 3;
    p.stride_width = 1 + rng() % 3;
    p.dilation_height = 1 + rng() % 2;
    p.dilation_width = 1 + rng() % 2;
    p.pad_top = rng() % 3;
    p.pad_left = rng() % 3;
    p.pad_bottom = rng() % 3;
    p.pad_right = rng() % 3;
    p.output_padding_height = rng() % p.stride_height;
    p.output_padding_width = rng() % p.stride_width;
    p.nhwc = rng() % 2;
    if (rng() % 3 == 0) {
      p.output_min = 0.0f;
      p.output_max = rng() % 2 ? 6.0f : p.output_max;
    }
    p.output_height = (p.input_height - 1) * p.stride_height +
                      (p.kernel_height - 1) * p.dilation_height + 1 - p.pad_top -
                      p.pad_bottom + p.output_padding_height;
    p.output_width = (p.input_width - 1) * p.stride_width +
                     (p.kernel_width - 1) * p.dilation_width + 1 - p.pad_left - p.pad_right +
                     p.output_padding_width;
    if (p.output_height < 1 || p.output_width < 1) continue;
    ASSERT_TRUE(ConvTranspose2DSupports(Backend::kReference, p));
    if (!ConvTranspose2DSupports(Backend::kOnednn, p)) continue;
    const auto x = testing::Random(
        int64_t{p.batch} * p.input_height * p.input_width * p.input_channels, 3 * trial);
    const auto w = testing::Random(int64_t{p.input_channels} * (p.output_channels / p.groups) *
                                       p.kernel_height * p.kernel_width,
                                   3 * trial + 1);
    const auto bias = testing::Random(p.output_channels, 3 * trial + 2);
    const bool with_bias = rng() % 2;
    std::vector<float> want(int64_t{p.batch} * p.output_height * p.output_width *
                            p.output_channels),
        got(want.size(), -9.0f);
    reference::ConvTranspose2D(p, w.data(), with_bias ? bias.data() : nullptr, x.data(),
                               want.data());
    ConvTranspose2D op(trial % 2 ? two : one, p, Backend::kOnednn, w.data(),
                       with_bias ? bias.data() : nullptr, x.data(), got.data());
    op.Run();
    ++ran;
    ASSERT_TRUE(testing::AllClose(got, want, 1e-5f)) << "trial " << trial;
  }
  EXPECT_GT(ran, 80);
}

TEST(ConvTranspose2DTest, Declines) {
  auto p = Geometry(2, 2, 1, 1, 3, 1, 0);
  p.output_height = 5;  // inconsistent with the formula
  EXPECT_FALSE(ConvTranspose2DSupports(Backend::kReference, p));
  p = Geometry(2, 2, 3, 2, 3, 1, 0);
  p.groups = 2;  // 3 channels do not split into 2 groups
  EXPECT_FALSE(ConvTranspose2DSupports(Backend::kReference, p));
  EXPECT_FALSE(ConvTranspose2DSupports(Backend::kXnnpack, Geometry(2, 2, 1, 1, 3, 1, 0)));
}

}  // namespace
}  // namespace neo::kernels
