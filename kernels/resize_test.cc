#include "kernels/resize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/reference/resize.h"
#include "kernels/test_util.h"

namespace neo::kernels {
namespace {

struct OnnxCase {
  const char* name;
  const char* mode;
  const char* coordinates;
  const char* nearest;
  std::vector<int64_t> input_shape, output_shape;
  std::vector<double> scales;
  std::vector<float> input, output;
};

// The ONNX backend tests' inputs and expected outputs (testdata/gen_resize_onnx_cases.py).
const OnnxCase kOnnxCases[] = {
#include "kernels/testdata/resize_onnx_cases.inc"
};

Dims ToDims(const std::vector<int64_t>& v) {
  Dims d;
  for (int64_t x : v) d[d.rank++] = x;
  return d;
}

ResizeParams ParamsOf(const OnnxCase& c) {
  ResizeParams p;
  p.mode = std::string(c.mode) == "linear" ? ResizeMode::kLinear : ResizeMode::kNearest;
  const std::string coord = c.coordinates, nearest = c.nearest;
  p.coordinates = coord == "asymmetric"           ? ResizeCoordinates::kAsymmetric
                  : coord == "align_corners"      ? ResizeCoordinates::kAlignCorners
                  : coord == "pytorch_half_pixel" ? ResizeCoordinates::kPytorchHalfPixel
                  : coord == "tf_half_pixel_for_nn" ? ResizeCoordinates::kTfHalfPixelForNn
                                                    : ResizeCoordinates::kHalfPixel;
  p.nearest = nearest == "floor"               ? ResizeNearest::kFloor
              : nearest == "ceil"              ? ResizeNearest::kCeil
              : nearest == "round_prefer_ceil" ? ResizeNearest::kRoundPreferCeil
                                               : ResizeNearest::kRoundPreferFloor;
  p.input_shape = ToDims(c.input_shape);
  p.output_shape = ToDims(c.output_shape);
  for (size_t i = 0; i < c.scales.size(); ++i) p.scales[i] = c.scales[i];
  return p;
}

TEST(ResizeTest, OnnxBackendCases) {
  Context context(1);
  ASSERT_GE(sizeof(kOnnxCases) / sizeof(kOnnxCases[0]), 14u);
  for (const OnnxCase& c : kOnnxCases) {
    const ResizeParams p = ParamsOf(c);
    ASSERT_TRUE(ResizeSupports(Backend::kReference, p)) << c.name;
    EXPECT_FALSE(ResizeSupports(Backend::kOnednn, p));
    std::vector<float> out(c.output.size(), -999.0f);
    Resize op(context, p, Backend::kReference, c.input.data(), out.data());
    op.Run();
    EXPECT_TRUE(testing::AllClose(out, c.output, 1e-6f)) << c.name;
  }
}

TEST(ResizeTest, NearestCopiesAnyElementSize) {
  // int64 [1, 3] -> [1, 6] nearest asymmetric floor (numpy.repeat).
  const std::vector<int64_t> in = {int64_t{1} << 40, -5, 7};
  ResizeParams p;
  p.coordinates = ResizeCoordinates::kAsymmetric;
  p.nearest = ResizeNearest::kFloor;
  p.input_shape = {1, 3};
  p.output_shape = {1, 6};
  p.scales[0] = 1.0;
  p.scales[1] = 2.0;
  p.element_size = 8;
  std::vector<int64_t> out(6);
  Context context(1);
  Resize op(context, p, Backend::kReference, in.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{int64_t{1} << 40, int64_t{1} << 40, -5, -5, 7, 7}));
  p.mode = ResizeMode::kLinear;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));  // linear is float only
}

TEST(ResizeTest, LinearAnyRankEqualsSeparableInterpolation) {
  // Rank-3 linear half_pixel [2, 3, 2] -> [3, 5, 2]: the weighted corner sum equals
  // interpolating one dimension after another (the ONNX reference's nesting).
  std::vector<float> in = testing::Random(12, 3);
  ResizeParams p;
  p.mode = ResizeMode::kLinear;
  p.input_shape = {2, 3, 2};
  p.output_shape = {3, 5, 2};
  p.scales[0] = 1.5;
  p.scales[1] = 5.0 / 3.0;
  p.scales[2] = 1.0;
  std::vector<float> got(30);
  Context context(1);
  Resize op(context, p, Backend::kReference, in.data(), got.data());
  op.Run();
  auto coeff = [](int64_t x, double scale, int64_t n, int64_t* i0, int64_t* i1, double* w) {
    const double xo = (x + 0.5) / scale - 0.5;
    const double f = std::floor(xo);
    *i0 = std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(f), 0), n - 1);
    *i1 = std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(f) + 1, 0), n - 1);
    *w = xo - f;
  };
  std::vector<float> want(30);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 5; ++b)
      for (int c = 0; c < 2; ++c) {
        int64_t a0, a1, b0, b1;
        double wa, wb;
        coeff(a, p.scales[0], 2, &a0, &a1, &wa);
        coeff(b, p.scales[1], 3, &b0, &b1, &wb);
        auto at = [&](int64_t i, int64_t j) { return double(in[(i * 3 + j) * 2 + c]); };
        const double r0 = (1 - wb) * at(a0, b0) + wb * at(a0, b1);
        const double r1 = (1 - wb) * at(a1, b0) + wb * at(a1, b1);
        want[(a * 5 + b) * 2 + c] = static_cast<float>((1 - wa) * r0 + wa * r1);
      }
  EXPECT_TRUE(testing::AllClose(got, want, 1e-6f));
}

// The reference's output for float input.
std::vector<float> Resized(const ResizeParams& p, const std::vector<float>& in) {
  std::vector<float> out(static_cast<size_t>(p.output_shape.num_elements()), -999.0f);
  Context context(1);
  Resize op(context, p, Backend::kReference, in.data(), out.data());
  op.Run();
  return out;
}

// One dimension of length 4 holding [1, 2, 4, 8], cubic, asymmetric, scale 2: output x
// samples c = x / 2. Keys' kernel with a = -0.75 is 1.25 t^3 - 2.25 t^2 + 1 for t <= 1 and
// -0.75 t^3 + 3.75 t^2 - 6 t + 3 for 1 < t < 2, so at half steps W(0.5) = 0.59375 and
// W(1.5) = -0.09375. Worked by hand (and checked with numpy evaluating that formula):
//   c = 0.5 reads [-1, 0, 1, 2] -> edge values [1, 1, 2, 4]:
//       -0.09375 * 1 + 0.59375 * 1 + 0.59375 * 2 - 0.09375 * 4 = 1.3125
//   c = 1.5 reads [1, 2, 4, 8]: -0.09375 + 1.1875 + 2.375 - 0.75 = 2.71875
//   c = 2.5 reads [2, 4, 8, 8]: -0.1875 + 2.375 + 4.75 - 0.75 = 6.1875
//   c = 3.5 reads [4, 8, 8, 8]: -0.375 + 4.75 + 4.75 - 0.75 = 8.375
// and integral c reads its element alone.
ResizeParams CubicAsymmetric1D() {
  ResizeParams p;
  p.mode = ResizeMode::kCubic;
  p.coordinates = ResizeCoordinates::kAsymmetric;
  p.input_shape = {4};
  p.output_shape = {8};
  p.scales[0] = 2.0;
  return p;
}
const std::vector<float> kPowersOfTwo = {1, 2, 4, 8};

TEST(ResizeTest, CubicHandWorked) {
  EXPECT_TRUE(testing::AllClose(Resized(CubicAsymmetric1D(), kPowersOfTwo),
                                {1, 1.3125f, 2, 2.71875f, 4, 6.1875f, 8, 8.375f}, 1e-6f));
}

TEST(ResizeTest, CubicHalfPixelAtQuarterSteps) {
  // half_pixel, scale 2: c = (x + 0.5) / 2 - 0.5, so the fractions are 0.75 and 0.25 and
  // the weights W(1.75) = -0.03515625, W(0.75) = 0.26171875, W(0.25) = 0.87890625,
  // W(1.25) = -0.10546875 (sum 1). x = 0: c = -0.25 reads [-2, -1, 0, 1] -> [1, 1, 1, 2]:
  // 1.10546875 - 0.2109375 = 0.89453125. x = 3: c = 1.25 reads [0, 1, 2, 3] with the
  // weights reversed: -0.10546875 + 1.7578125 + 1.046875 - 0.28125 = 2.41796875.
  ResizeParams p = CubicAsymmetric1D();
  p.coordinates = ResizeCoordinates::kHalfPixel;
  const std::vector<float> got = Resized(p, kPowersOfTwo);
  EXPECT_NEAR(got[0], 0.89453125f, 1e-6f);
  EXPECT_NEAR(got[3], 2.41796875f, 1e-6f);
}

TEST(ResizeTest, CubicExcludeOutsideRenormalizes) {
  // c = 0.5 loses the tap at -1: weights [0.59375, 0.59375, -0.09375] / 1.09375, i.e.
  // [19, 19, -3] / 35 on [1, 2, 4]: 45 / 35 = 9 / 7. c = 2.5 loses the tap at 4:
  // [-3, 19, 19] / 35 on [2, 4, 8] = 222 / 35. c = 3.5 loses 4 and 5: [-0.09375, 0.59375]
  // / 0.5 on [4, 8] = -0.75 + 9.5 = 8.75. c = 1.5 has all four inside: unchanged.
  ResizeParams p = CubicAsymmetric1D();
  p.exclude_outside = true;
  EXPECT_TRUE(testing::AllClose(Resized(p, kPowersOfTwo),
                                {1, 9.0f / 7, 2, 2.71875f, 4, 222.0f / 35, 8, 8.75f}, 1e-6f));
}

TEST(ResizeTest, CubicCoefficient) {
  // a = -0.5: W(0.5) = 1.5 / 8 - 2.5 / 4 + 1 = 0.5625, W(1.5) = -0.0625; c = 1.5 gives
  // -0.0625 + 1.125 + 2.25 - 0.5 = 2.8125.
  ResizeParams p = CubicAsymmetric1D();
  p.cubic_coeff_a = -0.5;
  EXPECT_NEAR(Resized(p, kPowersOfTwo)[3], 2.8125f, 1e-6f);
}

TEST(ResizeTest, CubicIsSeparable) {
  // The outer product of [1, 2, 4, 8] with itself, resized 2x along both dimensions of a
  // [1, 4, 4] tensor, is the outer product of the 1-D result (16 taps per sample).
  const std::vector<float> row = {1, 1.3125f, 2, 2.71875f, 4, 6.1875f, 8, 8.375f};
  std::vector<float> in, want;
  for (float a : kPowersOfTwo) {
    for (float b : kPowersOfTwo) in.push_back(a * b);
  }
  for (float a : row) {
    for (float b : row) want.push_back(a * b);
  }
  ResizeParams p = CubicAsymmetric1D();
  p.input_shape = {1, 4, 4};
  p.output_shape = {1, 8, 8};
  p.scales[0] = 1.0;
  p.scales[1] = p.scales[2] = 2.0;
  EXPECT_TRUE(testing::AllClose(Resized(p, in), want, 1e-5f));
}

// tf_crop_and_resize on [3, 5] holding 100 i + 10 j (linear in both indices, so bilinear
// sampling returns 100 c0 + 10 c1 exactly). roi [-0.5, 0.1, 1.0, 0.6] (starts, then ends)
// to [4, 3]: c = start * (in - 1) + x * (end - start) * (in - 1) / (out - 1), so
// dimension 0 samples -1, 0, 1, 2 (the first outside: extrapolation_value) and dimension 1
// samples 0.4, 1.4, 2.4.
TEST(ResizeTest, CropAndResizeHandWorked) {
  std::vector<float> in;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 5; ++j) in.push_back(100.0f * i + 10.0f * j);
  }
  ResizeParams p;
  p.mode = ResizeMode::kLinear;
  p.coordinates = ResizeCoordinates::kTfCropAndResize;
  p.input_shape = {3, 5};
  p.output_shape = {4, 3};
  p.scales[0] = 4.0 / 3.0;
  p.scales[1] = 3.0 / 5.0;
  p.roi_start[0] = -0.5;
  p.roi_start[1] = 0.1;
  p.roi_end[0] = 1.0;
  p.roi_end[1] = 0.6;
  p.extrapolation_value = -7.0f;
  EXPECT_TRUE(testing::AllClose(
      Resized(p, in), {-7, -7, -7, 4, 14, 24, 104, 114, 124, 204, 214, 224}, 1e-4f));
  // Nearest (round_prefer_floor) takes indices 0, 1, 2 along dimension 1.
  p.mode = ResizeMode::kNearest;
  EXPECT_TRUE(testing::AllClose(
      Resized(p, in), {-7, -7, -7, 0, 10, 20, 100, 110, 120, 200, 210, 220}, 1e-6f));
}

TEST(ResizeTest, CropAndResizeSingleSampleTakesTheRoiMiddle) {
  // One output sample along a length-5 dimension with roi [0.2, 0.7]: the middle of
  // 0.8 .. 2.8, c = 1.8, where 10 j reads 18.
  ResizeParams p;
  p.mode = ResizeMode::kLinear;
  p.coordinates = ResizeCoordinates::kTfCropAndResize;
  p.input_shape = {5};
  p.output_shape = {1};
  p.scales[0] = 0.2;
  p.roi_start[0] = 0.2;
  p.roi_end[0] = 0.7;
  EXPECT_NEAR(Resized(p, {0, 10, 20, 30, 40})[0], 18.0f, 1e-4f);
}

// The fields cubic and crop-and-resize added are written into generated code only where
// they differ from their defaults: the parameters of other resizes print as before.
TEST(ResizeTest, NewFieldsVisitedOnlyWhenSet) {
  struct Names : FieldVisitor {
    std::vector<std::string> names;
    void Int(const std::string& n, int64_t) override { names.push_back(n); }
    void Float(const std::string& n, float) override { names.push_back(n); }
    void Double(const std::string& n, double) override { names.push_back(n); }
    void Bool(const std::string& n, bool) override { names.push_back(n); }
    void Shape(const std::string& n, const Dims&) override { names.push_back(n); }
    void Shapes(const std::string& n, const std::vector<Dims>&) override { names.push_back(n); }
    void Enum(const std::string& n, const char*, const char*) override { names.push_back(n); }
  };
  ResizeParams p;
  p.input_shape = p.output_shape = {2, 3};
  Names plain;
  VisitFields(p, plain);
  EXPECT_EQ(plain.names, (std::vector<std::string>{"mode", "coordinates", "nearest", "input_shape",
                                                   "output_shape", "scales[0]", "scales[1]",
                                                   "element_size"}));
  p.cubic_coeff_a = -0.5;
  p.exclude_outside = true;
  p.roi_start[1] = 0.25;
  p.roi_end[0] = 0.5;
  p.extrapolation_value = 3.0f;
  Names all;
  VisitFields(p, all);
  EXPECT_EQ(std::vector<std::string>(all.names.begin() + 8, all.names.end()),
            (std::vector<std::string>{"cubic_coeff_a", "exclude_outside", "roi_start[1]",
                                      "roi_end[0]", "extrapolation_value"}));
}

// The separable path for images (float, the last two dimensions resized, the others read
// one element per coordinate) against the reference's odometer, one and two threads
// (XNNPACK's pool and OpenMP's team), every coordinate mode but tf_crop_and_resize, up-
// and downsampling: nearest bit for bit, linear within float rounding (the reference
// works in double), which a wrong tap or weight (errors of 1e-2 and more here) exceeds.
TEST(ResizeTest, ImageRowsEqualTheReference) {
  const ResizeCoordinates modes[] = {ResizeCoordinates::kHalfPixel, ResizeCoordinates::kAsymmetric,
                                     ResizeCoordinates::kAlignCorners,
                                     ResizeCoordinates::kPytorchHalfPixel};
  const int64_t sizes[][4] = {{1, 3, 14, 14}, {2, 2, 7, 5}, {1, 1, 1, 1}, {1, 21, 14, 14}};
  const int64_t outs[][2] = {{224, 224}, {3, 11}, {4, 6}, {112, 150}};
  int trial = 0;
  for (ResizeMode mode : {ResizeMode::kLinear, ResizeMode::kNearest}) {
    for (ResizeCoordinates coordinates : modes) {
      for (int s = 0; s < 4; ++s, ++trial) {
        ResizeParams p;
        p.mode = mode;
        p.coordinates = coordinates;
        p.input_shape = {sizes[s][0], sizes[s][1], sizes[s][2], sizes[s][3]};
        p.output_shape = {sizes[s][0], sizes[s][1], outs[s][0], outs[s][1]};
        p.scales[0] = p.scales[1] = 1.0;
        p.scales[2] = static_cast<double>(outs[s][0]) / static_cast<double>(sizes[s][2]);
        p.scales[3] = static_cast<double>(outs[s][1]) / static_cast<double>(sizes[s][3]);
        ASSERT_TRUE(ResizeSupports(Backend::kReference, p));
        std::vector<float> x(static_cast<size_t>(p.input_shape.num_elements()));
        for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * static_cast<float>(i)) * 3.0f;
        std::vector<float> want(static_cast<size_t>(p.output_shape.num_elements()));
        reference::Resize(p, x.data(), want.data());
        for (int threads : {1, 2}) {
          for (bool openmp : {false, true}) {
            Context context(threads, /*xnnpack_on_calling_thread=*/openmp);
            std::vector<float> got(want.size(), -7.0f);
            Resize op(context, p, Backend::kReference, x.data(), got.data());
            context.BeginRun();
            op.Run();
            if (mode == ResizeMode::kNearest) {
              ASSERT_EQ(0, std::memcmp(got.data(), want.data(), got.size() * sizeof(float)))
                  << "trial " << trial << " threads " << threads << (openmp ? " OpenMP" : "");
              continue;
            }
            for (size_t i = 0; i < want.size(); ++i) {
              ASSERT_NEAR(got[i], want[i], 2e-6f)
                  << "trial " << trial << " threads " << threads << (openmp ? " OpenMP" : "")
                  << " element " << i;
            }
          }
        }
      }
    }
  }
}

TEST(ResizeTest, Declines) {
  ResizeParams p;
  p.input_shape = {0, 2};
  p.output_shape = {1, 2};
  p.scales[0] = p.scales[1] = 1.0;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));  // nothing to sample from
  p.input_shape = {1, 2};
  p.scales[1] = 0.0;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));
  p.scales[1] = 1.0;
  p.element_size = 8;  // cubic and crop-and-resize are float only
  EXPECT_TRUE(ResizeSupports(Backend::kReference, p));
  p.mode = ResizeMode::kCubic;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));
  p.mode = ResizeMode::kNearest;
  p.coordinates = ResizeCoordinates::kTfCropAndResize;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
