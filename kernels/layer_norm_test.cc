#include "kernels/layer_norm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/reference/layer_norm.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

// The transformers' shapes (ViT-B/16's 197 tokens of 768, ConvNeXt-T's 56x56 pixels of
// 96 channels), odd sizes around the vector widths, every scale/bias combination, single
// elements (zero variance) and rows of one element.
const LayerNormParams kCases[] = {
    {197, 768, 1e-6f, true, true}, {3136, 96, 1e-6f, true, true}, {1, 768, 1e-5f, true, true},
    {7, 33, 1e-5f, false, false},  {5, 17, 1e-3f, true, false},   {3, 9, 0.1f, false, true},
    {4, 1, 1e-5f, true, true},     {1, 1, 0.0f, true, true},      {2, 1000, 0.0f, true, true},
};

class LayerNormTest
    : public ::testing::TestWithParam<std::tuple<Backend, int, int>> {};  // backend, case, threads

TEST_P(LayerNormTest, MatchesReference) {
  const auto [backend, index, threads] = GetParam();
  const LayerNormParams p = kCases[index];
  if (!LayerNormSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const size_t n = static_cast<size_t>(p.outer) * p.inner;
  // An offset of 100 with a spread of 3: the variance must be taken about the mean.
  const auto input = Random(n, 7 + index, 97.0f, 103.0f);
  const auto scale = Random(static_cast<size_t>(p.inner), 8 + index, -2.0f, 2.0f);
  const auto bias = Random(static_cast<size_t>(p.inner), 9 + index, -1.0f, 1.0f);
  std::vector<float> expected(n), output(n, -7.0f);
  reference::LayerNorm(p, input.data(), scale.data(), bias.data(), expected.data());
  Context context(threads);
  LayerNorm op(context, p, backend, input.data(), p.has_scale ? scale.data() : nullptr,
               p.has_bias ? bias.data() : nullptr, output.data());
  for (int run = 0; run < 2; ++run) {  // a second run must give the same again
    std::fill(output.begin(), output.end(), -7.0f);
    context.BeginRun();
    op.Run();
    EXPECT_TRUE(AllClose(output, expected, 2e-4f)) << "run " << run;
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, LayerNormTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kOnednn),
                       ::testing::Range(0, static_cast<int>(std::size(kCases))),
                       ::testing::Values(1, 2)),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param)) + "_threads" +
             std::to_string(std::get<2>(info.param));
    });

TEST(LayerNormReferenceTest, ByHand) {
  // Row {0, 4}: mean 2, variance ((-2)^2 + 2^2) / 2 = 4, so with epsilon 0 the
  // standardized row is {-1, 1}; with epsilon 12, sqrt(4 + 12) = 4 gives {-0.5, 0.5}.
  const float x[] = {0.0f, 4.0f};
  float y[2];
  reference::LayerNorm({1, 2, 0.0f, false, false}, x, nullptr, nullptr, y);
  EXPECT_FLOAT_EQ(y[0], -1.0f);
  EXPECT_FLOAT_EQ(y[1], 1.0f);
  reference::LayerNorm({1, 2, 12.0f, false, false}, x, nullptr, nullptr, y);
  EXPECT_FLOAT_EQ(y[0], -0.5f);
  EXPECT_FLOAT_EQ(y[1], 0.5f);
  // Scale {3, 0.5} and bias {1, -1}: {-1 * 3 + 1, 1 * 0.5 - 1}.
  const float scale[] = {3.0f, 0.5f}, bias[] = {1.0f, -1.0f};
  reference::LayerNorm({1, 2, 0.0f, true, true}, x, scale, bias, y);
  EXPECT_FLOAT_EQ(y[0], -2.0f);
  EXPECT_FLOAT_EQ(y[1], -0.5f);
  // Scale only, bias only.
  reference::LayerNorm({1, 2, 0.0f, true, false}, x, scale, nullptr, y);
  EXPECT_FLOAT_EQ(y[0], -3.0f);
  EXPECT_FLOAT_EQ(y[1], 0.5f);
  reference::LayerNorm({1, 2, 0.0f, false, true}, x, nullptr, bias, y);
  EXPECT_FLOAT_EQ(y[0], 0.0f);
  EXPECT_FLOAT_EQ(y[1], 0.0f);
  // Rows are independent: {2, 4, 6, 8} has mean 5 and variance (9 + 1 + 1 + 9) / 4 = 5;
  // a constant row has variance 0: with epsilon 0 it is 0 / 0 (NaN, as in ONNX), with
  // epsilon 1 it becomes the bias.
  const float rows[] = {2.0f, 4.0f, 6.0f, 8.0f, 7.0f, 7.0f, 7.0f, 7.0f};
  const float four_bias[] = {0.25f, 0.5f, 0.75f, 1.0f};
  float out[8];
  reference::LayerNorm({2, 4, 0.0f, false, false}, rows, nullptr, nullptr, out);
  const float r5 = std::sqrt(5.0f);
  EXPECT_FLOAT_EQ(out[0], -3.0f / r5);
  EXPECT_FLOAT_EQ(out[1], -1.0f / r5);
  EXPECT_FLOAT_EQ(out[2], 1.0f / r5);
  EXPECT_FLOAT_EQ(out[3], 3.0f / r5);
  EXPECT_TRUE(std::isnan(out[4]));
  reference::LayerNorm({2, 4, 1.0f, false, true}, rows, nullptr, four_bias, out);
  for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(out[4 + i], four_bias[i]);
  // Rows of one element: always 0 before the bias.
  const float single[] = {5.0f, -3.0f};
  reference::LayerNorm({2, 1, 1e-5f, false, true}, single, nullptr, four_bias, out);
  EXPECT_FLOAT_EQ(out[0], 0.25f);
  EXPECT_FLOAT_EQ(out[1], 0.25f);
}

TEST(LayerNormSupportsTest, OnednnTakesNonEmptyTensors) {
  EXPECT_TRUE(LayerNormSupports(Backend::kOnednn, kCases[0]));
  EXPECT_TRUE(LayerNormSupports(Backend::kOnednn, {1, 1, 0.0f, false, false}));
  EXPECT_FALSE(LayerNormSupports(Backend::kOnednn, {0, 8, 1e-5f, true, true}));
  EXPECT_FALSE(LayerNormSupports(Backend::kOnednn, {8, 0, 1e-5f, true, true}));
  EXPECT_TRUE(LayerNormSupports(Backend::kReference, {0, 8, 1e-5f, true, true}));
  EXPECT_FALSE(LayerNormSupports(Backend::kReference, {1, 8, -1.0f, true, true}));
  EXPECT_FALSE(LayerNormSupports(Backend::kXnnpack, kCases[0]));
  EXPECT_FALSE(LayerNormSupports(Backend::kOnednnWinograd, kCases[0]));
}

}  // namespace
}  // namespace neo::kernels
