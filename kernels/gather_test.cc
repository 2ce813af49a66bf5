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

TEST(GatherTest, GatherElementsAlongEachAxis) {
  // data [[1, 2], [3, 4]], indices [[0, 0], [1, 0]]: axis 1 picks within rows.
  const std::vector<float> data = {1, 2, 3, 4};
  const std::vector<int64_t> idx = {0, 0, 1, 0};
  GatherElementsParams p{{2, 2}, {2, 2}, 1};
  ASSERT_TRUE(GatherElementsSupports(Backend::kReference, p));
  std::vector<float> out(4);
  Context context(1);
  GatherElements op(context, p, Backend::kReference, data.data(), idx.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{1, 1, 4, 3}));
  // Axis 0 of [3, 3] with indices [[1, 2, 0], [-1, 0, 0]] (a 2x3 output).
  const std::vector<float> d3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<int64_t> i3 = {1, 2, 0, -1, 0, 0};
  GatherElementsParams q{{3, 3}, {2, 3}, 0};
  std::vector<float> out3(6);
  GatherElements op3(context, q, Backend::kReference, d3.data(), i3.data(), out3.data());
  op3.Run();
  EXPECT_EQ(out3, (std::vector<float>{4, 8, 3, 7, 2, 3}));
}

TEST(GatherTest, GatherNDSlicesElementsAndBatches) {
  Context context(1);
  // data [[0, 1], [2, 3]]: indices [[1], [0]] take rows, [[0, 0], [1, 1]] elements.
  const std::vector<int32_t> data = {0, 1, 2, 3};
  const std::vector<int64_t> rows = {1, 0}, elements = {0, 0, 1, 1};
  std::vector<int32_t> out(4);
  GatherND by_row(context, {{2, 2}, {2, 1}, 0, 4, 8}, Backend::kReference, data.data(), rows.data(), out.data());
  by_row.Run();
  EXPECT_EQ(out, (std::vector<int32_t>{2, 3, 0, 1}));
  std::vector<int32_t> out2(2);
  GatherND by_element(context, {{2, 2}, {2, 2}, 0, 4, 8}, Backend::kReference, data.data(), elements.data(), out2.data());
  by_element.Run();
  EXPECT_EQ(out2, (std::vector<int32_t>{0, 3}));
  // batch_dims 1: data [2, 2, 2], indices [[1], [0]] pick row 1 of batch 0, row 0 of batch 1.
  const std::vector<int32_t> d3 = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<int64_t> i3 = {1, 0};
  std::vector<int32_t> out3(4);
  GatherND batched(context, {{2, 2, 2}, {2, 1}, 1, 4, 8}, Backend::kReference, d3.data(), i3.data(), out3.data());
  batched.Run();
  EXPECT_EQ(out3, (std::vector<int32_t>{2, 3, 4, 5}));
  EXPECT_FALSE(GatherNDSupports(Backend::kReference, {{2, 2}, {2, 3}, 0, 4, 8}));  // k > rank
  EXPECT_FALSE(GatherNDSupports(Backend::kReference, {{3, 2}, {2, 1}, 1, 4, 8}));  // batch mismatch
}

}  // namespace
}  // namespace neo::kernels
