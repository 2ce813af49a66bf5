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

// A 2-D average pool of [N, C, H, W] with Resolve's geometry.
ir::ValueId AveragePool(NodeLowering& n, ir::ValueId x, const std::vector<int64_t>& kernel,
                        const std::vector<int64_t>& stride, const std::vector<int64_t>& padding,
                        bool ceil_mode, bool count_include_pad) {
  const Window w = Resolve(n, n.Shape(x), kernel, stride, padding, {1, 1}, ceil_mode);
  ir::Attributes a;
  a.set("kernel", w.kernel);
  a.set("strides", w.stride);
  a.set("pads", w.ceil_pads);
  a.set("count_include_pad", static_cast<int64_t>(count_include_pad));
  a.set("counted_pads", w.pads);
  a.set("layout", std::string("NCHW"));
  return n.Emit(ir::op::kAveragePool2D, {x}, a);
}

std::vector<int64_t> Triple(NodeLowering& n, std::vector<int64_t> v, const std::string& what) {
  if (v.size() == 1) v.resize(3, v[0]);
  if (v.size() != 3) n.NotValid(what, "must have 3 entries");
  return v;
}

}  // namespace

// avg_pool3d(x[N, C, D, H, W], kernel_size, stride=[], padding=0, ceil_mode=False,
//            count_include_pad=True, divisor_override=None): an (H, W) pool then a D pool,
// exact because a box average is separable (local_response_norm traces to one).
void LowerAvgPool3d(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  if (xs.size() != 5) n.NotSupported("input of rank " + std::to_string(xs.size()) + " (only 3-D pooling)");
  const std::vector<int64_t> k = Triple(n, n.Ints(1, "kernel_size"), "kernel_size");
  std::vector<int64_t> st = n.Ints(2, "stride");
  st = st.empty() ? k : Triple(n, st, "stride");
  const std::vector<int64_t> p = Triple(n, n.Ints(3, "padding"), "padding");
  const bool ceil_mode = n.Bool(4, "ceil_mode"), count_pad = n.Bool(5, "count_include_pad");
  if (n.num_inputs() > 6 && !n.IsNone(6)) n.NotSupported("divisor_override");
  if (ceil_mode) n.NotSupported("ceil_mode=True in 3-D");
  if (!count_pad && (p[0] != 0 || p[1] != 0 || p[2] != 0)) {
    n.NotSupported("count_include_pad=False with padding in 3-D");
  }
  ir::ValueId y = n.Reshape(x, {xs[0], xs[1] * xs[2], xs[3], xs[4]});
  y = AveragePool(n, y, {k[1], k[2]}, {st[1], st[2]}, {p[1], p[2]}, false, true);
  const int64_t ho = n.Shape(y)[2], wo = n.Shape(y)[3];
  y = n.Reshape(y, {xs[0], xs[1], xs[2], ho * wo});
  y = AveragePool(n, y, {k[0], 1}, {st[0], 1}, {p[0], 0}, false, true);
  n.SetOutput(0, n.Reshape(y, {xs[0], xs[1], n.Shape(y)[2], ho, wo}));
}

namespace {

// One axis of an adaptive pool with windows of unequal size: output i reduces input
// [floor(i * in / out), ceil((i + 1) * in / out)). Averages and maxima of rectangles are
// separable, so the two axes pool one after the other.
ir::ValueId AdaptiveAxis(NodeLowering& n, ir::ValueId x, int64_t axis, int64_t out, bool max) {
  const ir::Shape xs = n.Shape(x);
  const int64_t in = xs[static_cast<size_t>(axis)];
  if (in == out) return x;
  std::vector<ir::ValueId> parts;
  for (int64_t i = 0; i < out; ++i) {
    const int64_t start = (i * in) / out, end = ((i + 1) * in + out - 1) / out;
    std::vector<int64_t> starts(xs.size(), 0), ends(xs.begin(), xs.end()), steps(xs.size(), 1);
    starts[static_cast<size_t>(axis)] = start;
    ends[static_cast<size_t>(axis)] = end;
    ir::Attributes sa;
    sa.set("starts", starts);
    sa.set("ends", ends);
    sa.set("steps", steps);
    ir::ValueId window = n.Emit(ir::op::kSlice, {x}, sa);
    ir::Attributes ra;
    ra.set("kind", std::string(max ? "max" : "mean"));
    ra.set("axes", std::vector<int64_t>{axis});
    ra.set("keepdims", int64_t{1});
    parts.push_back(n.Emit(ir::op::kReduce, {window}, ra));
  }
  ir::Attributes ca;
  ca.set("axis", axis);
  return n.Emit(ir::op::kConcat, parts, ca);
}

// Adaptive pools: a global pool for a 1x1 output, a pool with kernel = stride = in / out
// where the windows are all alike, else one axis at a time (AdaptiveAxis).
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
    n.SetOutput(0, AdaptiveAxis(n, AdaptiveAxis(n, x, 2, out[0], max), 3, out[1], max));
    return;
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
