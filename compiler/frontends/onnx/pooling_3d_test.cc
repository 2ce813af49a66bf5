// N-D pooling on the 2-D kernels: 3-D MaxPool/AveragePool are lowered as an (H, W) pass
// and a D pass; the result is checked against direct loops over every 3-D window.
#include <algorithm>
#include <string>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;
// Padding, strides, ceil mode and both pad-count modes.
TEST(ThreeDPooling, MatchesDirectWindowLoops) {
  const int64_t D = 3, H = 4, W = 5;
  const std::vector<int64_t> k = {2, 3, 2}, st = {1, 2, 2}, pads = {1, 1, 0, 0, 1, 1};
  std::vector<float> x(static_cast<size_t>(D * H * W));
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 37) % 23) - 11.0f;
  for (const char* op : {"MaxPool", "AveragePool"}) {
    for (int include_pad : {0, 1}) {
      ModelBuilder b(12);
      b.Input("x", {1, 1, D, H, W});
      auto* n = b.Node(op, {"x"}, {"y"});
      MB::Ints(n, "kernel_shape", k);
      MB::Ints(n, "strides", st);
      MB::Ints(n, "pads", pads);
      MB::Int(n, "ceil_mode", 1);
      if (std::string(op) == "AveragePool") MB::Int(n, "count_include_pad", include_pad);
      b.Output("y");
      auto y = Evaluate(b, {{{1, 1, D, H, W}, x}});
      const int64_t in[3] = {D, H, W};
      int64_t o[3];
      for (int a = 0; a < 3; ++a) {
        const int64_t span = in[a] + pads[a] + pads[a + 3] - k[a];
        o[a] = (span + st[a] - 1) / st[a] + 1;  // ceil mode
        if ((o[a] - 1) * st[a] >= in[a] + pads[a]) --o[a];  // a window must start inside
      }
      ASSERT_EQ(y[0].shape, (ir::Shape{1, 1, o[0], o[1], o[2]})) << op;
      size_t at = 0;
      for (int64_t od = 0; od < o[0]; ++od) {
        for (int64_t oh = 0; oh < o[1]; ++oh) {
          for (int64_t ow = 0; ow < o[2]; ++ow, ++at) {
            float best = -1e30f, sum = 0;
            int64_t valid = 1, padded = 1;
            const int64_t start[3] = {od * st[0] - pads[0], oh * st[1] - pads[1], ow * st[2] - pads[2]};
            for (int a = 0; a < 3; ++a) {
              int64_t v = 0, p = 0;
              for (int64_t i = start[a]; i < start[a] + k[a]; ++i) {
                v += i >= 0 && i < in[a];
                p += i < in[a] + pads[a + 3];  // inside the explicit padding
              }
              valid *= v;
              padded *= p;
            }
            for (int64_t d = start[0]; d < start[0] + k[0]; ++d)
              for (int64_t h = start[1]; h < start[1] + k[1]; ++h)
                for (int64_t w = start[2]; w < start[2] + k[2]; ++w) {
                  if (d < 0 || d >= D || h < 0 || h >= H || w < 0 || w >= W) continue;
                  const float v = x[static_cast<size_t>((d * H + h) * W + w)];
                  best = std::max(best, v);
                  sum += v;
                }
            const float want = std::string(op) == "MaxPool"
                                   ? best
                                   : sum / static_cast<float>(include_pad ? padded : valid);
            EXPECT_NEAR(y[0].data[at], want, 1e-5) << op << " include_pad=" << include_pad
                                                   << " at " << od << "," << oh << "," << ow;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace neo::onnx_frontend
