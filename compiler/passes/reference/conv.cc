// Direct convolution over either layout; weights are always OIHW.
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace {
// Element offset of (n, c, h, w) in a rank-4 tensor of `dims` stored per `ax`.
// Element strides of a rank-4 tensor by logical axis, for its storage layout.
struct Strides4 {
  int64_t n, c, h, w;
  Strides4(const ir::Shape& dims, const LayoutAxes& ax) {
    std::vector<int64_t> s = StridesOf(dims);
    n = s[ax.n];
    c = s[ax.c];
    h = s[ax.h];
    w = s[ax.w];
  }
  size_t operator()(int64_t in, int64_t ic, int64_t ih, int64_t iw) const {
    return static_cast<size_t>(in * n + ic * c + ih * h + iw * w);
  }
};
}  // namespace

Tensor Conv2D(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias,
              const ir::Shape& out_shape) {
  LayoutAxes ax = AxesOf(IsNHWC(node));
  std::vector<int64_t> strides = node.attrs.GetInts("strides", {1, 1});
  std::vector<int64_t> dil = node.attrs.GetInts("dilations", {1, 1});
  std::vector<int64_t> pads = node.attrs.GetInts("pads", {0, 0, 0, 0});
  int64_t group = node.attrs.GetInt("group", 1);
  int64_t N = x.shape[ax.n], C = x.shape[ax.c], H = x.shape[ax.h], W = x.shape[ax.w];
  int64_t O = w.shape[0], CG = w.shape[1], KH = w.shape[2], KW = w.shape[3];
  int64_t OH = out_shape[ax.h], OW = out_shape[ax.w];
  int64_t OG = O / group;
  (void)C;
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(ir::NumElements(out_shape)))};
  Strides4 xs(x.shape, ax), ys(out_shape, ax);
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t o = 0; o < O; ++o) {
      int64_t g = o / OG;
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow) {
          double acc = bias ? bias->data[static_cast<size_t>(o)] : 0.0;
          for (int64_t cg = 0; cg < CG; ++cg) {
            int64_t c = g * CG + cg;
            for (int64_t kh = 0; kh < KH; ++kh) {
              int64_t ih = oh * strides[0] - pads[0] + kh * dil[0];
              if (ih < 0 || ih >= H) continue;
              for (int64_t kw = 0; kw < KW; ++kw) {
                int64_t iw = ow * strides[1] - pads[1] + kw * dil[1];
                if (iw < 0 || iw >= W) continue;
                acc += static_cast<double>(x.data[xs(n, c, ih, iw)]) *
                       w.data[static_cast<size_t>(((o * CG + cg) * KH + kh) * KW + kw)];
              }
            }
          }
          y.data[ys(n, o, oh, ow)] = static_cast<float>(acc);
        }
      }
    }
  }
  ApplyActivation(node, y);
  return y;
}

}  // namespace neo::passes::reference
