#include "compiler/passes/memory_plan.h"

#include <algorithm>

#include "compiler/ir/op_registry.h"

namespace neo::passes {

MemoryPlan PlanMemory(const ir::Graph& g) {
  GreedyBufferPacker planner;
  return PlanMemory(g, planner);
}

MemoryPlan PlanMemory(const ir::Graph& g, BufferPacker& planner) {
  size_t nv = g.num_values();
  int last_step = std::max(0, static_cast<int>(g.nodes().size()) - 1);
  MemoryPlan plan;
  plan.offsets.assign(nv, MemoryPlan::kNotInArena);
  plan.alias_of.assign(nv, ir::kNoValue);
  plan.first_use.assign(nv, -1);
  plan.last_use.assign(nv, -1);
  auto in_arena = [&](ir::ValueId v) { return v != ir::kNoValue && !g.value(v).is_constant(); };
  auto touch = [&](ir::ValueId v, int step) {
    size_t i = static_cast<size_t>(v);
    if (plan.first_use[i] < 0 || step < plan.first_use[i]) plan.first_use[i] = step;
    plan.last_use[i] = std::max(plan.last_use[i], step);
  };

  // Lifetimes from the node order.
  for (ir::ValueId v : g.inputs()) {
    touch(v, 0);
    touch(v, last_step);
  }
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    for (ir::ValueId v : node.inputs) {
      if (in_arena(v)) touch(v, static_cast<int>(i));
    }
    for (ir::ValueId v : node.outputs) {
      if (in_arena(v)) touch(v, static_cast<int>(i));
    }
  }
  for (ir::ValueId v : g.outputs()) {
    if (in_arena(v)) touch(v, last_step);
  }

  // Views (Reshape) share their input's buffer, and so do in-place outputs (a Conv2D's
  // residual: ir::OpDef::in_place_input); the owner lives as long as any alias.
  for (const ir::Node& node : g.nodes()) {
    const ir::OpDef& def = ir::GetOp(node.op);
    const int shared = def.view ? 0 : def.in_place_input;
    if (shared < 0 || node.inputs.size() <= static_cast<size_t>(shared) ||
        !in_arena(node.inputs[static_cast<size_t>(shared)])) {
      continue;
    }
    ir::ValueId x = node.inputs[static_cast<size_t>(shared)], y = node.outputs[0];
    ir::ValueId root = plan.alias_of[static_cast<size_t>(x)] != ir::kNoValue
                           ? plan.alias_of[static_cast<size_t>(x)]
                           : x;
    plan.alias_of[static_cast<size_t>(y)] = root;
    size_t r = static_cast<size_t>(root), yi = static_cast<size_t>(y);
    plan.first_use[r] = std::min(plan.first_use[r], plan.first_use[yi]);
    plan.last_use[r] = std::max(plan.last_use[r], plan.last_use[yi]);
  }

  std::vector<int> buffer_of(nv, -1);
  for (size_t v = 0; v < nv; ++v) {
    if (plan.first_use[v] < 0 || plan.alias_of[v] != ir::kNoValue) continue;
    buffer_of[v] = planner.AddBuffer(g.value(static_cast<ir::ValueId>(v)).byte_size(),
                                     plan.first_use[v], plan.last_use[v]);
  }
  for (size_t v = 0; v < nv; ++v) {
    if (buffer_of[v] >= 0) plan.offsets[v] = static_cast<int64_t>(planner.GetOffset(buffer_of[v]));
  }
  for (size_t v = 0; v < nv; ++v) {
    ir::ValueId root = plan.alias_of[v];
    if (root == ir::kNoValue) continue;
    plan.offsets[v] = plan.offsets[static_cast<size_t>(root)];
    plan.first_use[v] = plan.first_use[static_cast<size_t>(root)];
    plan.last_use[v] = plan.last_use[static_cast<size_t>(root)];
  }
  plan.total_bytes = planner.GetTotalBytes();
  return plan;
}

}  // namespace neo::passes
