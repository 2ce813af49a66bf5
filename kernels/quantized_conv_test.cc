#include "kernels/quantized_conv.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <xnnpack.h>

#include <iostream>
#include <random>

#include "kernels/context_internal.h"
#include "kernels/reference/quantization_math.h"
#include "kernels/reference/quantized_conv.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

// numpy's cases (testdata/gen_quantization_cases.py): x and the expected output NHWC,
// weights OIHW; scales and y_zero_point empty for ConvInteger.
struct ConvCase {
  std::vector<int> x_shape_nchw;
  int output_channels;
  std::array<int, 2> kernel, stride, dilation;
  std::vector<int> pads;  // top, left, bottom, right
  int groups;
  ElementType input_type, weight_type, output_type;
  bool weight_zero_point_per_channel, weight_scale_per_channel, has_bias;
  std::vector<int> x, w, x_zero_point, w_zero_point, bias;
  std::vector<float> x_scale, w_scale, y_scale;
  std::vector<int> y_zero_point;
  std::vector<int> expected;
};

const ConvCase kNumpyCases[] = {
#define CONV_CASES
#include "kernels/testdata/quantization_cases.inc"
#undef CONV_CASES
};

int OutputSize(int in, int pad_a, int pad_b, int kernel, int dilation, int stride) {
  return (in + pad_a + pad_b - (kernel - 1) * dilation - 1) / stride + 1;
}

QuantizedConv2DParams ParamsOf(const ConvCase& c) {
  QuantizedConv2DParams p;
  p.batch = c.x_shape_nchw[0];
  p.input_channels = c.x_shape_nchw[1];
  p.input_height = c.x_shape_nchw[2];
  p.input_width = c.x_shape_nchw[3];
  p.output_channels = c.output_channels;
  p.kernel_height = c.kernel[0];
  p.kernel_width = c.kernel[1];
  p.stride_height = c.stride[0];
  p.stride_width = c.stride[1];
  p.dilation_height = c.dilation[0];
  p.dilation_width = c.dilation[1];
  p.pad_top = c.pads[0];
  p.pad_left = c.pads[1];
  p.pad_bottom = c.pads[2];
  p.pad_right = c.pads[3];
  p.output_height = OutputSize(p.input_height, p.pad_top, p.pad_bottom, p.kernel_height,
                               p.dilation_height, p.stride_height);
  p.output_width = OutputSize(p.input_width, p.pad_left, p.pad_right, p.kernel_width,
                              p.dilation_width, p.stride_width);
  p.groups = c.groups;
  p.input_type = c.input_type;
  p.weight_type = c.weight_type;
  p.output_type = c.output_type;
  p.weight_zero_point_per_channel = c.weight_zero_point_per_channel;
  p.weight_scale_per_channel = c.weight_scale_per_channel;
  p.has_bias = c.has_bias;
  return p;
}

std::vector<uint8_t> Pack(const std::vector<int>& v, ElementType t) {
  const size_t size = t == ElementType::kInt32 ? 4 : 1;
  std::vector<uint8_t> out(v.size() * size);
  for (size_t i = 0; i < v.size(); ++i) {
    if (size == 4) {
      const int32_t x = v[i];
      std::memcpy(out.data() + 4 * i, &x, 4);
    } else {
      out[i] = static_cast<uint8_t>(v[i]);
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

// Runs the kernel on `backend` twice (the second run must repeat the first).
std::vector<int> RunConv(Backend backend, const QuantizedConv2DParams& p, const ConvCase& c,
                         int threads = 1) {
  const auto x = Pack(c.x, p.input_type), w = Pack(c.w, p.weight_type);
  const auto x_zp = Pack(c.x_zero_point, p.input_type);
  const auto w_zp = Pack(c.w_zero_point, p.weight_type);
  const auto y_zp = Pack(c.y_zero_point, p.output_type);
  const std::vector<int32_t> bias(c.bias.begin(), c.bias.end());
  const bool requantize = Requantizes(p);
  const size_t n = static_cast<size_t>(p.batch) * p.output_height * p.output_width *
                   p.output_channels;
  std::vector<uint8_t> y(n * (requantize ? 1 : 4));
  Context context(threads);
  QuantizedConv2D op(context, p, backend, x.data(), x_zp.empty() ? nullptr : x_zp.data(),
                     w.data(), w_zp.empty() ? nullptr : w_zp.data(),
                     requantize ? c.x_scale.data() : nullptr,
                     requantize ? c.w_scale.data() : nullptr,
                     requantize ? c.y_scale.data() : nullptr,
                     requantize ? y_zp.data() : nullptr, p.has_bias ? bias.data() : nullptr,
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

TEST(QuantizedConv2DTest, MatchesNumpy) {
  int index = 0;
  for (const ConvCase& c : kNumpyCases) {
    const QuantizedConv2DParams p = ParamsOf(c);
    ASSERT_TRUE(QuantizedConv2DSupports(Backend::kReference, p)) << "case " << index;
    EXPECT_EQ(RunConv(Backend::kReference, p, c), c.expected) << "case " << index;
    ++index;
  }
}

ConvCase OneChannel(int h, int w, int kh, int kw, std::vector<int> pads) {
  ConvCase c;
  c.x_shape_nchw = {1, 1, h, w};
  c.output_channels = 1;
  c.kernel = {kh, kw};
  c.stride = {1, 1};
  c.dilation = {1, 1};
  c.pads = std::move(pads);
  c.groups = 1;
  c.input_type = c.weight_type = ElementType::kUInt8;
  c.output_type = ElementType::kInt32;
  c.weight_zero_point_per_channel = c.weight_scale_per_channel = c.has_bias = false;
  return c;
}

TEST(QuantizedConv2DTest, ConvIntegerByHand) {
  // ONNX's ConvInteger example: x = 2..10 as 3x3 minus zero point 1 is 1..9, summed over
  // each 2x2 window by a filter of ones: 1+2+4+5 = 12, 16, 24, 28.
  ConvCase c = OneChannel(3, 3, 2, 2, {0, 0, 0, 0});
  c.x = {2, 3, 4, 5, 6, 7, 8, 9, 10};
  c.w = {1, 1, 1, 1};
  c.x_zero_point = {1};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c), (std::vector<int>{12, 16, 24, 28}));
  // With one pixel of padding all round: the padding stands for the zero point, so the
  // corners see one value (1, 3, 7, 9) and the edges two.
  c.pads = {1, 1, 1, 1};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c),
            (std::vector<int>{1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9}));
  // A weight zero point: filter {3, 1, 1, 1} - 1 = {2, 0, 0, 0} picks twice the window's
  // top-left value.
  c.pads = {0, 0, 0, 0};
  c.w = {3, 1, 1, 1};
  c.w_zero_point = {1};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c), (std::vector<int>{2, 4, 8, 10}));
}

TEST(QuantizedConv2DTest, QLinearConvByHand) {
  // One 1x1 int8 filter {2} with zero point 0 on x = {-3, -1, 1, 3} (zero point -1, so
  // x - zp = {-2, 0, 2, 4}) plus bias 1: acc = {-3, 1, 5, 9}. Scales 0.5 * 0.25 / 0.25 =
  // multiplier 0.5: {-1.5, 0.5, 2.5, 4.5}. ONNX's reference adds the zero point 3 before
  // it rounds: {1.5, 3.5, 5.5, 7.5} -> {2, 4, 6, 8} (halves to even), where rounding
  // first would have given {-2, 0, 2, 4} + 3 = {1, 3, 5, 7}.
  ConvCase c = OneChannel(2, 2, 1, 1, {0, 0, 0, 0});
  c.input_type = c.weight_type = c.output_type = ElementType::kInt8;
  c.x = {-3, -1, 1, 3};
  c.w = {2};
  c.x_zero_point = {-1};
  c.w_zero_point = {0};
  c.bias = {1};
  c.has_bias = true;
  c.x_scale = {0.5f};
  c.w_scale = {0.25f};
  c.y_scale = {0.25f};
  c.y_zero_point = {3};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c), (std::vector<int>{2, 4, 6, 8}));
  c.y_zero_point = {0};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c), (std::vector<int>{-2, 0, 2, 4}));
  c.y_zero_point = {3};
  // A y_scale 64 times smaller: multiplier 32, {-96, 32, 160, 288} + 3 saturates at 127.
  c.y_scale = {0.25f / 64};
  EXPECT_EQ(RunConv(Backend::kReference, ParamsOf(c), c), (std::vector<int>{-93, 35, 127, 127}));
  // ONNX's QLinearConv example (test_qlinearconv): a 1x1 uint8 filter {0} with zero point
  // 255 multiplies x - 132 by -255; its expected first row.
  c = OneChannel(7, 7, 1, 1, {0, 0, 0, 0});
  c.output_type = ElementType::kUInt8;
  c.weight_scale_per_channel = c.weight_zero_point_per_channel = true;  // both [1]
  c.x = {255, 174, 162, 25,  203, 168, 58,  15,  59,  237, 95,  129, 0,   64,  56,  242, 153,
         221, 168, 12,  166, 232, 178, 186, 195, 237, 162, 237, 188, 39,  124, 77,  80,  102,
         43,  127, 230, 21,  83,  41,  40,  134, 255, 154, 92,  141, 42,  148, 247};
  c.w = {0};
  c.x_zero_point = {132};
  c.w_zero_point = {255};
  c.x_scale = {0.00369204697f};
  c.w_scale = {0.00172794575f};
  c.y_scale = {0.00162681262f};
  c.y_zero_point = {123};
  const std::vector<int> y = RunConv(Backend::kReference, ParamsOf(c), c);
  EXPECT_EQ(std::vector<int>(y.begin(), y.begin() + 7),
            (std::vector<int>{0, 81, 93, 230, 52, 87, 197}));
  EXPECT_EQ(std::vector<int>(y.end() - 7, y.end()),
            (std::vector<int>{0, 101, 163, 114, 213, 107, 8}));
}

// Statically quantized int8 layers (symmetric weights, the form XNNPACK takes) of
// assorted geometries, with random data, zero points and scales: XNNPACK must give the
// reference's bytes, whatever each channel's multiplier needs (as it is, a neighbour, or
// the reference's fix-up).
struct Geometry {
  int batch, height, width, in, out, kh, kw, stride, dilation, pad, groups;
  bool per_channel, bias;
};
const Geometry kXnnpackGeometries[] = {
    {1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, true, true},    // the usual 3x3
    {2, 7, 9, 8, 8, 3, 3, 2, 1, 1, 8, true, true},      // depthwise, stride 2
    {1, 6, 6, 32, 64, 1, 1, 1, 1, 0, 1, false, true},   // 1x1, per tensor
    {1, 9, 7, 12, 18, 5, 3, 1, 2, 2, 3, true, false},   // grouped, dilated, no bias
    {1, 5, 5, 3, 10, 3, 3, 1, 1, 0, 1, false, false},   // per tensor, no padding
    {1, 4, 4, 128, 128, 3, 3, 1, 1, 1, 128, true, true}, // depthwise, 9 taps, wide
    {3, 3, 11, 5, 7, 2, 4, 3, 1, 1, 1, true, true},     // asymmetric window
};

ConvCase RandomInt8Case(const Geometry& g, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(-128, 127), weight(-127, 127), zp(-100, 100),
      bias(-3000, 3000);
  std::uniform_real_distribution<float> scale(0.002f, 0.03f);
  ConvCase c;
  c.x_shape_nchw = {g.batch, g.in, g.height, g.width};
  c.output_channels = g.out;
  c.kernel = {g.kh, g.kw};
  c.stride = {g.stride, g.stride};
  c.dilation = {g.dilation, g.dilation};
  c.pads = {g.pad, g.pad, g.pad, g.pad};
  c.groups = g.groups;
  c.input_type = c.weight_type = c.output_type = ElementType::kInt8;
  c.weight_zero_point_per_channel = false;
  c.weight_scale_per_channel = g.per_channel;
  c.has_bias = g.bias;
  c.x.resize(static_cast<size_t>(g.batch) * g.height * g.width * g.in);
  for (int& v : c.x) v = byte(rng);
  c.w.resize(static_cast<size_t>(g.out) * (g.in / g.groups) * g.kh * g.kw);
  for (int& v : c.w) v = weight(rng);
  c.x_zero_point = {zp(rng)};
  c.w_zero_point = {0};
  if (g.bias) {
    c.bias.resize(static_cast<size_t>(g.out));
    for (int& v : c.bias) v = bias(rng);
  }
  c.x_scale = {scale(rng)};
  c.w_scale.resize(g.per_channel ? static_cast<size_t>(g.out) : 1);
  for (float& v : c.w_scale) v = scale(rng);
  // An output scale that maps three standard deviations of the accumulators (uniform
  // bytes: about 74 * 73 * sqrt(window)) onto most of int8, as calibration would: the
  // multipliers come out near 1e-3, as in real layers.
  const float deviation = 74.0f * 73.0f * std::sqrt(static_cast<float>(g.kh * g.kw * g.in / g.groups));
  c.y_scale = {c.x_scale[0] * c.w_scale[0] * 3.0f * deviation / 100.0f};
  c.y_zero_point = {zp(rng) | 1};  // odd: ties then round differently after and before it
  return c;
}

TEST(QuantizedConv2DTest, XnnpackMatchesReferenceBitForBit) {
  int fixed_up = 0;
  for (size_t gi = 0; gi < std::size(kXnnpackGeometries); ++gi) {
    for (unsigned seed = 0; seed < 3; ++seed) {
      const ConvCase c = RandomInt8Case(kXnnpackGeometries[gi], 100 * gi + seed);
      QuantizedConv2DParams p = ParamsOf(c);
      p.static_quantization = p.symmetric_weights = true;
      ASSERT_TRUE(QuantizedConv2DSupports(Backend::kXnnpack, p));
      const std::vector<int> expected = RunConv(Backend::kReference, p, c);
      for (int threads : {1, 2}) {
        EXPECT_EQ(RunConv(Backend::kXnnpack, p, c, threads), expected)
            << "geometry " << gi << " seed " << seed << " threads " << threads;
      }
      // How many channels XNNPACK could not take (its implementation() says).
      const auto x = Pack(c.x, p.input_type), w = Pack(c.w, p.weight_type);
      const auto x_zp = Pack(c.x_zero_point, p.input_type), w_zp = Pack(c.w_zero_point, p.weight_type);
      const auto y_zp = Pack(c.y_zero_point, p.output_type);
      std::vector<uint8_t> y(expected.size());
      Context context(1);
      QuantizedConv2D op(context, p, Backend::kXnnpack, x.data(), x_zp.data(), w.data(),
                         w_zp.data(), c.x_scale.data(), c.w_scale.data(), c.y_scale.data(),
                         y_zp.data(), c.bias.empty() ? nullptr : c.bias.data(), y.data());
      fixed_up += std::string(op.implementation()) != "xnnpack";
      std::cout << "geometry " << gi << " seed " << seed << ": " << op.implementation() << "\n";
    }
  }
  // With multipliers near 1e-3 some layer had a channel no float32 multiplier computes
  // exactly everywhere (else the reference's corrections went untested).
  EXPECT_GT(fixed_up, 0);
}

TEST(QuantizedConv2DTest, XnnpackAloneRoundsOtherwiseThanOnnx) {
  // Why the kernel proves each channel: XNNPACK given ONNX's own multiplier (0.5 * 0.25 /
  // 0.25 = 0.5) and zero point 3 rounds the tie -1.5 before adding the zero point
  // (-2 + 3 = 1) where ONNX adds first (1.5 -> 2). Our kernel gives ONNX's 2.
  const int8_t x[] = {-3}, w[] = {1};
  int8_t y = 0;
  internal::EnsureXnnpackInitialized();
  xnn_operator_t op = nullptr;
  const float kernel_scale = 0.25f;
  ASSERT_EQ(xnn_create_convolution2d_nhwc_qc8(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                              /*input_zero_point=*/0, 0.5f, &kernel_scale, w,
                                              nullptr, /*output_zero_point=*/3, 0.25f, -128, 127,
                                              0, &op),
            xnn_status_success);
  ASSERT_EQ(xnn_setup_convolution2d_nhwc_qc8(op, 1, 1, 1, x, &y, nullptr), xnn_status_success);
  ASSERT_EQ(xnn_run_operator(op, nullptr), xnn_status_success);
  xnn_delete_operator(op);
  EXPECT_EQ(y, 1);
  ConvCase c = OneChannel(1, 1, 1, 1, {0, 0, 0, 0});
  c.input_type = c.weight_type = c.output_type = ElementType::kInt8;
  c.x = {-3};
  c.w = {1};
  c.x_zero_point = {0};
  c.w_zero_point = {0};
  c.x_scale = {0.5f};
  c.w_scale = {0.25f};
  c.y_scale = {0.25f};
  c.y_zero_point = {3};
  QuantizedConv2DParams p = ParamsOf(c);
  p.static_quantization = p.symmetric_weights = true;
  EXPECT_EQ(RunConv(Backend::kReference, p, c), (std::vector<int>{2}));
  EXPECT_EQ(RunConv(Backend::kXnnpack, p, c), (std::vector<int>{2}));
}

// The proof against brute force: for random multipliers and zero points, every
// accumulator whose result is not saturated either way (the band where the two can differ
// at all) compared one by one.
TEST(Float32RequantizationTest, MismatchesAgreeWithBruteForce) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> multiplier(2e-4f, 4e-3f);
  std::uniform_int_distribution<int> zp(-128, 127);
  const reference::QuantRange r{-128, 127};
  int exact = 0, inexact = 0;
  for (int t = 0; t < 60; ++t) {
    const float m = multiplier(rng);
    const int32_t z = zp(rng);
    const int64_t lo = static_cast<int64_t>(std::floor((r.lo - z - 1) / static_cast<double>(m))) - 2;
    const int64_t hi = static_cast<int64_t>(std::ceil((r.hi - z + 1) / static_cast<double>(m))) + 2;
    // Each multiplier the kernel may hand XNNPACK: ONNX's and its neighbours.
    float library = m;
    for (int k = 0; k <= 2 * reference::kMaxMultiplierUlps; ++k) {
      if (k > 0) library = std::nextafter(library, 1.0f);
      if (k == reference::kMaxMultiplierUlps + 1) library = std::nextafter(m, 0.0f);
      if (k > reference::kMaxMultiplierUlps + 1) library = std::nextafter(library, 0.0f);
      std::array<bool, 256> suspect{};
      const int levels =
          reference::Float32RequantizationMismatches(library, m, z, r, suspect.data());
      bool differs = false;
      for (int64_t acc = lo; acc <= hi; ++acc) {
        const int32_t a = static_cast<int32_t>(acc);
        const int32_t got = reference::RequantizeInFloat32(a, library, z, r);
        if (got == reference::Requantize(a, m, z, r)) continue;
        differs = true;
        // Every wrong float32 output is one the kernel checks.
        ASSERT_TRUE(suspect[static_cast<size_t>(got + 128)])
            << "multiplier " << m << " as " << library << " accumulator " << acc;
      }
      EXPECT_EQ(levels == 0, !differs) << "multiplier " << m << " as " << library;
      if (k == 0) (differs ? inexact : exact)++;
    }
  }
  EXPECT_GT(exact, 0);
  EXPECT_GT(inexact, 0);
}

TEST(Float32RequantizationTest, ByHand) {
  const reference::QuantRange r{-128, 127};
  // Multiplier 1: integers in, integers out, whatever the zero point.
  EXPECT_TRUE(reference::Float32RequantizationMatches(1.0f, 1.0f, 7, r));
  // 0.5 with an even zero point: ties round to the same side before or after adding it,
  // and the products are exact; with an odd one they do not (-3 * 0.5 + 3: 2 vs 1).
  EXPECT_TRUE(reference::Float32RequantizationMatches(0.5f, 0.5f, 4, r));
  EXPECT_FALSE(reference::Float32RequantizationMatches(0.5f, 0.5f, 3, r));
  EXPECT_EQ(reference::Requantize(-3, 0.5f, 3, r), 2);
  EXPECT_EQ(reference::RequantizeInFloat32(-3, 0.5f, 3, r), 1);
  // No positive finite multiplier, no match.
  EXPECT_FALSE(reference::Float32RequantizationMatches(0.0f, 0.5f, 0, r));
  EXPECT_FALSE(reference::Float32RequantizationMatches(0.5f, -0.5f, 0, r));
}

TEST(QuantizedConv2DSupportsTest, XnnpackTakesStaticSymmetricInt8) {
  ConvCase c = RandomInt8Case(kXnnpackGeometries[0], 1);
  QuantizedConv2DParams p = ParamsOf(c);
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kXnnpack, p));  // flags unset
  p.static_quantization = true;
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kXnnpack, p));
  p.symmetric_weights = true;
  EXPECT_TRUE(QuantizedConv2DSupports(Backend::kXnnpack, p));
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kOnednn, p));
  for (ElementType QuantizedConv2DParams::*field :
       {&QuantizedConv2DParams::input_type, &QuantizedConv2DParams::weight_type,
        &QuantizedConv2DParams::output_type}) {
    QuantizedConv2DParams q = p;
    q.*field = ElementType::kUInt8;
    EXPECT_FALSE(QuantizedConv2DSupports(Backend::kXnnpack, q));
  }
  QuantizedConv2DParams integer = p;
  integer.output_type = ElementType::kInt32;
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kXnnpack, integer));
  // The constructor checks the weights' zero points itself.
  c.w_zero_point = {1};
  EXPECT_FALSE(QuantizedConv2DSymmetricWeights(p, Pack(c.w_zero_point, p.weight_type).data()));
  EXPECT_THROW(RunConv(Backend::kXnnpack, p, c), std::invalid_argument);
  EXPECT_TRUE(QuantizedConv2DSymmetricWeights(p, nullptr));
}

TEST(QuantizedConv2DSupportsTest, ReferenceTakesConsistentGeometries) {
  ConvCase c = OneChannel(3, 3, 2, 2, {0, 0, 0, 0});
  QuantizedConv2DParams p = ParamsOf(c);
  EXPECT_TRUE(QuantizedConv2DSupports(Backend::kReference, p));
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kOnednn, p));
  p.output_height = 3;  // not what the geometry gives
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kReference, p));
  p = ParamsOf(c);
  p.input_type = ElementType::kFloat32;
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kReference, p));
  p = ParamsOf(c);
  p.output_type = ElementType::kInt64;
  EXPECT_FALSE(QuantizedConv2DSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
