#include "compiler/passes/dead_code.h"

namespace neo::passes {

int EliminateDeadCode(ir::Graph& g) {
  // Liveness backwards from the graph outputs.
  std::vector<bool> live_value(g.num_values(), false);
  for (ir::ValueId v : g.outputs()) live_value[static_cast<size_t>(v)] = true;
  std::vector<bool> keep(g.nodes().size(), false);
  for (size_t i = g.nodes().size(); i-- > 0;) {
    const ir::Node& node = g.nodes()[i];
    for (ir::ValueId v : node.outputs) {
      if (v != ir::kNoValue && live_value[static_cast<size_t>(v)]) keep[i] = true;
    }
    if (!keep[i]) continue;
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue) live_value[static_cast<size_t>(v)] = true;
    }
  }

  // Values still referenced by something kept.
  std::vector<bool> referenced(g.num_values(), false);
  for (ir::ValueId v : g.inputs()) referenced[static_cast<size_t>(v)] = true;
  for (ir::ValueId v : g.outputs()) referenced[static_cast<size_t>(v)] = true;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (!keep[i]) continue;
    for (ir::ValueId v : g.nodes()[i].inputs) {
      if (v != ir::kNoValue) referenced[static_cast<size_t>(v)] = true;
    }
    for (ir::ValueId v : g.nodes()[i].outputs) {
      if (v != ir::kNoValue) referenced[static_cast<size_t>(v)] = true;
    }
  }

  // Rebuild: the Graph has no value removal, so copy what stays into a fresh one.
  // Names are already unique, so AddValue keeps them as they are.
  ir::Graph out;
  std::vector<ir::ValueId> remap(g.num_values(), ir::kNoValue);
  for (size_t v = 0; v < g.num_values(); ++v) {
    if (referenced[v]) remap[v] = out.AddValue(g.value(static_cast<ir::ValueId>(v)));
  }
  auto map = [&](std::vector<ir::ValueId>& ids) {
    for (ir::ValueId& id : ids) {
      if (id != ir::kNoValue) id = remap[static_cast<size_t>(id)];
    }
  };
  int removed = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (!keep[i]) {
      ++removed;
      continue;
    }
    ir::Node node = std::move(g.nodes()[i]);
    map(node.inputs);
    map(node.outputs);
    out.nodes().push_back(std::move(node));
  }
  out.inputs() = g.inputs();
  out.outputs() = g.outputs();
  map(out.inputs());
  map(out.outputs());
  g = std::move(out);
  return removed;
}

}  // namespace neo::passes
