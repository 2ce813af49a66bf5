#include "compiler/passes/fc_input_permutation.h"

#include <gtest/gtest.h>

#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/pipeline.h"

namespace neo::passes {
namespace {

using ir::testing::Conv;
using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

// Conv -> Relu -> Reshape[1, C*H*W] -> FullyConnected: a flattening classifier head.
ir::Graph FlatteningHead() {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 6, 5});
  ir::ValueId c, r, f, y;
  Conv(g, x, RandomConst(g, "w", {4, 3, 3, 3}, 1), RandomConst(g, "b", {4}, 2), "conv", &c,
       {1, 1, 1, 1});
  Op(g, op::kRelu, {c}, "relu", &r);
  Op(g, op::kReshape, {r}, "flatten", &f).attrs.set("shape", std::vector<int64_t>{1, 4 * 6 * 5});
  Op(g, op::kFullyConnected, {f, RandomConst(g, "fc_w", {7, 120}, 3), RandomConst(g, "fc_b", {7}, 4)},
     "fc", &y);
  g.outputs().push_back(y);
  return g;
}

TEST(FcInputPermutationTest, PipelineLeavesOnlyTheInputTransposeAndKeepsResults) {
  ir::Graph original = FlatteningHead();
  ir::InferShapes(original);
  const auto inputs = ir::testing::RandomInputs(original, 5);
  const auto want = ir::testing::Interpret(original, inputs);

  ir::Graph g = FlatteningHead();
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kTranspose), 1);  // NCHW -> NHWC at the input only
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(g, inputs), want), 1e-5);
}

TEST(FcInputPermutationTest, SharedTransposeOutputIsLeftAlone) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 2, 3});  // already NHWC
  ir::ValueId t, f, y;
  Op(g, op::kTranspose, {x}, "t", &t).attrs.set("perm", std::vector<int64_t>{0, 3, 1, 2});
  Op(g, op::kReshape, {t}, "flatten", &f).attrs.set("shape", std::vector<int64_t>{1, 12});
  Op(g, op::kFullyConnected, {f, RandomConst(g, "w", {2, 12}, 1)}, "fc", &y);
  g.outputs().push_back(y);
  g.outputs().push_back(t);  // the NCHW map is also an output
  ir::InferShapes(g);
  EXPECT_EQ(FoldTransposesIntoFullyConnected(g), 0);
}

}  // namespace
}  // namespace neo::passes
