#include "kernels/quantized_matmul.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/reference/quantized_matmul.h"

namespace neo::kernels {
namespace {

// numpy's cases (testdata/gen_quantization_cases.py). Scales and y_zero_point are empty
// for MatMulInteger.
struct MatMulCase {
  std::vector<int64_t> a_shape, b_shape, output_shape;
  ElementType a_type, b_type, output_type;
  bool a_zero_point_per_row, b_zero_point_per_column, b_scale_per_column;
  std::vector<int> a, b, a_zero_point, b_zero_point;
  std::vector<float> a_scale, b_scale, y_scale;
  std::vector<int> y_zero_point;
  std::vector<int> expected;
};

const MatMulCase kNumpyCases[] = {
#define MATMUL_CASES
#include "kernels/testdata/quantization_cases.inc"
#undef MATMUL_CASES
};

std::string ToString(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

Dims ToDims(const std::vector<int64_t>& v) {
  Dims d;
  for (int64_t x : v) d.d[d.rank++] = x;
  return d;
}

std::vector<uint8_t> Pack(const std::vector<int>& v, ElementType t) {
  const size_t size = t == ElementType::kInt32 ? 4 : 1;
  std::vector<uint8_t> out(v.size() * size);
  for (size_t i = 0; i < v.size(); ++i) {
    if (size == 4) {
      const int32_t x = v[i];
      std::memcpy(out.data() + 4 * i, &x, 4);
    } else {
      out[i] = static_cast<uint8_t>(v[i]);  // int8 as its two's-complement byte
    }
  }
  return out;
}

std::vector<int> Unpack(const std::vector<uint8_t>& bytes, ElementType t) {
  std::vector<int> out;
  if (t == ElementType::kInt32) {
    for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
      int32_t x;
      std::memcpy(&x, bytes.data() + i, 4);
      out.push_back(x);
    }
  } else {
    for (uint8_t b : bytes) out.push_back(t == ElementType::kInt8 ? static_cast<int8_t>(b) : b);
  }
  return out;
}

// Runs the kernel on `backend` (two runs: the second must give the same again).
std::vector<int> RunMatMul(Backend backend, const QuantizedMatMulParams& p, const MatMulCase& c,
                           int threads = 1) {
  const auto a = Pack(c.a, p.a_type), b = Pack(c.b, p.b_type);
  const auto a_zp = Pack(c.a_zero_point, p.a_type), b_zp = Pack(c.b_zero_point, p.b_type);
  const auto y_zp = Pack(c.y_zero_point, p.output_type);
  const bool requantize = Requantizes(p);
  const size_t n = static_cast<size_t>(p.output_shape.num_elements());
  std::vector<uint8_t> y(n * (requantize ? 1 : 4));
  Context context(threads);
  QuantizedMatMul op(context, p, backend, a.data(), a_zp.empty() ? nullptr : a_zp.data(),
                     b.data(), b_zp.empty() ? nullptr : b_zp.data(),
                     requantize ? c.a_scale.data() : nullptr,
                     requantize ? c.b_scale.data() : nullptr,
                     requantize ? c.y_scale.data() : nullptr, requantize ? y_zp.data() : nullptr,
                     y.data());
  std::vector<int> first;
  for (int run = 0; run < 2; ++run) {
    std::fill(y.begin(), y.end(), 0xCD);
    context.BeginRun();
    op.Run();
    if (run == 0) first = Unpack(y, p.output_type);
  }
  EXPECT_EQ(Unpack(y, p.output_type), first) << "the second run differs";
  return first;
}

QuantizedMatMulParams ParamsOf(const MatMulCase& c) {
  QuantizedMatMulParams p;
  p.a_shape = ToDims(c.a_shape);
  p.b_shape = ToDims(c.b_shape);
  p.output_shape = ToDims(c.output_shape);
  p.a_type = c.a_type;
  p.b_type = c.b_type;
  p.output_type = c.output_type;
  p.a_zero_point_per_row = c.a_zero_point_per_row;
  p.b_zero_point_per_column = c.b_zero_point_per_column;
  p.b_scale_per_column = c.b_scale_per_column;
  return p;
}

TEST(QuantizedMatMulTest, MatchesNumpy) {
  int index = 0;
  for (const MatMulCase& c : kNumpyCases) {
    const QuantizedMatMulParams p = ParamsOf(c);
    ASSERT_TRUE(QuantizedMatMulSupports(Backend::kReference, p)) << "case " << index;
    EXPECT_EQ(RunMatMul(Backend::kReference, p, c), c.expected) << "case " << index;
    ++index;
  }
}

TEST(QuantizedMatMulTest, MatMulIntegerByHand) {
  // ONNX's MatMulInteger example: a - 12 is [[-1, -5, -9], [-2, -6, -10], ...] and b
  // [[1, 4], [2, 5], [3, 6]]: row 0 gives -1 - 10 - 27 = -38 and -4 - 25 - 54 = -83,
  // each later row (a smaller by one more) 6 and 15 less.
  MatMulCase c;
  c.a_shape = {4, 3};
  c.b_shape = {3, 2};
  c.output_shape = {4, 2};
  c.a_type = c.b_type = ElementType::kUInt8;
  c.output_type = ElementType::kInt32;
  c.a_zero_point_per_row = c.b_zero_point_per_column = c.b_scale_per_column = false;
  c.a = {11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0};
  c.b = {1, 4, 2, 5, 3, 6};
  c.a_zero_point = {12};
  c.b_zero_point = {0};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c),
            (std::vector<int>{-38, -83, -44, -98, -50, -113, -56, -128}));
  // No zero points at all, int8 times uint8: [-1, 2] x [[3], [4]] = 5.
  c.a_shape = {1, 2};
  c.b_shape = {2, 1};
  c.output_shape = {1, 1};
  c.a_type = ElementType::kInt8;
  c.a = {-1, 2};
  c.b = {3, 4};
  c.a_zero_point.clear();
  c.b_zero_point.clear();
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{5}));
  // Per-row a and per-column b zero points: a = [[3, 3], [5, 5]] with zero points {1, 4}
  // is [[2, 2], [1, 1]]; b = [[7, 9], [7, 9]] with column zero points {6, 10} is
  // [[1, -1], [1, -1]]: the product [[4, -4], [2, -2]].
  c.a_shape = {2, 2};
  c.b_shape = {2, 2};
  c.output_shape = {2, 2};
  c.a_type = ElementType::kUInt8;
  c.a = {3, 3, 5, 5};
  c.b = {7, 9, 7, 9};
  c.a_zero_point = {1, 4};
  c.b_zero_point = {6, 10};
  c.a_zero_point_per_row = c.b_zero_point_per_column = true;
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{4, -4, 2, -2}));
}

TEST(QuantizedMatMulTest, QLinearMatMulByHand) {
  // acc = [1, 2] x [[a], [b]] for b's columns; scales 0.5 * 0.25 / 0.125 = multiplier 1,
  // then 0.5 * 0.25 / 0.25 = 0.5: acc 5 -> 2.5 -> 2 (half to even), 7 -> 3.5 -> 4,
  // 9 -> 4.5 -> 4, -5 -> -2.5 -> -2; plus the zero point 100.
  MatMulCase c;
  c.a_shape = {1, 2};
  c.b_shape = {2, 4};
  c.output_shape = {1, 4};
  c.a_type = ElementType::kInt8;
  c.b_type = ElementType::kInt8;
  c.output_type = ElementType::kUInt8;
  c.a_zero_point_per_row = c.b_zero_point_per_column = c.b_scale_per_column = false;
  c.a = {1, 2};
  c.b = {1, 1, 1, -1, 2, 3, 4, -2};  // columns (1, 2), (1, 3), (1, 4), (-1, -2)
  c.a_zero_point = {0};
  c.b_zero_point = {0};
  c.a_scale = {0.5f};
  c.b_scale = {0.25f};
  c.y_scale = {0.125f};
  c.y_zero_point = {100};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{105, 107, 109, 95}));
  c.y_scale = {0.25f};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{102, 104, 104, 98}));
  // The zero point is added before the rounding, as ONNX's reference does: with 101,
  // {103.5, 104.5, 105.5, 98.5} -> {104, 104, 106, 98}, not {103, 105, 105, 99}.
  c.y_zero_point = {101};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{104, 104, 106, 98}));
  c.y_zero_point = {100};
  // Per-column b scales {0.25, 0.5, 1, 2} at y_scale 0.125: multipliers 1, 2, 4, 8:
  // 5, 14, 36, -40 plus 100; with zero point 10 the last is -30, which saturates at 0.
  c.b_scale = {0.25f, 0.5f, 1.0f, 2.0f};
  c.b_scale_per_column = true;
  c.y_scale = {0.125f};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{105, 114, 136, 60}));
  c.y_zero_point = {10};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c), (std::vector<int>{15, 24, 46, 0}));
  // ONNX's QLinearMatMul example (test_qlinearmatmul_2D): its expected output.
  c.a_shape = {2, 4};
  c.b_shape = {4, 3};
  c.output_shape = {2, 3};
  c.a_type = c.b_type = ElementType::kUInt8;
  c.b_scale_per_column = false;
  c.a = {208, 236, 0, 238, 3, 214, 255, 29};
  c.b = {152, 51, 244, 60, 26, 255, 0, 127, 246, 127, 254, 247};
  c.a_zero_point = {113};
  c.b_zero_point = {114};
  c.a_scale = {0.0066f};
  c.b_scale = {0.00705f};
  c.y_scale = {0.0107f};
  c.y_zero_point = {118};
  EXPECT_EQ(RunMatMul(Backend::kReference, ParamsOf(c), c),
            (std::vector<int>{168, 115, 255, 1, 66, 151}));
}

// QLinearMatMul of int8 operands by a constant symmetric matrix on XNNPACK (a 1x1
// convolution over a's rows): the reference's bytes, batched a included, with per-tensor
// and per-column scales and calibrated multipliers (so some columns need corrections).
TEST(QuantizedMatMulTest, XnnpackMatchesReferenceBitForBit) {
  struct Shape {
    std::vector<int64_t> a, b;
    bool per_column;
  };
  const Shape shapes[] = {{{1, 256}, {256, 10}, true},  {{7, 64}, {64, 33}, false},
                          {{2, 3, 48}, {48, 16}, true}, {{4, 1}, {1, 5}, true},
                          {{16, 512}, {512, 128}, true}};
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> byte(-128, 127), weight(-127, 127), zp(-100, 100);
  std::uniform_real_distribution<float> scale(0.002f, 0.03f);
  int checked = 0;
  for (const Shape& s : shapes) {
    MatMulCase c;
    c.a_shape = s.a;
    c.b_shape = s.b;
    c.output_shape = s.a;
    c.output_shape.back() = s.b[1];
    c.a_type = c.b_type = c.output_type = ElementType::kInt8;
    c.a_zero_point_per_row = c.b_zero_point_per_column = false;
    c.b_scale_per_column = s.per_column;
    int64_t a_count = 1;
    for (int64_t d : s.a) a_count *= d;
    c.a.resize(static_cast<size_t>(a_count));
    for (int& v : c.a) v = byte(rng);
    c.b.resize(static_cast<size_t>(s.b[0] * s.b[1]));
    for (int& v : c.b) v = weight(rng);
    c.a_zero_point = {zp(rng)};
    c.b_zero_point = {0};
    c.a_scale = {scale(rng)};
    c.b_scale.resize(s.per_column ? static_cast<size_t>(s.b[1]) : 1);
    for (float& v : c.b_scale) v = scale(rng);
    const float deviation = 74.0f * 73.0f * std::sqrt(static_cast<float>(s.b[0]));
    c.y_scale = {c.a_scale[0] * c.b_scale[0] * 3.0f * deviation / 100.0f};
    c.y_zero_point = {zp(rng) | 1};
    QuantizedMatMulParams p = ParamsOf(c);
    p.static_quantization = p.symmetric_weights = true;
    ASSERT_TRUE(QuantizedMatMulSupports(Backend::kXnnpack, p));
    const std::vector<int> expected = RunMatMul(Backend::kReference, p, c);
    for (int threads : {1, 2}) {
      EXPECT_EQ(RunMatMul(Backend::kXnnpack, p, c, threads), expected)
          << ToString(s.a) << " x " << ToString(s.b) << " threads " << threads;
    }
    // Whether XNNPACK needed the reference's checks here.
    const auto a = Pack(c.a, p.a_type), b = Pack(c.b, p.b_type), a_zp = Pack(c.a_zero_point, p.a_type);
    const auto y_zp = Pack(c.y_zero_point, p.output_type);
    std::vector<uint8_t> y(expected.size());
    Context context(1);
    QuantizedMatMul op(context, p, Backend::kXnnpack, a.data(), a_zp.data(), b.data(), nullptr,
                       c.a_scale.data(), c.b_scale.data(), c.y_scale.data(), y_zp.data(),
                       y.data());
    checked += std::string(op.implementation()) != "xnnpack";
  }
  EXPECT_GT(checked, 0);
}

TEST(QuantizedMatMulSupportsTest, XnnpackTakesStaticSymmetricInt8Matrices) {
  QuantizedMatMulParams p;
  p.a_shape = ToDims({2, 3, 8});
  p.b_shape = ToDims({8, 4});
  p.output_shape = ToDims({2, 3, 4});
  p.a_type = p.b_type = p.output_type = ElementType::kInt8;
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kXnnpack, p));
  p.static_quantization = p.symmetric_weights = true;
  EXPECT_TRUE(QuantizedMatMulSupports(Backend::kXnnpack, p));
  QuantizedMatMulParams q = p;
  q.b_shape = ToDims({1, 8, 4});  // a batched b: not one matrix for every row
  q.output_shape = ToDims({2, 3, 4});
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kXnnpack, q));
  q = p;
  q.output_type = ElementType::kInt32;  // MatMulInteger
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kXnnpack, q));
  q = p;
  q.a_type = ElementType::kUInt8;
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kXnnpack, q));
  const int8_t nonzero[] = {0, 0, 1, 0};
  q = p;
  q.b_zero_point_per_column = true;
  EXPECT_FALSE(QuantizedMatMulSymmetricWeights(q, nonzero));
  EXPECT_TRUE(QuantizedMatMulSymmetricWeights(p, nonzero));  // per tensor: reads {0}
}

TEST(QuantizedMatMulSupportsTest, OtherLibrariesNever) {
  QuantizedMatMulParams p;
  p.a_shape = ToDims({2, 3});
  p.b_shape = ToDims({3, 4});
  p.output_shape = ToDims({2, 4});
  EXPECT_TRUE(QuantizedMatMulSupports(Backend::kReference, p));
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kXnnpack, p));  // uint8, flags unset
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kOnednn, p));
  p.output_type = ElementType::kUInt8;
  EXPECT_TRUE(QuantizedMatMulSupports(Backend::kReference, p));
  p.output_type = ElementType::kFloat32;
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kReference, p));
  p.output_type = ElementType::kInt32;
  p.a_type = ElementType::kInt32;
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kReference, p));
  p.a_type = ElementType::kUInt8;
  p.output_shape = ToDims({2, 5});
  EXPECT_FALSE(QuantizedMatMulSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
