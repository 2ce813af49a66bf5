#include "compiler/passes/layer_activation_fusion.h"

#include <cmath>
#include <string>
#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

bool IsLayer(const ir::Node& n) {
  return (n.op == op::kConv2D || n.op == op::kFullyConnected) && !n.attrs.has("act_min") &&
         !n.attrs.has("act_max") && !n.attrs.has("act_fn");
}

// HardSigmoid(x) with x / 6 + 1/2: x times it is hard-swish. The exporters write 1/6 as
// a float (0.16666667) or a double; either is within 1e-6 of it.
bool IsHardSwishGate(const ir::Node& n) {
  return n.op == op::kHardSigmoid &&
         std::abs(n.attrs.GetFloat("alpha", 0.0) - 1.0 / 6.0) < 1e-6 &&
         std::abs(n.attrs.GetFloat("beta", 0.0) - 0.5) < 1e-6;
}

struct Analysis {
  std::vector<int> producers, uses;
};

// The layer producing `x` if x is a fusable layer output read `reads` times in all.
int LayerOf(const ir::Graph& g, const Analysis& a, ir::ValueId x, int reads) {
  if (x == ir::kNoValue || ir::IsGraphOutput(g, x)) return -1;
  const int p = a.producers[static_cast<size_t>(x)];
  if (p < 0 || a.uses[static_cast<size_t>(x)] != reads) return -1;
  return IsLayer(g.nodes()[static_cast<size_t>(p)]) ? p : -1;
}

}  // namespace

int FuseLayerActivations(ir::Graph& g) {
  int count = 0;
  std::vector<bool> remove(g.nodes().size(), false);
  Analysis a{g.Producers(), g.UseCounts()};
  auto take_over = [&](int layer, const std::string& fn, ir::ValueId out) {
    ir::Node& l = g.nodes()[static_cast<size_t>(layer)];
    l.attrs.set("act_fn", fn);
    l.outputs[0] = out;
    a.producers[static_cast<size_t>(out)] = layer;
    ++count;
  };
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (remove[i]) continue;
    const ir::Node& n = g.nodes()[i];
    if (n.op == op::kSigmoid || n.op == op::kHardSigmoid || n.op == op::kHardSwish) {
      const int layer = LayerOf(g, a, n.inputs[0], 1);
      if (layer < 0) continue;
      if (n.op == op::kHardSigmoid) {
        ir::Node& l = g.nodes()[static_cast<size_t>(layer)];
        l.attrs.set("act_alpha", n.attrs.GetFloat("alpha", 0.0));
        l.attrs.set("act_beta", n.attrs.GetFloat("beta", 0.0));
      }
      take_over(layer, n.op, n.outputs[0]);
      remove[i] = true;
      continue;
    }
    if (n.op != op::kMul || n.inputs.size() != 2 || n.attrs.has("act_min") ||
        n.attrs.has("act_max")) {
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      const ir::ValueId x = n.inputs[static_cast<size_t>(side)];
      const ir::ValueId s = n.inputs[static_cast<size_t>(1 - side)];
      const int gate = a.producers[static_cast<size_t>(s)];
      if (gate < 0 || a.uses[static_cast<size_t>(s)] != 1 || ir::IsGraphOutput(g, s)) continue;
      const ir::Node& gn = g.nodes()[static_cast<size_t>(gate)];
      if (gn.inputs.empty() || gn.inputs[0] != x) continue;
      const bool swish = gn.op == op::kSigmoid, hard_swish = IsHardSwishGate(gn);
      if (!swish && !hard_swish) continue;
      const int layer = LayerOf(g, a, x, 2);
      if (layer < 0) continue;
      take_over(layer, swish ? "Swish" : "HardSwish", n.outputs[0]);
      remove[static_cast<size_t>(gate)] = remove[i] = true;
      break;
    }
  }
  ir::EraseNodes(g, remove);
  return count;
}

}  // namespace neo::passes
