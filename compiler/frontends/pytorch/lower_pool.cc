// max_pool2d, avg_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d -> the IR's pools.
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

std::vector<int64_t> Pair(const NodeLowering& n, std::vector<int64_t> v, const std::string& what) {
  if (v.size() == 1) v.resize(2, v[0]);
  if (v.size() != 2) n.NotValid(what, "must have 2 entries");
  return v;
}

ir::Shape Rank4(NodeLowering& n, ir::ValueId x) {
  const ir::Shape s = n.Shape(x);
  if (s.size() != 4) n.NotSupported("input of rank " + std::to_string(s.size()) + " (only 2-D pooling)");
  if (n.graph().value(x).dtype != ir::DType::kFloat32) n.NotSupported("input that is not float32");
  return s;
}

struct Window {
  std::vector<int64_t> kernel, stride, dilation, pads, ceil_pads;
};

// PyTorch's pooling geometry: out = floor_or_ceil((in + 2p - d(k-1) - 1) / s) + 1, where
// in ceil mode a last window starting in the end padding is dropped. `ceil_pads` adds
// the bottom/right rows a ceil-mode window reads past the padding.
Window Resolve(NodeLowering& n, const ir::Shape& x, std::vector<int64_t> kernel,
               std::vector<int64_t> stride, std::vector<int64_t> padding,
               std::vector<int64_t> dilation, bool ceil_mode) {
  Window w;
  w.kernel = Pair(n, kernel, "kernel_size");
  w.stride = stride.empty() ? w.kernel : Pair(n, stride, "stride");
  padding = Pair(n, padding, "padding");
  w.dilation = Pair(n, dilation, "dilation");
  w.pads = {padding[0], padding[1], padding[0], padding[1]};
  w.ceil_pads = w.pads;
  for (int d = 0; d < 2; ++d) {
    const int64_t in = x[2 + d], k = w.kernel[d], s = w.stride[d], p = padding[d];
    if (k <= 0 || s <= 0) n.NotValid(k <= 0 ? "kernel_size" : "stride", "must be positive");
    if (p < 0) n.NotValid("padding", "cannot be negative");
    if (2 * p > k) n.NotValid("padding", "must be at most half the kernel size");
    const int64_t span = in + 2 * p - w.dilation[d] * (k - 1) - 1;
    if (span < 0) n.NotValid("kernel_size", "is larger than the padded input");
    int64_t out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
    if (ceil_mode && (out - 1) * s >= in + p) --out;
    const int64_t needed = (out - 1) * s + w.dilation[d] * (k - 1) + 1 - in - p;
    if (needed > w.ceil_pads[d + 2]) w.ceil_pads[d + 2] = needed;
  }
  return w;
}

}  // namespace

// max_pool2d(x, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)
void LowerMaxPool2d(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = Rank4(n, x);
  const Window w = Resolve(n, xs, n.Ints(1, "kernel_size"), n.Ints(2, "stride"),
                           n.Ints(3, "padding"), n.Ints(4, "dilation"), n.Bool(5, "ceil_mode"));
  if (n.node()->outputs().size() > 1 && n.OutputUsed(1)) n.NotSupported("the indices output");
  ir::Attributes a;
  a.set("kernel", w.kernel);
  a.set("strides", w.stride);
  a.set("dilations", w.dilation);
  a.set("pads", w.ceil_pads);
  a.set("layout", std::string("NCHW"));
  n.SetOutput(0, n.Emit(ir::op::kMaxPool2D, {x}, a));
}

// avg_pool2d(x, kernel_size, stride=[], padding=0, ceil_mode=False,
//            count_include_pad=True, divisor_override=None)
void LowerAvgPool2d(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = Rank4(n, x);
  const Window w = Resolve(n, xs, n.Ints(1, "kernel_size"), n.Ints(2, "stride"),
                           n.Ints(3, "padding"), {1, 1}, n.Bool(4, "ceil_mode"));
  if (n.num_inputs() > 6 && !n.IsNone(6)) n.NotSupported("divisor_override");
  ir::Attributes a;
  a.set("kernel", w.kernel);
  a.set("strides", w.stride);
  a.set("pads", w.ceil_pads);
  a.set("count_include_pad", static_cast<int64_t>(n.Bool(5, "count_include_pad")));
  a.set("counted_pads", w.pads);
  a.set("layout", std::string("NCHW"));
  n.SetOutput(0, n.Emit(ir::op::kAveragePool2D, {x}, a));
}

namespace {

// Adaptive pools whose windows are all alike: a global pool for a 1x1 output, else a
// pool with kernel = stride = in / out. Other sizes have windows of unequal size.
void Adaptive(NodeLowering& n, bool max) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = Rank4(n, x);
  std::vector<int64_t> out = n.Ints(1, "output_size");
  if (out.size() == 1) out.resize(2, out[0]);
  if (out.size() != 2) n.NotValid("output_size", "must have 2 entries");
  for (int d = 0; d < 2; ++d) {
    if (out[d] <= 0) n.NotValid("output_size", "must be positive");
  }
  if (max && n.node()->outputs().size() > 1 && n.OutputUsed(1)) n.NotSupported("the indices output");
  ir::Attributes a;
  a.set("layout", std::string("NCHW"));
  if (out[0] == 1 && out[1] == 1) {
    n.SetOutput(0, n.Emit(max ? ir::op::kGlobalMaxPool : ir::op::kGlobalAveragePool, {x}, a));
    return;
  }
  if (xs[2] % out[0] != 0 || xs[3] % out[1] != 0) {
    n.NotSupported("output_size [" + std::to_string(out[0]) + ", " + std::to_string(out[1]) +
                   "] for a " + std::to_string(xs[2]) + "x" + std::to_string(xs[3]) +
                   " input (windows of unequal size)");
  }
  const std::vector<int64_t> k = {xs[2] / out[0], xs[3] / out[1]};
  a.set("kernel", k);
  a.set("strides", k);
  a.set("pads", std::vector<int64_t>{0, 0, 0, 0});
  if (max) {
    a.set("dilations", std::vector<int64_t>{1, 1});
  } else {
    a.set("count_include_pad", int64_t{0});
    a.set("counted_pads", std::vector<int64_t>{0, 0, 0, 0});
  }
  n.SetOutput(0, n.Emit(max ? ir::op::kMaxPool2D : ir::op::kAveragePool2D, {x}, a));
}

}  // namespace

void LowerAdaptiveAvgPool2d(NodeLowering& n) { Adaptive(n, false); }
void LowerAdaptiveMaxPool2d(NodeLowering& n) { Adaptive(n, true); }

}  // namespace neo::pytorch_frontend
