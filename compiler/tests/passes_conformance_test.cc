// ONNX's node tests through the frontend and the standard passes (NHWC layout, folding,
// fusion), interpreted: the passes preserve every in-scope case's outputs.
#include "compiler/frontends/onnx/conformance_suite.h"
#include "compiler/passes/pipeline.h"
#include "gtest/gtest.h"

namespace neo {
namespace {

TEST(PassesConformanceTest, OptimizedNodeTestsMatchOrFailAsListed) {
  onnx_frontend::ExpectNodeTestsConform([](ir::Graph& g) { passes::RunStandardPasses(g); });
}

}  // namespace
}  // namespace neo
