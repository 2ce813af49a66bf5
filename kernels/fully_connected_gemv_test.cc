// Our matrix-vector product (fully_connected_gemv.h) against the reference loops: one to
// four rows, output counts that leave partial vectors and panels, activations and clamps,
// no bias, panels shared between threads; and convolutions of one pixel, which take it.
#include "kernels/fully_connected_gemv.h"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/reference/conv2d.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

constexpr float kInf = std::numeric_limits<float>::infinity();

FullyConnectedParams Fc(int batch, int in, int out, float lo = -kInf, float hi = kInf,
                        Activation a = Activation::kNone) {
  FullyConnectedParams p{};
  p.batch = batch;
  p.input_channels = in;
  p.output_channels = out;
  p.output_min = lo;
  p.output_max = hi;
  p.activation = a;
  if (a == Activation::kHardSigmoid) {
    p.activation_alpha = 0.2f;
    p.activation_beta = 0.5f;
  }
  return p;
}

bool HasAvx512F() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f") != 0;
#else
  return false;
#endif
}

// The thread count changes nothing, bit for bit: every output sums its products in input
// order, then adds its bias.
TEST(FullyConnectedGemvTest, MatchesReferenceOnAnyThreads) {
  const std::vector<FullyConnectedParams> cases = {
      Fc(1, 1280, 1000),  // a classifier: 16 panels, the last of 1.5 vectors
      Fc(1, 960, 1280, -kInf, kInf, Activation::kHardSwish),
      Fc(2, 300, 64, 0.0f),         // one whole panel, Relu
      Fc(3, 130, 65, 0.0f, 6.0f),   // one lane past a panel
      Fc(4, 64, 200, -0.5f, 0.5f),  // four rows, 13 vectors
      Fc(1, 1, 17),                 // one input
      Fc(1, 40, 15),                // less than a vector
      Fc(2, 72, 48, -kInf, kInf, Activation::kSwish),
      Fc(1, 576, 72, -kInf, kInf, Activation::kHardSigmoid),
      Fc(1, 48, 1152, -kInf, kInf, Activation::kSigmoid),
  };
  for (const FullyConnectedParams& p : cases) {
    ASSERT_TRUE(internal::IsGemvFullyConnected(p));
    const size_t n = size_t{1} * p.batch * p.output_channels;
    const auto filter = Random(size_t{1} * p.input_channels * p.output_channels, 1);
    const auto bias = Random(p.output_channels, 2);
    const auto input = Random(size_t{1} * p.batch * p.input_channels, 3);
    for (bool with_bias : {true, false}) {
      const float* b = with_bias ? bias.data() : nullptr;
      std::vector<float> expected(n);
      reference::FullyConnected(p, filter.data(), b, input.data(), expected.data());
      std::vector<float> first;
      for (int threads : {1, 2}) {
        Context context(threads);
        std::vector<float> output(n + 16, -7.0f);  // beyond n must stay untouched
        std::unique_ptr<internal::Op> op = internal::MakeGemvFullyConnected(
            context, p, filter.data(), b, input.data(), output.data());
        ASSERT_EQ(op != nullptr, HasAvx512F());
        if (op == nullptr) continue;
        EXPECT_EQ(std::string(op->implementation()), "neo_gemv:avx512");
        context.BeginRun();
        op->Run();
        for (size_t i = n; i < output.size(); ++i) ASSERT_EQ(output[i], -7.0f) << i;
        output.resize(n);
        EXPECT_TRUE(AllClose(output, expected, 2e-5f))
            << p.batch << " x " << p.input_channels << "->" << p.output_channels << " activation "
            << EnumeratorName(p.activation) << (with_bias ? "" : " no bias") << ", " << threads
            << " threads";
        if (first.empty()) {
          first = output;
        } else {
          EXPECT_EQ(output, first) << p.input_channels << "->" << p.output_channels;
        }
      }
    }
  }
}

// FullyConnected's oneDNN backend runs ours for these layers where the CPU has AVX-512.
TEST(FullyConnectedGemvTest, FullyConnectedTakesItOnOnednnBackend) {
  const FullyConnectedParams p = Fc(1, 1280, 1000);
  std::vector<float> w(1280 * 1000), in(1280), out(1000);
  Context context(1);
  FullyConnected fc(context, p, Backend::kOnednn, w.data(), nullptr, in.data(), out.data());
  EXPECT_EQ(std::string(fc.implementation()) == "neo_gemv:avx512", HasAvx512F())
      << fc.implementation();
}

// Where it applies: one to four rows.
TEST(FullyConnectedGemvTest, TakesOnlyItsShapes) {
  EXPECT_TRUE(internal::IsGemvFullyConnected(Fc(4, 8, 8)));
  EXPECT_TRUE(internal::IsGemvFullyConnected(Fc(1, 8, 8, -kInf, kInf, Activation::kSigmoid)));
  EXPECT_FALSE(internal::IsGemvFullyConnected(Fc(5, 8, 8)));
}

// Squeeze-excitation's layers: a 1x1 convolution of one pixel per image.
Conv2DParams SqueezeConv(int batch, int in, int out, Activation a) {
  Conv2DParams p{};
  p.batch = batch;
  p.input_height = p.input_width = p.output_height = p.output_width = 1;
  p.input_channels = in;
  p.output_channels = out;
  p.kernel_height = p.kernel_width = 1;
  p.stride_height = p.stride_width = p.dilation_height = p.dilation_width = 1;
  p.groups = 1;
  p.activation = a;
  if (a == Activation::kHardSigmoid) {
    p.activation_alpha = 1.0f / 6.0f;
    p.activation_beta = 0.5f;
  }
  return p;
}

TEST(FullyConnectedGemvTest, ConvOfOnePixelMatchesReference) {
  for (const Conv2DParams& p : {SqueezeConv(1, 1152, 48, Activation::kSwish),
                                SqueezeConv(1, 48, 1152, Activation::kSigmoid),
                                SqueezeConv(2, 240, 960, Activation::kHardSigmoid),
                                SqueezeConv(1, 960, 240, Activation::kNone)}) {
    ASSERT_TRUE(internal::IsGemvConv(p));
    const size_t n = size_t{1} * p.batch * p.output_channels;
    const auto filter = Random(size_t{1} * p.input_channels * p.output_channels, 1);
    const auto bias = Random(p.output_channels, 2);
    const auto input = Random(size_t{1} * p.batch * p.input_channels, 3);
    std::vector<float> expected(n), output(n, -7.0f);
    reference::Conv2D(p, filter.data(), bias.data(), input.data(), expected.data());
    Context context(2);
    Conv2D conv(context, p, Backend::kOnednn, filter.data(), bias.data(), input.data(),
                output.data());
    EXPECT_EQ(std::string(conv.implementation()) == "neo_gemv:avx512", HasAvx512F())
        << conv.implementation();
    context.BeginRun();
    conv.Run();
    EXPECT_TRUE(AllClose(output, expected, 2e-5f))
        << p.input_channels << "->" << p.output_channels << " activation "
        << EnumeratorName(p.activation);
  }
}

TEST(FullyConnectedGemvTest, ConvTakesOnlyOnePixelShapes) {
  const Conv2DParams base = SqueezeConv(1, 64, 64, Activation::kNone);
  EXPECT_TRUE(internal::IsGemvConv(base));
  Conv2DParams larger = base, residual = base, scaled = base, grouped = base, padded = base,
               batch = base;
  larger.input_height = larger.output_height = 2;
  residual.accumulate = true;
  scaled.scaled_input = true;
  grouped.groups = 2;
  padded.kernel_height = padded.kernel_width = 3;
  padded.pad_top = padded.pad_left = padded.pad_bottom = padded.pad_right = 1;
  batch.batch = 5;
  for (const Conv2DParams& p : {larger, residual, scaled, grouped, padded, batch}) {
    EXPECT_FALSE(internal::IsGemvConv(p)) << p.input_height << " " << p.kernel_height;
  }
}

}  // namespace
}  // namespace neo::kernels
