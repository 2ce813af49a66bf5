// The legacy (experimental / Caffe2-era) operators of the table, composed from IR
// operators per ONNX's historical definitions:
//   FC                  y = flatten(x, axis) * flatten(W, axis_w)^T + b
//   ImageScaler         y = scale * x + bias[c]
//   ParametricSoftplus  y = alpha * ln(exp(beta * x) + 1)
//   Scale               y = scale * x
//   ScaledTanh          y = alpha * tanh(beta * x)
//   SpatialBN           BatchNormalization in inference form
// The experimental definitions give alpha/beta of ParametricSoftplus and ScaledTanh no
// default, so a model that omits them gets OperatorAttributeRequired, not a guess.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

ir::ValueId ScalarConstant(NodeLowering& n, const std::string& what, float v) {
  ir::Graph& g = n.graph();
  return g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/" + what), {}, {v});
}

void RequireFloatInput(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
}

// x * v, writing `out` (a new intermediate when out == kNoValue).
ir::ValueId EmitScale(NodeLowering& n, ir::ValueId x, float v, const std::string& what,
                      ir::ValueId out = ir::kNoValue) {
  if (out == ir::kNoValue) out = n.NewValue(what);
  n.Emit(ir::op::kMul, {x, ScalarConstant(n, what, v)}, {out});
  return out;
}

int64_t Product(const ir::Shape& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to; ++i) p *= s[i];
  return p;
}

}  // namespace

void LowerFC(NodeLowering& n) {
  RequireFloatInput(n);
  const ir::Shape x = n.input_shape(0);
  const ir::Shape w = n.input_shape(1);
  const int64_t axis = n.IntAttr("axis", 1), axis_w = n.IntAttr("axis_w", 1);
  if (axis < 0 || axis > static_cast<int64_t>(x.size())) {
    n.NotValid("axis", "must lie in [0, " + std::to_string(x.size()) + "]");
  }
  if (axis_w < 0 || axis_w > static_cast<int64_t>(w.size())) {
    n.NotValid("axis_w", "must lie in [0, " + std::to_string(w.size()) + "]");
  }
  const int64_t m = Product(x, 0, static_cast<size_t>(axis));
  const int64_t k = Product(x, static_cast<size_t>(axis), x.size());
  const int64_t out_n = Product(w, 0, static_cast<size_t>(axis_w));
  if (Product(w, static_cast<size_t>(axis_w), w.size()) != k) {
    n.NotValid("axis_w", "flattens W to a matrix whose K differs from X's");
  }
  if (!n.input_value(1).is_constant() || n.input_value(1).dtype != ir::DType::kFloat32) {
    n.NotSupported("non-constant W");
  }
  if (!n.has_input(2)) n.NotValid("B", "must be given");
  if (n.input_value(2).num_elements() != out_n) n.NotValid("B", "must hold one value per output");
  if (!n.input_value(2).is_constant()) n.NotSupported("non-constant B");
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  // FullyConnected reads W as [N, K] row-major: the flattened weights as they are.
  ir::ValueId w2 = g.AddFloatConstant(g.UniqueName(base + "/weights"), {out_n, k},
                                      n.ConstantFloats(1, "W"));
  ir::ValueId b = g.AddFloatConstant(g.UniqueName(base + "/bias"), {out_n},
                                     n.ConstantFloats(2, "B"));
  ir::ValueId x2 = n.input(0);
  if (x.size() != 2 || x[0] != m) {
    x2 = n.NewValue("rows");
    n.Emit(ir::op::kReshape, {n.input(0)}, {x2}).attrs.set("shape", ir::Shape{m, k});
  }
  n.Emit(ir::op::kFullyConnected, {x2, w2, b}, {n.output(0)});
}

void LowerImageScaler(NodeLowering& n) {
  RequireFloatInput(n);
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) n.NotSupported("input of rank " + std::to_string(x.size()));
  const float scale = n.FloatAttr("scale", 1.0f);
  const std::vector<float> bias = n.FloatsAttr("bias", {});
  if (!bias.empty() && static_cast<int64_t>(bias.size()) != x[1]) {
    n.NotValid("bias", "must hold one value per channel");
  }
  if (bias.empty()) {
    EmitScale(n, n.input(0), scale, "scale", n.output(0));
    return;
  }
  ir::ValueId scaled = EmitScale(n, n.input(0), scale, "scale");
  ir::Graph& g = n.graph();
  ir::ValueId b = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/bias"), {x[1], 1, 1}, bias);
  n.Emit(ir::op::kAdd, {scaled, b}, {n.output(0)});
}

void LowerParametricSoftplus(NodeLowering& n) {
  RequireFloatInput(n);
  const float alpha = n.FloatAttr("alpha"), beta = n.FloatAttr("beta");
  ir::ValueId scaled = EmitScale(n, n.input(0), beta, "beta");
  ir::ValueId soft = n.NewValue("softplus");
  n.Emit(ir::op::kSoftplus, {scaled}, {soft});
  EmitScale(n, soft, alpha, "alpha", n.output(0));
}

void LowerScale(NodeLowering& n) {
  RequireFloatInput(n);
  EmitScale(n, n.input(0), n.FloatAttr("scale", 1.0f), "scale", n.output(0));
}

void LowerScaledTanh(NodeLowering& n) {
  RequireFloatInput(n);
  const float alpha = n.FloatAttr("alpha"), beta = n.FloatAttr("beta");
  ir::ValueId scaled = EmitScale(n, n.input(0), beta, "beta");
  ir::ValueId t = n.NewValue("tanh");
  n.Emit(ir::op::kTanh, {scaled}, {t});
  EmitScale(n, t, alpha, "alpha", n.output(0));
}

void LowerSpatialBN(NodeLowering& n) {
  // Caffe2's SpatialBN: is_test = 0 asks for training statistics; NHWC order for a
  // layout the ONNX graph does not otherwise use.
  if (n.IntAttr("is_test", 1) == 0) n.NotSupported("is_test");
  if (n.StringAttr("order", "NCHW") != "NCHW") n.NotSupported("order " + n.StringAttr("order", ""));
  LowerBatchNormalization(n);
}

}  // namespace neo::onnx_frontend
