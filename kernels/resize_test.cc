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

TEST(ResizeTest, Declines) {
  ResizeParams p;
  p.input_shape = {0, 2};
  p.output_shape = {1, 2};
  p.scales[0] = p.scales[1] = 1.0;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));  // nothing to sample from
  p.input_shape = {1, 2};
  p.scales[1] = 0.0;
  EXPECT_FALSE(ResizeSupports(Backend::kReference, p));
}

}  // namespace
}  // namespace neo::kernels
