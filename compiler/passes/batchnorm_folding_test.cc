#include "compiler/passes/batchnorm_folding.h"

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

// BatchNorm with random parameters (variance positive).
ir::Node& AddBatchNorm(ir::Graph& g, ir::ValueId x, int64_t c, const std::string& name,
                       ir::ValueId* out, unsigned seed) {
  ir::ValueId scale = RandomConst(g, name + "_g", {c}, seed);
  ir::ValueId bias = RandomConst(g, name + "_b", {c}, seed + 1);
  ir::ValueId mean = RandomConst(g, name + "_m", {c}, seed + 2);
  ir::ValueId var = RandomConst(g, name + "_v", {c}, seed + 3, 0.5f, 2.0f);
  ir::Node& n = Op(g, op::kBatchNorm, {x, scale, bias, mean, var}, name, out);
  n.attrs.set("epsilon", 1e-3);
  return n;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 3);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(after, in)),
            1e-5);
}

TEST(BatchNormFoldingTest, FoldsIntoConvWithAndWithoutBias) {
  for (bool with_bias : {false, true}) {
    ir::Graph g;
    ir::ValueId x = Input(g, "x", {1, 3, 6, 6});
    ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
    ir::ValueId b = with_bias ? RandomConst(g, "b", {4}, 2) : ir::kNoValue;
    ir::ValueId y, z;
    ir::testing::Conv(g, x, w, b, "conv", &y, {1, 1, 1, 1});
    AddBatchNorm(g, y, 4, "bn", &z, 10);
    g.outputs() = {z};
    ir::InferShapes(g);
    ir::Graph before = g;
    EXPECT_EQ(FoldBatchNorms(g), 1);
    ASSERT_EQ(g.nodes().size(), 1u);
    const ir::Node& conv = g.nodes()[0];
    EXPECT_EQ(conv.op, op::kConv2D);
    ASSERT_EQ(conv.inputs.size(), 3u);
    EXPECT_EQ(conv.outputs[0], z);
    // The original weights are untouched: they may be shared.
    EXPECT_NE(conv.inputs[1], w);
    EXPECT_EQ(g.value(conv.inputs[2]).shape, (ir::Shape{4}));
    ExpectSameResults(before, g);
  }
}

TEST(BatchNormFoldingTest, SharedConvOutputBecomesMulAdd) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3, 4, 5});
  ir::ValueId w = RandomConst(g, "w", {3, 3, 1, 1}, 1);
  ir::ValueId y, z, s;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &y);
  AddBatchNorm(g, y, 3, "bn", &z, 10);
  Op(g, op::kAdd, {z, y}, "sum", &s);  // y has two readers: no folding into the conv
  g.outputs() = {s};
  ir::InferShapes(g);
  ir::Graph before = g;
  EXPECT_EQ(FoldBatchNorms(g), 1);
  EXPECT_EQ(CountOps(g, op::kBatchNorm), 0);
  EXPECT_EQ(CountOps(g, op::kMul), 1);
  EXPECT_EQ(CountOps(g, op::kAdd), 2);
  // Per-channel constants broadcast along axis 1 of NCHW.
  const ir::Node& mul = g.nodes()[1];
  ASSERT_EQ(mul.op, op::kMul);
  EXPECT_EQ(g.value(mul.inputs[1]).shape, (ir::Shape{3, 1, 1}));
  ir::InferShapes(g);
  ExpectSameResults(before, g);
}

TEST(BatchNormFoldingTest, NHWCAndRankTwoShapes) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 4, 4, 3});
  ir::ValueId v = Input(g, "v", {5, 3});
  ir::ValueId y, z;
  AddBatchNorm(g, x, 3, "bn", &y, 1).attrs.set("layout", std::string("NHWC"));
  AddBatchNorm(g, v, 3, "bn1d", &z, 20);
  g.outputs() = {y, z};
  ir::InferShapes(g);
  ir::Graph before = g;
  EXPECT_EQ(FoldBatchNorms(g), 2);
  EXPECT_EQ(g.value(g.nodes()[0].inputs[1]).shape, (ir::Shape{3}));
  EXPECT_EQ(g.value(g.nodes()[2].inputs[1]).shape, (ir::Shape{3}));
  ExpectSameResults(before, g);
}

TEST(BatchNormFoldingTest, ConvWithFusedActivationIsNotFoldedInto) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 3, 3});
  ir::ValueId w = RandomConst(g, "w", {2, 2, 1, 1}, 1);
  ir::ValueId y, z;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &y).attrs.set("act_min", 0.0);
  AddBatchNorm(g, y, 2, "bn", &z, 10);
  g.outputs() = {z};
  ir::InferShapes(g);
  ir::Graph before = g;
  EXPECT_EQ(FoldBatchNorms(g), 1);
  EXPECT_EQ(CountOps(g, op::kConv2D), 1);
  EXPECT_EQ(CountOps(g, op::kMul), 1);
  ExpectSameResults(before, g);
}

}  // namespace
}  // namespace neo::passes
