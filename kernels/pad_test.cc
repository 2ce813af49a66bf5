#include "kernels/pad.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace neo::kernels {
namespace {

std::vector<float> RunPad(PadMode mode, Dims shape, Dims begin, Dims end,
                          const std::vector<float>& x, size_t out_size, double value = 0) {
  PadParams p{mode, shape, begin, end, value};
  EXPECT_TRUE(PadSupports(Backend::kReference, p));
  std::vector<float> out(out_size, -99.0f);
  Context context(1);
  Pad op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  return out;
}

// Expected values are numpy.pad's.
TEST(PadTest, ModesOnOneDimension) {
  const std::vector<float> x = {1, 2, 3};
  EXPECT_EQ(RunPad(PadMode::kConstant, {3}, {2}, {1}, x, 6, 7.5),
            (std::vector<float>{7.5, 7.5, 1, 2, 3, 7.5}));
  EXPECT_EQ(RunPad(PadMode::kEdge, {3}, {2}, {1}, x, 6),
            (std::vector<float>{1, 1, 1, 2, 3, 3}));
  // numpy.pad([1, 2, 3], (4, 3), "reflect") = [1, 2, 3, 2, 1, 2, 3, 2, 1, 2].
  EXPECT_EQ(RunPad(PadMode::kReflect, {3}, {4}, {3}, x, 10),
            (std::vector<float>{1, 2, 3, 2, 1, 2, 3, 2, 1, 2}));
  // Reflecting a single element repeats it.
  EXPECT_EQ(RunPad(PadMode::kReflect, {1}, {2}, {1}, {5}, 4), (std::vector<float>{5, 5, 5, 5}));
}

TEST(PadTest, NegativePadsCropInTwoDimensions) {
  // [[1, 2, 3], [4, 5, 6]] with begin (1, -1), end (0, 1), constant 0:
  // [[0, 0, 0], [2, 3, 0], [5, 6, 0]].
  EXPECT_EQ(RunPad(PadMode::kConstant, {2, 3}, {1, -1}, {0, 1}, {1, 2, 3, 4, 5, 6}, 9),
            (std::vector<float>{0, 0, 0, 2, 3, 0, 5, 6, 0}));
}

TEST(PadTest, Int64ConstantAndDeclines) {
  const std::vector<int64_t> x = {int64_t{1} << 40};
  PadParams p{PadMode::kConstant, {1}, {1}, {0}, -3.0, ElementType::kInt64};
  std::vector<int64_t> out(2);
  Context context(1);
  Pad op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{-3, int64_t{1} << 40}));
  EXPECT_FALSE(PadSupports(Backend::kReference, {PadMode::kConstant, {2}, {-2}, {-1}}));
  EXPECT_FALSE(PadSupports(Backend::kReference, {PadMode::kEdge, {0, 2}, {1, 0}, {0, 0}}));
  EXPECT_FALSE(PadSupports(Backend::kOnednn, {PadMode::kConstant, {2}, {1}, {1}}));
}

}  // namespace
}  // namespace neo::kernels
