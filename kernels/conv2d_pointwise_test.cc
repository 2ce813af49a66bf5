// Our 1x1 kernel (conv2d_pointwise.h) against the reference loops: channel counts that
// leave partial vectors and blocks, input channels summed in several chunks, a residual,
// Swish, hard-swish and clamps, strides, a scaled input, several images, rows shared
// between threads or (too few rows) output channels.
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

Conv2DParams Strided(Conv2DParams p, int stride) {
  p.stride_height = p.stride_width = stride;
  p.output_height = (p.input_height - 1) / stride + 1;
  p.output_width = (p.input_width - 1) / stride + 1;
  return p;
}

Conv2DParams With(Conv2DParams p, Activation a) {
  p.activation = a;
  return p;
}

// The thread count changes nothing, bit for bit: every output sums its products in input
// channel order.
TEST(Conv2DPointwiseTest, MatchesReferenceOnAnyThreads) {
  std::vector<Conv2DParams> cases = {
      Pointwise(1, 7, 7, 1152, 192, 0.0f),        // nine chunks of input channels
      Pointwise(1, 14, 14, 480, 80),              // five vectors: blocks of three and two
      Pointwise(2, 5, 9, 40, 40, 0.0f, 6.0f),     // a partial vector, two images, Relu6
      Pointwise(1, 14, 14, 1152, 64),             // several blocks of rows
      Pointwise(1, 1, 1, 300, 100),               // one row: threads share the channels
      Pointwise(1, 3, 5, 130, 200, -0.5f, 0.5f),  // 15 rows, uneven chunks, 13 vectors
      Pointwise(1, 28, 28, 17, 33),               // one lane in the last vector
      With(Pointwise(1, 14, 14, 112, 672), Activation::kSwish),
      With(Pointwise(1, 9, 11, 40, 120, -kInf, 3.0f), Activation::kHardSwish),
      With(Pointwise(1, 56, 56, 24, 144), Activation::kSwish),  // 3136 pixels: Swish only
      Strided(Pointwise(1, 28, 28, 512, 1024), 2),
      Strided(Pointwise(2, 13, 15, 64, 48), 2),  // odd sizes: the last row and column read
      Strided(Pointwise(1, 10, 10, 32, 64), 3),
      Pointwise(1, 40, 40, 32, 16),  // beyond the rules: one vector, 1600 pixels
  };
  for (size_t i : {0, 2, 7, 9}) {
    Conv2DParams residual = cases[i];
    residual.accumulate = true;
    cases.push_back(residual);
  }
  // Scaled inputs: the weights scaled where they are the smaller (the second and third),
  // else the input.
  for (Conv2DParams scaled : {Pointwise(1, 7, 7, 1152, 320), Pointwise(1, 28, 28, 104, 104),
                              Strided(Pointwise(1, 56, 56, 144, 40), 2)}) {
    scaled.scaled_input = true;
    cases.push_back(scaled);
  }
  for (const Conv2DParams& p : cases) {
    ASSERT_TRUE(internal::PointwiseConvComputes(p));
    const size_t n = size_t{1} * p.batch * p.output_height * p.output_width * p.output_channels;
    const size_t in = size_t{1} * p.batch * p.input_height * p.input_width * p.input_channels;
    const auto filter = Random(size_t{1} * p.input_channels * p.output_channels, 1);
    const auto bias = Random(p.output_channels, 2);
    const auto input = Random(in, 3);
    const auto scale = Random(p.input_channels, 5, 0.0f, 1.0f);
    const auto residual = Random(n, 4);
    // The reference on the scaled activations, into the residual it adds.
    Conv2DParams plain = p;
    plain.scaled_input = false;
    std::vector<float> scaled_input = input;
    for (size_t i = 0; p.scaled_input && i < in; ++i)
      scaled_input[i] *= scale[i % p.input_channels];
    std::vector<float> expected = residual;
    reference::Conv2D(plain, filter.data(), bias.data(), scaled_input.data(), expected.data());
    std::vector<float> first;
    for (int threads : {1, 2}) {
      Context context(threads);
      std::vector<float> output = p.accumulate ? residual : std::vector<float>(n, -7.0f);
      std::unique_ptr<internal::Op> op = internal::MakePointwiseConvAnySize(
          context, p, filter.data(), bias.data(), input.data(), output.data(),
          p.scaled_input ? scale.data() : nullptr);
#if defined(__x86_64__)
      ASSERT_EQ(op != nullptr, __builtin_cpu_supports("avx512f") != 0);
#endif
      if (op == nullptr) continue;
      EXPECT_EQ(std::string(op->implementation()), "neo_pointwise_1x1:avx512");
      context.BeginRun();
      op->Run();
      EXPECT_TRUE(AllClose(output, expected, 2e-5f))
          << p.input_channels << "->" << p.output_channels << " stride " << p.stride_height
          << " activation " << EnumeratorName(p.activation) << (p.accumulate ? " +residual" : "")
          << (p.scaled_input ? " scaled" : "") << ", " << threads << " threads";
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

// Where it applies: 1x1, unpadded, ungrouped, at least 32 output channels, no activation
// but Swish or hard-swish (and a clamp), an input scale only for one image, at most 1024
// output pixels unless there is an activation. What it computes: the same with 16 output
// channels and any number of pixels.
TEST(Conv2DPointwiseTest, TakesOnlyItsShapes) {
  const Conv2DParams base = Pointwise(1, 14, 14, 64, 64, 0.0f);
  EXPECT_TRUE(internal::IsPointwiseConv(base));
  Conv2DParams residual = base, padded = base, grouped = base, narrow = base, sigmoid = base,
               scaled = base, kernel = base, scaled_batch = base;
  residual.accumulate = true;
  scaled.scaled_input = true;
  EXPECT_TRUE(internal::IsPointwiseConv(residual));
  EXPECT_TRUE(internal::IsPointwiseConv(scaled));
  EXPECT_TRUE(internal::IsPointwiseConv(Strided(base, 2)));
  EXPECT_TRUE(internal::IsPointwiseConv(With(base, Activation::kSwish)));
  EXPECT_TRUE(internal::IsPointwiseConv(With(base, Activation::kHardSwish)));
  Conv2DParams large = base;
  large.input_height = large.input_width = large.output_height = large.output_width = 33;
  EXPECT_TRUE(internal::IsPointwiseConv(With(large, Activation::kSwish)));
  Conv2DParams one_and_a_half = base;
  one_and_a_half.output_channels = 24;
  // The kernel could; the rules decline.
  for (const Conv2DParams& p : {large, one_and_a_half}) {
    EXPECT_TRUE(internal::PointwiseConvComputes(p));
    EXPECT_FALSE(internal::IsPointwiseConv(p));
  }
  padded.pad_top = padded.pad_bottom = 1;
  padded.output_height = 16;
  grouped.groups = 2;
  narrow.output_channels = 8;
  sigmoid.activation = Activation::kSigmoid;
  scaled_batch.scaled_input = true;
  scaled_batch.batch = 2;
  kernel.kernel_height = kernel.kernel_width = 3;
  kernel.output_height = kernel.output_width = 12;
  for (const Conv2DParams& p : {padded, grouped, narrow, sigmoid, kernel, scaled_batch}) {
    EXPECT_FALSE(internal::IsPointwiseConv(p))
        << p.input_channels << "->" << p.output_channels << " k" << p.kernel_height << " s"
        << p.stride_height;
    EXPECT_FALSE(internal::PointwiseConvComputes(p))
        << p.input_channels << "->" << p.output_channels << " k" << p.kernel_height << " s"
        << p.stride_height;
  }
}

}  // namespace
}  // namespace neo::kernels
