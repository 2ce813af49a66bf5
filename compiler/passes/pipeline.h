// The standard pass pipeline between a frontend and codegen, and the IR verifier.
#ifndef NEO_COMPILER_PASSES_PIPELINE_H_
#define NEO_COMPILER_PASSES_PIPELINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::passes {

// Shape inference -> constant folding -> BatchNorm folding -> Identity removal and
// activation fusion -> NHWC layout (and transpose cleanup; a flattening FullyConnected
// takes the NHWC map with permuted weights) -> activation fusion again
// -> dead code -> a shape-inference check (every shape on a value equals what
// inference computes from the final graph) -> Verify.
//
// Frontend mistakes surface as neo::NeoError (Malformed input error naming the node,
// OperatorNotImplemented for an operator no pass knows); a pass that breaks the IR
// surfaces as std::logic_error (a bug: report it as a System Error).
//
// With `steps`, one record per pass run, in order: what it changed, for compile reports.
struct PassStep {
  std::string pass;                   // e.g. "FoldBatchNorms"
  std::map<std::string, int> change;  // op -> nodes after minus nodes before (non-zero)
  int64_t microseconds = 0;           // wall time; the only part that varies between runs
};
// Choices that depend on what the target's kernels can do.
struct PassOptions {
  // Convolutions run on oneDNN, so passes may give them what only oneDNN's kernels take:
  // a residual added into their output (FuseResidualAdds), a run-time input scale
  // (FoldGatesIntoConvWeights) and a 1x1 expansion before a depthwise layer
  // (FuseExpansionsIntoDepthwise). The driver turns this off where convolutions run on
  // XNNPACK: AArch64 targets and allocation-free builds. There the fused convolution
  // would fall to the slow reference kernel.
  bool onednn_convolutions = true;
};
void RunStandardPasses(ir::Graph& graph, std::vector<PassStep>* steps = nullptr,
                       const PassOptions& options = {});

// Checks the invariants codegen relies on: every referenced value id exists, each
// value is written by at most one node and never a constant or graph input, nodes are
// in topological order (inputs are graph inputs, constants or earlier outputs), graph
// outputs are computed or inputs, and every referenced value has a known shape.
// Throws std::logic_error naming the first violation.
void Verify(const ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_PIPELINE_H_
