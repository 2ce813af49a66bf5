#include "compiler/passes/global_pool_reduces.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/pipeline.h"

namespace neo::passes {
namespace {

using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

// x [2, 5, 3, 4] -> Reduce(kind, axes, keepdims) -> y (the graph output).
ir::Graph Reduction(const std::string& kind, std::vector<int64_t> axes, int64_t keepdims) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {2, 5, 3, 4});
  ir::ValueId y;
  ir::Node& r = Op(g, op::kReduce, {x}, "reduce", &y);
  r.attrs.set("kind", kind);
  r.attrs.set("axes", std::move(axes));
  r.attrs.set("keepdims", keepdims);
  g.outputs() = {y};
  ir::InferShapes(g);
  return g;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  ir::Graph checked = after;
  ir::InferShapes(checked);  // the rewritten graph's shapes are what inference gives
  for (size_t v = 0; v < after.num_values(); ++v) {
    EXPECT_EQ(after.value(static_cast<ir::ValueId>(v)).shape,
              checked.value(static_cast<ir::ValueId>(v)).shape);
  }
  for (unsigned seed : {1u, 2u}) {
    auto in = ir::testing::RandomInputs(before, seed);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                      ir::testing::Interpret(after, in)),
              1e-6);
  }
}

TEST(GlobalPoolReducesTest, SpatialMeanAndMaxBecomeGlobalPools) {
  struct Case {
    const char* kind;
    int64_t keepdims;
    const char* pool;
  };
  for (const Case& c : {Case{"mean", 1, op::kGlobalAveragePool},
                        Case{"mean", 0, op::kGlobalAveragePool},
                        Case{"max", 1, op::kGlobalMaxPool}, Case{"max", 0, op::kGlobalMaxPool}}) {
    ir::Graph g = Reduction(c.kind, {2, 3}, c.keepdims);
    const ir::Graph before = g;
    EXPECT_EQ(GlobalPoolReduces(g), 1);
    ASSERT_EQ(g.nodes().size(), c.keepdims ? 1u : 2u) << c.kind;
    EXPECT_EQ(g.nodes()[0].op, c.pool);
    EXPECT_EQ(g.nodes()[0].attrs.GetString("layout"), "NCHW");
    EXPECT_EQ(g.nodes().back().outputs[0], g.outputs()[0]);  // the output keeps its value
    if (!c.keepdims) EXPECT_EQ(g.nodes()[1].op, op::kReshape);
    ExpectSameResults(before, g);
  }
}

TEST(GlobalPoolReducesTest, OtherReductionsStay) {
  for (ir::Graph g : {Reduction("sum", {2, 3}, 1), Reduction("min", {2, 3}, 0),
                      Reduction("mean", {1}, 1), Reduction("mean", {3}, 0),
                      Reduction("max", {1, 2, 3}, 0), Reduction("mean", {}, 1)}) {
    EXPECT_EQ(GlobalPoolReduces(g), 0);
    EXPECT_EQ(CountOps(g, op::kReduce), 1);
  }
}

// MnasNet's head: convolution, mean over H and W without keepdims, a classifier. After
// the standard passes the mean is a global pool on the NHWC activation, and the only
// transpose left is the input's.
TEST(GlobalPoolReducesTest, ClassifierHeadNeedsNoTransposeBack) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 3, 8, 8});
  const ir::ValueId w = RandomConst(g, "w", {6, 3, 3, 3}, 1);
  const ir::ValueId fw = RandomConst(g, "fw", {4, 6}, 2);
  ir::ValueId c, r, mean, fc;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  Op(g, op::kRelu, {c}, "relu", &r);
  ir::Node& reduce = Op(g, op::kReduce, {r}, "mean", &mean);
  reduce.attrs.set("kind", std::string("mean"));
  reduce.attrs.set("axes", std::vector<int64_t>{2, 3});
  reduce.attrs.set("keepdims", int64_t{0});
  Op(g, op::kFullyConnected, {mean, fw}, "fc", &fc);
  g.outputs() = {fc};
  ir::InferShapes(g);
  const ir::Graph before = g;
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kReduce), 0);
  EXPECT_EQ(CountOps(g, op::kGlobalAveragePool), 1);
  EXPECT_EQ(CountOps(g, op::kTranspose), 1);
  auto in = ir::testing::RandomInputs(before, 4);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(g, in)),
            1e-5);
}

}  // namespace
}  // namespace neo::passes
