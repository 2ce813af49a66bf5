#include "kernels/binary.h"

#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

#include "kernels/reference/elementwise.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Case {
  const char* name;
  BinaryParams p;
};

BinaryParams Make(BinaryOp op, Dims a, Dims b, Dims out, float lo = -kInf, float hi = kInf) {
  BinaryParams p;
  p.op = op;
  p.a_shape = a;
  p.b_shape = b;
  p.output_shape = out;
  p.output_min = lo;
  p.output_max = hi;
  return p;
}

std::vector<Case> Cases() {
  using B = BinaryOp;
  std::vector<Case> c = {
      {"same_shape", Make(B::kAdd, {2, 3, 4, 5}, {2, 3, 4, 5}, {2, 3, 4, 5})},
      {"trailing_vector", Make(B::kMul, {2, 3, 4, 5}, {5}, {2, 3, 4, 5})},
      {"both_broadcast", Make(B::kSub, {2, 1, 4, 1}, {3, 1, 5}, {2, 3, 4, 5})},
      {"scalar_a", Make(B::kDiv, {}, {4, 7}, {4, 7})},
      {"divide", Make(B::kDiv, {3, 7, 9}, {3, 1, 9}, {3, 7, 9})},
      {"maximum", Make(B::kMaximum, {1, 6, 6, 16}, {16}, {1, 6, 6, 16})},
      {"minimum", Make(B::kMinimum, {5, 1}, {1, 6}, {5, 6})},
      {"add_relu6", Make(B::kAdd, {1, 7, 7, 32}, {1, 7, 7, 32}, {1, 7, 7, 32}, 0.0f, 6.0f)},
      {"pow", Make(B::kPow, {2, 3, 4}, {4}, {2, 3, 4})},
      {"rank7", Make(B::kAdd, {2, 1, 2, 1, 2, 1, 3}, {1, 2, 1, 2, 1, 2, 3},
                     {2, 2, 2, 2, 2, 2, 3})},
      {"rank8", Make(B::kMul, {2, 1, 2, 1, 2, 1, 2, 1}, {2, 1, 2, 1, 2, 1, 2},
                     {2, 2, 2, 2, 2, 2, 2, 2})},
      {"prelu_channel", Make(B::kPRelu, {1, 5, 5, 16}, {16}, {1, 5, 5, 16})},
      {"prelu_111c", Make(B::kPRelu, {2, 3, 3, 8}, {1, 1, 1, 8}, {2, 3, 3, 8})},
      {"prelu_runtime_slope", Make(B::kPRelu, {1, 5, 5, 16}, {16}, {1, 5, 5, 16})},
  };
  c[11].p.b_constant = c[12].p.b_constant = true;
  return c;
}

class BinaryTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(BinaryTest, MatchesReference) {
  const auto [backend, index] = GetParam();
  const BinaryParams p = Cases()[index].p;
  if (!BinarySupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  // Positive operands keep pow real and division away from zero.
  const bool positive = p.op == BinaryOp::kPow || p.op == BinaryOp::kDiv;
  const auto a = Random(p.a_shape.num_elements(), 1, positive ? 0.5f : -4.0f, 4.0f);
  const auto b = Random(p.b_shape.num_elements(), 2, positive ? 0.5f : -4.0f, 4.0f);
  std::vector<float> expected(p.output_shape.num_elements()),
      output(p.output_shape.num_elements(), -7.0f);
  reference::Binary(p, a.data(), b.data(), expected.data());
  Context context(1 + index % 2);  // odd cases on two threads
  Binary op(context, p, backend, a.data(), b.data(), output.data());
  op.Run();
  EXPECT_TRUE(AllClose(output, expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, BinaryTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kXnnpack,
                                         Backend::kOnednn),
                       ::testing::Range(0, static_cast<int>(Cases().size()))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             Cases()[std::get<1>(info.param)].name;
    });

TEST(BinaryReferenceTest, BroadcastsByHand) {
  // [[1], [2]] + [10, 20, 30] = [[11, 21, 31], [12, 22, 32]]
  const BinaryParams p = Make(BinaryOp::kAdd, {2, 1}, {3}, {2, 3});
  const float a[] = {1, 2}, b[] = {10, 20, 30};
  std::vector<float> out(6);
  reference::Binary(p, a, b, out.data());
  EXPECT_EQ(out, (std::vector<float>{11, 21, 31, 12, 22, 32}));
  const BinaryParams prelu = Make(BinaryOp::kPRelu, {4}, {4}, {4});
  const float x[] = {-2, -1, 1, 2}, slope[] = {0.5f, 0.25f, 9, 9};
  reference::Binary(prelu, x, slope, out.data());
  EXPECT_EQ(std::vector<float>(out.begin(), out.begin() + 4),
            (std::vector<float>{-1, -0.25f, 1, 2}));
}

TEST(BinarySupportsTest, Honest) {
  const auto c = Cases();
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, c[8].p));   // pow
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, c[9].p));   // rank 7 > XNN_MAX_TENSOR_DIMS
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, c[13].p));  // slope not a constant
  EXPECT_TRUE(BinarySupports(Backend::kXnnpack, c[11].p));
  EXPECT_TRUE(BinarySupports(Backend::kReference, c[10].p));
  // Shapes that do not broadcast are nobody's.
  EXPECT_FALSE(BinarySupports(Backend::kReference, Make(BinaryOp::kAdd, {3}, {4}, {4})));
  // The output must be exactly the broadcast shape, not something larger.
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, Make(BinaryOp::kAdd, {1, 4}, {4}, {3, 4})));
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, Make(BinaryOp::kAdd, {4}, {4}, {1, 4})));
  EXPECT_TRUE(BinarySupports(Backend::kXnnpack, Make(BinaryOp::kAdd, {3, 1}, {4}, {3, 4})));
}

TEST(BinarySupportsTest, OnednnBroadcastsOnlyItsSecondSource) {
  const auto c = Cases();
  for (int i : {0, 1, 5, 7}) EXPECT_TRUE(BinarySupports(Backend::kOnednn, c[i].p)) << i;
  // [3,7,9] / [3,1,9]: a broadcast oneDNN runs in its slow reference implementation.
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[4].p));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, Make(BinaryOp::kSub, {1, 56, 56, 16}, {1, 56, 56, 1}, {1, 56, 56, 16})));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[2].p));   // both operands broadcast
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[3].p));   // scalar / tensor: not commutative
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[6].p));   // [5,1] min [1,6]
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[8].p));   // pow
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[9].p));   // rank 7
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, c[11].p));  // PRelu
  // A commutative operator whose first operand broadcasts runs with the operands swapped.
  EXPECT_TRUE(BinarySupports(Backend::kOnednn, Make(BinaryOp::kMul, {5}, {2, 3, 4, 5}, {2, 3, 4, 5})));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, Make(BinaryOp::kSub, {5}, {2, 3, 4, 5}, {2, 3, 4, 5})));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, Make(BinaryOp::kAdd, {4}, {4}, {4}, 1.0f, 1.0f)));
}

// Random shapes up to rank 6, random broadcasting of one operand, every operator, with
// and without a clamp, on 1 and 2 threads.
TEST(BinaryOnednnTest, RandomShapesMatchReference) {
  std::mt19937 rng(5);
  Context one(1), two(2);
  const BinaryOp ops[] = {BinaryOp::kAdd, BinaryOp::kSub, BinaryOp::kMul,
                          BinaryOp::kDiv, BinaryOp::kMaximum, BinaryOp::kMinimum};
  int accepted = 0, swapped = 0;
  for (int trial = 0; trial < 150; ++trial) {
    const int rank = static_cast<int>(rng() % 7);
    Dims out, small;
    out.rank = rank;
    for (int i = 0; i < rank; ++i) out[i] = 1 + rng() % 6;
    // The broadcast operand: a suffix of the output's dims, some of them 1.
    small.rank = rank == 0 ? 0 : static_cast<int>(rng() % (rank + 1));
    for (int i = 0; i < small.rank; ++i)
      small[i] = rng() % 2 ? out[rank - small.rank + i] : 1;
    const BinaryOp op = ops[rng() % 6];
    const bool small_first = rng() % 3 == 0;
    BinaryParams p = small_first ? Make(op, small, out, out) : Make(op, out, small, out);
    if (rng() % 3 == 0) {
      p.output_min = -1.5f;
      p.output_max = 2.0f;
    }
    if (!BinarySupports(Backend::kOnednn, p)) {
      // Declined: a broadcast first operand of a non-commutative operator, or a broadcast
      // oneDNN would run in its slow reference implementation; never equal shapes.
      bool broadcast = small.rank != rank;
      for (int i = 0; i < small.rank; ++i) broadcast = broadcast || small[i] != out[rank - small.rank + i];
      EXPECT_TRUE(broadcast) << trial;
      continue;
    }
    ++accepted;
    swapped += small_first;
    const auto a = Random(p.a_shape.num_elements(), 3 * trial, 0.5f, 4.0f);
    const auto b = Random(p.b_shape.num_elements(), 3 * trial + 1, 0.5f, 4.0f);
    std::vector<float> expected(p.output_shape.num_elements()),
        output(p.output_shape.num_elements(), -7.0f);
    reference::Binary(p, a.data(), b.data(), expected.data());
    Binary binary(trial % 2 ? two : one, p, Backend::kOnednn, a.data(), b.data(), output.data());
    binary.Run();
    ASSERT_TRUE(AllClose(output, expected)) << "trial " << trial;
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(swapped, 10);
}

}  // namespace
}  // namespace neo::kernels
