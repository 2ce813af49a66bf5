#include "kernels/gather.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace neo::kernels {
namespace {

TEST(GatherTest, AxisOneWithNegativeAndInt32Indices) {
  // numpy.take([[1, 2, 3], [4, 5, 6]], [2, -3, 1], axis=1).
  const std::vector<float> data = {1, 2, 3, 4, 5, 6};
  const std::vector<int32_t> idx = {2, -3, 1};
  GatherParams p{{2, 3}, 1, 3, 4, 4};
  std::vector<float> out(6);
  Context context(1);
  Gather op(context, p, Backend::kReference, data.data(), idx.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{3, 1, 2, 6, 4, 5}));
  EXPECT_FALSE(GatherSupports(Backend::kOnednn, p));
}

TEST(GatherTest, Int64RowsAndOutOfRangeIsClamped) {
  const std::vector<int64_t> data = {10, 11, 20, 21, 30, 31};
  const std::vector<int64_t> idx = {-1, 7, -9, 0};  // 7 and -9 are out of range
  GatherParams p{{3, 2}, 0, 4, 8, 8};
  std::vector<int64_t> out(8);
  Context context(1);
  Gather op(context, p, Backend::kReference, data.data(), idx.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{30, 31, 30, 31, 10, 11, 10, 11}));
}

// Random shapes and axes, 1-byte elements, against numpy.take's index formula.
TEST(GatherTest, RandomAgainstIndexFormula) {
  std::mt19937 rng(9);
  Context context(1);
  for (int trial = 0; trial < 100; ++trial) {
    GatherParams p;
    p.data_shape.rank = 1 + rng() % 4;
    for (int i = 0; i < p.data_shape.rank; ++i) p.data_shape[i] = 1 + rng() % 4;
    p.axis = rng() % p.data_shape.rank;
    p.num_indices = rng() % 5;  // 0: an empty output
    p.element_size = 1;
    const int64_t n = p.data_shape[p.axis];
    std::vector<int64_t> idx(p.num_indices);
    for (auto& v : idx) v = static_cast<int64_t>(rng() % (2 * n)) - n;
    std::vector<uint8_t> data(p.data_shape.num_elements());
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < p.data_shape.rank; ++i) {
      if (i < p.axis) outer *= p.data_shape[i];
      if (i > p.axis) inner *= p.data_shape[i];
    }
    std::vector<uint8_t> want, got(outer * p.num_indices * inner, 0xEE);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < p.num_indices; ++j)
        for (int64_t i = 0; i < inner; ++i)
          want.push_back(data[(o * n + (idx[j] + n) % n) * inner + i]);
    Gather op(context, p, Backend::kReference, data.data(), idx.data(), got.data());
    op.Run();
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

TEST(GatherTest, Declines) {
  EXPECT_FALSE(GatherSupports(Backend::kReference, {{2, 3}, 2, 1, 4, 8}));   // axis
  EXPECT_FALSE(GatherSupports(Backend::kReference, {{2, 0}, 1, 1, 4, 8}));   // empty axis
  EXPECT_TRUE(GatherSupports(Backend::kReference, {{2, 0}, 1, 0, 4, 8}));    // nothing to do
  EXPECT_FALSE(GatherSupports(Backend::kReference, {{2, 3}, 0, 1, 4, 2}));   // int16 index
}

}  // namespace
}  // namespace neo::kernels
