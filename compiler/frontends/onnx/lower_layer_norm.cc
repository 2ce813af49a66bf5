// The normalizations that standardize slices of trailing axes, all on the IR's LayerNorm:
//   LayerNormalization (opset 17)  over axes [axis, rank), scale and bias of that shape;
//   InstanceNormalization          over the spatial axes of each (sample, channel),
//                                  then a per-channel scale and bias;
//   GroupNormalization (opset 18)  over each group of channels (x viewed as
//                                  [N, groups, rest]), then a per-group scale and bias.
// Beyond Neo's list: transformers (ViT, Swin, ConvNeXt) export LayerNormalization from
// opset 17 on, and torch exports GroupNorm as InstanceNormalization over [N, groups, rest].
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void RequireFloat(NodeLowering& n, int i) {
  if (n.input_value(i).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
  }
}

// Scale (and the other inputs these operators cannot do without) must be there.
void RequireInput(NodeLowering& n, int i, const char* what) {
  if (!n.has_input(i)) {
    throw MalformedInputError("Node '" + n.node().name() + "' (" + n.op_type() + ") has no " +
                              what + " input.");
  }
}

float Epsilon(NodeLowering& n) {
  const float epsilon = n.FloatAttr("epsilon", 1e-5f);
  if (!(epsilon >= 0.0f)) n.NotValid("epsilon", "cannot be negative");
  return epsilon;
}

ir::ValueId Reshaped(NodeLowering& n, ir::ValueId in, const ir::Shape& shape,
                     const std::string& what) {
  const ir::ValueId out = n.NewValue(what);
  n.Emit(ir::op::kReshape, {in}, {out}).attrs.set("shape", shape);
  return out;
}

// LayerNorm(x, scale?, bias?) over axes [axis, rank) into `out` (kNoValue: a new value).
ir::ValueId EmitLayerNorm(NodeLowering& n, ir::ValueId x, ir::ValueId scale, ir::ValueId bias,
                          int64_t axis, float epsilon, ir::ValueId out) {
  if (out == ir::kNoValue) out = n.NewValue("normalized");
  std::vector<ir::ValueId> inputs = {x};
  if (scale != ir::kNoValue || bias != ir::kNoValue) inputs.push_back(scale);
  if (bias != ir::kNoValue) inputs.push_back(bias);
  ir::Node& node = n.Emit(ir::op::kLayerNorm, inputs, {out});
  node.attrs.set("axis", axis);
  node.attrs.set("epsilon", static_cast<double>(epsilon));
  return out;
}

// Whether input `i` is a constant whose every element is `v` (torch's exports pass unit
// scales and zero biases, which need no Mul or Add).
bool ConstantFill(NodeLowering& n, int i, float v) {
  if (!n.input_value(i).is_constant()) return false;
  for (float e : n.ConstantFloats(i, "parameter")) {
    if (e != v) return false;
  }
  return true;
}

// The per-channel or per-group scale (ONNX input 1) and bias (input 2) that change
// anything.
struct Affine {
  bool scale, bias;
  bool any() const { return scale || bias; }
};
Affine NeededAffine(NodeLowering& n) {
  return {!ConstantFill(n, 1, 1.0f), !ConstantFill(n, 2, 0.0f)};
}

// y * scale + bias as `a` says, scale and bias reshaped to `shape` (to broadcast over
// y's channel or group axis); the last step writes `out`.
void ScaleAndShift(NodeLowering& n, ir::ValueId y, Affine a, const ir::Shape& shape,
                   ir::ValueId out) {
  if (a.scale) {
    const ir::ValueId scaled = a.bias ? n.NewValue("scaled") : out;
    n.Emit(ir::op::kMul, {y, Reshaped(n, n.input(1), shape, "scale")}, {scaled});
    y = scaled;
  }
  if (a.bias) n.Emit(ir::op::kAdd, {y, Reshaped(n, n.input(2), shape, "bias")}, {out});
}

// `s` without its leading 1s.
ir::Shape WithoutLeadingOnes(ir::Shape s) {
  while (!s.empty() && s.front() == 1) s.erase(s.begin());
  return s;
}

// Whether `s` broadcasts to `x` (numpy rules) without changing x's shape.
bool BroadcastsTo(const ir::Shape& s, const ir::Shape& x) {
  if (s.size() > x.size()) return false;
  for (size_t k = 1; k <= s.size(); ++k) {
    const int64_t d = s[s.size() - k];
    if (d != 1 && d != x[x.size() - k]) return false;
  }
  return true;
}

// Mean and InvStdDev, LayerNormalization's optional outputs, from reductions: they have
// no kernel of their own, and inference graphs rarely read them.
void LayerNormStatistics(NodeLowering& n, int64_t axis, float epsilon) {
  const bool want_mean = n.num_outputs() > 1 && !n.node().output(1).empty();
  const bool want_inv = n.num_outputs() > 2 && !n.node().output(2).empty();
  if (!want_mean && !want_inv) return;
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  std::vector<int64_t> axes;
  for (int64_t d = axis; d < rank; ++d) axes.push_back(d);
  auto mean_of = [&](ir::ValueId in, ir::ValueId out) {
    ir::Node& r = n.Emit(ir::op::kReduce, {in}, {out});
    r.attrs.set("kind", std::string("mean"));
    r.attrs.set("axes", axes);
    r.attrs.set("keepdims", int64_t{1});
  };
  const ir::ValueId mean = want_mean ? n.output(1) : n.NewValue("mean");
  mean_of(n.input(0), mean);
  if (!want_inv) return;
  ir::Graph& g = n.graph();
  const ir::ValueId eps =
      g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/epsilon"), {}, {epsilon});
  const ir::ValueId centred = n.NewValue("centred"), squares = n.NewValue("squares");
  const ir::ValueId var = n.NewValue("variance"), var_eps = n.NewValue("variance_eps");
  const ir::ValueId stddev = n.NewValue("stddev");
  n.Emit(ir::op::kSub, {n.input(0), mean}, {centred});
  n.Emit(ir::op::kMul, {centred, centred}, {squares});
  mean_of(squares, var);
  n.Emit(ir::op::kAdd, {var, eps}, {var_eps});
  n.Emit(ir::op::kSqrt, {var_eps}, {stddev});
  n.Emit(ir::op::kReciprocal, {stddev}, {n.output(2)});
}

}  // namespace

// LayerNormalization(X, Scale, B?) -> Y, Mean?, InvStdDev?
void LowerLayerNormalization(NodeLowering& n) {
  RequireInput(n, 1, "Scale");
  const ir::Shape x = n.input_shape(0);
  for (int i = 0; i < 3; ++i) {
    if (n.has_input(i)) RequireFloat(n, i);
  }
  // stash_type is the precision of the statistics: 1 (float32) is what the kernels
  // compute; double or half statistics are not.
  const int64_t stash_type = n.IntAttr("stash_type", 1);
  if (stash_type != 1) n.NotSupported("stash_type " + std::to_string(stash_type));
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", -1), static_cast<int64_t>(x.size()));
  const float epsilon = Epsilon(n);
  const ir::Shape normalized(x.begin() + axis, x.end());
  auto fits = [&](int i) {
    return !n.has_input(i) || WithoutLeadingOnes(n.input_shape(i)) == WithoutLeadingOnes(normalized);
  };
  for (int i = 1; i < 3; ++i) {
    if (n.has_input(i) && !BroadcastsTo(n.input_shape(i), x)) {
      n.NotValid(i == 1 ? "Scale" : "B", "must broadcast to the input's shape " +
                                             ir::ShapeToString(x));
    }
  }
  if (fits(1) && fits(2)) {
    // The usual case: one scale and bias vector of the normalized shape, in the kernel.
    EmitLayerNorm(n, n.input(0), n.input(1), n.input(2), axis, epsilon, n.output(0));
  } else {
    // A scale or bias that varies along the leading axes too, or repeats over some of the
    // normalized ones: the kernel standardizes, broadcasting Mul and Add do the rest.
    const ir::ValueId y = EmitLayerNorm(n, n.input(0), ir::kNoValue, ir::kNoValue, axis,
                                        epsilon, ir::kNoValue);
    const bool bias = n.has_input(2);
    const ir::ValueId scaled = bias ? n.NewValue("scaled") : n.output(0);
    n.Emit(ir::op::kMul, {y, n.input(1)}, {scaled});
    if (bias) n.Emit(ir::op::kAdd, {scaled, n.input(2)}, {n.output(0)});
  }
  LayerNormStatistics(n, axis, epsilon);
}

// InstanceNormalization(input[N, C, D1, ...], scale[C], B[C]) -> output
void LowerInstanceNormalization(NodeLowering& n) {
  RequireInput(n, 1, "scale");
  RequireInput(n, 2, "B");
  const ir::Shape x = n.input_shape(0);
  for (int i = 0; i < 3; ++i) RequireFloat(n, i);
  // Rank 2 would normalize single elements (y = B); no exporter writes it.
  if (x.size() < 3) n.NotSupported("input of rank " + std::to_string(x.size()));
  const float epsilon = Epsilon(n);
  for (int i = 1; i <= 2; ++i) {
    if (n.input_shape(i) != ir::Shape{x[1]}) {
      n.NotValid(i == 1 ? "scale" : "B", "must hold one value per channel");
    }
  }
  const Affine a = NeededAffine(n);
  const ir::ValueId y = EmitLayerNorm(n, n.input(0), ir::kNoValue, ir::kNoValue, 2, epsilon,
                                      a.any() ? ir::kNoValue : n.output(0));
  ir::Shape per_channel(x.size() - 1, 1);
  per_channel[0] = x[1];
  ScaleAndShift(n, y, a, per_channel, n.output(0));
}

// GroupNormalization(X[N, C, ...], scale[num_groups], bias[num_groups]) -> Y, as opset 18
// defines it: statistics over each group of C / num_groups channels (and all their
// pixels), scale and bias per group. (Opset 21 made them per channel; ONNX 1.12, which
// this frontend reads models with, stops at opset 17.)
void LowerGroupNormalization(NodeLowering& n) {
  RequireInput(n, 1, "scale");
  RequireInput(n, 2, "bias");
  const ir::Shape x = n.input_shape(0);
  for (int i = 0; i < 3; ++i) RequireFloat(n, i);
  if (x.size() < 2) n.NotSupported("input of rank " + std::to_string(x.size()));
  const int64_t groups = n.IntAttr("num_groups");
  if (groups < 1 || x[1] % groups != 0) {
    n.NotValid("num_groups", "must divide the " + std::to_string(x[1]) + " channels");
  }
  const float epsilon = Epsilon(n);
  for (int i = 1; i <= 2; ++i) {
    const ir::Shape s = n.input_shape(i);
    if (s == ir::Shape{groups}) continue;
    if (s == ir::Shape{x[1]}) n.NotSupported("per-channel scale and bias (opset 21)");
    n.NotValid(i == 1 ? "scale" : "bias", "must hold one value per group");
  }
  int64_t rest = 1;
  for (size_t d = 1; d < x.size(); ++d) rest *= x[d];
  rest /= groups;
  const ir::ValueId grouped = Reshaped(n, n.input(0), {x[0], groups, rest}, "grouped");
  ir::ValueId y = EmitLayerNorm(n, grouped, ir::kNoValue, ir::kNoValue, 2, epsilon, ir::kNoValue);
  const Affine a = NeededAffine(n);
  if (a.any()) {
    const ir::ValueId shifted = n.NewValue("grouped_output");
    ScaleAndShift(n, y, a, {groups, 1}, shifted);
    y = shifted;
  }
  n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", x);
}

}  // namespace neo::onnx_frontend
