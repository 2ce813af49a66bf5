#include "compiler/frontends/onnx/spatial.h"

#include <map>
#include <string>

#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

std::vector<int64_t> PairAttr(const NodeLowering& n, const std::string& name,
                              std::vector<int64_t> default_value, bool positive) {
  std::vector<int64_t> v = default_value.empty() ? n.IntsAttr(name) : n.IntsAttr(name, default_value);
  if (v.size() != 2) n.NotSupported(name + " of length " + std::to_string(v.size()));
  for (int64_t x : v) {
    if (x < 0) n.NotValid(name, "cannot be negative");
    if (positive && x == 0) n.NotValid(name, "cannot be zero");
  }
  return v;
}

}  // namespace

Window2D ResolveWindow2D(const NodeLowering& n, const std::vector<int64_t>& input_hw,
                         std::vector<int64_t> kernel, bool allow_ceil, bool allow_dilation) {
  Window2D w;
  w.kernel = kernel.empty() ? PairAttr(n, "kernel_shape", {}, true)
                            : (n.has_attr("kernel_shape") ? PairAttr(n, "kernel_shape", {}, true)
                                                          : kernel);
  if (!kernel.empty() && w.kernel != kernel) {
    n.NotValid("kernel_shape", "does not match the weights' spatial shape");
  }
  w.strides = PairAttr(n, "strides", {1, 1}, true);
  w.dilations = allow_dilation ? PairAttr(n, "dilations", {1, 1}, true) : std::vector<int64_t>{1, 1};
  if (!allow_dilation && n.has_attr("dilations") &&
      n.IntsAttr("dilations") != std::vector<int64_t>{1, 1}) {
    n.NotSupported("dilations");
  }
  std::vector<int64_t> pads = n.IntsAttr("pads", {0, 0, 0, 0});
  if (pads.size() != 4) n.NotSupported("pads of length " + std::to_string(pads.size()));
  for (int64_t p : pads) {
    if (p < 0) n.NotValid("pads", "cannot be negative");
  }
  const int64_t ceil_mode = allow_ceil ? n.IntAttr("ceil_mode", 0) : 0;
  if (ceil_mode != 0 && ceil_mode != 1) n.NotValid("ceil_mode", "must be 0 or 1");

  const std::string auto_pad = n.StringAttr("auto_pad", "NOTSET");
  // ONNX orders pads [h_begin, w_begin, h_end, w_end]; so does the IR ([t, l, b, r]).
  w.pads = pads;
  int64_t out[2];
  for (int d = 0; d < 2; ++d) {
    const int64_t in = input_hw[d];
    const int64_t k = (w.kernel[d] - 1) * w.dilations[d] + 1;
    const int64_t s = w.strides[d];
    if (auto_pad == "NOTSET") {
      const int64_t span = in + w.pads[d] + w.pads[d + 2] - k;
      if (span < 0) n.NotValid("kernel_shape", "is larger than the padded input");
      out[d] = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
      // ceil mode: a last window must start inside the input or the begin padding.
      if (ceil_mode && (out[d] - 1) * s >= in + w.pads[d]) --out[d];
    } else if (auto_pad == "VALID") {
      if (in < k) n.NotValid("kernel_shape", "is larger than the input");
      out[d] = (in - k) / s + 1;
      w.pads[d] = w.pads[d + 2] = 0;
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[d] = (in + s - 1) / s;
      const int64_t total = std::max<int64_t>(0, (out[d] - 1) * s + k - in);
      const int64_t small = total / 2, large = total - small;
      w.pads[d] = auto_pad == "SAME_UPPER" ? small : large;
      w.pads[d + 2] = auto_pad == "SAME_UPPER" ? large : small;
    } else {
      n.NotValid("auto_pad", "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID");
    }
  }
  w.output_h = out[0];
  w.output_w = out[1];
  w.ceil_pads = w.pads;
  for (int d = 0; d < 2; ++d) {
    const int64_t k = (w.kernel[d] - 1) * w.dilations[d] + 1;
    const int64_t needed = (out[d] - 1) * w.strides[d] + k - input_hw[d] - w.pads[d];
    if (needed > w.ceil_pads[d + 2]) w.ceil_pads[d + 2] = needed;
  }
  return w;
}

bool LowerOneDAsTwoD(NodeLowering& n, void (*lower2d)(NodeLowering&), int weight_input) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 3) return false;
  onnx::NodeProto node = n.node();
  for (auto& a : *node.mutable_attribute()) {
    if (a.ints_size() == 0) continue;
    std::vector<int64_t> v(a.ints().begin(), a.ints().end());
    a.clear_ints();
    if (a.name() == "pads" && v.size() == 2) {
      for (int64_t p : {int64_t{0}, v[0], int64_t{0}, v[1]}) a.add_ints(p);
    } else if (v.size() == 1 && (a.name() == "kernel_shape" || a.name() == "strides" ||
                                 a.name() == "dilations")) {
      a.add_ints(1);
      a.add_ints(v[0]);
    } else {
      for (int64_t e : v) a.add_ints(e);
    }
  }
  std::map<std::string, ir::ValueId> renamed;
  const std::string in2d = n.node().input(0) + "/as_2d", out2d = n.node().output(0) + "/as_2d";
  node.set_input(0, in2d);
  node.set_output(0, out2d);
  const ir::Shape x2_shape = {x[0], x[1], 1, x[2]};
  ir::ValueId x2 = n.NewValue("input_2d", n.input_value(0).dtype);
  n.Emit(ir::op::kReshape, {n.input(0)}, {x2}).attrs.set("shape", x2_shape);
  n.graph().value(x2).shape = x2_shape;
  n.graph().value(x2).has_shape = true;
  renamed[in2d] = x2;
  const int wi = weight_input;
  if (n.num_inputs() > wi && n.has_input(wi) && n.input_value(wi).is_constant() &&
      n.input_shape(wi).size() == 3) {
    // The same bytes under the 2-D shape: a constant stays a constant (Conv needs that).
    const ir::Value w = n.input_value(wi);  // a copy: AddConstant grows the value table
    const ir::Shape w2_shape = {w.shape[0], w.shape[1], 1, w.shape[2]};
    const std::string w2d = n.node().input(wi) + "/as_2d";
    ir::ValueId w2 = n.graph().AddConstant(n.graph().UniqueName(w2d), w.dtype, w2_shape, *w.data);
    node.set_input(wi, w2d);
    renamed[w2d] = w2;
  }
  ir::ValueId y2 = n.NewValue("output_2d", n.input_value(0).dtype);
  renamed[out2d] = y2;
  n.LowerRewritten(node, renamed, lower2d);
  const ir::ValueId y = n.output(0);
  if (!n.graph().value(y).has_shape) n.NotSupported("a 1-D form whose output shape is unknown");
  n.Emit(ir::op::kReshape, {y2}, {y}).attrs.set("shape", n.graph().value(y).shape);
  return true;
}

}  // namespace neo::onnx_frontend
