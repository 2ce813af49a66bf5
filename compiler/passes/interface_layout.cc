#include "compiler/passes/interface_layout.h"

#include <deque>

#include "compiler/ir/op_def.h"
#include "compiler/ir/op_registry.h"

namespace neo::passes {

namespace {

// Operators a value passes through without its layout changing meaning.
bool KeepsLayout(const ir::Node& n) {
  const ir::OpDef* def = ir::FindOp(n.op);
  return def != nullptr && (def->layout == ir::LayoutClass::kElementwise ||
                            def->layout == ir::LayoutClass::kBroadcasting);
}

bool IsSpatial(const ir::Node& n) {
  const ir::OpDef* def = ir::FindOp(n.op);
  return def != nullptr && def->layout == ir::LayoutClass::kSpatial;
}

std::string SpatialLayout(const ir::Node& n) { return ir::IsNHWC(n) ? "NHWC" : "NCHW"; }

// Breadth first from the input, so the nearest spatial reader decides.
std::string InputLayout(const ir::Graph& g, ir::ValueId input,
                        const std::vector<std::vector<size_t>>& readers) {
  std::vector<bool> seen(g.num_values(), false);
  std::deque<ir::ValueId> queue = {input};
  seen[static_cast<size_t>(input)] = true;
  while (!queue.empty()) {
    const ir::ValueId v = queue.front();
    queue.pop_front();
    for (size_t i : readers[static_cast<size_t>(v)]) {
      const ir::Node& n = g.nodes()[i];
      if (IsSpatial(n)) {
        if (!n.inputs.empty() && n.inputs[0] == v) return SpatialLayout(n);
        continue;
      }
      if (!KeepsLayout(n)) continue;
      for (ir::ValueId out : n.outputs) {
        if (!seen[static_cast<size_t>(out)]) {
          seen[static_cast<size_t>(out)] = true;
          queue.push_back(out);
        }
      }
    }
  }
  return "";
}

// Back through element-wise producers to the nearest spatial one.
std::string OutputLayout(const ir::Graph& g, ir::ValueId output,
                         const std::vector<int>& producers) {
  std::vector<bool> seen(g.num_values(), false);
  std::deque<ir::ValueId> queue = {output};
  seen[static_cast<size_t>(output)] = true;
  while (!queue.empty()) {
    const ir::ValueId v = queue.front();
    queue.pop_front();
    const int p = producers[static_cast<size_t>(v)];
    if (p < 0) continue;
    const ir::Node& n = g.nodes()[static_cast<size_t>(p)];
    if (IsSpatial(n)) return SpatialLayout(n);
    if (!KeepsLayout(n)) continue;
    for (ir::ValueId in : n.inputs) {
      if (in == ir::kNoValue || g.value(in).is_constant() || seen[static_cast<size_t>(in)]) {
        continue;
      }
      seen[static_cast<size_t>(in)] = true;
      queue.push_back(in);
    }
  }
  return "";
}

}  // namespace

InterfaceLayouts FindInterfaceLayouts(const ir::Graph& graph) {
  std::vector<std::vector<size_t>> readers(graph.num_values());
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    for (ir::ValueId v : graph.nodes()[i].inputs) {
      if (v != ir::kNoValue) readers[static_cast<size_t>(v)].push_back(i);
    }
  }
  const std::vector<int> producers = graph.Producers();
  InterfaceLayouts out;
  for (ir::ValueId v : graph.inputs()) out.inputs.push_back(InputLayout(graph, v, readers));
  for (ir::ValueId v : graph.outputs()) out.outputs.push_back(OutputLayout(graph, v, producers));
  return out;
}

}  // namespace neo::passes
