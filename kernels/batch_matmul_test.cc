#include "kernels/batch_matmul.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/reference/batch_matmul.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

TEST(BatchMatMulTest, BroadcastsBatchHandComputed) {
  // a [2, 1, 2] (two row vectors), b [2, 2] shared: output [2, 1, 2].
  const std::vector<float> a = {1, 2, 3, 4}, b = {1, 10, 100, 1000};
  BatchMatMulParams p{{2, 1, 2}, {2, 2}, {2, 1, 2}};
  Context context(1);
  for (Backend backend : {Backend::kReference, Backend::kOnednn}) {
    ASSERT_TRUE(BatchMatMulSupports(backend, p));
    std::vector<float> out(4);
    BatchMatMul op(context, p, backend, a.data(), b.data(), out.data());
    op.Run();
    EXPECT_EQ(out, (std::vector<float>{201, 2010, 403, 4030})) << BackendName(backend);
  }
}

// Random shapes: batch ranks 0..3, size-1 batch dims on either side, a of lower rank.
TEST(BatchMatMulTest, OnednnMatchesReferenceOnRandomShapes) {
  std::mt19937 rng(11);
  Context one(1), two(2);
  for (int trial = 0; trial < 120; ++trial) {
    const int batch = static_cast<int>(rng() % 4);
    BatchMatMulParams p;
    const int64_t m = 1 + rng() % 9, k = 1 + rng() % 17, n = 1 + rng() % 9;
    p.output_shape.rank = batch + 2;
    const int a_batch = static_cast<int>(rng() % (batch + 1)), b_batch = batch;
    p.a_shape.rank = a_batch + 2;
    p.b_shape.rank = b_batch + 2;
    for (int i = 0; i < batch; ++i) {
      const int64_t d = 1 + rng() % 3;
      p.output_shape[i] = d;
      p.b_shape[i] = rng() % 3 == 0 ? 1 : d;
    }
    for (int i = 0; i < a_batch; ++i) {
      const int oi = batch - a_batch + i;
      p.a_shape[i] = rng() % 3 == 0 ? 1 : p.output_shape[oi];
      if (p.b_shape[oi] == 1) p.a_shape[i] = p.output_shape[oi];  // someone has the size
    }
    for (int i = 0; i < batch; ++i) {
      const int ai = i - (batch - a_batch);
      if ((ai < 0 || p.a_shape[ai] == 1) && p.b_shape[i] == 1) p.output_shape[i] = 1;
    }
    p.a_shape[a_batch] = m;
    p.a_shape[a_batch + 1] = k;
    p.b_shape[b_batch] = k;
    p.b_shape[b_batch + 1] = n;
    p.output_shape[batch] = m;
    p.output_shape[batch + 1] = n;
    ASSERT_TRUE(BatchMatMulSupports(Backend::kReference, p)) << "trial " << trial;
    ASSERT_TRUE(BatchMatMulSupports(Backend::kOnednn, p)) << "trial " << trial;
    const auto a = testing::Random(p.a_shape.num_elements(), 2 * trial);
    const auto b = testing::Random(p.b_shape.num_elements(), 2 * trial + 1);
    std::vector<float> want(p.output_shape.num_elements()), got(want.size(), -9.0f);
    reference::BatchMatMul(p, a.data(), b.data(), want.data());
    BatchMatMul op(trial % 2 ? two : one, p, Backend::kOnednn, a.data(), b.data(), got.data());
    op.Run();
    ASSERT_TRUE(testing::AllClose(got, want, 1e-5f)) << "trial " << trial;
  }
}

TEST(BatchMatMulTest, Declines) {
  EXPECT_FALSE(BatchMatMulSupports(Backend::kReference, {{2, 3}, {4, 5}, {2, 5}}));  // K
  EXPECT_FALSE(BatchMatMulSupports(Backend::kReference, {{2, 2, 3}, {3, 3, 5}, {3, 2, 5}}));
  EXPECT_FALSE(BatchMatMulSupports(Backend::kReference, {{3}, {3, 5}, {5}}));  // rank 1
  EXPECT_FALSE(BatchMatMulSupports(Backend::kOnednn, {{0, 3}, {3, 5}, {0, 5}}));
  EXPECT_TRUE(BatchMatMulSupports(Backend::kReference, {{0, 3}, {3, 5}, {0, 5}}));
}

}  // namespace
}  // namespace neo::kernels
