#include "compiler/passes/activation_fusion.h"

#include <limits>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

bool CanCarryActivation(const std::string& o) {
  return o == op::kConv2D || o == op::kFullyConnected || o == op::kAdd || o == op::kSub ||
         o == op::kMul || o == op::kDiv || IsPoolOp(o);
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
    if (p < 0 || uses[static_cast<size_t>(x)] != 1 || IsGraphOutput(g, x)) continue;
    ir::Node& producer = g.nodes()[static_cast<size_t>(p)];
    if (!CanCarryActivation(producer.op)) continue;
    if (!IntersectActivation(producer, lo, hi)) continue;
    producer.outputs[0] = act.outputs[0];
    // The fused node now produces the activation's output; later activations that read
    // it must find this producer.
    producers[static_cast<size_t>(act.outputs[0])] = p;
    remove[i] = true;
    ++count;
  }
  EraseNodes(g, remove);
  return count;
}

int RemoveIdentities(ir::Graph& g) {
  int count = 0;
  for (size_t i = 0; i < g.nodes().size();) {
    if (g.nodes()[i].op == op::kIdentity && BypassNode(g, i)) {
      ++count;
    } else {
      ++i;
    }
  }
  return count;
}

}  // namespace neo::passes
