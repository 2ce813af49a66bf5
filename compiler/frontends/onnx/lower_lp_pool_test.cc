// LpPool, GlobalLpPool and MaxRoiPool against direct loops over their definitions (ONNX's
// node tests have none of them): windows with padding, p of 1, 2 and 3, and Caffe's ROI
// bins, empty ones included.
#include <algorithm>
#include <cmath>
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-4 * (1 + std::fabs(want[k]))) << "@" << k;
}

// 2-D LpPool over one [h, w] plane: pads [top, left, bottom, right].
std::vector<float> DirectLpPool(const std::vector<float>& x, int64_t h, int64_t w, int64_t kh, int64_t kw,
                                int64_t sh, int64_t sw, std::vector<int64_t> pads, int p, int64_t* oh, int64_t* ow) {
  *oh = (h + pads[0] + pads[2] - kh) / sh + 1;
  *ow = (w + pads[1] + pads[3] - kw) / sw + 1;
  std::vector<float> y;
  for (int64_t i = 0; i < *oh; ++i) {
    for (int64_t j = 0; j < *ow; ++j) {
      double sum = 0;
      for (int64_t a = 0; a < kh; ++a) {
        for (int64_t b = 0; b < kw; ++b) {
          const int64_t r = i * sh + a - pads[0], c = j * sw + b - pads[1];
          if (r >= 0 && r < h && c >= 0 && c < w) sum += std::pow(std::fabs(x[static_cast<size_t>(r * w + c)]), p);
        }
      }
      y.push_back(static_cast<float>(std::pow(sum, 1.0 / p)));
    }
  }
  return y;
}

TEST(LowerLpPoolTest, WindowsWithPaddingAndStrides) {
  for (int p : {1, 2, 3}) {
    SCOPED_TRACE(p);
    MB b(11);
    b.Input("x", {1, 1, 5, 6});
    auto* node = b.Node("LpPool", {"x"}, {"y"});
    MB::Ints(node, "kernel_shape", {2, 3});
    MB::Ints(node, "strides", {2, 1});
    MB::Ints(node, "pads", {1, 0, 0, 1});
    MB::Int(node, "p", p);
    b.Output("y");
    const std::vector<float> x = RandomFloats(30, 3, -2.0f, 2.0f);
    int64_t oh, ow;
    const std::vector<float> want = DirectLpPool(x, 5, 6, 2, 3, 2, 1, {1, 0, 0, 1}, p, &oh, &ow);
    const auto y = Evaluate(b, {{{1, 1, 5, 6}, x}});
    EXPECT_EQ(y[0].shape, (ir::Shape{1, 1, oh, ow}));
    ExpectNear(y[0].data, want);
  }
}

TEST(LowerLpPoolTest, GlobalOverEverySpatialAxis) {
  for (int p : {1, 2, 3}) {
    SCOPED_TRACE(p);
    MB b(11);
    b.Input("x", {2, 3, 4, 5});
    MB::Int(b.Node("GlobalLpPool", {"x"}, {"y"}), "p", p);
    b.Output("y");
    const std::vector<float> x = RandomFloats(120, 5, -2.0f, 2.0f);
    std::vector<float> want;
    for (int64_t nc = 0; nc < 6; ++nc) {
      double sum = 0;
      for (int64_t k = 0; k < 20; ++k) sum += std::pow(std::fabs(x[static_cast<size_t>(nc * 20 + k)]), p);
      want.push_back(static_cast<float>(std::pow(sum, 1.0 / p)));
    }
    const auto y = Evaluate(b, {{{2, 3, 4, 5}, x}});
    EXPECT_EQ(y[0].shape, (ir::Shape{2, 3, 1, 1}));
    ExpectNear(y[0].data, want);
  }
}

// Caffe's ROIPoolingLayer, forward.
std::vector<float> DirectRoiPool(const std::vector<float>& x, int64_t c, int64_t h, int64_t w,
                                 const std::vector<float>& rois, int64_t ph, int64_t pw, float scale) {
  std::vector<float> y;
  for (size_t r = 0; r * 5 < rois.size(); ++r) {
    const float* roi = &rois[r * 5];
    const int64_t n = static_cast<int64_t>(roi[0]);
    const int64_t x1 = std::lround(roi[1] * scale), y1 = std::lround(roi[2] * scale);
    const int64_t x2 = std::lround(roi[3] * scale), y2 = std::lround(roi[4] * scale);
    const float bin_h = static_cast<float>(std::max<int64_t>(y2 - y1 + 1, 1)) / static_cast<float>(ph);
    const float bin_w = static_cast<float>(std::max<int64_t>(x2 - x1 + 1, 1)) / static_cast<float>(pw);
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t i = 0; i < ph; ++i) {
        for (int64_t j = 0; j < pw; ++j) {
          auto clamp = [](int64_t v, int64_t hi) { return std::min(std::max<int64_t>(v, 0), hi); };
          const int64_t hs = clamp(static_cast<int64_t>(std::floor(i * bin_h)) + y1, h);
          const int64_t he = clamp(static_cast<int64_t>(std::ceil((i + 1) * bin_h)) + y1, h);
          const int64_t ws = clamp(static_cast<int64_t>(std::floor(j * bin_w)) + x1, w);
          const int64_t we = clamp(static_cast<int64_t>(std::ceil((j + 1) * bin_w)) + x1, w);
          float best = (he <= hs || we <= ws) ? 0.0f : -INFINITY;
          for (int64_t a = hs; a < he; ++a)
            for (int64_t b = ws; b < we; ++b)
              best = std::max(best, x[static_cast<size_t>(((n * c + ch) * h + a) * w + b)]);
          y.push_back(best);
        }
      }
    }
  }
  return y;
}

TEST(LowerLpPoolTest, MaxRoiPoolMatchesCaffe) {
  MB b(11);
  b.Input("x", {2, 3, 6, 8});
  b.Input("rois", {4, 5});
  auto* node = b.Node("MaxRoiPool", {"x", "rois"}, {"y"});
  MB::Ints(node, "pooled_shape", {2, 3});
  MB::Float(node, "spatial_scale", 0.5f);
  b.Output("y");
  const std::vector<float> x = RandomFloats(2 * 3 * 6 * 8, 9, -2.0f, 2.0f);
  // Corners in input pixels (scaled by 0.5): whole map, a small box, one past the edge
  // (clamped, some bins empty), a single pixel.
  const std::vector<float> rois = {0, 0, 0, 15, 11,   1, 2, 4, 9, 8,
                                   1, 12, 6, 30, 20,  0, 6, 6, 6, 6};
  const auto y = Evaluate(b, {{{2, 3, 6, 8}, x}, {{4, 5}, rois}});
  EXPECT_EQ(y[0].shape, (ir::Shape{4, 3, 2, 3}));
  ExpectNear(y[0].data, DirectRoiPool(x, 3, 6, 8, rois, 2, 3, 0.5f));
}

}  // namespace
}  // namespace neo::onnx_frontend
