// The ONNX node tests through the frontend alone: the lowered graphs, interpreted as they
// are (spatial operators in NCHW), match ONNX's outputs or fail as listed.
#include "compiler/frontends/onnx/conformance_suite.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

TEST(ConformanceTest, LoweredNodeTestsMatchOrFailAsListed) { ExpectNodeTestsConform(nullptr); }

}  // namespace
}  // namespace neo::onnx_frontend
