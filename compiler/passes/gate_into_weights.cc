#include "compiler/passes/gate_into_weights.h"

#include <vector>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

bool Clamped(const ir::Node& n) {
  return n.attrs.has("act_min") || n.attrs.has("act_max") || n.attrs.has("act_fn");
}

bool AllZero(const ir::Value& v) {
  if (!v.is_constant() || v.dtype != ir::DType::kFloat32) return false;
  for (float f : ir::FloatsOf(v)) {
    if (f != 0.0f) return false;
  }
  return true;
}

// Whether the ChannelAffine `affine` is a plain run-time gate: y = x * s.
bool IsGate(const ir::Graph& g, const ir::Node& affine) {
  if (affine.op != op::kChannelAffine || affine.inputs.size() != 3 || Clamped(affine)) {
    return false;
  }
  const ir::Value& s = g.value(affine.inputs[0]);
  return !s.is_constant() && s.dtype == ir::DType::kFloat32 && AllZero(g.value(affine.inputs[1]));
}

// Whether `conv` can take the gate: ungrouped NHWC over one image, no input scale yet,
// and weights small beside the activations (see the header).
bool CanTakeGate(const ir::Graph& g, const ir::Node& conv) {
  if (conv.op != op::kConv2D || conv.inputs.size() > 4 ||
      conv.attrs.GetString("layout", "") != "NHWC" || conv.attrs.GetInt("group", 1) != 1) {
    return false;
  }
  const ir::Shape& x = g.value(conv.inputs[0]).shape;
  const ir::Shape& w = g.value(conv.inputs[1]).shape;
  if (x.size() != 4 || w.size() != 4 || x[0] != 1) return false;
  return w[0] * w[2] * w[3] * 4 <= x[1] * x[2];
}

}  // namespace

int FoldGatesIntoConvWeights(ir::Graph& g) {
  const std::vector<int> producers = g.Producers();
  const std::vector<int> uses = g.UseCounts();
  std::vector<bool> remove(g.nodes().size(), false);
  int folded = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    ir::Node& conv = g.nodes()[i];
    if (conv.op != op::kConv2D || conv.inputs.empty()) continue;
    const int a = ir::SoleReaderProducer(g, producers, uses, conv.inputs[0], op::kChannelAffine);
    if (a < 0 || !IsGate(g, g.nodes()[static_cast<size_t>(a)]) || !CanTakeGate(g, conv)) {
      continue;
    }
    const ir::Node& affine = g.nodes()[static_cast<size_t>(a)];
    const ir::ValueId x = affine.inputs[2];
    // x must still hold the gate's input when the convolution runs: nothing between the
    // two may read it (and so none may overwrite it in place).
    bool read_between = false;
    for (size_t k = static_cast<size_t>(a) + 1; k < i && !read_between; ++k) {
      for (ir::ValueId v : g.nodes()[k].inputs) read_between = read_between || v == x;
    }
    if (read_between) continue;
    conv.inputs.resize(4, ir::kNoValue);
    conv.inputs[0] = x;
    conv.inputs.push_back(affine.inputs[0]);
    remove[static_cast<size_t>(a)] = true;
    ++folded;
  }
  ir::EraseNodes(g, remove);
  return folded;
}

}  // namespace neo::passes
