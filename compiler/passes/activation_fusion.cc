#include "compiler/passes/activation_fusion.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// Sets act_min/act_max on `node` to the intersection of its current bounds and [lo, hi].
// Returns false (unchanged) if the intersection would be empty, because a clamp of a
// clamp with disjoint ranges is not one clamp.
bool IntersectActivation(ir::Node& node, double lo, double hi) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double new_lo = std::max(lo, node.attrs.GetFloat("act_min", -kInf));
  double new_hi = std::min(hi, node.attrs.GetFloat("act_max", kInf));
  if (new_lo > new_hi) return false;
  if (std::isfinite(new_lo)) node.attrs.set("act_min", new_lo);
  if (std::isfinite(new_hi)) node.attrs.set("act_max", new_hi);
  return true;
}

}  // namespace

int FuseActivations(ir::Graph& g) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  int count = 0;
  std::vector<bool> remove(g.nodes().size(), false);
  std::vector<int> producers = g.Producers();
  std::vector<int> uses = g.UseCounts();
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& act = g.nodes()[i];
    double lo, hi;
    if (act.op == op::kRelu) {
      lo = 0;
      hi = kInf;
    } else if (act.op == op::kClamp) {
      lo = act.attrs.GetFloat("min", -kInf);
      hi = act.attrs.GetFloat("max", kInf);
    } else {
      continue;
    }
    ir::ValueId x = act.inputs[0];
    int p = producers[static_cast<size_t>(x)];
    if (p < 0 || uses[static_cast<size_t>(x)] != 1 || ir::IsGraphOutput(g, x)) continue;
    ir::Node& producer = g.nodes()[static_cast<size_t>(p)];
    if (!ir::GetOp(producer.op).fuses_activation) continue;
    if (!IntersectActivation(producer, lo, hi)) continue;
    producer.outputs[0] = act.outputs[0];
    // The fused node now produces the activation's output; later activations that read
    // it must find this producer.
    producers[static_cast<size_t>(act.outputs[0])] = p;
    remove[i] = true;
    ++count;
  }
  ir::EraseNodes(g, remove);
  return count;
}

int RemoveIdentities(ir::Graph& g) {
  int count = 0;
  for (size_t i = 0; i < g.nodes().size();) {
    if (g.nodes()[i].op == op::kIdentity && ir::BypassNode(g, i)) {
      ++count;
    } else {
      ++i;
    }
  }
  return count;
}

}  // namespace neo::passes
