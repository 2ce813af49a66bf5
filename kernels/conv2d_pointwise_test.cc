// Our 1x1 kernel (conv2d_pointwise.h) against the reference loops: channel counts that
// leave partial vectors and blocks, input channels summed in several chunks, a residual and
// clamps, several images, rows shared between threads or (too few rows) output channels.
#include "kernels/conv2d_pointwise.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "kernels/conv2d.h"
#include "kernels/reference/conv2d.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

constexpr float kInf = std::numeric_limits<float>::infinity();

Conv2DParams Pointwise(int n, int h, int w, int in, int out, float lo = -kInf, float hi = kInf) {
  Conv2DParams p{};
  p.batch = n;
  p.input_height = p.output_height = h;
  p.input_width = p.output_width = w;
  p.input_channels = in;
  p.output_channels = out;
  p.kernel_height = p.kernel_width = 1;
  p.stride_height = p.stride_width = p.dilation_height = p.dilation_width = 1;
  p.groups = 1;
  p.output_min = lo;
  p.output_max = hi;
  return p;
}

// The thread count changes nothing, bit for bit: every output sums its products in input
// channel order.
TEST(Conv2DPointwiseTest, MatchesReferenceOnAnyThreads) {
  std::vector<Conv2DParams> cases = {
      Pointwise(1, 7, 7, 1152, 192, 0.0f),        // nine chunks of input channels
      Pointwise(1, 14, 14, 480, 80),              // five vectors: blocks of three and two
      Pointwise(2, 5, 9, 40, 24, 0.0f, 6.0f),     // a partial vector, two images, Relu6
      Pointwise(1, 56, 56, 24, 72),               // several blocks of rows
      Pointwise(1, 1, 1, 300, 100),               // one row: threads share the channels
      Pointwise(1, 3, 5, 130, 200, -0.5f, 0.5f),  // 15 rows, uneven chunks, 13 vectors
      Pointwise(1, 28, 28, 17, 33),               // one lane in the last vector
  };
  Conv2DParams residual = cases[0];
  residual.accumulate = true;
  cases.push_back(residual);
  residual = cases[2];
  residual.accumulate = true;
  cases.push_back(residual);
  for (const Conv2DParams& p : cases) {
    ASSERT_TRUE(internal::IsPointwiseConv(p));
    const size_t n = size_t{1} * p.batch * p.output_height * p.output_width * p.output_channels;
    const auto filter = Random(size_t{1} * p.input_channels * p.output_channels, 1);
    const auto bias = Random(p.output_channels, 2);
    const auto input =
        Random(size_t{1} * p.batch * p.input_height * p.input_width * p.input_channels, 3);
    const auto residual_values = Random(n, 4);
    Conv2DParams plain = p;
    plain.accumulate = false;
    plain.output_min = -kInf;
    plain.output_max = kInf;
    std::vector<float> expected(n);
    reference::Conv2D(plain, filter.data(), bias.data(), input.data(), expected.data());
    for (size_t i = 0; i < n; ++i) {
      const float y = expected[i] + (p.accumulate ? residual_values[i] : 0.0f);
      expected[i] = std::min(std::max(y, p.output_min), p.output_max);
    }
    std::vector<float> first;
    for (int threads : {1, 2}) {
      Context context(threads);
      std::vector<float> output = p.accumulate ? residual_values : std::vector<float>(n, -7.0f);
      std::unique_ptr<internal::Op> op = internal::MakePointwiseConv(
          context, p, filter.data(), bias.data(), input.data(), output.data());
#if defined(__x86_64__)
      ASSERT_EQ(op != nullptr, __builtin_cpu_supports("avx512f") != 0);
#endif
      if (op == nullptr) continue;
      EXPECT_EQ(std::string(op->implementation()), "neo_pointwise_1x1:avx512");
      context.BeginRun();
      op->Run();
      EXPECT_TRUE(AllClose(output, expected, 2e-5f))
          << p.input_channels << "->" << p.output_channels << ", " << threads << " threads";
      if (first.empty()) {
        first = output;
      } else {
        EXPECT_EQ(output, first) << p.input_channels << "->" << p.output_channels;
      }
    }
  }
}

// Conv2D's oneDNN backend runs ours for these layers where the CPU has AVX-512.
TEST(Conv2DPointwiseTest, ConvTakesItOnOnednnBackend) {
  const Conv2DParams p = Pointwise(1, 14, 14, 96, 576, 0.0f);
  std::vector<float> w(96 * 576), in(14 * 14 * 96), out(14 * 14 * 576);
  Context context(1);
  Conv2D conv(context, p, Backend::kOnednn, w.data(), nullptr, in.data(), out.data());
#if defined(__x86_64__)
  EXPECT_EQ(std::string(conv.implementation()) == "neo_pointwise_1x1:avx512",
            __builtin_cpu_supports("avx512f") != 0)
      << conv.implementation();
#endif
}

// Where it applies: 1x1, stride 1, unpadded, ungrouped, more than 16 output channels, no
// activation but a clamp, no input scale.
TEST(Conv2DPointwiseTest, TakesOnlyItsShapes) {
  const Conv2DParams base = Pointwise(1, 14, 14, 64, 64, 0.0f);
  EXPECT_TRUE(internal::IsPointwiseConv(base));
  Conv2DParams residual = base, strided = base, padded = base, grouped = base, narrow = base,
               swish = base, scaled = base, kernel = base;
  residual.accumulate = true;
  EXPECT_TRUE(internal::IsPointwiseConv(residual));
  strided.stride_height = strided.stride_width = 2;
  strided.output_height = strided.output_width = 7;
  padded.pad_top = padded.pad_bottom = 1;
  padded.output_height = 16;
  grouped.groups = 2;
  narrow.output_channels = 16;
  swish.activation = Activation::kSwish;
  scaled.scaled_input = true;
  kernel.kernel_height = kernel.kernel_width = 3;
  kernel.output_height = kernel.output_width = 12;
  for (const Conv2DParams& p : {strided, padded, grouped, narrow, swish, scaled, kernel}) {
    EXPECT_FALSE(internal::IsPointwiseConv(p))
        << p.input_channels << "->" << p.output_channels << " k" << p.kernel_height << " s"
        << p.stride_height;
  }
}

}  // namespace
}  // namespace neo::kernels
