// Binary operators and Clamp on integer tensors (the typed reference loops), run through
// the public Binary/Unary classes; expected values worked out by hand with numpy's rules.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/binary.h"
#include "kernels/unary.h"

namespace neo::kernels {
namespace {

template <typename T>
std::vector<T> RunBinary(BinaryOp op, ElementType type, Dims a_shape, const std::vector<T>& a,
                   Dims b_shape, const std::vector<T>& b, Dims out_shape) {
  BinaryParams p;
  p.op = op;
  p.type = type;
  p.a_shape = a_shape;
  p.b_shape = b_shape;
  p.output_shape = out_shape;
  std::vector<T> out(static_cast<size_t>(out_shape.num_elements()), T(99));
  Context context(1);
  Binary kernel(context, p, Backend::kReference, a.data(), b.data(), out.data());
  kernel.Run();
  return out;
}

template <typename T>
std::vector<T> Same(BinaryOp op, ElementType type, const std::vector<T>& a, const std::vector<T>& b) {
  const Dims d{static_cast<int64_t>(a.size())};
  return RunBinary(op, type, d, a, d, b, d);
}

TEST(BinaryIntTest, Uint8AddSubMulWrapAround) {
  const std::vector<uint8_t> a = {200, 3, 0, 255}, b = {100, 5, 1, 255};
  EXPECT_EQ(Same(BinaryOp::kAdd, ElementType::kUInt8, a, b), (std::vector<uint8_t>{44, 8, 1, 254}));
  EXPECT_EQ(Same(BinaryOp::kSub, ElementType::kUInt8, a, b), (std::vector<uint8_t>{100, 254, 255, 0}));
  EXPECT_EQ(Same(BinaryOp::kMul, ElementType::kUInt8, a, b), (std::vector<uint8_t>{32, 15, 0, 1}));
}

TEST(BinaryIntTest, SignedWrapAround) {
  const std::vector<int8_t> a = {127, -128, 100}, b = {1, -1, 2};
  EXPECT_EQ(Same(BinaryOp::kAdd, ElementType::kInt8, a, b), (std::vector<int8_t>{-128, 127, 102}));
  EXPECT_EQ(Same(BinaryOp::kMul, ElementType::kInt8, a, b), (std::vector<int8_t>{127, -128, -56}));
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(Same<int64_t>(BinaryOp::kAdd, ElementType::kInt64, {kMax}, {1}), (std::vector<int64_t>{kMin}));
}

TEST(BinaryIntTest, DivisionTruncatesTowardZeroAndZeroDivisorGivesZero) {
  const std::vector<int32_t> a = {7, -7, 7, -7, 5, std::numeric_limits<int32_t>::min()};
  const std::vector<int32_t> b = {2, 2, -2, -2, 0, -1};
  EXPECT_EQ(Same(BinaryOp::kDiv, ElementType::kInt32, a, b),
            (std::vector<int32_t>{3, -3, -3, 3, 0, std::numeric_limits<int32_t>::min()}));
  EXPECT_EQ(Same<uint8_t>(BinaryOp::kDiv, ElementType::kUInt8, {255, 9}, {0, 4}),
            (std::vector<uint8_t>{0, 2}));
}

// Python's % (numpy.mod) and C's remainder (numpy.fmod): 7 % -2 = -1, fmod(7, -2) = 1.
TEST(BinaryIntTest, RemaindersTakeTheDivisorsOrTheDividendsSign) {
  const std::vector<int64_t> a = {7, -7, 7, -7, 6, 5, std::numeric_limits<int64_t>::min()};
  const std::vector<int64_t> b = {2, 2, -2, -2, 3, 0, -1};
  EXPECT_EQ(Same(BinaryOp::kFloorMod, ElementType::kInt64, a, b),
            (std::vector<int64_t>{1, 1, -1, -1, 0, 0, 0}));
  EXPECT_EQ(Same(BinaryOp::kTruncateMod, ElementType::kInt64, a, b),
            (std::vector<int64_t>{1, -1, 1, -1, 0, 0, 0}));
  EXPECT_EQ(Same<uint8_t>(BinaryOp::kFloorMod, ElementType::kUInt8, {250, 9}, {7, 0}),
            (std::vector<uint8_t>{5, 0}));
  const std::vector<float> x = {5.5f, -5.5f, 5.5f, -5.5f, 4.0f};
  const std::vector<float> y = {2.0f, 2.0f, -2.0f, -2.0f, 2.0f};
  EXPECT_EQ(Same(BinaryOp::kFloorMod, ElementType::kFloat32, x, y),
            (std::vector<float>{1.5f, 0.5f, -0.5f, -1.5f, 0.0f}));
  EXPECT_EQ(Same(BinaryOp::kTruncateMod, ElementType::kFloat32, x, y),
            (std::vector<float>{1.5f, -1.5f, 1.5f, -1.5f, 0.0f}));
}

TEST(BinaryIntTest, MaxMinPow) {
  const std::vector<int64_t> a = {-3, 5, 2, 2}, b = {4, -6, 10, -1};
  EXPECT_EQ(Same(BinaryOp::kMaximum, ElementType::kInt64, a, b), (std::vector<int64_t>{4, 5, 10, 2}));
  EXPECT_EQ(Same(BinaryOp::kMinimum, ElementType::kInt64, a, b), (std::vector<int64_t>{-3, -6, 2, -1}));
  // 2^-1 = 0.5 truncates to 0; (-3)^4 = 81; 5^-6 truncates to 0; 2^10 = 1024.
  EXPECT_EQ(Same(BinaryOp::kPow, ElementType::kInt64, a, b), (std::vector<int64_t>{81, 0, 1024, 0}));
  // uint8 max/min compare unsigned: 200 > 100.
  EXPECT_EQ(Same<uint8_t>(BinaryOp::kMaximum, ElementType::kUInt8, {200, 1}, {100, 2}),
            (std::vector<uint8_t>{200, 2}));
  // Integer power wraps like numpy's: 3^5 = 243 = -13 in int8.
  EXPECT_EQ(Same<int8_t>(BinaryOp::kPow, ElementType::kInt8, {3}, {5}), (std::vector<int8_t>{-13}));
}

TEST(BinaryIntTest, Broadcasts) {
  const std::vector<int32_t> a = {1, 2}, b = {10, 20, 30};
  EXPECT_EQ(RunBinary<int32_t>(BinaryOp::kSub, ElementType::kInt32, {2, 1}, a, {3}, b, {2, 3}),
            (std::vector<int32_t>{-9, -19, -29, -8, -18, -28}));
}

TEST(BinaryIntTest, FusedClampRoundsBoundsInward) {
  BinaryParams p;
  p.op = BinaryOp::kAdd;
  p.type = ElementType::kInt32;
  p.a_shape = p.b_shape = p.output_shape = Dims{4};
  p.output_min = -1.5f;  // x >= -1
  p.output_max = 2.5f;   // x <= 2
  const std::vector<int32_t> a = {-5, 0, 1, 9}, b = {0, 0, 0, 0};
  std::vector<int32_t> out(4);
  Context context(1);
  Binary(context, p, Backend::kReference, a.data(), b.data(), out.data()).Run();
  EXPECT_EQ(out, (std::vector<int32_t>{-1, 0, 1, 2}));
}

TEST(BinaryIntTest, IntegerTypesRunOnTheReferenceOnly) {
  BinaryParams p;
  p.op = BinaryOp::kAdd;
  p.type = ElementType::kInt8;
  p.a_shape = p.b_shape = p.output_shape = Dims{4};
  EXPECT_TRUE(BinarySupports(Backend::kReference, p));
  EXPECT_FALSE(BinarySupports(Backend::kXnnpack, p));
  EXPECT_FALSE(BinarySupports(Backend::kOnednn, p));
  p.type = ElementType::kBool;
  EXPECT_FALSE(BinarySupports(Backend::kReference, p));
}

TEST(UnaryIntTest, ClampInType) {
  UnaryParams p;
  p.op = UnaryOp::kClamp;
  p.type = ElementType::kInt8;
  p.size = 5;
  p.alpha = -std::numeric_limits<float>::infinity();  // no lower bound
  p.beta = 5;
  const std::vector<int8_t> x = {-128, -1, 5, 6, 127};
  std::vector<int8_t> out(5);
  Context context(1);
  Unary(context, p, Backend::kReference, x.data(), out.data()).Run();
  EXPECT_EQ(out, (std::vector<int8_t>{-128, -1, 5, 5, 5}));
  p.alpha = 0;
  p.beta = std::numeric_limits<float>::infinity();
  Unary(context, p, Backend::kReference, x.data(), out.data()).Run();
  EXPECT_EQ(out, (std::vector<int8_t>{0, 0, 5, 6, 127}));
  p.op = UnaryOp::kRelu;
  EXPECT_FALSE(UnarySupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
