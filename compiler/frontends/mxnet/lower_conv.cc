// Convolution (and Convolution_v1), Deconvolution and FullyConnected: the operators
// that carry weights. MXNet's weights already have the IR's layouts (Conv2D's
// [O, C/group, KH, KW], ConvTranspose2D's [C, O/group, KH, KW], FullyConnected's [N, K]).
#include <numeric>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

// MXNet's window parameters for a 1-D or 2-D operator: `kernel` fixes the rank; stride,
// dilate and pad default (when absent or "()") to 1, 1 and 0 per spatial axis.
struct Window {
  std::vector<int64_t> kernel, stride, dilate, pad;
};

std::vector<int64_t> PerAxis(const NodeLowering& n, const std::string& name, size_t rank,
                             int64_t fallback, int64_t min) {
  std::vector<int64_t> v = n.attrs().Ints(name, {});
  if (v.empty()) v.assign(rank, fallback);
  if (v.size() != rank) {
    n.NotValid(name, "must have " + std::to_string(rank) + " values, as kernel has");
  }
  for (int64_t e : v) {
    if (e < min) n.NotValid(name, "must be at least " + std::to_string(min));
  }
  return v;
}

Window ReadWindow(const NodeLowering& n) {
  Window w;
  w.kernel = n.attrs().Ints("kernel");
  if (w.kernel.size() == 3) n.NotSupported("a 3-D kernel");
  if (w.kernel.empty() || w.kernel.size() > 2) {
    n.NotValid("kernel", "must have 1 or 2 values");
  }
  for (int64_t k : w.kernel) {
    if (k < 1) n.NotValid("kernel", "must be at least 1");
  }
  w.stride = PerAxis(n, "stride", w.kernel.size(), 1, 1);
  w.dilate = PerAxis(n, "dilate", w.kernel.size(), 1, 1);
  w.pad = PerAxis(n, "pad", w.kernel.size(), 0, 0);
  // 1-D runs as 2-D over a height of one.
  if (w.kernel.size() == 1) {
    w.kernel.insert(w.kernel.begin(), 1);
    w.stride.insert(w.stride.begin(), 1);
    w.dilate.insert(w.dilate.begin(), 1);
    w.pad.insert(w.pad.begin(), 0);
  }
  return w;
}

void CheckLayout(const NodeLowering& n, size_t spatial) {
  const std::string layout = n.attrs().String("layout", "None");
  const std::string want = spatial == 1 ? "NCW" : "NCHW";
  if (layout != "None" && layout != want) n.NotSupported("layout " + layout);
}

// The input as [N, C, H, W]: a rank-3 input of a 1-D operator gains H = 1.
ir::ValueId SpatialInput(NodeLowering& n, bool one_d) {
  const ir::Shape x = n.input_shape(0);
  const size_t want = one_d ? 3 : 4;
  if (x.size() != want) {
    throw MalformedInputError(n.op() + " node '" + n.node().name + "' takes a rank-" +
                              std::to_string(want) + " input (NC" + (one_d ? "W" : "HW") +
                              "), not " + ir::ShapeToString(x) + ".");
  }
  return one_d ? n.Reshape(n.input(0), {x[0], x[1], 1, x[2]}) : n.input(0);
}

ir::ValueId SpatialOutput(NodeLowering& n, ir::ValueId y, bool one_d) {
  if (!one_d) return y;
  const ir::Shape s = n.graph().value(y).shape;
  return n.Reshape(y, {s[0], s[1], s[3]});
}

// The weight as the IR needs it, checked against what the attributes say it must be.
ir::ValueId Weight(NodeLowering& n, bool one_d, const ir::Shape& want) {
  const ir::Value& w = n.ConstantInput(1, "weight");
  ir::Shape expect = want;
  if (one_d) expect.erase(expect.begin() + 2);
  if (w.shape != expect) {
    throw MalformedInputError(n.op() + " node '" + n.node().name + "': weight '" + w.name +
                              "' has shape " + ir::ShapeToString(w.shape) + ", the attributes need " +
                              ir::ShapeToString(expect) + ".");
  }
  return one_d ? n.Reshape(n.input(1), want) : n.input(1);
}

ir::ValueId Bias(NodeLowering& n, int64_t channels) {
  const ir::Value& b = n.ConstantInput(2, "bias");
  if (b.shape != ir::Shape{channels}) {
    throw MalformedInputError(n.op() + " node '" + n.node().name + "': bias '" + b.name +
                              "' has shape " + ir::ShapeToString(b.shape) + ", not [" +
                              std::to_string(channels) + "].");
  }
  return n.input(2);
}

// What Convolution and Deconvolution read alike: the window, the layout, num_filter,
// num_group, the bias (MXNet's default differs: Convolution has one, Deconvolution not),
// and the input as [N, C, H, W], whose channels the groups must divide.
struct ConvAttrs {
  Window w;
  bool one_d = false;
  int64_t filters = 0, groups = 1;
  bool no_bias = false;
  ir::ValueId x = ir::kNoValue;
  ir::Shape xs;
};

ConvAttrs ReadConvAttrs(NodeLowering& n, bool no_bias_default) {
  ConvAttrs c;
  c.w = ReadWindow(n);
  c.one_d = n.attrs().Ints("kernel").size() == 1;
  CheckLayout(n, c.one_d ? 1 : 2);
  c.filters = n.attrs().Int("num_filter");
  c.groups = n.attrs().Int("num_group", 1);
  if (c.filters < 1) n.NotValid("num_filter", "must be at least 1");
  if (c.groups < 1) n.NotValid("num_group", "must be at least 1");
  c.no_bias = n.attrs().Bool("no_bias", no_bias_default);
  n.RequireInputs(c.no_bias ? 2 : 3, c.no_bias ? 2 : 3);
  c.x = SpatialInput(n, c.one_d);
  c.xs = n.graph().value(c.x).shape;
  if (c.xs[1] % c.groups != 0 || c.filters % c.groups != 0) {
    n.NotValid("num_group", "must divide the input channels (" + std::to_string(c.xs[1]) +
                                ") and num_filter (" + std::to_string(c.filters) + ")");
  }
  return c;
}

}  // namespace

void LowerConvolution(NodeLowering& n) {
  const ConvAttrs c = ReadConvAttrs(n, false);
  const Window& w = c.w;
  std::vector<ir::ValueId> inputs = {
      c.x, Weight(n, c.one_d, {c.filters, c.xs[1] / c.groups, w.kernel[0], w.kernel[1]})};
  if (!c.no_bias) inputs.push_back(Bias(n, c.filters));
  ir::Attributes a;
  a.set("strides", w.stride);
  a.set("dilations", w.dilate);
  a.set("pads", std::vector<int64_t>{w.pad[0], w.pad[1], w.pad[0], w.pad[1]});
  a.set("group", c.groups);
  a.set("layout", std::string("NCHW"));
  n.SetOutput(0, SpatialOutput(n, n.Emit(ir::op::kConv2D, inputs, a), c.one_d));
}

void LowerDeconvolution(NodeLowering& n) {
  // Unlike Convolution, MXNet's Deconvolution has no bias unless asked.
  const ConvAttrs c = ReadConvAttrs(n, true);
  const Window& w = c.w;
  const size_t rank = n.attrs().Ints("kernel").size();
  std::vector<int64_t> adj = PerAxis(n, "adj", rank, 0, 0);
  std::vector<int64_t> target = n.attrs().Ints("target_shape", {});
  std::vector<int64_t> pad = w.pad;
  if (c.one_d) adj.insert(adj.begin(), 0);
  bool has_target = false;
  for (int64_t t : target) has_target |= t != 0;
  if (has_target) {
    if (target.size() != rank) n.NotValid("target_shape", "must have one value per spatial axis");
    if (c.one_d) target.insert(target.begin(), 1);
    // MXNet ignores pad and adj then: the full output is cropped to the target, the odd
    // row or column going to the bottom/right.
    for (size_t i = 0; i < 2; ++i) {
      const int64_t full = w.stride[i] * (c.xs[2 + i] - 1) + w.dilate[i] * (w.kernel[i] - 1) + 1;
      if (target[i] > full || target[i] < 1) {
        n.NotValid("target_shape", "must lie in [1, " + std::to_string(full) + "] for this input");
      }
      const int64_t excess = full - target[i];
      adj[i] = excess % 2;
      pad[i] = (excess + 1) / 2;
    }
  }
  for (size_t i = 0; i < 2; ++i) {
    if (adj[i] >= w.stride[i] && adj[i] >= w.dilate[i]) {
      n.NotValid("adj", "must be smaller than stride or dilate");
    }
  }
  std::vector<ir::ValueId> inputs = {
      c.x, Weight(n, c.one_d, {c.xs[1], c.filters / c.groups, w.kernel[0], w.kernel[1]})};
  if (!c.no_bias) inputs.push_back(Bias(n, c.filters));
  ir::Attributes a;
  a.set("strides", w.stride);
  a.set("dilations", w.dilate);
  a.set("pads", std::vector<int64_t>{pad[0], pad[1], pad[0], pad[1]});
  a.set("output_padding", adj);
  a.set("group", c.groups);
  a.set("layout", std::string("NCHW"));
  n.SetOutput(0, SpatialOutput(n, n.Emit(ir::op::kConvTranspose2D, inputs, a), c.one_d));
}

void LowerFullyConnected(NodeLowering& n) {
  const int64_t hidden = n.attrs().Int("num_hidden");
  if (hidden < 1) n.NotValid("num_hidden", "must be at least 1");
  const bool no_bias = n.attrs().Bool("no_bias", false);
  const bool flatten = n.attrs().Bool("flatten", true);
  n.RequireInputs(no_bias ? 2 : 3, no_bias ? 2 : 3);
  const ir::Shape x = n.input_shape(0);
  if (x.empty()) n.NotSupported("a scalar input");
  // flatten: [N, everything else]; otherwise the last axis is the features and every
  // leading axis a row.
  const int64_t k = flatten ? ir::NumElements(x) / x[0] : x.back();
  const int64_t m = ir::NumElements(x) / k;
  const ir::Value& w = n.ConstantInput(1, "weight");
  if (w.shape != ir::Shape{hidden, k}) {
    throw MalformedInputError("FullyConnected node '" + n.node().name + "': weight '" + w.name +
                              "' has shape " + ir::ShapeToString(w.shape) + ", the input needs [" +
                              std::to_string(hidden) + "," + std::to_string(k) + "].");
  }
  ir::ValueId rows = n.input(0);
  if (x != ir::Shape{m, k}) rows = n.Reshape(rows, {m, k});
  std::vector<ir::ValueId> inputs = {rows, n.input(1)};
  if (!no_bias) inputs.push_back(Bias(n, hidden));
  ir::ValueId y = n.Emit(ir::op::kFullyConnected, inputs);
  if (!flatten && x.size() != 2) {
    ir::Shape out = x;
    out.back() = hidden;
    y = n.Reshape(y, out);
  }
  n.SetOutput(0, y);
}

}  // namespace neo::mx_frontend
