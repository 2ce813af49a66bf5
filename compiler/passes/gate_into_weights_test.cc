#include "compiler/passes/gate_into_weights.h"

#include <gtest/gtest.h>

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

struct BlockOptions {
  int64_t size = 8;          // height and width
  int64_t out_channels = 4;  // the projection's
  bool gated_also_output = false;
  bool residual = false;  // the projection's output plus the block's input
  bool projection_bias = true;
};

// A squeeze-excitation block as torchvision's EfficientNet exports it, NCHW:
// t = Conv(x) (3x3 depthwise), g = Sigmoid(Conv(Relu(Conv(GlobalAveragePool(t))))),
// m = t * g, y = Conv(m) (1x1 projection), plus x when `residual`.
ir::Graph SeBlock(const BlockOptions& o) {
  ir::Graph g;
  const int64_t c = 8;
  const ir::ValueId x = Input(g, "x", {1, c, o.size, o.size});
  ir::ValueId t, pooled, squeezed, relu, excited, gate, m, y;
  Conv(g, x, RandomConst(g, "wd", {c, 1, 3, 3}, 1), RandomConst(g, "bd", {c}, 2), "dw", &t,
       {1, 1, 1, 1}, {1, 1}, c);
  Op(g, op::kGlobalAveragePool, {t}, "pool", &pooled);
  Conv(g, pooled, RandomConst(g, "w1", {2, c, 1, 1}, 3), RandomConst(g, "b1", {2}, 4), "fc1",
       &squeezed);
  Op(g, op::kRelu, {squeezed}, "relu", &relu);
  Conv(g, relu, RandomConst(g, "w2", {c, 2, 1, 1}, 5), RandomConst(g, "b2", {c}, 6), "fc2",
       &excited);
  Op(g, op::kSigmoid, {excited}, "gate", &gate);
  Op(g, op::kMul, {t, gate}, "mul", &m);
  Conv(g, m, RandomConst(g, "wp", {o.out_channels, c, 1, 1}, 7),
       o.projection_bias ? RandomConst(g, "bp", {o.out_channels}, 8) : ir::kNoValue, "project", &y);
  if (o.residual) {
    ir::ValueId sum;
    Op(g, op::kAdd, {y, x}, "add", &sum);
    y = sum;
  }
  g.outputs() = {y};
  if (o.gated_also_output) g.outputs().push_back(m);
  ir::InferShapes(g);
  return g;
}

const ir::Node* GatedConv(const ir::Graph& g) {
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConv2D && n.inputs.size() == 5) return &n;
  }
  return nullptr;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  const auto in = ir::testing::RandomInputs(before, 9);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
}

TEST(GateIntoWeightsTest, TheProjectionScalesItsWeightsByTheGate) {
  for (bool residual : {false, true}) {
    BlockOptions o;
    o.residual = residual;
    o.out_channels = residual ? 8 : 4;
    const ir::Graph before = SeBlock(o);
    ir::Graph after = before;
    RunStandardPasses(after);
    EXPECT_EQ(CountOps(after, op::kChannelAffine), 0) << residual;
    EXPECT_EQ(CountOps(after, op::kMul), 0) << residual;
    const ir::Node* conv = GatedConv(after);
    ASSERT_NE(conv, nullptr) << residual;
    EXPECT_EQ(conv->inputs[3] != ir::kNoValue, residual);  // the residual stays fused
    // The projection reads the depthwise output itself.
    bool reads_dw = false;
    for (const ir::Node& n : after.nodes()) {
      if (n.op == op::kConv2D && n.outputs[0] == conv->inputs[0]) reads_dw = true;
    }
    EXPECT_TRUE(reads_dw) << residual;
    ExpectSameResults(before, after);
  }
}

TEST(GateIntoWeightsTest, AProjectionWithoutBiasOrResidualTakesTheGateToo) {
  BlockOptions o;
  o.projection_bias = false;  // inputs 2 and 3 absent, the scale at 4
  const ir::Graph before = SeBlock(o);
  ir::Graph after = before;
  RunStandardPasses(after);
  const ir::Node* conv = GatedConv(after);
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->inputs[2], ir::kNoValue);
  EXPECT_EQ(conv->inputs[3], ir::kNoValue);
  ExpectSameResults(before, after);
}

TEST(GateIntoWeightsTest, KeepsTheMultiplyWhereTheWeightsOutweighTheActivations) {
  BlockOptions o;
  o.size = 3;  // 9 pixels against 4 output channels: 4 x 4 > 9
  const ir::Graph before = SeBlock(o);
  ir::Graph after = before;
  RunStandardPasses(after);
  EXPECT_EQ(CountOps(after, op::kChannelAffine), 1);
  EXPECT_EQ(GatedConv(after), nullptr);
  ExpectSameResults(before, after);
}

TEST(GateIntoWeightsTest, KeepsTheMultiplyWhenItsProductIsAlsoAnOutput) {
  BlockOptions o;
  o.gated_also_output = true;
  const ir::Graph before = SeBlock(o);
  ir::Graph after = before;
  RunStandardPasses(after);
  EXPECT_EQ(CountOps(after, op::kChannelAffine), 1);
  EXPECT_EQ(GatedConv(after), nullptr);
  ExpectSameResults(before, after);
}

TEST(GateIntoWeightsTest, TargetsWithoutOnednnConvolutionsKeepTheMultiply) {
  const ir::Graph before = SeBlock(BlockOptions{});
  ir::Graph after = before;
  PassOptions options;
  options.onednn_convolutions = false;  // XNNPACK's convolutions take no input scale
  RunStandardPasses(after, nullptr, options);
  EXPECT_EQ(CountOps(after, op::kChannelAffine), 1);
  EXPECT_EQ(GatedConv(after), nullptr);
  ExpectSameResults(before, after);
}

TEST(GateIntoWeightsTest, OnlyTakesRunTimeGates) {
  // A constant per-channel Mul (a BatchNorm left over) is no gate: ChannelAffine handles
  // it at build-time cost, and weights could have absorbed it at build time anyway.
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 8, 8, 8});
  ir::ValueId t, m, y;
  Op(g, op::kRelu, {x}, "relu", &t);
  Op(g, op::kMul, {t, RandomConst(g, "s", {8, 1, 1}, 1)}, "mul", &m);
  Conv(g, m, RandomConst(g, "w", {4, 8, 1, 1}, 2), ir::kNoValue, "project", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  ir::Graph after = g;
  RunStandardPasses(after);
  EXPECT_EQ(GatedConv(after), nullptr);
  ExpectSameResults(g, after);
}

}  // namespace
}  // namespace neo::passes
