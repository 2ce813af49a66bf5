// ConvTranspose2D in either layout: every input pixel scatters its weights into the
// output (weights [C, O/group, KH, KW]).
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

Tensor ConvTranspose2D(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias,
                       const ir::Shape& out_shape) {
  LayoutAxes ax = AxesOf(IsNHWC(node));
  const std::vector<int64_t> s = node.attrs.GetInts("strides", {1, 1});
  const std::vector<int64_t> d = node.attrs.GetInts("dilations", {1, 1});
  const std::vector<int64_t> p = node.attrs.GetInts("pads", {0, 0, 0, 0});
  const int64_t group = node.attrs.GetInt("group", 1);
  const int64_t N = x.shape[ax.n], C = x.shape[ax.c], H = x.shape[ax.h], W = x.shape[ax.w];
  const int64_t OG = w.shape[1], KH = w.shape[2], KW = w.shape[3], CG = C / group;
  const int64_t OH = out_shape[ax.h], OW = out_shape[ax.w];
  const std::vector<int64_t> xs = StridesOf(x.shape), ys = StridesOf(out_shape);
  std::vector<double> acc(static_cast<size_t>(ir::NumElements(out_shape)), 0.0);
  auto yat = [&](int64_t n, int64_t o, int64_t h, int64_t ww) {
    return static_cast<size_t>(n * ys[ax.n] + o * ys[ax.c] + h * ys[ax.h] + ww * ys[ax.w]);
  };
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t c = 0; c < C; ++c) {
      const int64_t g = c / CG;
      for (int64_t h = 0; h < H; ++h) {
        for (int64_t ww = 0; ww < W; ++ww) {
          const double v = x.data[static_cast<size_t>(n * xs[ax.n] + c * xs[ax.c] + h * xs[ax.h] + ww * xs[ax.w])];
          for (int64_t og = 0; og < OG; ++og) {
            for (int64_t kh = 0; kh < KH; ++kh) {
              const int64_t oh = h * s[0] - p[0] + kh * d[0];
              if (oh < 0 || oh >= OH) continue;
              for (int64_t kw = 0; kw < KW; ++kw) {
                const int64_t ow = ww * s[1] - p[1] + kw * d[1];
                if (ow < 0 || ow >= OW) continue;
                acc[yat(n, g * OG + og, oh, ow)] +=
                    v * w.data[static_cast<size_t>(((c * OG + og) * KH + kh) * KW + kw)];
              }
            }
          }
        }
      }
    }
  }
  Tensor y{out_shape, std::vector<float>(acc.size())};
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t o = 0; o < OG * group; ++o) {
      for (int64_t h = 0; h < OH; ++h) {
        for (int64_t ww = 0; ww < OW; ++ww) {
          const size_t i = yat(n, o, h, ww);
          y.data[i] = static_cast<float>(acc[i] + (bias ? bias->data[static_cast<size_t>(o)] : 0.0));
        }
      }
    }
  }
  ApplyActivation(node, y);
  return y;
}

}  // namespace neo::passes::reference
