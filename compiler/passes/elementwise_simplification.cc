#include "compiler/passes/elementwise_simplification.h"

#include <cmath>
#include <optional>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// The value of a float32 constant holding one element.
std::optional<float> Scalar(const ir::Graph& g, ir::ValueId v) {
  if (v == ir::kNoValue) return std::nullopt;
  const ir::Value& value = g.value(v);
  if (!value.is_constant() || value.dtype != ir::DType::kFloat32 || value.num_elements() != 1) {
    return std::nullopt;
  }
  return ir::FloatsOf(value)[0];
}

bool Near(std::optional<float> a, double b) {
  return a && std::fabs(static_cast<double>(*a) - b) <= 1e-6 * std::fabs(b);
}

bool Plain(const ir::Node& n) { return !n.attrs.has("act_min") && !n.attrs.has("act_max"); }

// Matches a binary node `n` with one operand the scalar `c`: returns the other operand.
ir::ValueId OtherThan(const ir::Graph& g, const ir::Node& n, double c) {
  if (n.inputs.size() != 2 || !Plain(n)) return ir::kNoValue;
  if (Near(Scalar(g, n.inputs[1]), c)) return n.inputs[0];
  if (Near(Scalar(g, n.inputs[0]), c) && n.op != op::kDiv && n.op != op::kSub) return n.inputs[1];
  return ir::kNoValue;
}

class Matcher {
 public:
  explicit Matcher(ir::Graph& g) : g_(g), producers_(g.Producers()), uses_(g.UseCounts()) {}

  // The node producing `v` if it is `op` and only the chain reads `v`.
  const ir::Node* Private(ir::ValueId v, const char* op_name) const {
    if (v == ir::kNoValue || ir::IsGraphOutput(g_, v)) return nullptr;
    const int p = producers_[static_cast<size_t>(v)];
    if (p < 0 || uses_[static_cast<size_t>(v)] != 1) return nullptr;
    const ir::Node& n = g_.nodes()[static_cast<size_t>(p)];
    return n.op == op_name ? &n : nullptr;
  }
  int Producer(ir::ValueId v) const { return producers_[static_cast<size_t>(v)]; }

  // erf(x / sqrt 2) + 1 (private), giving x.
  ir::ValueId ErfPlusOne(ir::ValueId v, std::vector<int>* chain) const {
    const ir::Node* add = Private(v, op::kAdd);
    if (add == nullptr) return ir::kNoValue;
    const ir::ValueId e = OtherThan(g_, *add, 1.0);
    const ir::Node* erf = Private(e, op::kErf);
    if (erf == nullptr) return ir::kNoValue;
    ir::ValueId x = ir::kNoValue;
    const ir::Node* scale = Private(erf->inputs[0], op::kDiv);
    if (scale != nullptr) x = OtherThan(g_, *scale, std::sqrt(2.0));
    if (scale == nullptr) {
      scale = Private(erf->inputs[0], op::kMul);
      if (scale != nullptr) x = OtherThan(g_, *scale, 1.0 / std::sqrt(2.0));
    }
    if (x == ir::kNoValue) return ir::kNoValue;
    chain->push_back(Producer(v));
    chain->push_back(Producer(e));
    chain->push_back(Producer(erf->inputs[0]));
    return x;
  }

 private:
  ir::Graph& g_;
  std::vector<int> producers_, uses_;
};

}  // namespace

int SimplifyPowers(ir::Graph& g) {
  int count = 0;
  for (ir::Node& n : g.nodes()) {
    if (n.op != op::kPow || n.inputs.size() != 2 || !Plain(n)) continue;
    const ir::ValueId x = n.inputs[0];
    const std::optional<float> c = Scalar(g, n.inputs[1]);
    if (!c || g.value(x).dtype != ir::DType::kFloat32 ||
        g.value(x).shape != g.value(n.outputs[0]).shape) {
      continue;
    }
    if (*c == 2.0f) {
      n.op = op::kMul;
      n.inputs = {x, x};
    } else if (*c == 0.5f) {
      n.op = op::kSqrt;
      n.inputs = {x};
    } else if (*c == 1.0f) {
      n.op = op::kIdentity;
      n.inputs = {x};
    } else if (*c == -1.0f) {
      n.op = op::kReciprocal;
      n.inputs = {x};
    } else {
      continue;
    }
    n.attrs = {};
    ++count;
  }
  return count;
}

int ReplaceNoOpCopies(ir::Graph& g) {
  int count = 0;
  for (ir::Node& n : g.nodes()) {
    if (n.inputs.empty() || n.outputs.size() != 1) continue;
    const ir::Value& in = g.value(n.inputs[0]);
    if (!in.has_shape || in.shape != g.value(n.outputs[0]).shape || in.dtype != g.value(n.outputs[0]).dtype) {
      continue;
    }
    bool no_op = false;
    if (n.op == op::kPad && n.attrs.has("pads")) {
      no_op = true;
      for (int64_t p : n.attrs.GetInts("pads")) no_op = no_op && p == 0;
    } else if (n.op == op::kSlice && n.inputs.size() == 1 && n.attrs.has("steps")) {
      // Steps of 1 and the input's shape: every element, in order.
      no_op = true;
      for (int64_t s : n.attrs.GetInts("steps")) no_op = no_op && s == 1;
    }
    if (!no_op) continue;
    n.op = op::kIdentity;
    n.inputs.resize(1);
    n.attrs = {};
    ++count;
  }
  return count;
}

int FuseGelu(ir::Graph& g) {
  Matcher m(g);
  std::vector<bool> remove(g.nodes().size(), false);
  int count = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& top = g.nodes()[i];
    if (top.op != op::kMul || !Plain(top) || top.inputs.size() != 2) continue;
    if (g.value(top.outputs[0]).dtype != ir::DType::kFloat32) continue;
    std::vector<int> chain;
    ir::ValueId x = ir::kNoValue;
    // (x * (erf(..) + 1)) * 0.5, or (x * 0.5) * (erf(..) + 1), or x * ((erf + 1) * 0.5).
    const ir::ValueId product = OtherThan(g, top, 0.5);
    if (const ir::Node* inner = product == ir::kNoValue ? nullptr : m.Private(product, op::kMul)) {
      for (int side = 0; side < 2 && x == ir::kNoValue; ++side) {
        std::vector<int> c;
        const ir::ValueId a = inner->inputs[static_cast<size_t>(side)];
        const ir::ValueId b = inner->inputs[static_cast<size_t>(1 - side)];
        if (m.ErfPlusOne(b, &c) == a) {
          x = a;
          chain = c;
          chain.push_back(m.Producer(product));
        }
      }
    }
    for (int side = 0; side < 2 && x == ir::kNoValue; ++side) {
      const ir::ValueId a = top.inputs[static_cast<size_t>(side)];
      const ir::ValueId b = top.inputs[static_cast<size_t>(1 - side)];
      std::vector<int> c;
      const ir::Node* half = m.Private(a, op::kMul);
      if (half != nullptr && m.ErfPlusOne(b, &c) == OtherThan(g, *half, 0.5) && c.size() == 3) {
        x = OtherThan(g, *half, 0.5);
        chain = c;
        chain.push_back(m.Producer(a));
        continue;
      }
      c.clear();
      const ir::Node* halved = m.Private(b, op::kMul);
      const ir::ValueId sum = halved == nullptr ? ir::kNoValue : OtherThan(g, *halved, 0.5);
      if (sum != ir::kNoValue && m.ErfPlusOne(sum, &c) == a) {
        x = a;
        chain = c;
        chain.push_back(m.Producer(b));
      }
    }
    if (x == ir::kNoValue || g.value(x).shape != g.value(top.outputs[0]).shape) continue;
    bool free = true;
    for (int p : chain) free = free && p >= 0 && !remove[static_cast<size_t>(p)];
    if (!free) continue;
    for (int p : chain) remove[static_cast<size_t>(p)] = true;
    ir::Node& gelu = g.nodes()[i];
    gelu.op = op::kGelu;
    gelu.inputs = {x};
    gelu.attrs = {};
    ++count;
  }
  ir::EraseNodes(g, remove);
  return count;
}

}  // namespace neo::passes
