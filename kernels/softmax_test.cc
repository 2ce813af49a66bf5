#include "kernels/softmax.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "kernels/reference/elementwise.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

const SoftmaxParams kCases[] = {
    {false, 1, 1000, 1}, {false, 7, 33, 1}, {true, 7, 33, 1},
    {false, 2, 5, 9},    {true, 3, 4, 6},   {false, 4, 1, 1},
};

class SoftmaxTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(SoftmaxTest, MatchesReference) {
  const auto [backend, index] = GetParam();
  const SoftmaxParams p = kCases[index];
  if (!SoftmaxSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const size_t n = static_cast<size_t>(p.outer) * p.axis * p.inner;
  const auto input = Random(n, 11, -10.0f, 10.0f);
  std::vector<float> expected(n), output(n, -7.0f);
  reference::Softmax(p, input.data(), expected.data());
  Context context(1 + index % 2);  // odd cases on two threads
  Softmax op(context, p, backend, input.data(), output.data());
  op.Run();
  EXPECT_TRUE(AllClose(output, expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, SoftmaxTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kXnnpack, Backend::kOnednn),
                       ::testing::Range(0, static_cast<int>(std::size(kCases)))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param));
    });

TEST(SoftmaxReferenceTest, ByHand) {
  // Over the middle axis of [1, 2, 2]: columns {0, ln 3} and {5, 5}.
  const float in[] = {0.0f, 5.0f, std::log(3.0f), 5.0f};
  float out[4];
  reference::Softmax({false, 1, 2, 2}, in, out);
  EXPECT_FLOAT_EQ(out[0], 0.25f);
  EXPECT_FLOAT_EQ(out[2], 0.75f);
  EXPECT_FLOAT_EQ(out[1], 0.5f);
  reference::Softmax({true, 1, 2, 2}, in, out);
  EXPECT_FLOAT_EQ(out[0], std::log(0.25f));
  // Large inputs must not overflow.
  const float big[] = {1000.0f, 1000.0f};
  reference::Softmax({false, 1, 2, 1}, big, out);
  EXPECT_FLOAT_EQ(out[0], 0.5f);
}

TEST(SoftmaxSupportsTest, XnnpackOnlyContiguousNonLog) {
  EXPECT_TRUE(SoftmaxSupports(Backend::kXnnpack, kCases[1]));
  EXPECT_FALSE(SoftmaxSupports(Backend::kXnnpack, kCases[2]));  // log
  EXPECT_FALSE(SoftmaxSupports(Backend::kXnnpack, kCases[3]));  // inner 9
  EXPECT_TRUE(SoftmaxSupports(Backend::kOnednn, kCases[3]));
  EXPECT_TRUE(SoftmaxSupports(Backend::kOnednn, kCases[4]));   // log, inner 6
}

}  // namespace
}  // namespace neo::kernels
