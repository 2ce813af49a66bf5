// Every backend against the reference loops, over shapes that exercise padding, strides,
// dilation, groups, depthwise, fused clamps and odd sizes.
#include "kernels/conv2d.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>
#include <vector>

#include "kernels/conv2d_winograd.h"
#include "kernels/reference/conv2d.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

// n, h, w, c_in, c_out, k, stride, dilation, pad (t, l, b, r), groups, min, max
Conv2DParams Make(int n, int h, int w, int ci, int co, int kh, int kw, int s, int d, int pt,
                  int pl, int pb, int pr, int groups, float lo, float hi) {
  Conv2DParams p;
  p.batch = n;
  p.input_height = h;
  p.input_width = w;
  p.input_channels = ci;
  p.output_channels = co;
  p.kernel_height = kh;
  p.kernel_width = kw;
  p.stride_height = p.stride_width = s;
  p.dilation_height = p.dilation_width = d;
  p.pad_top = pt;
  p.pad_left = pl;
  p.pad_bottom = pb;
  p.pad_right = pr;
  p.groups = groups;
  p.output_height = (h + pt + pb - ((kh - 1) * d + 1)) / s + 1;
  p.output_width = (w + pl + pr - ((kw - 1) * d + 1)) / s + 1;
  p.output_min = lo;
  p.output_max = hi;
  return p;
}

constexpr float kInf = std::numeric_limits<float>::infinity();

Conv2DParams WithActivation(Conv2DParams p, Activation a, float alpha = 0, float beta = 0) {
  p.activation = a;
  p.activation_alpha = alpha;
  p.activation_beta = beta;
  return p;
}

std::vector<Conv2DParams> Cases() {
  return {
      Make(1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, -kInf, kInf),   // 3x3 same
      Make(1, 7, 9, 5, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0.0f, kInf),      // odd sizes, Relu
      Make(2, 11, 13, 3, 8, 3, 3, 2, 1, 0, 1, 1, 0, 1, 0.0f, 6.0f),    // stride 2, Relu6
      Make(1, 15, 15, 3, 16, 7, 7, 2, 1, 3, 3, 3, 3, 1, -kInf, kInf),  // ResNet stem shape
      Make(1, 9, 9, 8, 8, 3, 3, 1, 2, 2, 2, 2, 2, 1, -kInf, kInf),     // dilation 2
      Make(1, 10, 6, 12, 18, 3, 3, 1, 1, 1, 1, 1, 1, 3, -kInf, kInf),  // groups 3
      Make(1, 12, 12, 24, 24, 3, 3, 1, 1, 1, 1, 1, 1, 24, 0.0f, 6.0f), // depthwise
      Make(1, 13, 11, 17, 17, 3, 3, 2, 1, 1, 1, 1, 1, 17, -kInf, kInf),// depthwise stride 2
      Make(1, 6, 6, 40, 24, 1, 1, 1, 1, 0, 0, 0, 0, 1, -1.0f, 1.0f),   // 1x1, clip
      Make(3, 5, 4, 6, 10, 2, 3, 1, 1, 0, 2, 1, 0, 2, -kInf, kInf),    // asymmetric pad
      Make(1, 14, 14, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, -kInf, kInf), // Winograd-sized
      // Fused activations (EfficientNet's SiLU, MobileNetV3's hard-swish, SE gates),
      // one with a clamp after the activation.
      WithActivation(Make(1, 9, 9, 16, 24, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf),
                     Activation::kSwish),
      WithActivation(Make(1, 10, 10, 24, 24, 3, 3, 2, 1, 1, 1, 1, 1, 24, -kInf, kInf),
                     Activation::kHardSwish),
      WithActivation(Make(1, 1, 1, 40, 64, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf),
                     Activation::kSigmoid),
      WithActivation(Make(1, 1, 1, 40, 64, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf),
                     Activation::kHardSigmoid, 1.0f / 6.0f, 0.5f),
      WithActivation(Make(1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0.0f, 0.5f),
                     Activation::kSwish),
      // Groups of four and eight channels (ResNeXt, RegNet), which oneDNN's backend runs
      // with our own loop on AVX-512 (conv2d_small_groups.h): widths around its blocks of
      // eight pixels.
      Make(1, 9, 11, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 8, -kInf, kInf),
      Make(2, 5, 20, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 16, 0.0f, 6.0f),
      Make(1, 3, 1, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 4, -kInf, kInf),
      Make(1, 1, 2, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 4, 0.0f, kInf),
      Make(1, 9, 11, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 4, -kInf, kInf),
      Make(2, 4, 13, 48, 48, 3, 3, 1, 1, 1, 1, 1, 1, 6, 0.0f, 6.0f),
  };
}

// Random weights (seed 1), bias (2) and input (3) for p, and the output's element count.
struct ConvData {
  std::vector<float> filter, bias, input;
  size_t output_size;
};

ConvData RandomConvData(const Conv2DParams& p) {
  return {Random(static_cast<size_t>(p.output_channels) * (p.input_channels / p.groups) *
                     p.kernel_height * p.kernel_width,
                 1),
          Random(p.output_channels, 2),
          Random(static_cast<size_t>(p.batch) * p.input_height * p.input_width * p.input_channels,
                 3),
          static_cast<size_t>(p.batch) * p.output_height * p.output_width * p.output_channels};
}

// The reference applies each activation as ApplyActivation defines it, before the clamp.
TEST(Conv2DActivationTest, ReferenceAppliesTheActivationThenTheClamp) {
  for (Conv2DParams p : Cases()) {
    if (p.activation == Activation::kNone) continue;
    const auto [filter, bias, input, n] = RandomConvData(p);
    std::vector<float> fused(n), plain(n);
    reference::Conv2D(p, filter.data(), nullptr, input.data(), fused.data());
    Conv2DParams q = p;
    q.activation = Activation::kNone;
    q.output_min = -kInf;
    q.output_max = kInf;
    reference::Conv2D(q, filter.data(), nullptr, input.data(), plain.data());
    for (size_t i = 0; i < n; ++i) {
      const float x = plain[i];
      float y = x;
      switch (p.activation) {
        case Activation::kSigmoid: y = 1.0f / (1.0f + std::exp(-x)); break;
        case Activation::kSwish: y = x / (1.0f + std::exp(-x)); break;
        case Activation::kHardSwish: y = x * std::min(std::max(x + 3.0f, 0.0f), 6.0f) / 6.0f; break;
        case Activation::kHardSigmoid:
          y = std::min(std::max(p.activation_alpha * x + p.activation_beta, 0.0f), 1.0f);
          break;
        case Activation::kNone: break;
      }
      y = std::min(std::max(y, p.output_min), p.output_max);
      ASSERT_NEAR(fused[i], y, 1e-6f * (1.0f + std::abs(y))) << EnumeratorName(p.activation);
    }
  }
}

class Conv2DTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

// accumulate: the convolution adds what the output holds (a residual branch) before its
// activation and clamp, on every backend that takes it, and on every run afresh.
TEST_P(Conv2DTest, AccumulatesIntoTheOutput) {
  const auto [backend, index] = GetParam();
  Conv2DParams p = Cases()[index];
  p.accumulate = true;
  if (!Conv2DSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const auto [filter, bias, input, out_size] = RandomConvData(p);
  const auto residual = Random(out_size, 4);
  // Expected: the plain convolution, plus the residual, then the activation and clamp.
  Conv2DParams plain = p;
  plain.accumulate = false;
  plain.activation = Activation::kNone;
  plain.output_min = -kInf;
  plain.output_max = kInf;
  std::vector<float> expected(out_size);
  reference::Conv2D(plain, filter.data(), bias.data(), input.data(), expected.data());
  for (size_t i = 0; i < out_size; ++i) {
    const float y = ApplyActivation(p.activation, p.activation_alpha, p.activation_beta,
                                    expected[i] + residual[i]);
    expected[i] = std::min(std::max(y, p.output_min), p.output_max);
  }
  Context context(1);
  std::vector<float> output(out_size);
  Conv2D conv(context, p, backend, filter.data(), bias.data(), input.data(), output.data());
  const float rtol = backend == Backend::kOnednnWinograd ? 1e-3f : 1e-4f;
  for (int run = 0; run < 2; ++run) {
    output = residual;
    context.BeginRun();
    conv.Run();
    EXPECT_TRUE(AllClose(output, expected, rtol)) << "run " << run;
  }
}

TEST(Conv2DSupportsTest, XnnpackCannotAccumulate) {
  Conv2DParams p = Cases()[0];
  ASSERT_TRUE(Conv2DSupports(Backend::kXnnpack, p));
  p.accumulate = true;
  EXPECT_FALSE(Conv2DSupports(Backend::kXnnpack, p));
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednn, p));
  EXPECT_TRUE(Conv2DSupports(Backend::kReference, p));
}

TEST_P(Conv2DTest, MatchesReference) {
  const auto [backend, index] = GetParam();
  const Conv2DParams p = Cases()[index];
  if (!Conv2DSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const auto [filter, bias, input, out_size] = RandomConvData(p);
  std::vector<float> expected(out_size), expected_no_bias(out_size);
  reference::Conv2D(p, filter.data(), bias.data(), input.data(), expected.data());
  reference::Conv2D(p, filter.data(), nullptr, input.data(), expected_no_bias.data());

  Context context(1);
  std::vector<float> output(out_size, -7.0f), output_no_bias(out_size, -7.0f);
  Conv2D conv(context, p, backend, filter.data(), bias.data(), input.data(), output.data());
  Conv2D conv_nb(context, p, backend, filter.data(), nullptr, input.data(),
                 output_no_bias.data());
  // Winograd trades a little accuracy for its speed.
  const float rtol = backend == Backend::kOnednnWinograd ? 1e-3f : 1e-4f;
  for (int run = 0; run < 2; ++run) {  // a second run must give the same answer
    context.BeginRun();
    conv.Run();
    conv_nb.Run();
    EXPECT_TRUE(AllClose(output, expected, rtol)) << "run " << run;
    EXPECT_TRUE(AllClose(output_no_bias, expected_no_bias, rtol)) << "run " << run;
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, Conv2DTest,
    ::testing::Combine(::testing::ValuesIn(testing::kAllBackends),
                       ::testing::Range(0, static_cast<int>(Cases().size()))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param));
    });

// Randomized geometries (seeded, so failures reproduce), each backend that accepts one
// checked against the reference, on two threads so work splitting is exercised too.
TEST(Conv2DRandomTest, EveryBackendMatchesReference) {
  std::mt19937 rng(2024);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Context context(2);
  int checked[4] = {};
  for (int trial = 0; trial < 40; ++trial) {
    const bool winograd_shaped = trial % 5 == 0;  // 3x3, stride 1, ungrouped
    const int groups = !winograd_shaped && pick(0, 2) == 0 ? pick(2, 4) : 1;
    const bool depthwise = !winograd_shaped && pick(0, 3) == 0;
    const int ci = depthwise ? pick(1, 40) : groups * pick(1, 12);
    const int co = depthwise ? ci : groups * pick(1, 12);
    const int k = winograd_shaped ? 3 : pick(1, 5), s = winograd_shaped ? 1 : pick(1, 3);
    const int d = winograd_shaped ? 1 : k > 1 ? pick(1, 2) : 1;
    const int effective = (k - 1) * d + 1;
    const int h = effective + pick(0, 12), w = effective + pick(0, 12);
    const int pad = pick(0, k - 1);
    const float lo = pick(0, 1) ? 0.0f : -kInf, hi = pick(0, 2) == 0 ? 1.5f : kInf;
    const Conv2DParams p = Make(pick(1, 2), h, w, ci, co, k, k, s, d, pad, pad, pick(0, pad),
                                pick(0, pad), depthwise ? ci : groups, lo, hi);
    const auto filter = Random(static_cast<size_t>(co) * (ci / p.groups) * k * k, trial);
    const auto bias = Random(co, trial + 100);
    const auto input = Random(static_cast<size_t>(p.batch) * h * w * ci, trial + 200);
    const size_t out_size =
        static_cast<size_t>(p.batch) * p.output_height * p.output_width * co;
    std::vector<float> expected(out_size);
    reference::Conv2D(p, filter.data(), bias.data(), input.data(), expected.data());
    for (Backend b : testing::kAllBackends) {
      if (!Conv2DSupports(b, p)) continue;
      std::vector<float> output(out_size);
      Conv2D conv(context, p, b, filter.data(), bias.data(), input.data(), output.data());
      context.BeginRun();
      conv.Run();
      EXPECT_TRUE(AllClose(output, expected, b == Backend::kOnednnWinograd ? 1e-3f : 1e-4f))
          << BackendName(b) << " trial " << trial << ": " << h << "x" << w << "x" << ci
          << " -> " << co << " k" << k << " s" << s << " d" << d << " g" << p.groups;
      ++checked[static_cast<int>(b)];
    }
  }
  // Every backend took part (Winograd only gets the 3x3 stride-1 draws).
  for (int n : checked) EXPECT_GT(n, 0);
}

TEST(Conv2DSupportsTest, WhoRunsWhat) {
  const auto same3x3 = Cases()[10];
  EXPECT_TRUE(Conv2DSupports(Backend::kReference, same3x3));
  EXPECT_TRUE(Conv2DSupports(Backend::kXnnpack, same3x3));
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednn, same3x3));
  // Winograd is only for 3x3 stride-1 ungrouped convolutions.
  EXPECT_FALSE(Conv2DSupports(Backend::kOnednnWinograd, Cases()[2]));  // stride 2
  EXPECT_FALSE(Conv2DSupports(Backend::kOnednnWinograd, Cases()[6]));  // depthwise
  EXPECT_FALSE(Conv2DSupports(Backend::kOnednnWinograd, Cases()[4]));  // dilated
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednn, Cases()[6]));           // depthwise
  // An output size that the geometry does not imply is refused by everyone.
  auto bad = same3x3;
  bad.output_height += 1;
  for (Backend b : testing::kAllBackends) EXPECT_FALSE(Conv2DSupports(b, bad));
}

TEST(Conv2DTest, ReportsItsImplementation) {
  const auto p = Cases()[10];
  Context context(1);
  std::vector<float> w(64 * 64 * 9), in(14 * 14 * 64), out(14 * 14 * 64);
  auto name = [&](Backend b) {
    return std::string(Conv2D(context, p, b, w.data(), nullptr, in.data(), out.data())
                           .implementation());
  };
  EXPECT_EQ(name(Backend::kReference), "reference");
  EXPECT_EQ(name(Backend::kXnnpack), "xnnpack");
#if defined(__x86_64__)
  // With weights in format `any`, oneDNN picks its brgemm kernels where AVX-512 exists,
  // and its Winograd kernels (x86-only) where AVX-512 exists or run the direct algorithm.
  if (__builtin_cpu_supports("avx512f")) {
    EXPECT_NE(name(Backend::kOnednn).find("brgconv"), std::string::npos)
        << name(Backend::kOnednn);
    EXPECT_NE(name(Backend::kOnednnWinograd).find("wino"), std::string::npos);
  } else {
    // An AVX2 CPU (ml_c4, or qemu's Haswell): the direct algorithm, oneDNN's AVX2 JIT.
    EXPECT_EQ(name(Backend::kOnednnWinograd), name(Backend::kOnednn));
    EXPECT_NE(name(Backend::kOnednn).find("avx2"), std::string::npos) << name(Backend::kOnednn);
  }
#endif
}

// Four and eight channels per group, stride 1 or 2: our own loop where the CPU has AVX-512 (else
// oneDNN's), the same answer as the reference on one and two threads, and each group reads
// its own channels only (a changed input channel moves only its group's outputs).
TEST(Conv2DTest, SmallGroupsMatchReferenceOnAnyThreads) {
  for (const Conv2DParams& p :
       {Make(1, 56, 56, 128, 128, 3, 3, 1, 1, 1, 1, 1, 1, 32, 0.0f, kInf),
        Make(3, 7, 17, 48, 48, 3, 3, 1, 1, 1, 1, 1, 1, 12, -kInf, kInf),
        Make(1, 28, 28, 256, 256, 3, 3, 1, 1, 1, 1, 1, 1, 32, 0.0f, kInf),
        Make(2, 6, 19, 208, 208, 3, 3, 1, 1, 1, 1, 1, 1, 26, -kInf, kInf),
        // Stride 2: ResNeXt-50's and RegNet's first layer of a stage, and odd sizes whose
        // last output reads the padding on the right and bottom.
        Make(1, 56, 56, 256, 256, 3, 3, 2, 1, 1, 1, 1, 1, 32, 0.0f, kInf),
        Make(1, 112, 112, 48, 48, 3, 3, 2, 1, 1, 1, 1, 1, 6, 0.0f, kInf),
        Make(2, 7, 21, 64, 64, 3, 3, 2, 1, 1, 1, 1, 1, 16, -kInf, kInf),
        Make(1, 2, 1, 32, 32, 3, 3, 2, 1, 1, 1, 1, 1, 4, -kInf, kInf)}) {
    auto [filter, bias, input, n] = RandomConvData(p);
    std::vector<float> expected(n);
    reference::Conv2D(p, filter.data(), bias.data(), input.data(), expected.data());
    for (int threads : {1, 2}) {
      Context context(threads);
      std::vector<float> output(n, -7.0f);
      Conv2D conv(context, p, Backend::kOnednn, filter.data(), bias.data(), input.data(),
                  output.data());
#if defined(__x86_64__)
      EXPECT_EQ(std::string(conv.implementation()) == "neo_small_groups_3x3:avx512",
                __builtin_cpu_supports("avx512f") != 0)
          << conv.implementation();
#endif
      context.BeginRun();
      conv.Run();
      EXPECT_TRUE(AllClose(output, expected, 1e-4f)) << p.groups << " groups, " << threads
                                                      << " threads";
    }
  }
  // Channel 5 (in the second group either way) of pixel (2, 3) changes: only that group's
  // outputs around it move.
  for (int width : {4, 8}) {
    const Conv2DParams p =
        Make(1, 6, 6, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 16 / width, -kInf, kInf);
    auto [filter, bias, input, n] = RandomConvData(p);
    Context context(1);
    std::vector<float> before(n), after(n);
    Conv2D a(context, p, Backend::kOnednn, filter.data(), bias.data(), input.data(),
             before.data());
    context.BeginRun();
    a.Run();
    input[(2 * 6 + 3) * 16 + 5] += 1.0f;
    Conv2D b(context, p, Backend::kOnednn, filter.data(), bias.data(), input.data(),
             after.data());
    context.BeginRun();
    b.Run();
    for (size_t i = 0; i < n; ++i) {
      const int c = static_cast<int>(i % 16), x = static_cast<int>(i / 16 % 6),
                y = static_cast<int>(i / 96);
      const bool near = std::abs(y - 2) <= 1 && std::abs(x - 3) <= 1;
      EXPECT_EQ(before[i] != after[i], near && c / width == 5 / width)
          << width << " channels per group: channel " << c << " at " << y << "," << x;
    }
  }
}

// Our F(4x4, 3x3) Winograd where the CPU has AVX-512 (conv2d_winograd.h): the reference's
// answer with paddings 0 to 2, sizes that leave partial tiles, several images, output
// channels that leave a partial block of 64, a residual and a Relu clamp, blocks of tiles
// shared between threads or blocks of channels. The thread count changes nothing, bit
// for bit: every output sums its products in the same order.
TEST(Conv2DTest, WinogradF4MatchesReferenceOnAnyThreads) {
  std::vector<Conv2DParams> cases = {
      Make(1, 56, 56, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, -kInf, kInf),
      Make(1, 14, 14, 256, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0.0f, kInf),
      Make(1, 14, 14, 128, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0.0f, kInf),
      Make(2, 17, 13, 16, 80, 3, 3, 1, 1, 0, 2, 1, 0, 1, -kInf, kInf),
      Make(1, 30, 21, 128, 32, 3, 3, 1, 1, 2, 1, 2, 1, 1, -kInf, 6.0f),
      Make(1, 27, 27, 48, 112, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0.0f, kInf),
  };
  Conv2DParams residual_case = cases[0];
  residual_case.accumulate = true;
  residual_case.output_min = 0.0f;
  cases.push_back(residual_case);
  for (const Conv2DParams& p : cases) {
    ASSERT_TRUE(Conv2DWinogradF4Applies(p)) << p.input_channels << "->" << p.output_channels;
    ASSERT_TRUE(Conv2DSupports(Backend::kOnednnWinograd, p) || p.pad_top > 1 || p.pad_left > 1);
    auto [filter, bias, input, n] = RandomConvData(p);
    const auto residual = Random(n, 4);
    Conv2DParams plain = p;
    plain.accumulate = false;
    plain.output_min = -kInf;
    plain.output_max = kInf;
    std::vector<float> expected(n);
    reference::Conv2D(plain, filter.data(), bias.data(), input.data(), expected.data());
    for (size_t i = 0; i < n; ++i) {
      const float y = expected[i] + (p.accumulate ? residual[i] : 0.0f);
      expected[i] = std::min(std::max(y, p.output_min), p.output_max);
    }
    std::vector<float> first;
    for (int threads : {1, 2}) {
      Context context(threads);
      std::vector<float> output = p.accumulate ? residual : std::vector<float>(n, -7.0f);
      std::unique_ptr<internal::Op> op = internal::MakeWinogradF4Conv(
          context, p, filter.data(), bias.data(), input.data(), output.data());
#if defined(__x86_64__)
      ASSERT_EQ(op != nullptr, __builtin_cpu_supports("avx512f") != 0 &&
                                   (threads == 1 || !internal::WinogradF4WeightsBound(p)));
#endif
      if (op == nullptr) continue;
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

// Where it applies: 3x3, stride 1, ungrouped, no activation but a clamp, multiples of 16
// channels, at least 16 tiles of 4x4 outputs (a 7x7 image has four).
TEST(Conv2DTest, WinogradF4TakesOnlyItsShapes) {
  auto make = [](int n, int h, int ci, int co, int k, int s, int d, int pad, int groups) {
    return Make(n, h, h, ci, co, k, k, s, d, pad, pad, pad, pad, groups, 0.0f, kInf);
  };
  const Conv2DParams base = make(1, 14, 64, 64, 3, 1, 1, 1, 1);
  EXPECT_TRUE(Conv2DWinogradF4Applies(base));
  EXPECT_TRUE(Conv2DWinogradF4Applies(make(4, 7, 512, 512, 3, 1, 1, 1, 1)));  // 16 tiles
  EXPECT_TRUE(Conv2DWinogradF4Applies(make(1, 14, 64, 64, 3, 1, 1, 2, 1)));
  for (const Conv2DParams& p : {
           make(1, 7, 512, 512, 3, 1, 1, 1, 1),  // four tiles
           make(1, 14, 64, 64, 3, 2, 1, 1, 1),   // stride 2
           make(1, 14, 64, 64, 3, 1, 2, 2, 1),   // dilated
           make(1, 14, 64, 64, 3, 1, 1, 1, 4),   // grouped
           make(1, 14, 24, 64, 3, 1, 1, 1, 1),   // 24 channels in
           make(1, 14, 64, 40, 3, 1, 1, 1, 1),   // 40 channels out
           make(1, 14, 64, 64, 3, 1, 1, 3, 1),   // padding 3
           make(1, 14, 64, 64, 5, 1, 1, 2, 1),   // 5x5
       }) {
    EXPECT_FALSE(Conv2DWinogradF4Applies(p)) << p.input_height << " " << p.input_channels << "->"
                                             << p.output_channels << " k" << p.kernel_height;
  }
  // On several threads, not where the transformed weights exceed 512 KB per tile.
  EXPECT_TRUE(internal::WinogradF4WeightsBound(make(1, 14, 256, 256, 3, 1, 1, 1, 1)));
  EXPECT_FALSE(internal::WinogradF4WeightsBound(make(1, 14, 160, 320, 3, 1, 1, 1, 1)));
  EXPECT_FALSE(internal::WinogradF4WeightsBound(make(2, 14, 256, 256, 3, 1, 1, 1, 1)));
  EXPECT_FALSE(internal::WinogradF4WeightsBound(make(1, 28, 256, 256, 3, 1, 1, 1, 1)));
  Conv2DParams swish = base, scaled = base, residual = base;
  swish.activation = Activation::kSwish;
  scaled.scaled_input = true;
  residual.accumulate = true;
  EXPECT_FALSE(Conv2DWinogradF4Applies(swish));
  EXPECT_FALSE(Conv2DWinogradF4Applies(scaled));
  EXPECT_TRUE(Conv2DWinogradF4Applies(residual));
}

// A Swish convolution big enough that, where the CPU has AVX-512, oneDNN runs it without
// its post-op and our pass follows, split over the threads (kernels/swish.h): the same
// answer on one and two threads, with XNNPACK's pool in the context or without.
TEST(Conv2DTest, SwishAfterOnednnMatchesReferenceOnAnyThreads) {
  Conv2DParams p = Make(1, 64, 64, 16, 72, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf);
  p.activation = Activation::kSwish;  // 64 x 64 x 72 outputs: 2^18 + 2^15 floats
  const auto filter = Random(size_t{72} * 16, 1);
  const auto bias = Random(72, 2);
  const auto input = Random(size_t{64} * 64 * 16, 3);
  std::vector<float> expected(size_t{64} * 64 * 72);
  reference::Conv2D(p, filter.data(), bias.data(), input.data(), expected.data());
  for (int threads : {1, 2}) {
    for (bool pool : {true, false}) {
      Context context(threads, /*xnnpack_on_calling_thread=*/!pool);
      std::vector<float> output(expected.size(), -7.0f);
      Conv2D conv(context, p, Backend::kOnednn, filter.data(), bias.data(), input.data(),
                  output.data());
      context.BeginRun();
      conv.Run();
      EXPECT_TRUE(AllClose(output, expected, 1e-5f))
          << threads << " threads, " << conv.implementation();
    }
  }
}

// scaled_input: the convolution of the input with each channel multiplied by a factor
// the caller writes before each Run() (squeeze-excitation's gate), on every backend that
// takes it, with each run's factors (the kernel rescales its weights every time): as the
// reference convolution of the scaled input. Shapes: 1x1 as in EfficientNet's projections
// (with residual, with Swish on two threads), 3x3 with padding and stride.
TEST(Conv2DTest, ScaledInputMatchesTheScaledActivations) {
  std::vector<Conv2DParams> cases = {
      Make(1, 56, 56, 96, 24, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf),
      Make(1, 7, 9, 20, 12, 3, 3, 2, 1, 1, 1, 1, 0, 1, 0.0f, 6.0f),
      WithActivation(Make(1, 64, 64, 16, 72, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf),
                     Activation::kSwish),
  };
  Conv2DParams residual_case = cases[0];
  residual_case.accumulate = true;
  cases.push_back(residual_case);
  for (Conv2DParams p : cases) {
    p.scaled_input = true;
    const auto [filter, bias, input, out_size] = RandomConvData(p);
    const auto residual = Random(out_size, 4);
    for (Backend backend : {Backend::kReference, Backend::kOnednn, Backend::kXnnpack,
                            Backend::kOnednnWinograd}) {
      const bool supported = Conv2DSupports(backend, p);
      EXPECT_EQ(supported, backend == Backend::kReference || backend == Backend::kOnednn)
          << BackendName(backend);
      if (!supported) continue;
      for (int threads : {1, 2}) {
        Context context(threads);
        std::vector<float> scale(p.input_channels), output(out_size);
        Conv2D conv(context, p, backend, filter.data(), bias.data(), scale.data(),
                    input.data(), output.data());
        for (int run = 0; run < 3; ++run) {  // new factors each run, one of them zero
          for (int c = 0; c < p.input_channels; ++c) {
            scale[c] = c == run ? 0.0f : 0.25f + 0.5f * ((c * 7 + run * 3) % 5);
          }
          std::vector<float> scaled_input = input;
          for (size_t i = 0; i < scaled_input.size(); ++i) {
            scaled_input[i] *= scale[i % static_cast<size_t>(p.input_channels)];
          }
          Conv2DParams plain = p;
          plain.scaled_input = false;
          plain.accumulate = false;
          std::vector<float> expected(out_size);
          if (p.accumulate) {  // the residual added before the activation and clamp
            plain.activation = Activation::kNone;
            plain.output_min = -kInf;
            plain.output_max = kInf;
          }
          reference::Conv2D(plain, filter.data(), bias.data(), scaled_input.data(),
                            expected.data());
          if (p.accumulate) {
            for (size_t i = 0; i < out_size; ++i) {
              const float y = ApplyActivation(p.activation, p.activation_alpha,
                                              p.activation_beta, expected[i] + residual[i]);
              expected[i] = std::min(std::max(y, p.output_min), p.output_max);
            }
            output = residual;
          }
          context.BeginRun();
          conv.Run();
          EXPECT_TRUE(AllClose(output, expected, 1e-4f))
              << BackendName(backend) << " " << threads << " threads, run " << run << ", "
              << p.input_channels << "->" << p.output_channels << " "
              << conv.implementation();
        }
      }
    }
  }
}

TEST(Conv2DSupportsTest, ScaledInputOnlyUngroupedForOneImage) {
  Conv2DParams p = Make(1, 8, 8, 16, 16, 1, 1, 1, 1, 0, 0, 0, 0, 1, -kInf, kInf);
  p.scaled_input = true;
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednn, p));
  Conv2DParams grouped = p;
  grouped.groups = 4;
  EXPECT_FALSE(Conv2DSupports(Backend::kReference, grouped));
  Conv2DParams batched = p;
  batched.batch = 2;
  EXPECT_FALSE(Conv2DSupports(Backend::kOnednn, batched));
  // The factors are given exactly when the parameters say so.
  Context context(1);
  std::vector<float> buffer(4096);
  EXPECT_THROW(Conv2D(context, p, Backend::kOnednn, buffer.data(), nullptr, buffer.data(),
                      buffer.data()),
               std::invalid_argument);
}

TEST(Conv2DSupportsTest, ConstructingAnUnsupportedBackendThrows) {
  const auto p = Cases()[2];
  Context context(1);
  std::vector<float> buffer(4096);
  EXPECT_THROW(Conv2D(context, p, Backend::kOnednnWinograd, buffer.data(), nullptr,
                      buffer.data(), buffer.data()),
               std::invalid_argument);
}

}  // namespace
}  // namespace neo::kernels
