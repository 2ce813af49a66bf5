// ScatterND and ScatterElements against values worked out by hand.
#include "kernels/scatter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace neo::kernels {
namespace {

template <typename T>
std::vector<T> RunScatterND(const ScatterNDParams& p, const std::vector<T>& data,
                            const std::vector<int64_t>& indices, const std::vector<T>& updates) {
  EXPECT_TRUE(ScatterNDSupports(Backend::kReference, p));
  std::vector<T> out(data.size(), T(99));
  Context context(1);
  ScatterND op(context, p, Backend::kReference, data.data(), indices.data(), updates.data(), out.data());
  op.Run();
  return out;
}

TEST(ScatterTest, ScatterNDWholeRowsAndSingleElements) {
  // data [4, 2]; indices [[2], [0]] replace rows 2 and 0.
  ScatterNDParams rows{{4, 2}, {2, 1}};
  EXPECT_EQ(RunScatterND<float>(rows, {1, 2, 3, 4, 5, 6, 7, 8}, {2, 0}, {50, 60, 10, 20}),
            (std::vector<float>{10, 20, 3, 4, 50, 60, 7, 8}));
  // indices [[1, 1], [-1, 0]]: element (1, 1) and (3, 0) (a negative index from the end).
  ScatterNDParams elements{{4, 2}, {2, 2}};
  EXPECT_EQ(RunScatterND<float>(elements, {1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, -1, 0}, {-4, -7}),
            (std::vector<float>{1, 2, 3, -4, 5, 6, -7, 8}));
}

TEST(ScatterTest, ScatterNDReductionsInTheElementType) {
  ScatterNDParams p{{3}, {3, 1}, ScatterReduction::kAdd, ElementType::kInt64};
  // Duplicates accumulate: index 1 twice.
  EXPECT_EQ(RunScatterND<int64_t>(p, {10, 20, 30}, {1, 1, 2}, {1, 2, 3}),
            (std::vector<int64_t>{10, 23, 33}));
  p.reduction = ScatterReduction::kMul;
  EXPECT_EQ(RunScatterND<int64_t>(p, {10, 20, 30}, {1, 1, 2}, {2, 3, -1}),
            (std::vector<int64_t>{10, 120, -30}));
  p.reduction = ScatterReduction::kMax;
  EXPECT_EQ(RunScatterND<int64_t>(p, {10, 20, 30}, {0, 1, 2}, {11, 5, 30}),
            (std::vector<int64_t>{11, 20, 30}));
}

TEST(ScatterTest, ScatterElementsAlongAnAxis) {
  // data [[1, 2, 3, 4, 5]], indices [[1, 3]], updates [[1.1, 2.1]], axis 1.
  ScatterElementsParams p{{1, 5}, {1, 2}, 1};
  ASSERT_TRUE(ScatterElementsSupports(Backend::kReference, p));
  const std::vector<float> data = {1, 2, 3, 4, 5}, updates = {1.1f, 2.1f};
  const std::vector<int32_t> indices = {1, 3};
  p.index_size = 4;
  std::vector<float> out(5);
  Context context(1);
  ScatterElements op(context, p, Backend::kReference, data.data(), indices.data(), updates.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{1, 1.1f, 3, 2.1f, 5}));
  // Axis 0 of [3, 3] with indices [[1, 0, 2], [0, 2, 1]]: column j's rows.
  ScatterElementsParams q{{3, 3}, {2, 3}, 0};
  const std::vector<float> zeros(9, 0.0f), u = {1, 2, 3, 4, 5, 6};
  const std::vector<int64_t> idx = {1, 0, 2, 0, 2, 1};
  std::vector<float> out2(9);
  ScatterElements op2(context, q, Backend::kReference, zeros.data(), idx.data(), u.data(), out2.data());
  op2.Run();
  EXPECT_EQ(out2, (std::vector<float>{4, 2, 0, 1, 0, 6, 0, 5, 3}));
}

TEST(ScatterTest, Declines) {
  EXPECT_FALSE(ScatterNDSupports(Backend::kReference, {{4}, {2, 2}}));  // k > rank
  EXPECT_FALSE(ScatterNDSupports(Backend::kReference,
                                 {{4}, {2, 1}, ScatterReduction::kAdd, ElementType::kBool}));
  EXPECT_FALSE(ScatterNDSupports(Backend::kOnednn, {{4}, {2, 1}}));
  EXPECT_FALSE(ScatterElementsSupports(Backend::kReference, {{2, 2}, {2}, 0}));  // rank differs
  EXPECT_FALSE(ScatterElementsSupports(Backend::kReference, {{2, 2}, {2, 3}, 0}));
}

}  // namespace
}  // namespace neo::kernels
