// The fused 1x1 expansion and depthwise convolution (conv2d_expand_depthwise.h) against the
// two reference loops in sequence: 3x3 and 5x5, strides 1 and 2, symmetric and
// TensorFlow's one-sided padding, channel counts that leave partial vectors, expansions
// summed in chunks, images larger than a thread's window of expanded rows (bands), images
// smaller than the kernel, several images, Swish and hard-swish and clamps on either layer;
// one and two threads give the same bits.
#include "kernels/conv2d_expand_depthwise.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
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

struct Pair {
  Conv2DParams expand, depthwise;
};

// n images of h x w, in -> channels, then a k x k depthwise layer of stride s with
// padding (top/left, bottom/right); both clamp to [lo, hi] after their activation.
Pair MakePair(int n, int h, int w, int in, int channels, int k, int s, int pad_begin, int pad_end,
              Activation expand_activation = Activation::kNone,
              Activation depthwise_activation = Activation::kNone, float lo = 0.0f,
              float hi = kInf) {
  Conv2DParams e{};
  e.batch = n;
  e.input_height = e.output_height = h;
  e.input_width = e.output_width = w;
  e.input_channels = in;
  e.output_channels = channels;
  e.kernel_height = e.kernel_width = 1;
  e.stride_height = e.stride_width = e.dilation_height = e.dilation_width = 1;
  e.groups = 1;
  e.output_min = lo;
  e.output_max = hi;
  e.activation = expand_activation;
  Conv2DParams d = e;
  d.input_channels = channels;
  d.kernel_height = d.kernel_width = k;
  d.stride_height = d.stride_width = s;
  d.pad_top = d.pad_left = pad_begin;
  d.pad_bottom = d.pad_right = pad_end;
  d.output_height = (h + pad_begin + pad_end - k) / s + 1;
  d.output_width = (w + pad_begin + pad_end - k) / s + 1;
  d.groups = channels;
  d.activation = depthwise_activation;
  return {e, d};
}

std::string Describe(const Pair& p) {
  const Conv2DParams &e = p.expand, &d = p.depthwise;
  return std::to_string(e.batch) + "x" + std::to_string(e.input_height) + "x" +
         std::to_string(e.input_width) + " " + std::to_string(e.input_channels) + "->" +
         std::to_string(e.output_channels) + " dw" + std::to_string(d.kernel_height) + "s" +
         std::to_string(d.stride_height) + " pad " + std::to_string(d.pad_top) + "," +
         std::to_string(d.pad_bottom) + " " + EnumeratorName(e.activation) + "/" +
         EnumeratorName(d.activation);
}

TEST(Conv2DExpandDepthwiseTest, MatchesTheTwoLayersOnAnyThreads) {
  const std::vector<Pair> cases = {
      // MnasNet's and MobileNetV2's first blocks: 112x112 is larger than a window.
      MakePair(1, 112, 112, 16, 48, 3, 2, 1, 1, Activation::kNone, Activation::kNone, 0.0f),
      MakePair(1, 56, 56, 24, 72, 3, 1, 1, 1),  // 72: a partial vector
      MakePair(1, 56, 56, 24, 144, 5, 2, 2, 2, Activation::kNone, Activation::kNone, 0.0f, 6.0f),
      MakePair(2, 13, 11, 40, 120, 5, 1, 2, 2),  // two images, odd sizes
      // EfficientNet's Swish, chunked sums (192 input channels), the whole image in the window.
      MakePair(1, 7, 7, 192, 1152, 5, 1, 2, 2, Activation::kSwish, Activation::kSwish, -kInf),
      // MobileNetV3's hard-swish; TensorFlow's SAME at stride 2 pads only after.
      MakePair(1, 14, 14, 80, 200, 3, 2, 0, 1, Activation::kHardSwish, Activation::kHardSwish,
               -kInf),
      MakePair(1, 9, 13, 17, 33, 3, 2, 1, 1, Activation::kNone, Activation::kNone, -0.5f, 0.5f),
      MakePair(1, 2, 3, 16, 16, 5, 1, 2, 2, Activation::kNone, Activation::kNone, -kInf),
      MakePair(3, 1, 1, 8, 24, 3, 2, 1, 1, Activation::kNone, Activation::kNone, -kInf),
      MakePair(1, 57, 30, 64, 640, 3, 1, 1, 1, Activation::kNone, Activation::kNone, -kInf),
  };
  for (const Pair& c : cases) {
    const Conv2DParams &e = c.expand, &d = c.depthwise;
    ASSERT_TRUE(internal::IsExpandDepthwise(e, d)) << Describe(c);
    const size_t in = size_t{1} * e.batch * e.input_height * e.input_width * e.input_channels;
    const size_t mid = size_t{1} * e.batch * e.output_height * e.output_width * e.output_channels;
    const size_t n = size_t{1} * d.batch * d.output_height * d.output_width * d.output_channels;
    const auto expand_filter = Random(size_t{1} * e.input_channels * e.output_channels, 1);
    const auto expand_bias = Random(e.output_channels, 2);
    const auto depthwise_filter =
        Random(size_t{1} * d.output_channels * d.kernel_height * d.kernel_width, 3);
    const auto depthwise_bias = Random(d.output_channels, 4);
    const auto input = Random(in, 5);
    std::vector<float> expanded(mid), expected(n);
    reference::Conv2D(e, expand_filter.data(), expand_bias.data(), input.data(), expanded.data());
    reference::Conv2D(d, depthwise_filter.data(), depthwise_bias.data(), expanded.data(),
                      expected.data());
    std::vector<float> first;
    for (int threads : {1, 2}) {
      Context context(threads);
      std::vector<float> output(n, -7.0f);
      std::unique_ptr<internal::Op> op = internal::MakeExpandDepthwise(
          context, e, expand_filter.data(), expand_bias.data(), d, depthwise_filter.data(),
          depthwise_bias.data(), input.data(), output.data());
#if defined(__x86_64__)
      ASSERT_EQ(op != nullptr, __builtin_cpu_supports("avx512f") != 0);
#endif
      if (op == nullptr) continue;
      EXPECT_EQ(std::string(op->implementation()), "neo_expand_depthwise:avx512");
      // Twice: a run starts afresh, whatever the window holds from the run before.
      for (int run = 0; run < 2; ++run) {
        context.BeginRun();
        op->Run();
      }
      EXPECT_TRUE(AllClose(output, expected, 2e-5f))
          << Describe(c) << ", " << threads << " threads";
      if (first.empty()) {
        first = output;
      } else {
        EXPECT_EQ(output, first) << Describe(c);
      }
    }
  }
}

// A new input gives the new result: nothing of the previous run's expansion is reused.
TEST(Conv2DExpandDepthwiseTest, ReadsEachRunsInput) {
  const Pair c =
      MakePair(1, 20, 20, 16, 32, 3, 1, 1, 1, Activation::kNone, Activation::kNone, -kInf);
  const Conv2DParams &e = c.expand, &d = c.depthwise;
  const auto ef = Random(16 * 32, 1), eb = Random(32, 2), df = Random(32 * 9, 3),
             db = Random(32, 4);
  std::vector<float> input = Random(20 * 20 * 16, 5), output(20 * 20 * 32);
  Context context(1);
  auto op = internal::MakeExpandDepthwise(context, e, ef.data(), eb.data(), d, df.data(), db.data(),
                                          input.data(), output.data());
  if (op == nullptr) GTEST_SKIP() << "no AVX-512F";
  context.BeginRun();
  op->Run();
  const std::vector<float> next = Random(20 * 20 * 16, 6);
  std::copy(next.begin(), next.end(), input.begin());  // the buffer stays where it is
  std::vector<float> expanded(20 * 20 * 32), expected(20 * 20 * 32);
  reference::Conv2D(e, ef.data(), eb.data(), input.data(), expanded.data());
  reference::Conv2D(d, df.data(), db.data(), expanded.data(), expected.data());
  context.BeginRun();
  op->Run();
  EXPECT_TRUE(AllClose(output, expected, 2e-5f));
}

// Conv2D with an expansion (Conv2DParams::expand_input_channels): the fused kernel on the
// oneDNN backend where the CPU has AVX-512, the two layers apart on the reference backend
// (and on oneDNN elsewhere); XNNPACK and Winograd do not take it.
TEST(Conv2DExpandDepthwiseTest, Conv2DRunsTheExpansion) {
  const Pair c = MakePair(1, 15, 12, 24, 72, 5, 2, 2, 2, Activation::kHardSwish,
                          Activation::kNone, -kInf, 6.0f);
  Conv2DParams p = c.depthwise;
  p.expand_input_channels = c.expand.input_channels;
  p.expand_min = c.expand.output_min;
  p.expand_max = c.expand.output_max;
  p.expand_activation = c.expand.activation;
  const Conv2DParams e = ExpansionOf(p);
  EXPECT_EQ(e.input_channels, 24);
  EXPECT_EQ(e.output_channels, 72);
  EXPECT_EQ(e.activation, Activation::kHardSwish);
  EXPECT_TRUE(Conv2DSupports(Backend::kReference, p));
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednn, p));
  EXPECT_FALSE(Conv2DSupports(Backend::kXnnpack, p));
  EXPECT_FALSE(Conv2DSupports(Backend::kOnednnWinograd, p));
  Conv2DParams grouped = p;  // an expansion only before a depthwise layer
  grouped.groups = 36;
  EXPECT_FALSE(Conv2DSupports(Backend::kReference, grouped));

  const auto ef = Random(72 * 24, 1), eb = Random(72, 2), df = Random(72 * 25, 3),
             db = Random(72, 4), input = Random(15 * 12 * 24, 5);
  std::vector<float> expanded(15 * 12 * 72), expected(size_t{1} * p.output_height *
                                                      p.output_width * 72);
  reference::Conv2D(c.expand, ef.data(), eb.data(), input.data(), expanded.data());
  reference::Conv2D(c.depthwise, df.data(), db.data(), expanded.data(), expected.data());
  for (Backend b : {Backend::kReference, Backend::kOnednn}) {
    Context context(2);
    std::vector<float> output(expected.size(), -7.0f);
    Conv2D conv(context, p, b, ef.data(), eb.data(), df.data(), db.data(), input.data(),
                output.data());
#if defined(__x86_64__)
    if (b == Backend::kOnednn && __builtin_cpu_supports("avx512f")) {
      EXPECT_STREQ(conv.implementation(), "neo_expand_depthwise:avx512");
    }
#endif
    context.BeginRun();
    conv.Run();
    EXPECT_TRUE(AllClose(output, expected, 2e-5f)) << BackendName(b);
  }
  // The plain constructors refuse an expansion: its weights would be missing.
  Context context(1);
  std::vector<float> output(expected.size());
  EXPECT_THROW(Conv2D(context, p, Backend::kReference, df.data(), db.data(), input.data(),
                      output.data()),
               std::invalid_argument);
}

// Shapes it leaves to the two layers apart.
TEST(Conv2DExpandDepthwiseTest, RejectsOtherShapes) {
  const Pair ok = MakePair(1, 14, 14, 16, 32, 3, 1, 1, 1);
  ASSERT_TRUE(internal::IsExpandDepthwise(ok.expand, ok.depthwise));
  Pair p = ok;
  p.depthwise.kernel_height = p.depthwise.kernel_width = 7;
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
  p = ok;
  p.expand.activation = Activation::kSigmoid;
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
  p = ok;
  p.depthwise.groups = 16;  // two channels per group
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
  p = ok;
  p.expand.stride_height = p.expand.stride_width = 2;
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
  p = ok;
  p.depthwise.accumulate = true;
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
  p = ok;
  p.depthwise.dilation_height = 2;
  EXPECT_FALSE(internal::IsExpandDepthwise(p.expand, p.depthwise));
}

}  // namespace
}  // namespace neo::kernels
