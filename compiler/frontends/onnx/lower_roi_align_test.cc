// RoiAlign's decomposition against a direct loop over ONNX's reference rules, on what
// ONNX's node tests leave out: mode max, rois reaching past the map (samples beyond -1 or
// the size contribute 0, the others are clamped), several images, spatial_scale and
// opset 10's coordinates; and the error for the adaptive sample count.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

struct Params {
  int64_t out_h = 1, out_w = 1, samples = 1;
  float scale = 1.0f;
  bool half_pixel = true;
  bool max = false;
};

// One (roi, channel) of ONNX's reference loop: bilinear weights per sample, summed over
// samples and averaged, or for max the largest weighted neighbour of any sample.
std::vector<float> Expected(const ir::Shape& xs, const std::vector<float>& x,
                            const std::vector<float>& rois, const std::vector<float>& batch,
                            const Params& p) {
  const int64_t channels = xs[1], height = xs[2], width = xs[3];
  const int64_t num_rois = static_cast<int64_t>(batch.size());
  std::vector<float> y;
  for (int64_t r = 0; r < num_rois; ++r) {
    const float off = p.half_pixel ? 0.5f : 0.0f;
    const float x0 = rois[r * 4 + 0] * p.scale - off, y0 = rois[r * 4 + 1] * p.scale - off;
    float rw = rois[r * 4 + 2] * p.scale - off - x0, rh = rois[r * 4 + 3] * p.scale - off - y0;
    if (!p.half_pixel) {
      rw = std::max(rw, 1.0f);
      rh = std::max(rh, 1.0f);
    }
    const float bh = rh / static_cast<float>(p.out_h), bw = rw / static_cast<float>(p.out_w);
    const int64_t b = static_cast<int64_t>(batch[r]);
    for (int64_t c = 0; c < channels; ++c) {
      const float* plane = &x[((b * channels) + c) * height * width];
      for (int64_t ph = 0; ph < p.out_h; ++ph) {
        for (int64_t pw = 0; pw < p.out_w; ++pw) {
          float acc = 0.0f;
          bool first = true;
          for (int64_t iy = 0; iy < p.samples; ++iy) {
            for (int64_t ix = 0; ix < p.samples; ++ix) {
              float sy = y0 + ph * bh + (iy + 0.5f) * bh / p.samples;
              float sx = x0 + pw * bw + (ix + 0.5f) * bw / p.samples;
              float v[4] = {0, 0, 0, 0};
              if (!(sy < -1.0f || sy > height || sx < -1.0f || sx > width)) {
                sy = std::max(sy, 0.0f);
                sx = std::max(sx, 0.0f);
                int64_t yl = static_cast<int64_t>(sy), xl = static_cast<int64_t>(sx), yh, xh;
                if (yl >= height - 1) {
                  yh = yl = height - 1;
                  sy = static_cast<float>(yl);
                } else {
                  yh = yl + 1;
                }
                if (xl >= width - 1) {
                  xh = xl = width - 1;
                  sx = static_cast<float>(xl);
                } else {
                  xh = xl + 1;
                }
                const float ly = sy - yl, lx = sx - xl, hy = 1 - ly, hx = 1 - lx;
                v[0] = hy * hx * plane[yl * width + xl];
                v[1] = hy * lx * plane[yl * width + xh];
                v[2] = ly * hx * plane[yh * width + xl];
                v[3] = ly * lx * plane[yh * width + xh];
              }
              if (!p.max) {
                acc += v[0] + v[1] + v[2] + v[3];
              } else {
                const float m = std::max({v[0], v[1], v[2], v[3]});
                acc = first ? m : std::max(acc, m);
                first = false;
              }
            }
          }
          y.push_back(p.max ? acc : acc / static_cast<float>(p.samples * p.samples));
        }
      }
    }
  }
  return y;
}

void ExpectMatchesReference(int opset, const Params& p, const ir::Shape& xs,
                            const std::vector<float>& rois, const std::vector<float>& batch) {
  MB b(opset);
  b.Input("x", xs);
  b.Input("rois", {static_cast<int64_t>(batch.size()), 4});
  b.TypedInput("batch", onnx::TensorProto::INT64, {static_cast<int64_t>(batch.size())});
  auto* n = b.Node("RoiAlign", {"x", "rois", "batch"}, {"y"});
  MB::Int(n, "output_height", p.out_h);
  MB::Int(n, "output_width", p.out_w);
  MB::Int(n, "sampling_ratio", p.samples);
  MB::Float(n, "spatial_scale", p.scale);
  if (p.max) MB::String(n, "mode", "max");
  if (opset >= 16 && !p.half_pixel) {
    MB::String(n, "coordinate_transformation_mode", "output_half_pixel");
  }
  b.Output("y");
  std::vector<float> x;
  int64_t size = 1;
  for (int64_t d : xs) size *= d;
  // Signed values, so that max sees negative weighted neighbours next to the zeros of
  // samples outside the map.
  for (int64_t i = 0; i < size; ++i) x.push_back(std::sin(0.37f * static_cast<float>(i)) * 3.0f);
  const ir::Shape rs = {static_cast<int64_t>(batch.size()), 4};
  const auto y = Evaluate(b, {{xs, x}, {rs, rois}, {{static_cast<int64_t>(batch.size())}, batch}});
  const std::vector<float> want = Expected(xs, x, rois, batch, p);
  ASSERT_EQ(y[0].shape, (ir::Shape{static_cast<int64_t>(batch.size()), xs[1], p.out_h, p.out_w}));
  ASSERT_EQ(y[0].data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(y[0].data[i], want[i], 1e-4) << i;
}

// Rois inside, straddling and beyond the map's edges, on two images.
const std::vector<float> kRois = {1.0f, 1.5f, 5.0f, 4.0f,   -3.0f, -2.5f, 2.0f, 3.0f,
                                  4.0f, 2.0f, 9.5f, 8.0f,   6.5f, 6.5f, 6.6f, 6.6f};
const std::vector<float> kBatch = {1, 0, 1, 0};

TEST(LowerRoiAlignTest, AverageMatchesReference) {
  Params p;
  p.out_h = 3;
  p.out_w = 2;
  p.samples = 2;
  ExpectMatchesReference(16, p, {2, 3, 6, 7}, kRois, kBatch);
  p.half_pixel = false;
  ExpectMatchesReference(16, p, {2, 3, 6, 7}, kRois, kBatch);
}

TEST(LowerRoiAlignTest, MaxMatchesReference) {
  Params p;
  p.out_h = 2;
  p.out_w = 3;
  p.samples = 3;
  p.max = true;
  ExpectMatchesReference(16, p, {2, 2, 6, 7}, kRois, kBatch);
  p.half_pixel = false;
  ExpectMatchesReference(16, p, {2, 2, 6, 7}, kRois, kBatch);
}

TEST(LowerRoiAlignTest, Opset10HasNoHalfPixelShift) {
  Params p;
  p.out_h = 2;
  p.out_w = 2;
  p.samples = 1;
  p.scale = 0.5f;
  p.half_pixel = false;
  ExpectMatchesReference(10, p, {2, 1, 5, 5}, kRois, kBatch);
}

TEST(LowerRoiAlignTest, AdaptiveSamplingIsNotSupported) {
  MB b(16);
  b.Input("x", {1, 1, 4, 4});
  b.Input("rois", {1, 4});
  b.TypedInput("batch", onnx::TensorProto::INT64, {1});
  b.Node("RoiAlign", {"x", "rois", "batch"}, {"y"});
  b.Output("y");
  EXPECT_NE(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented)
                .find("sampling_ratio 0 (adaptive"),
            std::string::npos);
}

}  // namespace
}  // namespace neo::onnx_frontend
