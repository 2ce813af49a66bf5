#include "kernels/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace neo::kernels {
namespace {

template <typename To, typename From>
std::vector<To> RunCast(ElementType from, ElementType to, const std::vector<From>& x) {
  CastParams p{from, to, static_cast<int64_t>(x.size())};
  EXPECT_TRUE(CastSupports(Backend::kReference, p));
  std::vector<To> out(x.size());
  Context context(1);
  Cast op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  return out;
}

// Expected values are numpy's astype on x86.
TEST(CastTest, FloatToIntegersTruncatesTowardZero) {
  const std::vector<float> x = {-1.7f, -0.5f, 0.5f, 2.9f, 1e10f};
  EXPECT_EQ((RunCast<int64_t>(ElementType::kFloat32, ElementType::kInt64, x)),
            (std::vector<int64_t>{-1, 0, 0, 2, 10000000000}));
  EXPECT_EQ((RunCast<int32_t>(ElementType::kFloat32, ElementType::kInt32, x)),
            (std::vector<int32_t>{-1, 0, 0, 2, INT32_MIN}));
  EXPECT_EQ((RunCast<uint8_t>(ElementType::kFloat32, ElementType::kUInt8,
                              std::vector<float>{-1.0f, 300.0f, 7.9f})),
            (std::vector<uint8_t>{255, 44, 7}));
  EXPECT_EQ((RunCast<int32_t>(ElementType::kFloat32, ElementType::kInt32,
                              std::vector<float>{std::nanf("")})),
            (std::vector<int32_t>{INT32_MIN}));
}

TEST(CastTest, BoolIsNonZero) {
  EXPECT_EQ((RunCast<uint8_t>(ElementType::kFloat32, ElementType::kBool,
                              std::vector<float>{0.0f, -0.0f, 0.1f, std::nanf("")})),
            (std::vector<uint8_t>{0, 0, 1, 1}));
  EXPECT_EQ((RunCast<uint8_t>(ElementType::kInt64, ElementType::kBool,
                              std::vector<int64_t>{0, int64_t{1} << 40})),
            (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ((RunCast<float>(ElementType::kBool, ElementType::kFloat32,
                            std::vector<uint8_t>{0, 1})),
            (std::vector<float>{0.0f, 1.0f}));
}

TEST(CastTest, IntegersWrapAndWiden) {
  EXPECT_EQ((RunCast<int8_t>(ElementType::kInt64, ElementType::kInt8,
                             std::vector<int64_t>{127, 128, -129})),
            (std::vector<int8_t>{127, -128, 127}));
  EXPECT_EQ((RunCast<int64_t>(ElementType::kInt8, ElementType::kInt64,
                              std::vector<int8_t>{-5, 5})),
            (std::vector<int64_t>{-5, 5}));
  EXPECT_EQ((RunCast<float>(ElementType::kInt64, ElementType::kFloat32,
                            std::vector<int64_t>{16777217, -3})),
            (std::vector<float>{16777216.0f, -3.0f}));
  EXPECT_EQ((RunCast<int64_t>(ElementType::kUInt8, ElementType::kInt64,
                              std::vector<uint8_t>{255})),
            (std::vector<int64_t>{255}));
  EXPECT_FALSE(CastSupports(Backend::kOnednn, {ElementType::kFloat32, ElementType::kInt64, 1}));
}

}  // namespace
}  // namespace neo::kernels
