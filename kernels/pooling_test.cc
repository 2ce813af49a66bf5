#include "kernels/pooling.h"

#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/reference/pooling.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

constexpr float kInf = std::numeric_limits<float>::infinity();

// Output size from floor division over the padded input (ceil mode shows up as extra
// bottom/right padding, as pooling.h says).
Pooling2DParams Make(PoolingKind kind, int n, int h, int w, int c, int k, int s, int pt, int pl,
                     int pb, int pr, int d = 1) {
  Pooling2DParams p;
  p.kind = kind;
  p.batch = n;
  p.channels = c;
  p.input_height = h;
  p.input_width = w;
  p.kernel_height = p.kernel_width = k;
  p.stride_height = p.stride_width = s;
  p.dilation_height = p.dilation_width = d;
  p.pad_top = pt;
  p.pad_left = pl;
  p.pad_bottom = pb;
  p.pad_right = pr;
  p.output_height = (h + pt + pb - ((k - 1) * d + 1)) / s + 1;
  p.output_width = (w + pl + pr - ((k - 1) * d + 1)) / s + 1;
  return p;
}

std::vector<Pooling2DParams> Cases() {
  const auto kMax = PoolingKind::kMax, kAvg = PoolingKind::kAverage;
  std::vector<Pooling2DParams> c = {
      Make(kMax, 1, 16, 16, 64, 3, 2, 1, 1, 1, 1),  // 0 ResNet max pool
      Make(kMax, 2, 8, 6, 5, 2, 2, 0, 0, 0, 0),     // 1 plain 2x2
      Make(kMax, 1, 8, 8, 3, 3, 2, 0, 0, 1, 1),     // 2 ceil mode
      Make(kMax, 1, 9, 9, 4, 3, 1, 2, 2, 2, 2, 2),  // 3 dilation 2
      Make(kAvg, 1, 7, 7, 16, 3, 1, 1, 1, 1, 1),    // 4 padded, pads not counted
      Make(kAvg, 1, 7, 7, 16, 3, 1, 1, 1, 1, 1),    // 5 padded, pads counted
      Make(kAvg, 2, 8, 10, 7, 2, 2, 0, 0, 0, 0),    // 6 plain 2x2
      Make(kAvg, 1, 7, 7, 9, 2, 2, 0, 0, 1, 1),     // 7 ceil mode, extra pad not counted
      Make(kAvg, 1, 7, 7, 9, 3, 2, 1, 1, 1, 1),     // 8 with Relu6
      Make(kMax, 1, 5, 7, 3, 2, 1, 0, 0, 0, 0),     // 9 with clip
      Make(kAvg, 1, 7, 7, 9, 2, 2, 0, 0, 1, 1),     // 10 ceil mode, extra pad counted
  };
  c[5].count_include_pad = true;
  c[5].counted_pad_top = c[5].counted_pad_left = c[5].counted_pad_bottom =
      c[5].counted_pad_right = 1;
  c[8].output_min = 0.0f;
  c[8].output_max = 6.0f;
  c[9].output_min = -0.25f;
  c[9].output_max = 0.5f;
  c[10].count_include_pad = true;  // the extra ceil-mode pad counts in the divisor
  c[10].counted_pad_bottom = c[10].counted_pad_right = 1;
  return c;
}

class PoolingTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(PoolingTest, MatchesReference) {
  const auto [backend, index] = GetParam();
  const Pooling2DParams p = Cases()[index];
  if (!Pooling2DSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const auto input =
      Random(static_cast<size_t>(p.batch) * p.input_height * p.input_width * p.channels, 3);
  const size_t out_size =
      static_cast<size_t>(p.batch) * p.output_height * p.output_width * p.channels;
  std::vector<float> expected(out_size), output(out_size, -7.0f);
  reference::Pooling2D(p, input.data(), expected.data());
  Context context(1 + index % 2);  // odd cases on two threads
  Pooling2D pool(context, p, backend, input.data(), output.data());
  pool.Run();
  EXPECT_TRUE(AllClose(output, expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, PoolingTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kXnnpack,
                                         Backend::kOnednn),
                       ::testing::Range(0, static_cast<int>(Cases().size()))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param));
    });

TEST(PoolingReferenceTest, DivisorFollowsCountedPadding) {
  const auto c = Cases();
  EXPECT_EQ(reference::AveragePoolingDivisor(c[4], 0, 0), 4);   // corner: 2x2 inside
  EXPECT_EQ(reference::AveragePoolingDivisor(c[5], 0, 0), 9);   // pads count
  EXPECT_EQ(reference::AveragePoolingDivisor(c[7], 3, 3), 1);   // ceil-mode corner
  EXPECT_EQ(reference::AveragePoolingDivisor(c[10], 3, 3), 4);  // ...counted
}

TEST(PoolingSupportsTest, XnnpackOnlyWhereItsDivisorAgrees) {
  const auto c = Cases();
  for (int i : {0, 1, 2, 3, 4, 6, 7, 8, 9}) {
    EXPECT_TRUE(Pooling2DSupports(Backend::kXnnpack, c[i])) << i;
  }
  EXPECT_FALSE(Pooling2DSupports(Backend::kXnnpack, c[5]));   // counts padding
  EXPECT_FALSE(Pooling2DSupports(Backend::kXnnpack, c[10]));  // counts ceil-mode padding
}

TEST(PoolingSupportsTest, OnednnOnlyWhereItsDivisorAgrees) {
  const auto c = Cases();
  // Max (dilated too, clamped too); averages whose divisor is the window's pixels inside
  // the input (4, 6, 7, 8) or the whole window (5, 10: every window lies in the input
  // grown by the counted padding)
  // (10: counted ceil-mode padding makes every divisor the whole window).
  for (int i : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
    EXPECT_TRUE(Pooling2DSupports(Backend::kOnednn, c[i])) << i;
  }
  // Ceil-mode padding counted at the bottom only: the bottom-right window divides by
  // 2 x 1, oneDNN by 4 (include_padding) or 1 (exclude_padding).
  Pooling2DParams bottom_only = c[10];
  bottom_only.counted_pad_right = 0;
  EXPECT_EQ(reference::AveragePoolingDivisor(bottom_only, 3, 3), 2);
  EXPECT_FALSE(Pooling2DSupports(Backend::kOnednn, bottom_only));
  // A window that sees only padding.
  Pooling2DParams empty = c[1];
  empty.pad_bottom = 3;
  empty.output_height = (8 + 3 - 2) / 2 + 1;
  EXPECT_FALSE(Pooling2DSupports(Backend::kOnednn, empty));
  // An output size that is not the floor formula's.
  Pooling2DParams wrong = c[1];
  ++wrong.output_width;
  EXPECT_FALSE(Pooling2DSupports(Backend::kOnednn, wrong));
}

// Random geometries (kernel, stride, dilation, pads, counted pads, clamp) on 1 and 2
// threads: wherever oneDNN accepts, it matches the reference.
TEST(PoolingOnednnTest, RandomGeometriesMatchReference) {
  std::mt19937 rng(11);
  Context one(1), two(2);
  int accepted[2] = {0, 0};
  for (int trial = 0; trial < 200; ++trial) {
    const auto kind = trial % 2 ? PoolingKind::kMax : PoolingKind::kAverage;
    const int k = 1 + rng() % 4, s = 1 + rng() % 3, d = kind == PoolingKind::kMax ? 1 + rng() % 2 : 1;
    const int h = (k - 1) * d + 1 + rng() % 9, w = (k - 1) * d + 1 + rng() % 9;
    const int pt = rng() % k, pl = rng() % k, pb = rng() % k, pr = rng() % k;
    Pooling2DParams p = Make(kind, 1 + rng() % 2, h, w, 1 + rng() % 20, k, s, pt, pl, pb, pr, d);
    if (rng() % 3 == 0) {
      p.count_include_pad = true;
      p.counted_pad_top = pt;
      p.counted_pad_left = pl;
      p.counted_pad_bottom = rng() % 2 ? pb : 0;
      p.counted_pad_right = rng() % 2 ? pr : 0;
    }
    if (rng() % 4 == 0) {
      p.output_min = -0.5f;
      p.output_max = 0.25f;
    }
    if (!Pooling2DSupports(Backend::kOnednn, p)) continue;
    ++accepted[kind == PoolingKind::kMax];
    const auto input =
        Random(static_cast<size_t>(p.batch) * p.input_height * p.input_width * p.channels, trial);
    const size_t out_size =
        static_cast<size_t>(p.batch) * p.output_height * p.output_width * p.channels;
    std::vector<float> expected(out_size), output(out_size, -7.0f);
    reference::Pooling2D(p, input.data(), expected.data());
    Pooling2D pool(trial % 3 ? two : one, p, Backend::kOnednn, input.data(), output.data());
    pool.Run();
    ASSERT_TRUE(AllClose(output, expected))
        << "trial " << trial << " kind " << (trial % 2) << " k" << k << " s" << s << " d" << d
        << " pads " << pt << pl << pb << pr << " counted " << p.count_include_pad;
  }
  EXPECT_GT(accepted[0], 30);
  EXPECT_GT(accepted[1], 30);
}

class GlobalPoolingTest
    : public ::testing::TestWithParam<std::tuple<Backend, PoolingKind, int>> {};

TEST_P(GlobalPoolingTest, MatchesReference) {
  const auto [backend, kind, pixels] = GetParam();
  const GlobalPoolingParams p{kind, 2, pixels, 37};
  if (!GlobalPoolingSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const auto input = Random(static_cast<size_t>(p.batch) * p.pixels * p.channels, 5);
  std::vector<float> expected(p.batch * p.channels), output(p.batch * p.channels);
  reference::GlobalPooling(p, input.data(), expected.data());
  Context context(pixels % 2 ? 2 : 1);
  GlobalPooling pool(context, p, backend, input.data(), output.data());
  pool.Run();
  EXPECT_TRUE(AllClose(output, expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, GlobalPoolingTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kXnnpack,
                                         Backend::kOnednn),
                       ::testing::Values(PoolingKind::kAverage, PoolingKind::kMax),
                       ::testing::Values(1, 49, 50, 257, 1027)));

TEST(GlobalPoolingTest, OwnLoopGivesTheSameBitsOnAnyThreadCount) {
  // Blocks of pixels are summed apart and combined in order, so splitting them over
  // threads changes nothing. Sizes from EfficientNet's poolings (enough elements for a
  // second thread) and an odd channel count.
  for (const auto& [pixels, channels] : {std::pair{3136, 144}, {12544, 32}, {3001, 37}}) {
    for (const PoolingKind kind : {PoolingKind::kAverage, PoolingKind::kMax}) {
      const GlobalPoolingParams p{kind, 2, pixels, channels};
      const auto input = Random(static_cast<size_t>(p.batch) * p.pixels * p.channels, 9);
      std::vector<float> expected(p.batch * p.channels), one(expected.size()),
          two(expected.size());
      reference::GlobalPooling(p, input.data(), expected.data());
      Context context1(1), context2(2);
      GlobalPooling pool1(context1, p, Backend::kReference, input.data(), one.data());
      GlobalPooling pool2(context2, p, Backend::kReference, input.data(), two.data());
      pool1.Run();
      pool2.Run();
      EXPECT_EQ(one, two) << pixels << "x" << channels;
      EXPECT_TRUE(AllClose(one, expected)) << pixels << "x" << channels;
    }
  }
}

TEST(GlobalPoolingSupportsTest, XnnpackHasNoGlobalMax) {
  EXPECT_TRUE(GlobalPoolingSupports(Backend::kXnnpack, {PoolingKind::kAverage, 1, 49, 8}));
  EXPECT_FALSE(GlobalPoolingSupports(Backend::kXnnpack, {PoolingKind::kMax, 1, 49, 8}));
  EXPECT_TRUE(GlobalPoolingSupports(Backend::kOnednn, {PoolingKind::kMax, 1, 49, 8}));
  EXPECT_TRUE(GlobalPoolingSupports(Backend::kOnednn, {PoolingKind::kAverage, 3, 1, 8}));
  EXPECT_FALSE(GlobalPoolingSupports(Backend::kOnednn, {PoolingKind::kAverage, 1, 0, 8}));
}

}  // namespace
}  // namespace neo::kernels
