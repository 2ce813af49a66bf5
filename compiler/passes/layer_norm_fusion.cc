#include "compiler/passes/layer_norm_fusion.h"

#include <optional>
#include <vector>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

class Matcher {
 public:
  explicit Matcher(const ir::Graph& g) : g_(g), producers_(g.Producers()), readers_(g.num_values()) {
    for (size_t i = 0; i < g.nodes().size(); ++i) {
      for (ir::ValueId v : g.nodes()[i].inputs) {
        if (v == ir::kNoValue) continue;
        auto& r = readers_[static_cast<size_t>(v)];
        if (r.empty() || r.back() != static_cast<int>(i)) r.push_back(static_cast<int>(i));
      }
    }
  }

  // The index of the node producing `v` when it is `op`, unfused, and read only by the
  // nodes `readers` (every one of them) and no graph output; else -1.
  int Producer(ir::ValueId v, const char* op_name, size_t readers) const {
    if (v == ir::kNoValue || ir::IsGraphOutput(g_, v)) return -1;
    const int p = producers_[static_cast<size_t>(v)];
    if (p < 0 || readers_[static_cast<size_t>(v)].size() != readers) return -1;
    const ir::Node& n = g_.nodes()[static_cast<size_t>(p)];
    if (n.op != op_name || n.attrs.has("act_min") || n.attrs.has("act_max")) return -1;
    return p;
  }
  const std::vector<int>& Readers(ir::ValueId v) const { return readers_[static_cast<size_t>(v)]; }

 private:
  const ir::Graph& g_;
  std::vector<int> producers_;
  std::vector<std::vector<int>> readers_;
};

// A mean over the last axis alone, kept: the node's input, or kNoValue.
ir::ValueId MeanOverLastAxis(const ir::Graph& g, const ir::Node& n) {
  if (n.op != op::kReduce || n.attrs.GetString("kind", "") != "mean") return ir::kNoValue;
  const ir::Shape& in = g.value(n.inputs[0]).shape;
  const std::vector<int64_t> axes = n.attrs.GetInts("axes", {});
  if (in.empty() || axes.size() != 1 || axes[0] != static_cast<int64_t>(in.size()) - 1) return ir::kNoValue;
  if (n.attrs.GetInt("keepdims", 1) != 1) return ir::kNoValue;
  return n.inputs[0];
}

// A float32 constant with one element.
std::optional<float> Scalar(const ir::Graph& g, ir::ValueId v) {
  const ir::Value& value = g.value(v);
  if (!value.is_constant() || value.dtype != ir::DType::kFloat32 || value.num_elements() != 1) {
    return std::nullopt;
  }
  return ir::FloatsOf(value)[0];
}

// A float32 constant whose shape is [C] with leading 1s: one value per element of the
// last axis (of size c).
bool ConstantPerLastAxis(const ir::Graph& g, ir::ValueId v, int64_t c) {
  return g.value(v).is_constant() && ir::PerLastAxis(g, v, c);
}

// The other operand of binary node `n` than `v` (v must be one of them), or kNoValue.
ir::ValueId Other(const ir::Node& n, ir::ValueId v) {
  if (n.inputs.size() != 2) return ir::kNoValue;
  if (n.inputs[0] == v) return n.inputs[1];
  if (n.inputs[1] == v) return n.inputs[0];
  return ir::kNoValue;
}

}  // namespace

int FuseLayerNorms(ir::Graph& g) {
  const Matcher m(g);
  std::vector<bool> remove(g.nodes().size(), false);
  int count = 0;
  for (size_t div_index = 0; div_index < g.nodes().size(); ++div_index) {
    const ir::Node& div = g.nodes()[div_index];
    if (div.op != op::kDiv || div.inputs.size() != 2 || div.attrs.has("act_min") || div.attrs.has("act_max")) continue;
    // d / sqrt(var + eps)
    const ir::ValueId d = div.inputs[0];
    const int sqrt_i = m.Producer(div.inputs[1], op::kSqrt, 1);
    if (sqrt_i < 0) continue;
    const ir::Node& sqrt = g.nodes()[static_cast<size_t>(sqrt_i)];
    const int add_eps_i = m.Producer(sqrt.inputs[0], op::kAdd, 1);
    if (add_eps_i < 0) continue;
    const ir::Node& add_eps = g.nodes()[static_cast<size_t>(add_eps_i)];
    ir::ValueId var = ir::kNoValue;
    std::optional<float> eps;
    for (int side = 0; side < 2 && !eps; ++side) {
      eps = Scalar(g, add_eps.inputs[static_cast<size_t>(side)]);
      var = add_eps.inputs[static_cast<size_t>(1 - side)];
    }
    if (!eps || *eps < 0) continue;
    const int var_i = m.Producer(var, op::kReduce, 1);
    if (var_i < 0) continue;
    const ir::ValueId squares = MeanOverLastAxis(g, g.nodes()[static_cast<size_t>(var_i)]);
    const int square_i = m.Producer(squares, op::kMul, 1);
    if (square_i < 0) continue;
    const ir::Node& square = g.nodes()[static_cast<size_t>(square_i)];
    if (square.inputs[0] != d || square.inputs[1] != d) continue;
    // d = x - mean(x), read by the square and the division alone.
    const int sub_i = m.Producer(d, op::kSub, 2);
    if (sub_i < 0) continue;
    const ir::Node& sub = g.nodes()[static_cast<size_t>(sub_i)];
    const ir::ValueId x = sub.inputs[0];
    const int mean_i = m.Producer(sub.inputs[1], op::kReduce, 1);
    if (mean_i < 0 || MeanOverLastAxis(g, g.nodes()[static_cast<size_t>(mean_i)]) != x) continue;
    const ir::Shape& xs = g.value(x).shape;
    if (g.value(x).dtype != ir::DType::kFloat32 || g.value(div.outputs[0]).shape != xs) continue;
    const int64_t c = xs.back();
    std::vector<int> chain = {sqrt_i, add_eps_i, var_i, square_i, sub_i, mean_i};
    // Optional affine: (y * scale) + bias, each a constant over the last axis.
    size_t last = div_index;
    ir::ValueId y = div.outputs[0], scale = ir::kNoValue, bias = ir::kNoValue;
    if (m.Readers(y).size() == 1 && !ir::IsGraphOutput(g, y)) {
      const int mul_i = m.Readers(y)[0];
      const ir::Node& mul = g.nodes()[static_cast<size_t>(mul_i)];
      const ir::ValueId s = Other(mul, y);
      if (mul.op == op::kMul && s != ir::kNoValue && ConstantPerLastAxis(g, s, c) &&
          g.value(mul.outputs[0]).shape == xs && !mul.attrs.has("act_min") && !mul.attrs.has("act_max")) {
        chain.push_back(static_cast<int>(last));
        last = static_cast<size_t>(mul_i);
        scale = s;
        y = mul.outputs[0];
      }
    }
    if (m.Readers(y).size() == 1 && !ir::IsGraphOutput(g, y)) {
      const int add_i = m.Readers(y)[0];
      const ir::Node& add = g.nodes()[static_cast<size_t>(add_i)];
      const ir::ValueId b = Other(add, y);
      if (add.op == op::kAdd && b != ir::kNoValue && ConstantPerLastAxis(g, b, c) &&
          g.value(add.outputs[0]).shape == xs && !add.attrs.has("act_min") && !add.attrs.has("act_max")) {
        chain.push_back(static_cast<int>(last));
        last = static_cast<size_t>(add_i);
        bias = b;
      }
    }
    bool free = !remove[last];
    for (int p : chain) free = free && !remove[static_cast<size_t>(p)];
    if (!free) continue;
    for (int p : chain) remove[static_cast<size_t>(p)] = true;
    ir::Node& ln = g.nodes()[last];
    ln.op = op::kLayerNorm;
    ln.inputs = {x};
    if (scale != ir::kNoValue || bias != ir::kNoValue) ln.inputs.push_back(scale);
    if (bias != ir::kNoValue) ln.inputs.push_back(bias);
    ln.attrs = {};
    ln.attrs.set("axis", static_cast<int64_t>(xs.size() - 1));
    ln.attrs.set("epsilon", static_cast<double>(*eps));
    ++count;
  }
  ir::EraseNodes(g, remove);
  return count;
}

}  // namespace neo::passes
