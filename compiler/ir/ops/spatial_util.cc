#include "compiler/ir/ops/spatial_util.h"

namespace neo::ir {

AttrSpec LayoutAttr() { return StringAttr("layout").OneOf({"NCHW", "NHWC"}).Default(std::string("NCHW")); }
AttrSpec ActMinAttr() { return FloatAttr("act_min").Optional(); }
AttrSpec ActMaxAttr() { return FloatAttr("act_max").Optional(); }

namespace {

int64_t WindowOutput(const NodeContext& c, int64_t in, int64_t pad_begin, int64_t pad_end,
                     int64_t kernel, int64_t stride, int64_t dilation) {
  if (stride <= 0 || dilation <= 0 || kernel <= 0) {
    c.Fail("kernel, strides and dilations must be positive");
  }
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t out = (in + pad_begin + pad_end - span) / stride + 1;
  if (in + pad_begin + pad_end < span || out <= 0) {
    c.Fail("the window (" + std::to_string(span) + ") is larger than the padded input (" +
           std::to_string(in + pad_begin + pad_end) + ")");
  }
  return out;
}

}  // namespace

Shape WindowedOutput(const NodeContext& c, int64_t channels, const std::vector<int64_t>& kernel,
                     bool use_dilations) {
  const Shape& x = c.shape(0);
  LayoutAxes ax = AxesOf(c.nhwc());
  std::vector<int64_t> strides = c.Ints("strides");
  std::vector<int64_t> dil = use_dilations ? c.Ints("dilations") : std::vector<int64_t>{1, 1};
  std::vector<int64_t> pads = c.Ints("pads");
  if (strides.size() != 2 || dil.size() != 2 || pads.size() != 4 || kernel.size() != 2) {
    c.Fail("strides, dilations and kernel need 2 values and pads 4");
  }
  Shape out(4);
  out[ax.n] = x[ax.n];
  out[ax.c] = channels;
  out[ax.h] = WindowOutput(c, x[ax.h], pads[0], pads[2], kernel[0], strides[0], dil[0]);
  out[ax.w] = WindowOutput(c, x[ax.w], pads[1], pads[3], kernel[1], strides[1], dil[1]);
  return out;
}

std::string Geometry(int kh, int kw, int sh, int sw) {
  return std::to_string(kh) + "x" + std::to_string(kw) + "/" + std::to_string(sh) +
         (sh == sw ? "" : "x" + std::to_string(sw));
}

}  // namespace neo::ir
