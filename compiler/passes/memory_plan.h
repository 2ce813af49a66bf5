// Arena plan for a graph: an offset for every computed value.
#ifndef NEO_COMPILER_PASSES_MEMORY_PLAN_H_
#define NEO_COMPILER_PASSES_MEMORY_PLAN_H_

#include <cstdint>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/passes/buffer_packer.h"

namespace neo::passes {

struct MemoryPlan {
  static constexpr int64_t kNotInArena = -1;
  // Per ValueId: byte offset of the value's data in the arena, or kNotInArena for
  // constants (they live in the weights) and values no node or graph port references.
  std::vector<int64_t> offsets;
  // Per ValueId: the value whose buffer this one shares, or ir::kNoValue. Set for a
  // Reshape output (same bytes, another shape), and for an output written in place over
  // an input (ir::OpDef::in_place_input: a Conv2D's residual): it names the root buffer
  // owner (never itself an alias), and offsets[v] == offsets[alias_of[v]]. Codegen can
  // point both at the same memory and emit nothing for the Reshape.
  std::vector<ir::ValueId> alias_of;
  // Per ValueId: inclusive lifetime in node indices (-1 when not in the arena). A root's
  // lifetime covers those of all its aliases, and an alias reports its root's. Graph
  // inputs span the whole run: the caller writes them before Run and they must survive
  // it, so Run can repeat. Graph outputs live to the last node.
  std::vector<int> first_use, last_use;
  // Arena size in bytes (a multiple of alignment); every offset is a multiple of it.
  size_t total_bytes = 0;
  size_t alignment = kArenaAlignment;
};

// Plans with a GreedyBufferPacker.
MemoryPlan PlanMemory(const ir::Graph& graph);
// Plans with `planner`, which must be empty.
MemoryPlan PlanMemory(const ir::Graph& graph, BufferPacker& planner);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_MEMORY_PLAN_H_
