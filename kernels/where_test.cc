#include "kernels/where.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace neo::kernels {
namespace {

TEST(WhereTest, BroadcastsAllThreeOperands) {
  // numpy.where([[True], [False]], [1, 2, 3], -1) == [[1, 2, 3], [-1, -1, -1]].
  const std::vector<uint8_t> condition = {1, 0};
  const std::vector<float> x = {1, 2, 3}, y = {-1};
  WhereParams p{{2, 1}, {3}, {}, {2, 3}, 4};
  ASSERT_TRUE(WhereSupports(Backend::kReference, p));
  std::vector<float> out(6, 99);
  Context context(1);
  Where op(context, p, Backend::kReference, condition.data(), x.data(), y.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{1, 2, 3, -1, -1, -1}));
}

TEST(WhereTest, Int64ElementsAndNonZeroBytesAsTrue) {
  const std::vector<uint8_t> condition = {0, 2, 1, 0};
  const std::vector<int64_t> x = {10, 20, 30, 40}, y = {-10, -20, -30, -40};
  WhereParams p{{4}, {4}, {4}, {4}, 8};
  std::vector<int64_t> out(4);
  Context context(1);
  Where op(context, p, Backend::kReference, condition.data(), x.data(), y.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{-10, 20, 30, -40}));
}

TEST(WhereTest, Declines) {
  EXPECT_FALSE(WhereSupports(Backend::kReference, {{3}, {2}, {2}, {2}, 4}));
  EXPECT_FALSE(WhereSupports(Backend::kReference, {{2}, {2}, {2}, {2}, 3}));
  EXPECT_FALSE(WhereSupports(Backend::kXnnpack, {{2}, {2}, {2}, {2}, 4}));
  EXPECT_TRUE(WhereSupports(Backend::kReference, {{1}, {0}, {1}, {0}, 1}));
}

}  // namespace
}  // namespace neo::kernels
