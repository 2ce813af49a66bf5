// ONNX's own backend node tests (libonnx-testdata) through the frontend and the test
// interpreter: a conformance check that needs neither codegen nor kernels. Every case
// whose operators all lie in Neo's table is in scope; it must match output_*.pb at the
// backend suite's tolerance (rtol 1e-3, atol 1e-7), unless conformance_exclusions.txt lists
// it, in which case it must fail with a NeoError of the listed class (never a wrong
// result). The frontend's test runs the lowered graphs as they are; compiler/tests runs
// them after the standard passes.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_CONFORMANCE_SUITE_H_
#define NEO_COMPILER_FRONTENDS_ONNX_CONFORMANCE_SUITE_H_

#include <functional>

#include "compiler/ir/graph.h"

namespace neo::onnx_frontend {

// Applied to each lowered graph before it is interpreted (may be empty).
using GraphTransform = std::function<void(ir::Graph&)>;

// Runs every in-scope case as a gtest expectation; prints the counts.
void ExpectNodeTestsConform(const GraphTransform& transform);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_CONFORMANCE_SUITE_H_
