// The back half of neoc for fuzz targets: a frontend's IR graph through the standard
// passes, the memory plan and codegen (nothing is written), and small concrete shapes
// for a model's declared inputs.
#ifndef NEO_COMPILER_FUZZ_COMPILE_GRAPH_H_
#define NEO_COMPILER_FUZZ_COMPILE_GRAPH_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::fuzz {

// A concrete shape for a declared input: unknown dimensions become 2, an unknown rank
// [2, 2]. nullopt when it would exceed kMaxInputElements (a fuzzed model may declare
// [2^40]; neoc takes such shapes from the user, and the fuzzer has bounded memory).
constexpr int64_t kMaxInputElements = 1 << 16;
std::optional<ir::Shape> SmallShape(int rank, const std::vector<int64_t>& dims);

// Passes, memory plan and codegen for the host target, as neoc runs them.
void CompileGraph(ir::Graph graph);

}  // namespace neo::fuzz

#endif  // NEO_COMPILER_FUZZ_COMPILE_GRAPH_H_
