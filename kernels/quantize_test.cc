#include "kernels/quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernels/reference/quantize.h"

namespace neo::kernels {
namespace {

// numpy's cases (testdata/gen_quantization_cases.py): for a quantization `input` holds
// floats and `expected` integers, for a dequantization the other way round.
struct QuantizeCase {
  const char* name;
  QuantizeDirection direction;
  ElementType type;
  int64_t outer, channels, inner;
  bool per_axis;
  std::vector<float> scale;
  std::vector<int> zero_point;
  std::vector<double> input;
  std::vector<double> expected;
};

const QuantizeCase kNumpyCases[] = {
#define QUANTIZE_CASES
#include "kernels/testdata/quantization_cases.inc"
#undef QUANTIZE_CASES
};

// Integers as elements of `t` (uint8, int8 or int32), as raw bytes.
std::vector<uint8_t> Pack(const std::vector<double>& v, ElementType t) {
  const size_t size = t == ElementType::kInt32 ? 4 : 1;
  std::vector<uint8_t> out(v.size() * size);
  for (size_t i = 0; i < v.size(); ++i) {
    if (t == ElementType::kUInt8) out[i] = static_cast<uint8_t>(v[i]);
    if (t == ElementType::kInt8) reinterpret_cast<int8_t*>(out.data())[i] = static_cast<int8_t>(v[i]);
    if (t == ElementType::kInt32) {
      const int32_t x = static_cast<int32_t>(v[i]);
      std::memcpy(out.data() + 4 * i, &x, 4);
    }
  }
  return out;
}

std::vector<double> Unpack(const std::vector<uint8_t>& bytes, ElementType t) {
  std::vector<double> out;
  if (t == ElementType::kUInt8) out.assign(bytes.begin(), bytes.end());
  if (t == ElementType::kInt8) {
    for (uint8_t b : bytes) out.push_back(static_cast<int8_t>(b));
  }
  if (t == ElementType::kInt32) {
    for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
      int32_t x;
      std::memcpy(&x, bytes.data() + i, 4);
      out.push_back(x);
    }
  }
  return out;
}

std::vector<double> RunKernel(const QuantizeParams& p, const std::vector<double>& input,
                              const std::vector<float>& scale, const std::vector<int>& zp) {
  const std::vector<uint8_t> zp_bytes =
      Pack(std::vector<double>(zp.begin(), zp.end()), p.quantized_type);
  Context context(1);
  if (p.direction == QuantizeDirection::kQuantize) {
    const std::vector<float> x(input.begin(), input.end());
    std::vector<uint8_t> y(input.size(), 0xAB);
    Quantize op(context, p, Backend::kReference, x.data(), scale.data(), zp_bytes.data(), y.data());
    context.BeginRun();
    op.Run();
    return Unpack(y, p.quantized_type);
  }
  const std::vector<uint8_t> x = Pack(input, p.quantized_type);
  std::vector<float> y(input.size(), -7.0f);
  Quantize op(context, p, Backend::kReference, x.data(), scale.data(), zp_bytes.data(), y.data());
  context.BeginRun();
  op.Run();
  return std::vector<double>(y.begin(), y.end());
}

TEST(QuantizeTest, MatchesNumpy) {
  for (const QuantizeCase& c : kNumpyCases) {
    QuantizeParams p;
    p.direction = c.direction;
    p.quantized_type = c.type;
    p.outer = c.outer;
    p.channels = c.channels;
    p.inner = c.inner;
    p.per_axis = c.per_axis;
    ASSERT_TRUE(QuantizeSupports(Backend::kReference, p)) << c.name;
    const std::vector<double> got = RunKernel(p, c.input, c.scale, c.zero_point);
    ASSERT_EQ(got.size(), c.expected.size()) << c.name;
    for (size_t i = 0; i < got.size(); ++i) {
      // Exact: numpy did the same float32 operations.
      ASSERT_EQ(got[i], c.expected[i]) << c.name << " element " << i << " input " << c.input[i];
    }
  }
}

QuantizeParams PerTensor(QuantizeDirection d, ElementType t, int64_t n) {
  QuantizeParams p;
  p.direction = d;
  p.quantized_type = t;
  p.outer = 1;
  p.channels = 1;
  p.inner = n;
  return p;
}

TEST(QuantizeTest, ByHand) {
  // ONNX's QuantizeLinear example: scale 2, zero point 128. 3 / 2 = 1.5 rounds to 2;
  // 1000 / 2 + 128 saturates at 255, -1000 / 2 + 128 at 0; -254 / 2 + 128 = 1.
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kQuantize, ElementType::kUInt8, 6),
                      {0, 2, 3, 1000, -254, -1000}, {2.0f}, {128}),
            (std::vector<double>{128, 129, 130, 255, 1, 0}));
  // Halves go to the even neighbour: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0,
  // -1.5 -> -2, -2.5 -> -2; just off a half rounds to nearest (2.5 + 2^-20 -> 3).
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kQuantize, ElementType::kInt8, 7),
                      {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.5 + std::ldexp(1.0, -20)}, {1.0f}, {0}),
            (std::vector<double>{0, 2, 2, 0, -2, -2, 3}));
  // The zero point is added after rounding: 2.5 -> 2, then + 1 = 3 (rounding 3.5 would
  // give 4). int8 saturates at -128 and 127; infinities saturate; NaN gives the minimum.
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kQuantize, ElementType::kInt8, 6),
                      {5.0, -300.0, 300.0, inf, -inf, std::nan("")}, {2.0f}, {1}),
            (std::vector<double>{3, -128, 127, 127, -128, -128}));
  // The division is a float32 division, not a multiplication by the reciprocal: for
  // these two floats (numpy's search) x / s is exactly 34.5 (a tie: 34), while
  // x * (1 / s) is 34.500004 (35).
  const float x = 0x1.1bf306p+4f, s = 0x1.075f8ep-1f;
  ASSERT_EQ(x / s, 34.5f);
  ASSERT_GT(x * (1.0f / s), 34.5f);
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kQuantize, ElementType::kUInt8, 1), {x}, {s},
                      {0}),
            (std::vector<double>{34}));

  // ONNX's DequantizeLinear example: (x - 128) * 2.
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kDequantize, ElementType::kUInt8, 4),
                      {0, 3, 128, 255}, {2.0f}, {128}),
            (std::vector<double>{-256, -250, 0, 254}));
  // int8 and int32 (a bias with zero point 0).
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kDequantize, ElementType::kInt8, 3),
                      {-128, 0, 127}, {0.5f}, {-1}),
            (std::vector<double>{-63.5, 0.5, 64}));
  EXPECT_EQ(RunKernel(PerTensor(QuantizeDirection::kDequantize, ElementType::kInt32, 2),
                      {-100000, 7}, {0.25f}, {0}),
            (std::vector<double>{-25000, 1.75}));
}

TEST(QuantizeTest, PerAxisByHand) {
  // [1, 3, 2] quantized along axis 1: channel c uses scale {2, 4, 5}[c] and zero point
  // {84, 24, 196}[c] (ONNX's axis example): -162 / 2 + 84 = 3, 10 / 2 + 84 = 89,
  // -76 / 4 + 24 = 5, 0 + 24 = 24, 245 / 5 + 196 = 245, -485 / 5 + 196 = 99.
  QuantizeParams p;
  p.direction = QuantizeDirection::kQuantize;
  p.quantized_type = ElementType::kUInt8;
  p.outer = 1;
  p.channels = 3;
  p.inner = 2;
  p.per_axis = true;
  EXPECT_EQ(RunKernel(p, {-162, 10, -76, 0, 245, -485}, {2, 4, 5}, {84, 24, 196}),
            (std::vector<double>{3, 89, 5, 24, 245, 99}));
  p.direction = QuantizeDirection::kDequantize;
  EXPECT_EQ(RunKernel(p, {3, 89, 5, 24, 245, 99}, {2, 4, 5}, {84, 24, 196}),
            (std::vector<double>{-162, 10, -76, 0, 245, -485}));
  // Outer dimensions repeat the channels: [2, 2, 1] along axis 1.
  p.outer = 2;
  p.channels = 2;
  p.inner = 1;
  EXPECT_EQ(RunKernel(p, {10, 10, 10, 10}, {1, 3}, {0, 10}),
            (std::vector<double>{10, 0, 10, 0}));
}

TEST(QuantizeSupportsTest, ReferenceOnly) {
  QuantizeParams p = PerTensor(QuantizeDirection::kQuantize, ElementType::kUInt8, 8);
  EXPECT_TRUE(QuantizeSupports(Backend::kReference, p));
  EXPECT_FALSE(QuantizeSupports(Backend::kXnnpack, p));
  EXPECT_FALSE(QuantizeSupports(Backend::kOnednn, p));
  EXPECT_TRUE(QuantizeSupports(Backend::kReference,
                               PerTensor(QuantizeDirection::kQuantize, ElementType::kUInt8, 0)));
  // int32 only as a dequantization's input; no float or 64-bit quantized side.
  EXPECT_FALSE(QuantizeSupports(Backend::kReference,
                                PerTensor(QuantizeDirection::kQuantize, ElementType::kInt32, 8)));
  EXPECT_TRUE(QuantizeSupports(Backend::kReference,
                               PerTensor(QuantizeDirection::kDequantize, ElementType::kInt32, 8)));
  EXPECT_FALSE(QuantizeSupports(Backend::kReference,
                                PerTensor(QuantizeDirection::kDequantize, ElementType::kInt64, 8)));
  p.channels = 0;
  EXPECT_FALSE(QuantizeSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
