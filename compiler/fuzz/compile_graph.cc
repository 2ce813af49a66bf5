#include "compiler/fuzz/compile_graph.h"

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/cpp_names.h"
#include "compiler/passes/memory_plan.h"
#include "compiler/passes/pipeline.h"

namespace neo::fuzz {

std::optional<ir::Shape> SmallShape(int rank, const std::vector<int64_t>& dims) {
  if (rank < 0) return ir::Shape{2, 2};
  ir::Shape shape;
  int64_t elements = 1;
  for (int i = 0; i < rank; ++i) {
    const int64_t d = i < static_cast<int>(dims.size()) && dims[static_cast<size_t>(i)] > 0
                          ? dims[static_cast<size_t>(i)]
                          : 2;
    if (d > kMaxInputElements || elements * d > kMaxInputElements) return std::nullopt;
    elements *= d;
    shape.push_back(d);
  }
  return shape;
}

void CompileGraph(ir::Graph graph) {
  passes::RunStandardPasses(graph);
  const passes::MemoryPlan plan = passes::PlanMemory(graph);
  codegen::ArenaLayout arena;
  arena.offsets = plan.offsets;
  arena.bytes = plan.total_bytes;
  codegen::CodegenOptions options;
  options.name = "fuzz";
  options.cpp_class = codegen::ParseCppClass("Fuzz");
  options.header_path = "fuzz.h";
  options.incbin_path = "fuzz_weights.bin";
  options.provenance = "fuzz";
  options.target = "host";
  codegen::GenerateCode(graph, arena, options);
}

}  // namespace neo::fuzz
