#include "kernels/reduce.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/reference/reduce.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

TEST(ReduceTest, HandComputed) {
  // x = [[1, 2, 3], [4, 5, 6]].
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  struct Case {
    ReduceKind kind;
    Dims axes;
    std::vector<float> want;
  } cases[] = {
      {ReduceKind::kSum, {0}, {5, 7, 9}},      {ReduceKind::kSum, {1}, {6, 15}},
      {ReduceKind::kMean, {0, 1}, {3.5f}},     {ReduceKind::kMax, {1}, {3, 6}},
      {ReduceKind::kMin, {0}, {1, 2, 3}},      {ReduceKind::kProd, {1}, {6, 120}},
      {ReduceKind::kSum, {}, {1, 2, 3, 4, 5, 6}},
  };
  Context context(1);
  for (const Case& c : cases) {
    ReduceParams p{c.kind, {2, 3}, c.axes};
    for (Backend b : {Backend::kReference, Backend::kOnednn}) {
      if (!ReduceSupports(b, p)) continue;
      std::vector<float> out(c.want.size(), -1.0f);
      Reduce op(context, p, b, x.data(), out.data());
      op.Run();
      EXPECT_EQ(out, c.want) << BackendName(b) << " kind " << static_cast<int>(c.kind);
    }
  }
}

TEST(ReduceTest, EmptyInputGivesIdentity) {
  Context context(1);
  const float inf = std::numeric_limits<float>::infinity();
  const std::pair<ReduceKind, float> cases[] = {{ReduceKind::kSum, 0.0f},
                                                {ReduceKind::kProd, 1.0f},
                                                {ReduceKind::kMax, -inf},
                                                {ReduceKind::kMin, inf}};
  for (auto [kind, want] : cases) {
    ReduceParams p{kind, {2, 0, 3}, {1}};
    EXPECT_FALSE(ReduceSupports(Backend::kOnednn, p));
    std::vector<float> out(6, 42.0f);
    Reduce op(context, p, Backend::kReference, nullptr, out.data());
    op.Run();
    EXPECT_EQ(out, std::vector<float>(6, want));
  }
  std::vector<float> out(6);
  Reduce mean(context, {ReduceKind::kMean, {2, 0, 3}, {1}}, Backend::kReference, nullptr,
              out.data());
  mean.Run();
  EXPECT_TRUE(std::isnan(out[0]));  // 0 / 0, as numpy
}

// Random shapes up to rank 6 with size-1 dims and random axis subsets: oneDNN against
// the reference on 1 and 2 threads.
TEST(ReduceTest, OnednnMatchesReferenceOnRandomShapes) {
  std::mt19937 rng(5);
  Context one(1), two(2);
  int ran = 0;
  for (int trial = 0; trial < 200; ++trial) {
    ReduceParams p;
    p.kind = static_cast<ReduceKind>(rng() % 5);
    const int rank = 1 + static_cast<int>(rng() % 6);
    p.input_shape.rank = rank;
    for (int i = 0; i < rank; ++i) {
      p.input_shape[i] = 1 + static_cast<int64_t>(rng() % (rank <= 2 ? 30 : 5));
      if (rng() % 2) p.axes[p.axes.rank++] = i;
    }
    const int64_t n = p.input_shape.num_elements();
    // Products of many values near 1 stay in range.
    const auto x = p.kind == ReduceKind::kProd ? testing::Random(n, trial, 0.5f, 1.5f)
                                               : testing::Random(n, trial);
    int64_t outputs = 1;
    for (int i = 0; i < rank; ++i) {
      if (std::find(p.axes.d, p.axes.d + p.axes.rank, i) == p.axes.d + p.axes.rank) {
        outputs *= p.input_shape[i];
      }
    }
    std::vector<float> want(outputs), got(outputs, -7.0f);
    reference::Reduce(p, x.data(), want.data());
    if (!ReduceSupports(Backend::kOnednn, p)) continue;
    Reduce op(trial % 2 ? two : one, p, Backend::kOnednn, x.data(), got.data());
    op.Run();
    ++ran;
    ASSERT_TRUE(testing::AllClose(got, want, 1e-5f)) << "trial " << trial;
  }
  EXPECT_GT(ran, 120);
}

TEST(ReduceTest, Declines) {
  EXPECT_FALSE(ReduceSupports(Backend::kReference, {ReduceKind::kSum, {2, 3}, {1, 0}}));
  EXPECT_FALSE(ReduceSupports(Backend::kReference, {ReduceKind::kSum, {2, 3}, {2}}));
  EXPECT_FALSE(ReduceSupports(Backend::kOnednn, {ReduceKind::kSum, {2, 3}, {}}));
  EXPECT_FALSE(ReduceSupports(Backend::kXnnpack, {ReduceKind::kSum, {2, 3}, {1}}));
}

TEST(ArgReduceTest, HandComputed) {
  // x = [[1, 5, 5], [7, 0, 0]]
  const std::vector<float> x = {1, 5, 5, 7, 0, 0};
  Context context(1);
  auto run = [&](ArgReduceKind kind, int axis, bool last) {
    ArgReduceParams p{kind, {2, 3}, axis, last};
    std::vector<int64_t> out(axis == 0 ? 3 : 2, -1);
    ArgReduce op(context, p, Backend::kReference, x.data(), out.data());
    op.Run();
    return out;
  };
  EXPECT_EQ(run(ArgReduceKind::kMax, 1, false), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(run(ArgReduceKind::kMax, 1, true), (std::vector<int64_t>{2, 0}));
  EXPECT_EQ(run(ArgReduceKind::kMin, 1, false), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(run(ArgReduceKind::kMin, 1, true), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(run(ArgReduceKind::kMax, 0, false), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_FALSE(ArgReduceSupports(Backend::kReference, {ArgReduceKind::kMax, {2, 0}, 1, false}));
  EXPECT_FALSE(ArgReduceSupports(Backend::kOnednn, {ArgReduceKind::kMax, {2, 3}, 1, false}));
}

TEST(ArgReduceTest, NanWinsAsInNumpy) {
  const std::vector<float> x = {1, std::nanf(""), 3};
  std::vector<int64_t> out(1);
  Context context(1);
  ArgReduce op(context, {ArgReduceKind::kMax, {3}, 0, false}, Backend::kReference, x.data(),
               out.data());
  op.Run();
  EXPECT_EQ(out[0], 1);
}

TEST(TopKTest, HandComputedWithTiesByIndex) {
  // x = [[3, 1, 3, 2], [0, 5, -1, 5]]
  const std::vector<float> x = {3, 1, 3, 2, 0, 5, -1, 5};
  Context context(1);
  auto run = [&](int axis, int64_t k, bool largest) {
    TopKParams p{{2, 4}, axis, k, largest};
    EXPECT_TRUE(TopKSupports(Backend::kReference, p));
    std::vector<int64_t> out(static_cast<size_t>(axis == 1 ? 2 * k : 4 * k), -1);
    TopK op(context, p, Backend::kReference, x.data(), out.data());
    op.Run();
    return out;
  };
  EXPECT_EQ(run(1, 3, true), (std::vector<int64_t>{0, 2, 3, 1, 3, 0}));
  EXPECT_EQ(run(1, 2, false), (std::vector<int64_t>{1, 3, 2, 0}));
  EXPECT_EQ(run(0, 1, true), (std::vector<int64_t>{0, 1, 0, 1}));
  EXPECT_FALSE(TopKSupports(Backend::kReference, {{2, 4}, 1, 5, true}));
  EXPECT_FALSE(TopKSupports(Backend::kReference, {{2, 4}, 1, 0, true}));
  EXPECT_FALSE(TopKSupports(Backend::kXnnpack, {{2, 4}, 1, 2, true}));
}

// Against a full stable sort, on random data with many ties, along a middle axis.
TEST(TopKTest, MatchesStableSort) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> small(-3, 3);
  const int64_t outer = 3, n = 17, inner = 2;
  std::vector<float> x(static_cast<size_t>(outer * n * inner));
  for (float& v : x) v = static_cast<float>(small(rng)) * 0.5f;
  Context context(1);
  for (bool largest : {true, false}) {
    const int64_t k = 6;
    std::vector<int64_t> got(static_cast<size_t>(outer * k * inner));
    TopK op(context, {{outer, n, inner}, 1, k, largest}, Backend::kReference, x.data(), got.data());
    op.Run();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        std::vector<int64_t> order(static_cast<size_t>(n));
        for (int64_t j = 0; j < n; ++j) order[static_cast<size_t>(j)] = j;
        auto at = [&](int64_t j) { return x[static_cast<size_t>((o * n + j) * inner + i)]; };
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          return largest ? at(a) > at(b) : at(a) < at(b);
        });
        for (int64_t j = 0; j < k; ++j) {
          EXPECT_EQ(got[static_cast<size_t>((o * k + j) * inner + i)], order[static_cast<size_t>(j)]);
        }
      }
    }
  }
}

}  // namespace
}  // namespace neo::kernels
