// The comparison operators of Binary: bool (0/1 byte) outputs from float, integer and
// bool operands with numpy broadcasting; expected values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/binary.h"

namespace neo::kernels {
namespace {

template <typename T>
std::vector<uint8_t> Compare(BinaryOp op, ElementType type, Dims a_shape, const std::vector<T>& a,
                             Dims b_shape, const std::vector<T>& b, Dims out_shape) {
  BinaryParams p;
  p.op = op;
  p.type = type;
  p.a_shape = a_shape;
  p.b_shape = b_shape;
  p.output_shape = out_shape;
  EXPECT_TRUE(BinarySupports(Backend::kReference, p));
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, p));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, p));
  std::vector<uint8_t> out(static_cast<size_t>(out_shape.num_elements()), 99);
  Context context(1);
  Binary kernel(context, p, Backend::kReference, a.data(), b.data(), out.data());
  kernel.Run();
  return out;
}

TEST(BinaryCompareTest, FloatComparisonsWithBroadcastingAndNaN) {
  const std::vector<float> a = {1.0f, 2.0f, 3.0f, NAN, -0.0f, 5.0f};
  const std::vector<float> b = {2.0f, 0.0f, 5.0f};  // broadcast over rows of [2, 3]
  const Dims as{2, 3}, bs{3}, os{2, 3};
  using V = std::vector<uint8_t>;
  EXPECT_EQ(Compare(BinaryOp::kEqual, ElementType::kFloat32, as, a, bs, b, os), (V{0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(Compare(BinaryOp::kNotEqual, ElementType::kFloat32, as, a, bs, b, os), (V{1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(Compare(BinaryOp::kLess, ElementType::kFloat32, as, a, bs, b, os), (V{1, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Compare(BinaryOp::kLessEqual, ElementType::kFloat32, as, a, bs, b, os), (V{1, 0, 1, 0, 1, 1}));
  EXPECT_EQ(Compare(BinaryOp::kGreater, ElementType::kFloat32, as, a, bs, b, os), (V{0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(Compare(BinaryOp::kGreaterEqual, ElementType::kFloat32, as, a, bs, b, os), (V{0, 1, 0, 0, 1, 1}));
}

TEST(BinaryCompareTest, IntegerAndBoolOperands) {
  using V = std::vector<uint8_t>;
  EXPECT_EQ(Compare<int64_t>(BinaryOp::kLess, ElementType::kInt64, {3}, {-5, 0, 7}, {}, {0}, {3}),
            (V{1, 0, 0}));
  EXPECT_EQ(Compare<int32_t>(BinaryOp::kGreaterEqual, ElementType::kInt32, {2}, {4, 3}, {2}, {4, 4}, {2}),
            (V{1, 0}));
  EXPECT_EQ(Compare<uint8_t>(BinaryOp::kEqual, ElementType::kBool, {4}, {0, 1, 1, 0}, {4}, {0, 0, 1, 1}, {4}),
            (V{1, 0, 1, 0}));
}

TEST(BinaryCompareTest, LogicOnBoolOperandsBroadcasts) {
  using V = std::vector<uint8_t>;
  const V a = {0, 0, 1, 1}, b = {0, 1};  // [2, 2] against [2]: columns pair with b
  EXPECT_EQ(Compare<uint8_t>(BinaryOp::kLogicalAnd, ElementType::kBool, {2, 2}, a, {2}, b, {2, 2}),
            (V{0, 0, 0, 1}));
  EXPECT_EQ(Compare<uint8_t>(BinaryOp::kLogicalOr, ElementType::kBool, {2, 2}, a, {2}, b, {2, 2}),
            (V{0, 1, 1, 1}));
  EXPECT_EQ(Compare<uint8_t>(BinaryOp::kLogicalXor, ElementType::kBool, {2, 2}, a, {2}, b, {2, 2}),
            (V{0, 1, 1, 0}));
  // Logic is for bool tensors only.
  BinaryParams p;
  p.op = BinaryOp::kLogicalAnd;
  p.a_shape = p.b_shape = p.output_shape = Dims{2};
  p.type = ElementType::kFloat32;
  EXPECT_FALSE(BinarySupports(Backend::kReference, p));
}

TEST(BinaryCompareTest, AClampIsNotAComparison) {
  BinaryParams p;
  p.op = BinaryOp::kLess;
  p.a_shape = p.b_shape = p.output_shape = Dims{2};
  p.output_max = 1.0f;
  EXPECT_FALSE(BinarySupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
