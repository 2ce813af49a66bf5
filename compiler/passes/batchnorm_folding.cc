#include "compiler/passes/batchnorm_folding.h"

#include <cmath>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/op_def.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

struct ScaleShift {
  std::vector<float> scale, shift;  // y = x * scale + shift, per channel
};

ScaleShift Compute(const ir::Graph& g, const ir::Node& bn) {
  std::vector<float> gamma = ir::FloatsOf(g.value(bn.inputs[1]));
  std::vector<float> beta = ir::FloatsOf(g.value(bn.inputs[2]));
  std::vector<float> mean = ir::FloatsOf(g.value(bn.inputs[3]));
  std::vector<float> var = ir::FloatsOf(g.value(bn.inputs[4]));
  double eps = bn.attrs.GetFloat("epsilon", 1e-5);
  ScaleShift r;
  for (size_t c = 0; c < gamma.size(); ++c) {
    double s = gamma[c] / std::sqrt(static_cast<double>(var[c]) + eps);
    r.scale.push_back(static_cast<float>(s));
    r.shift.push_back(static_cast<float>(beta[c] - mean[c] * s));
  }
  return r;
}

// Folds into the producing convolution when that is allowed. True if done.
bool FoldIntoConv(ir::Graph& g, size_t bn_index, const std::vector<int>& producers,
                  const std::vector<int>& uses) {
  const ir::Node& bn = g.nodes()[bn_index];
  ir::ValueId y = bn.inputs[0];
  int p = producers[static_cast<size_t>(y)];
  if (p < 0 || uses[static_cast<size_t>(y)] != 1) return false;
  ir::Node& conv = g.nodes()[static_cast<size_t>(p)];
  if (conv.op != op::kConv2D || conv.attrs.has("act_min") || conv.attrs.has("act_max")) {
    return false;
  }
  if (ir::IsNHWC(conv) != ir::IsNHWC(bn)) return false;
  const ir::Value& w = g.value(conv.inputs[1]);
  bool has_bias = conv.inputs.size() > 2 && conv.inputs[2] != ir::kNoValue;
  if (!w.is_constant() || w.dtype != ir::DType::kFloat32) return false;
  if (has_bias && !g.value(conv.inputs[2]).is_constant()) return false;

  ScaleShift ss = Compute(g, bn);
  std::vector<float> weights = ir::FloatsOf(w);
  size_t per_output = weights.size() / ss.scale.size();
  for (size_t i = 0; i < weights.size(); ++i) weights[i] *= ss.scale[i / per_output];
  std::vector<float> bias = has_bias ? ir::FloatsOf(g.value(conv.inputs[2]))
                                     : std::vector<float>(ss.scale.size(), 0.0f);
  for (size_t c = 0; c < bias.size(); ++c) bias[c] = bias[c] * ss.scale[c] + ss.shift[c];

  std::string base = conv.name.empty() ? "conv" : conv.name;
  ir::Shape w_shape = w.shape;
  ir::ValueId bn_out = bn.outputs[0];
  ir::ValueId new_w = g.AddFloatConstant(base + "_bn_weights", w_shape, weights);
  ir::ValueId new_b = g.AddFloatConstant(base + "_bn_bias", {static_cast<int64_t>(bias.size())}, bias);
  ir::Node& c = g.nodes()[static_cast<size_t>(p)];  // AddValue may not move nodes, but be safe
  c.inputs.resize(3);
  c.inputs[1] = new_w;
  c.inputs[2] = new_b;
  c.outputs[0] = bn_out;
  return true;
}

// Replaces node `bn_index` by Mul + Add, returning the two nodes to put in its place.
std::vector<ir::Node> ToMulAdd(ir::Graph& g, const ir::Node& bn) {
  ScaleShift ss = Compute(g, bn);
  const ir::Value& x = g.value(bn.inputs[0]);
  ir::Shape shape = {static_cast<int64_t>(ss.scale.size())};
  if (!ir::IsNHWC(bn)) shape.resize(x.shape.size() - 1, 1);
  std::string base = bn.name.empty() ? "batchnorm" : bn.name;
  ir::DType dtype = x.dtype;
  ir::Shape x_shape = x.shape;
  ir::ValueId scale = g.AddFloatConstant(base + "_scale", shape, ss.scale);
  ir::ValueId shift = g.AddFloatConstant(base + "_shift", shape, ss.shift);
  ir::Value mid;
  mid.name = base + "_scaled";
  mid.dtype = dtype;
  mid.shape = x_shape;
  mid.has_shape = true;
  ir::ValueId scaled = g.AddValue(std::move(mid));
  ir::Node mul;
  mul.op = op::kMul;
  mul.name = base + "_mul";
  mul.source_op = bn.source_op;
  mul.inputs = {bn.inputs[0], scale};
  mul.outputs = {scaled};
  ir::Node add;
  add.op = op::kAdd;
  add.name = base + "_add";
  add.source_op = bn.source_op;
  add.inputs = {scaled, shift};
  add.outputs = {bn.outputs[0]};
  return {mul, add};
}

bool ParamsConstant(const ir::Graph& g, const ir::Node& bn) {
  for (size_t i = 1; i <= 4; ++i) {
    if (!g.value(bn.inputs[i]).is_constant()) return false;
  }
  return true;
}

}  // namespace

int FoldBatchNorms(ir::Graph& g) {
  int count = 0;
  std::vector<bool> remove(g.nodes().size(), false);
  std::vector<int> producers = g.Producers();
  std::vector<int> uses = g.UseCounts();
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    if (node.op != op::kBatchNorm || !ParamsConstant(g, node)) continue;
    if (FoldIntoConv(g, i, producers, uses)) {
      remove[i] = true;
      ++count;
    }
  }
  ir::EraseNodes(g, remove);

  // What is left becomes Mul + Add.
  std::vector<ir::Node> rewritten;
  for (ir::Node& node : g.nodes()) {
    if (node.op == op::kBatchNorm && ParamsConstant(g, node)) {
      for (ir::Node& n : ToMulAdd(g, node)) rewritten.push_back(std::move(n));
      ++count;
    } else {
      rewritten.push_back(std::move(node));
    }
  }
  g.nodes() = std::move(rewritten);
  return count;
}

}  // namespace neo::passes
