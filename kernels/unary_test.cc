#include "kernels/unary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <tuple>
#include <vector>

#include "kernels/reference/elementwise.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

using testing::AllClose;
using testing::Random;

const UnaryParams kOps[] = {
    {UnaryOp::kClamp, 1001, -0.5f, 2.0f},  {UnaryOp::kRelu, 1001},
    {UnaryOp::kSigmoid, 1001},             {UnaryOp::kTanh, 1001},
    {UnaryOp::kExp, 1001},                 {UnaryOp::kLog, 1001},
    {UnaryOp::kAbs, 1001},                 {UnaryOp::kNeg, 1001},
    {UnaryOp::kSqrt, 1001},                {UnaryOp::kReciprocal, 1001},
    {UnaryOp::kFloor, 1001},               {UnaryOp::kCeil, 1001},
    {UnaryOp::kElu, 1001, 0.7f},           {UnaryOp::kLeakyRelu, 1001, 0.1f},
    {UnaryOp::kSelu, 1001, 1.6732632f, 0.0f, 1.0507010f},
    {UnaryOp::kHardSigmoid, 1001, 0.2f, 0.5f},
    {UnaryOp::kSoftplus, 1001},            {UnaryOp::kSoftsign, 1001},
    {UnaryOp::kThresholdedRelu, 1001, 1.0f}, {UnaryOp::kHardSwish, 1001},
    {UnaryOp::kGelu, 1001},
};

bool NeedsPositive(UnaryOp op) {
  return op == UnaryOp::kLog || op == UnaryOp::kSqrt || op == UnaryOp::kReciprocal;
}

// qemu-x86_64 7.2 (the emulator of `bazel test --config=ml_c4`) decodes an AVX2 gather
// whose index register is ymm4 as having no index: every lane loads element 0. oneDNN's
// AVX2 tanh gathers its polynomial's coefficients with ymm4, so under that emulator it is
// wrong while the same code is right on a real AVX2 CPU. Whether this CPU gathers right:
bool GatherWithIndexYmm4Works() {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2")) return true;  // oneDNN runs no AVX2 code here
  alignas(32) static const float table[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  alignas(32) static const int index[8] = {7, 6, 5, 4, 3, 2, 1, 0};
  alignas(32) float out[8] = {};
  __asm__ volatile(
      "vmovdqa (%[index]), %%ymm4\n\t"
      "vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\t"
      "vxorps %%ymm3, %%ymm3, %%ymm3\n\t"
      "vgatherdps %%ymm0, (%[table], %%ymm4, 4), %%ymm3\n\t"
      "vmovaps %%ymm3, (%[out])\n\t"
      "vzeroupper"
      :
      : [index] "r"(index), [table] "r"(table), [out] "r"(out)
      : "memory", "xmm0", "xmm3", "xmm4");
  for (int i = 0; i < 8; ++i) {
    if (out[i] != table[index[i]]) return false;
  }
#endif
  return true;
}

class UnaryTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(UnaryTest, MatchesReferenceAndRunsInPlace) {
  const auto [backend, index] = GetParam();
  const UnaryParams p = kOps[index];
  if (!UnarySupports(backend, p)) GTEST_SKIP() << BackendName(backend) << " declines";
  if (backend == Backend::kOnednn && p.op == UnaryOp::kTanh && !GatherWithIndexYmm4Works()) {
    GTEST_SKIP() << "this CPU (an emulator) gathers wrong with index ymm4, which oneDNN's tanh uses";
  }
  const auto input = Random(p.size, 7, NeedsPositive(p.op) ? 0.1f : -5.0f, 5.0f);
  std::vector<float> expected(p.size), output(p.size, -7.0f);
  reference::Unary(p, input.data(), expected.data());
  Context context(1 + index % 2);  // odd cases on two threads
  Unary op(context, p, backend, input.data(), output.data());
  op.Run();
  EXPECT_TRUE(AllClose(output, expected));
  std::vector<float> in_place = input;
  Unary op2(context, p, backend, in_place.data(), in_place.data());
  op2.Run();
  EXPECT_TRUE(AllClose(in_place, expected));
}

INSTANTIATE_TEST_SUITE_P(
    All, UnaryTest,
    ::testing::Combine(::testing::Values(Backend::kReference, Backend::kXnnpack, Backend::kOnednn),
                       ::testing::Range(0, static_cast<int>(std::size(kOps)))),
    [](const auto& info) {
      return std::string(BackendName(std::get<0>(info.param))) + "_" +
             std::to_string(std::get<1>(info.param));
    });

TEST(UnaryReferenceTest, Formulas) {
  auto f = [](UnaryParams p, float x) { return reference::UnaryScalar(p, x); };
  EXPECT_FLOAT_EQ(f({UnaryOp::kElu, 1, 2.0f}, -1.0f), 2.0f * (std::exp(-1.0f) - 1.0f));
  EXPECT_FLOAT_EQ(f({UnaryOp::kSelu, 1, 2.0f, 0, 3.0f}, 1.0f), 3.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kHardSigmoid, 1, 0.2f, 0.5f}, 10.0f), 1.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kThresholdedRelu, 1, 1.0f}, 1.0f), 0.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kSoftplus, 1}, 100.0f), 100.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kSoftsign, 1}, -3.0f), -0.75f);
  // HardSwish: 0 below -3, x above 3, x (x + 3) / 6 between.
  EXPECT_FLOAT_EQ(f({UnaryOp::kHardSwish, 1}, -4.0f), 0.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kHardSwish, 1}, 4.0f), 4.0f);
  EXPECT_FLOAT_EQ(f({UnaryOp::kHardSwish, 1}, 1.5f), 1.125f);
}

// Gelu, the erf form, against values worked out from std::erf in double: erf(1/sqrt 2) is
// the normal CDF's P(|Z| < 1) = 0.682689492..., so Gelu(1) = 0.841344746...; Gelu(-1) =
// -(1 - 0.841344746) = -0.158655254; Gelu(0) = 0; far out, x or 0.
TEST(UnaryReferenceTest, GeluIsTheErfForm) {
  auto gelu = [](float x) { return reference::UnaryScalar({UnaryOp::kGelu, 1}, x); };
  EXPECT_EQ(gelu(0.0f), 0.0f);
  EXPECT_EQ(gelu(1.0f), 0.841344746068543f);
  EXPECT_EQ(gelu(-1.0f), -0.158655253931457f);
  EXPECT_EQ(gelu(2.0f), 1.954499736103642f);
  EXPECT_EQ(gelu(10.0f), 10.0f);
  // Where 1 + erf cancels, the tail stays exact: erfc(5 / sqrt 2) = 5.733e-7 and
  // erfc(10 / sqrt 2) = 1.524e-23.
  EXPECT_EQ(gelu(-5.0f), -1.4332578e-06f);
  EXPECT_EQ(gelu(-10.0f), -7.619853e-23f);
  // Against the textbook 1 + erf form where that form is accurate (x >= -3).
  for (float x = -3.0f; x <= 6.0f; x += 0.125f) {
    const double t = x;
    EXPECT_FLOAT_EQ(gelu(x), static_cast<float>(0.5 * t * (1.0 + std::erf(t / std::sqrt(2.0)))))
        << x;
  }
}

// The math beyond Neo's list, against values worked out by hand (pi/6 and friends, the
// half-to-even rule for Round, Celu's alpha * (exp(x / alpha) - 1) below 0).
TEST(UnaryReferenceTest, MathBeyondTheSpec) {
  auto f = [](UnaryOp op, float x, float alpha = 0.0f) {
    return reference::UnaryScalar({op, 1, alpha}, x);
  };
  EXPECT_FLOAT_EQ(f(UnaryOp::kErf, 0.5f), 0.5204998778f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kSin, 1.0f), 0.8414709848f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kCos, 1.0f), 0.5403023059f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kTan, 1.0f), 1.5574077247f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAsin, 0.5f), 0.5235987756f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAcos, 0.5f), 1.0471975512f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAtan, 1.0f), 0.7853981634f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kSinh, 1.0f), 1.1752011936f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kCosh, 1.0f), 1.5430806348f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAsinh, 1.0f), 0.8813735870f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAcosh, 2.0f), 1.3169578969f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kAtanh, 0.5f), 0.5493061443f);
  EXPECT_EQ(f(UnaryOp::kSign, -3.0f), -1.0f);
  EXPECT_EQ(f(UnaryOp::kSign, 0.0f), 0.0f);
  EXPECT_EQ(f(UnaryOp::kSign, 2.0f), 1.0f);
  EXPECT_EQ(f(UnaryOp::kRound, 2.5f), 2.0f);
  EXPECT_EQ(f(UnaryOp::kRound, 3.5f), 4.0f);
  EXPECT_EQ(f(UnaryOp::kRound, -2.5f), -2.0f);
  EXPECT_EQ(f(UnaryOp::kRound, 1.4f), 1.0f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kCelu, -1.0f, 1.0f), -0.6321205588f);
  EXPECT_FLOAT_EQ(f(UnaryOp::kCelu, -2.0f, 2.0f), -1.2642411177f);
  EXPECT_EQ(f(UnaryOp::kCelu, 3.0f, 2.0f), 3.0f);
  auto shrink = [](float x) { return reference::UnaryScalar({UnaryOp::kShrink, 1, 1.5f, 0.5f}, x); };
  EXPECT_EQ(shrink(-2.0f), -1.5f);
  EXPECT_EQ(shrink(-1.0f), 0.0f);
  EXPECT_EQ(shrink(1.5f), 0.0f);
  EXPECT_EQ(shrink(3.0f), 2.5f);
  // No library runs them (XNNPACK 2022-02 and oneDNN 2.6.3 have no such single operator).
  for (UnaryOp op : {UnaryOp::kErf, UnaryOp::kSin, UnaryOp::kRound, UnaryOp::kCelu}) {
    EXPECT_FALSE(UnarySupports(Backend::kXnnpack, {op, 16}));
    EXPECT_FALSE(UnarySupports(Backend::kOnednn, {op, 16}));
  }
}

TEST(UnarySupportsTest, XnnpackHasNoTanhExpLog) {
  for (UnaryOp op : {UnaryOp::kTanh, UnaryOp::kExp, UnaryOp::kLog, UnaryOp::kSelu}) {
    EXPECT_FALSE(UnarySupports(Backend::kXnnpack, {op, 16}));
  }
  EXPECT_TRUE(UnarySupports(Backend::kXnnpack, {UnaryOp::kSigmoid, 16}));
}

TEST(UnarySupportsTest, OnednnFillsTheGaps) {
  for (UnaryOp op : {UnaryOp::kTanh, UnaryOp::kExp, UnaryOp::kLog, UnaryOp::kSoftplus}) {
    EXPECT_TRUE(UnarySupports(Backend::kOnednn, {op, 16}));
  }
  for (UnaryOp op : {UnaryOp::kFloor, UnaryOp::kSelu, UnaryOp::kSoftsign}) {
    EXPECT_FALSE(UnarySupports(Backend::kOnednn, {op, 16}));
  }
  EXPECT_FALSE(UnarySupports(Backend::kOnednnWinograd, {UnaryOp::kRelu, 16}));
}

}  // namespace
}  // namespace neo::kernels
