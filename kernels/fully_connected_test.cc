#include "kernels/fully_connected.h"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "kernels/reference/conv2d.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<FullyConnectedParams> Cases() {
  return {
      {1, 512, 1000, -kInf, kInf},  // a classifier head
      {3, 17, 5, 0.0f, kInf},       // odd sizes, Relu
      {8, 64, 33, 0.0f, 6.0f},      // batch, Relu6
      {1, 1, 1, -0.5f, 0.5f},       // degenerate, clip
      // Fused activations, then the clamp.
      {1, 96, 24, -kInf, kInf, Activation::kSigmoid},
      {2, 40, 17, -kInf, kInf, Activation::kSwish},
      {3, 33, 9, -kInf, 0.4f, Activation::kHardSwish},
      {1, 64, 31, -kInf, kInf, Activation::kHardSigmoid, 0.2f, 0.5f},
  };
}

class FullyConnectedTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(FullyConnectedTest, MatchesReference) {
  const auto [backend, index] = GetParam();
  const FullyConnectedParams p = Cases()[index];
  if (!FullyConnectedSupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  const auto filter = Random(static_cast<size_t>(p.output_channels) * p.input_channels, 1);
  const auto bias = Random(p.output_channels, 2);
  const auto input = Random(static_cast<size_t>(p.batch) * p.input_channels, 3);
  const size_t out_size = static_cast<size_t>(p.batch) * p.output_channels;
  for (const float* b : {bias.data(), static_cast<const float*>(nullptr)}) {
    std::vector<float> expected(out_size), output(out_size, -7.0f);
    reference::FullyConnected(p, filter.data(), b, input.data(), expected.data());
    Context context(1 + index % 2);  // odd cases on two threads
    FullyConnected fc(context, p, backend, filter.data(), b, input.data(), output.data());
    fc.Run();
    EXPECT_TRUE(AllClose(output, expected)) << (b ? "with" : "without") << " bias";
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, FullyConnectedTest,
    ::testing::Combine(::testing::ValuesIn(testing::kAllBackends),
                       ::testing::Range(0, static_cast<int>(Cases().size()))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param));
    });

TEST(FullyConnectedSupportsTest, WinogradIsOnlyForConvolutions) {
  EXPECT_FALSE(FullyConnectedSupports(Backend::kOnednnWinograd, Cases()[0]));
  EXPECT_TRUE(FullyConnectedSupports(Backend::kOnednn, Cases()[0]));
  EXPECT_TRUE(FullyConnectedSupports(Backend::kXnnpack, Cases()[0]));
}

}  // namespace
}  // namespace neo::kernels
