#include "compiler/passes/shape_inference.h"

#include <algorithm>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/shape_rules.h"

namespace neo::passes {

namespace op = ir::op;
using ir::Shape;

namespace {

int64_t WindowOutput(const NodeContext& c, int64_t in, int64_t pad_begin, int64_t pad_end,
                     int64_t kernel, int64_t stride, int64_t dilation) {
  if (stride <= 0 || dilation <= 0 || kernel <= 0) c.Fail("kernel, strides and dilations must be positive");
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t out = (in + pad_begin + pad_end - span) / stride + 1;
  if (in + pad_begin + pad_end < span || out <= 0) {
    c.Fail("the window (" + std::to_string(span) + ") is larger than the padded input (" +
           std::to_string(in + pad_begin + pad_end) + ")");
  }
  return out;
}

Shape SpatialOutput(const NodeContext& c, int64_t channels, const std::vector<int64_t>& kernel,
                    bool use_dilations) {
  const Shape& x = c.shape(0);
  LayoutAxes ax = AxesOf(IsNHWC(c.node()));
  std::vector<int64_t> strides = c.attrs().GetInts("strides", {1, 1});
  std::vector<int64_t> dil = use_dilations ? c.attrs().GetInts("dilations", {1, 1})
                                           : std::vector<int64_t>{1, 1};
  std::vector<int64_t> pads = c.attrs().GetInts("pads", {0, 0, 0, 0});
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

Shape Conv2D(const NodeContext& c) {
  c.ExpectRank(0, 4);
  c.ExpectRank(1, 4);
  const Shape& w = c.shape(1);
  LayoutAxes ax = AxesOf(IsNHWC(c.node()));
  int64_t channels = c.shape(0)[ax.c];
  int64_t group = c.attrs().GetInt("group", 1);
  if (group <= 0 || w[0] % group != 0) {
    c.Fail("group " + std::to_string(group) + " does not divide the " +
           std::to_string(w[0]) + " output channels");
  }
  if (channels != w[1] * group) {
    c.Fail("input '" + c.input(0).name + "' has " + std::to_string(channels) +
           " channels but the weights " + ir::ShapeToString(w) + " with group " +
           std::to_string(group) + " expect " + std::to_string(w[1] * group));
  }
  if (c.has_input(2) && c.shape(2) != Shape{w[0]}) {
    c.Fail("bias shape " + ir::ShapeToString(c.shape(2)) + " does not match " +
           std::to_string(w[0]) + " output channels");
  }
  return SpatialOutput(c, w[0], {w[2], w[3]}, true);
}

Shape Pool(const NodeContext& c) {
  c.ExpectRank(0, 4);
  LayoutAxes ax = AxesOf(IsNHWC(c.node()));
  if (c.node().op == op::kGlobalAveragePool || c.node().op == op::kGlobalMaxPool) {
    Shape out = c.shape(0);
    out[ax.h] = out[ax.w] = 1;
    return out;
  }
  return SpatialOutput(c, c.shape(0)[ax.c], c.attrs().GetInts("kernel"),
                       c.node().op == op::kMaxPool2D);
}

Shape BatchNorm(const NodeContext& c) {
  const Shape& x = c.shape(0);
  if (x.size() < 2) c.Fail("input '" + c.input(0).name + "' needs at least rank 2");
  int64_t channels = IsNHWC(c.node()) ? x.back() : x[1];
  for (size_t i = 1; i <= 4; ++i) {
    if (c.input(i).num_elements() != channels) {
      c.Fail("parameter '" + c.input(i).name + "' has shape " + ir::ShapeToString(c.shape(i)) +
             " but the input has " + std::to_string(channels) + " channels");
    }
  }
  return x;
}

Shape FullyConnected(const NodeContext& c) {
  c.ExpectRank(0, 2);
  c.ExpectRank(1, 2);
  const Shape &x = c.shape(0), &w = c.shape(1);
  if (x[1] != w[1]) {
    c.Fail("input " + ir::ShapeToString(x) + " and weights " + ir::ShapeToString(w) +
           " disagree on K");
  }
  if (c.has_input(2) && c.input(2).num_elements() != w[0]) {
    c.Fail("bias shape " + ir::ShapeToString(c.shape(2)) + " does not match " +
           std::to_string(w[0]) + " outputs");
  }
  return {x[0], w[0]};
}

Shape MatMul(const NodeContext& c) {
  Shape a = c.shape(0), b = c.shape(1);
  if (a.empty() || b.empty()) c.Fail("MatMul operands cannot be scalars");
  bool a_vec = a.size() == 1, b_vec = b.size() == 1;
  if (a_vec) a.insert(a.begin(), 1);
  if (b_vec) b.push_back(1);
  if (a.back() != b[b.size() - 2]) {
    c.Fail("operand shapes " + ir::ShapeToString(c.shape(0)) + " and " +
           ir::ShapeToString(c.shape(1)) + " disagree on K");
  }
  Shape batch;
  if (!BroadcastShapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2), &batch)) {
    c.Fail("batch dimensions of " + ir::ShapeToString(c.shape(0)) + " and " +
           ir::ShapeToString(c.shape(1)) + " do not broadcast");
  }
  Shape out = batch;
  if (!a_vec) out.push_back(a[a.size() - 2]);
  if (!b_vec) out.push_back(b.back());
  return out;
}

Shape Binary(const NodeContext& c) {
  Shape out;
  if (!BroadcastShapes(c.shape(0), c.shape(1), &out)) {
    c.Fail("shapes " + ir::ShapeToString(c.shape(0)) + " and " + ir::ShapeToString(c.shape(1)) +
           " do not broadcast");
  }
  return out;
}

Shape Concat(const NodeContext& c) {
  if (c.node().inputs.empty()) c.Fail("needs at least one input");
  Shape out = c.shape(0);
  int64_t axis = c.attrs().GetInt("axis");
  if (axis < 0 || axis >= static_cast<int64_t>(out.size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(out.size()));
  }
  for (size_t i = 1; i < c.node().inputs.size(); ++i) {
    const Shape& s = c.shape(i);
    bool ok = s.size() == out.size();
    for (size_t d = 0; ok && d < s.size(); ++d) {
      if (d != static_cast<size_t>(axis) && s[d] != out[d]) ok = false;
    }
    if (!ok) {
      c.Fail("input shapes " + ir::ShapeToString(c.shape(0)) + " and " + ir::ShapeToString(s) +
             " differ outside axis " + std::to_string(axis));
    }
    out[static_cast<size_t>(axis)] += s[static_cast<size_t>(axis)];
  }
  return out;
}

Shape Reshape(const NodeContext& c, const ir::Value& output) {
  Shape out;
  if (c.attrs().has("shape")) {
    out = c.attrs().GetInts("shape");
  } else if (output.has_shape) {
    out = output.shape;
  } else {
    c.Fail("has neither a `shape` attribute nor an output shape");
  }
  for (int64_t d : out) {
    if (d < 0) c.Fail("target shape " + ir::ShapeToString(out) + " is not fully resolved");
  }
  if (ir::NumElements(out) != c.input(0).num_elements()) {
    c.Fail("cannot reshape " + ir::ShapeToString(c.shape(0)) + " to " + ir::ShapeToString(out));
  }
  return out;
}

Shape Transpose(const NodeContext& c) {
  const Shape& x = c.shape(0);
  std::vector<int64_t> perm = c.attrs().GetInts("perm");
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i] != static_cast<int64_t>(i)) sorted.clear();
  }
  if (perm.size() != x.size() || sorted.size() != x.size()) {
    c.Fail("perm " + ir::ShapeToString(perm) + " is not a permutation of rank " +
           std::to_string(x.size()));
  }
  return PermuteShape(x, perm);
}

Shape SameAsInput(const NodeContext& c) { return c.shape(0); }

Shape Softmax(const NodeContext& c) {
  int64_t axis = c.attrs().GetInt("axis", static_cast<int64_t>(c.shape(0).size()) - 1);
  if (axis < 0 || axis >= static_cast<int64_t>(c.shape(0).size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for shape " +
           ir::ShapeToString(c.shape(0)));
  }
  return c.shape(0);
}

}  // namespace

void InferNodeShape(ir::Graph& g, size_t i) {
  const ir::Node& node = g.nodes()[i];
  NodeContext c(g, node, i);
  for (size_t k = 0; k < node.inputs.size(); ++k) {
    if (node.inputs[k] == ir::kNoValue) continue;
    if (node.inputs[k] < 0 || static_cast<size_t>(node.inputs[k]) >= g.num_values()) {
      c.Fail("input " + std::to_string(k) + " refers to no value");
    }
    if (!g.value(node.inputs[k]).has_shape) {
      c.Fail("input '" + g.value(node.inputs[k]).name + "' has no known shape");
    }
  }
  if (node.outputs.size() != 1) c.Fail("must have exactly one output");
  const std::string& o = node.op;
  Shape out;
  ir::DType dtype = node.inputs.empty() ? ir::DType::kFloat32 : c.input(0).dtype;
  if (o == op::kConv2D) out = Conv2D(c);
  else if (IsPoolOp(o)) out = Pool(c);
  else if (o == op::kBatchNorm) out = BatchNorm(c);
  else if (o == op::kFullyConnected) out = FullyConnected(c);
  else if (o == op::kMatMul || o == op::kBatchMatMul) out = MatMul(c);
  else if (IsBinaryOp(o)) out = Binary(c);
  else if (IsUnaryOp(o) || o == op::kIdentity) out = SameAsInput(c);
  else if (o == op::kConcat) out = Concat(c);
  else if (o == op::kReshape) out = Reshape(c, g.value(node.outputs[0]));
  else if (o == op::kTranspose) out = Transpose(c);
  else if (o == op::kSoftmax || o == op::kLogSoftmax) out = Softmax(c);
  else if (!InferTensorOperator(c, g.value(node.outputs[0]), &out, &dtype)) {
    throw OperatorNotImplementedError({o});
  }
  ir::Value& v = g.value(node.outputs[0]);
  v.dtype = dtype;
  v.shape = out;
  v.has_shape = true;
}

void InferShapes(ir::Graph& g) {
  for (ir::ValueId in : g.inputs()) {
    if (!g.value(in).has_shape) {
      throw MalformedInputError("input '" + g.value(in).name + "' has no shape");
    }
  }
  for (size_t i = 0; i < g.nodes().size(); ++i) InferNodeShape(g, i);
}

}  // namespace neo::passes
