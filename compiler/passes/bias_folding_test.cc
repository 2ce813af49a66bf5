#include "compiler/passes/bias_folding.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::passes {
namespace {

using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 3);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
}

TEST(BiasFoldingTest, PerChannelAddsBecomeTheConvolutionsBiasInEitherLayout) {
  for (const std::string layout : {"NCHW", "NHWC"}) {
    for (bool with_bias : {false, true}) {
      for (const ir::Shape& b_shape : layout == "NHWC"
                                          ? std::vector<ir::Shape>{{4}, {1, 1, 1, 4}}
                                          : std::vector<ir::Shape>{{4, 1, 1}, {1, 4, 1, 1}}) {
        ir::Graph g;
        const ir::ValueId x = Input(g, "x", layout == "NHWC" ? ir::Shape{1, 6, 6, 3} : ir::Shape{1, 3, 6, 6});
        const ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
        const ir::ValueId b = with_bias ? RandomConst(g, "b", {4}, 2) : ir::kNoValue;
        ir::ValueId y, z;
        ir::testing::Conv(g, x, w, b, "conv", &y, {1, 1, 1, 1}).attrs.set("layout", layout);
        Op(g, op::kAdd, {RandomConst(g, "add", b_shape, 3), y}, "bias_add", &z);
        g.outputs() = {z};
        ir::InferShapes(g);
        const ir::Graph before = g;
        EXPECT_EQ(FoldBiasAdds(g), 1) << layout;
        ASSERT_EQ(g.nodes().size(), 1u);
        EXPECT_EQ(g.nodes()[0].outputs[0], z);
        ASSERT_EQ(g.nodes()[0].inputs.size(), 3u);
        if (with_bias) EXPECT_NE(g.nodes()[0].inputs[2], b);  // b may be shared
        ExpectSameResults(before, g);
      }
    }
  }
}

TEST(BiasFoldingTest, FullyConnectedTakesARowBias) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {2, 5});
  ir::ValueId y, z;
  Op(g, op::kFullyConnected, {x, RandomConst(g, "w", {3, 5}, 1)}, "fc", &y);
  Op(g, op::kAdd, {y, RandomConst(g, "b", {1, 3}, 2)}, "add", &z);
  g.outputs() = {z};
  ir::InferShapes(g);
  const ir::Graph before = g;
  EXPECT_EQ(FoldBiasAdds(g), 1);
  EXPECT_EQ(CountOps(g, op::kAdd), 0);
  ExpectSameResults(before, g);
}

TEST(BiasFoldingTest, LeavesAddsThatAreNotABias) {
  // A spatially varying constant, an output read twice, a fused activation, and an NHWC
  // bias shape (one value per column) on an NCHW convolution all keep their Add.
  struct Case {
    ir::Shape b_shape;
    bool second_reader, activation;
  };
  for (const Case& c : {Case{{1, 4, 6, 6}, false, false}, Case{{4, 1, 1}, true, false},
                        Case{{4, 1, 1}, false, true}, Case{{6}, false, false}}) {
    ir::Graph g;
    const ir::ValueId x = Input(g, "x", {1, 3, 6, 6});
    ir::ValueId y, z;
    ir::testing::Conv(g, x, RandomConst(g, "w", {4, 3, 3, 3}, 1), ir::kNoValue, "conv", &y,
                      {1, 1, 1, 1});
    if (c.activation) g.nodes()[0].attrs.set("act_min", 0.0);
    Op(g, op::kAdd, {y, RandomConst(g, "b", c.b_shape, 2)}, "add", &z);
    g.outputs() = {z};
    if (c.second_reader) g.outputs().push_back(y);
    ir::InferShapes(g);
    EXPECT_EQ(FoldBiasAdds(g), 0);
    EXPECT_EQ(CountOps(g, op::kAdd), 1);
  }
}

}  // namespace
}  // namespace neo::passes
