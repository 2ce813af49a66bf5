#include "kernels/slice.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <vector>

namespace neo::kernels {
namespace {

TEST(SliceTest, NegativeStepAndStride) {
  // x = arange(12).reshape(3, 4); x[2::-2, 3:0:-2] = [[11, 9], [3, 1]].
  std::vector<float> x(12);
  std::iota(x.begin(), x.end(), 0.0f);
  SliceParams p{{3, 4}, {2, 2}, {2, 3}, {-2, -2}};
  ASSERT_TRUE(SliceSupports(Backend::kReference, p));
  std::vector<float> out(4);
  Context context(1);
  Slice op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{11, 9, 3, 1}));
}

TEST(SliceTest, EmptyOutputAndBounds) {
  EXPECT_TRUE(SliceSupports(Backend::kReference, {{3, 4}, {0, 4}, {3, 0}, {1, 1}}));
  EXPECT_FALSE(SliceSupports(Backend::kReference, {{3, 4}, {2, 2}, {2, 3}, {1, 1}}));  // row 3
  EXPECT_FALSE(SliceSupports(Backend::kReference, {{3, 4}, {1, 1}, {0, 0}, {1, 0}}));  // step 0
  EXPECT_FALSE(SliceSupports(Backend::kOnednn, {{3, 4}, {1, 1}, {0, 0}, {1, 1}}));
}

// Random rank-3 slices of 8-byte elements against the index formula.
// An empty result may come with no buffer: nothing is read or written.
TEST(SliceTest, EmptyOutputWithoutBuffer) {
  std::vector<float> x(12, 1.0f);
  Context context(1);
  for (const SliceParams& p : {SliceParams{{3, 4}, {3, 0}, {0, 0}, {1, 1}},
                               SliceParams{{3, 4}, {0, 4}, {3, 0}, {1, 1}}}) {
    ASSERT_TRUE(SliceSupports(Backend::kReference, p));
    Slice op(context, p, Backend::kReference, x.data(), nullptr);
    op.Run();
  }
}

TEST(SliceTest, RandomAgainstIndexFormula) {
  std::mt19937 rng(21);
  Context context(1);
  for (int trial = 0; trial < 200; ++trial) {
    SliceParams p;
    p.input_shape = {int64_t(1 + rng() % 5), int64_t(1 + rng() % 5), int64_t(1 + rng() % 5)};
    p.output_shape = p.starts = p.steps = p.input_shape;
    p.element_size = 8;
    for (int i = 0; i < 3; ++i) {
      const int64_t n = p.input_shape[i];
      int64_t step = 1 + rng() % 3;
      if (rng() % 2) step = -step;
      const int64_t start = rng() % n;
      const int64_t room = step > 0 ? (n - 1 - start) / step : start / -step;
      p.starts[i] = start;
      p.steps[i] = step;
      p.output_shape[i] = rng() % (room + 2);  // 0 .. room + 1
    }
    std::vector<int64_t> x(p.input_shape.num_elements());
    std::iota(x.begin(), x.end(), 100);
    ASSERT_TRUE(SliceSupports(Backend::kReference, p)) << "trial " << trial;
    std::vector<int64_t> want, got(p.output_shape.num_elements(), -1);
    for (int64_t a = 0; a < p.output_shape[0]; ++a)
      for (int64_t b = 0; b < p.output_shape[1]; ++b)
        for (int64_t c = 0; c < p.output_shape[2]; ++c)
          want.push_back(x[((p.starts[0] + a * p.steps[0]) * p.input_shape[1] +
                            p.starts[1] + b * p.steps[1]) * p.input_shape[2] +
                           p.starts[2] + c * p.steps[2]]);
    Slice op(context, p, Backend::kReference, x.data(), got.data());
    op.Run();
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

}  // namespace
}  // namespace neo::kernels
