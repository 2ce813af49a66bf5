// Windowed and global max/average pooling over either layout.
#include <algorithm>
#include <limits>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace {
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

Tensor Pool2D(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape) {
  LayoutAxes ax = AxesOf(IsNHWC(node));
  bool is_max = node.op == ir::op::kMaxPool2D;
  std::vector<int64_t> k = node.attrs.GetInts("kernel");
  std::vector<int64_t> strides = node.attrs.GetInts("strides", {1, 1});
  std::vector<int64_t> dil = is_max ? node.attrs.GetInts("dilations", {1, 1})
                                    : std::vector<int64_t>{1, 1};
  std::vector<int64_t> pads = node.attrs.GetInts("pads", {0, 0, 0, 0});
  bool include_pad = node.attrs.GetInt("count_include_pad", 0) != 0;
  std::vector<int64_t> counted = node.attrs.GetInts("counted_pads", pads);
  int64_t N = x.shape[ax.n], C = x.shape[ax.c], H = x.shape[ax.h], W = x.shape[ax.w];
  int64_t OH = out_shape[ax.h], OW = out_shape[ax.w];
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(ir::NumElements(out_shape)))};
  Strides4 xs(x.shape, ax), ys(out_shape, ax);
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t c = 0; c < C; ++c) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow) {
          double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
          int64_t count = 0, counted_positions = 0;
          for (int64_t kh = 0; kh < k[0]; ++kh) {
            int64_t ih = oh * strides[0] - pads[0] + kh * dil[0];
            for (int64_t kw = 0; kw < k[1]; ++kw) {
              int64_t iw = ow * strides[1] - pads[1] + kw * dil[1];
              if (ih >= -counted[0] && ih < H + counted[2] && iw >= -counted[1] &&
                  iw < W + counted[3]) {
                ++counted_positions;
              }
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
              float v = x.data[xs(n, c, ih, iw)];
              acc = is_max ? std::max<double>(acc, v) : acc + v;
              ++count;
            }
          }
          if (!is_max) acc /= static_cast<double>(include_pad ? counted_positions : count);
          y.data[ys(n, c, oh, ow)] = static_cast<float>(acc);
        }
      }
    }
  }
  ApplyActivation(node, y);
  return y;
}

Tensor GlobalPool(const ir::Node& node, const Tensor& x) {
  LayoutAxes ax = AxesOf(IsNHWC(node));
  bool is_max = node.op == ir::op::kGlobalMaxPool;
  int64_t N = x.shape[ax.n], C = x.shape[ax.c], H = x.shape[ax.h], W = x.shape[ax.w];
  ir::Shape out_shape = x.shape;
  out_shape[ax.h] = 1;
  out_shape[ax.w] = 1;
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(N * C))};
  Strides4 xs(x.shape, ax), ys(out_shape, ax);
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t c = 0; c < C; ++c) {
      double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
      for (int64_t h = 0; h < H; ++h) {
        for (int64_t w = 0; w < W; ++w) {
          float v = x.data[xs(n, c, h, w)];
          acc = is_max ? std::max<double>(acc, v) : acc + v;
        }
      }
      if (!is_max) acc /= static_cast<double>(H * W);
      y.data[ys(n, c, 0, 0)] = static_cast<float>(acc);
    }
  }
  ApplyActivation(node, y);
  return y;
}

}  // namespace neo::passes::reference
