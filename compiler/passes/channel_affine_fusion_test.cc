#include "compiler/passes/channel_affine_fusion.h"

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

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 3);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(after, in)),
            1e-6);
}

// NHWC: Concat(a[1,4,4,3], b[1,4,4,5]) on the channels, Mul by s, Add b with a ReLU clamp.
ir::Graph Decomposed(int64_t concat_axis = 3, bool read_product_twice = false,
                     ir::Shape scale_shape = {8}) {
  ir::Graph g;
  const ir::ValueId a = Input(g, "a", {1, 4, 4, 3});
  const ir::ValueId b = Input(g, "b", concat_axis == 3 ? ir::Shape{1, 4, 4, 5} : ir::Shape{1, 4, 4, 3});
  const int64_t c = concat_axis == 3 ? 8 : 3;
  if (concat_axis != 3) scale_shape = {c};
  ir::ValueId cat, product, y;
  Op(g, op::kConcat, {a, b}, "cat", &cat).attrs.set("axis", concat_axis);
  Op(g, op::kMul, {RandomConst(g, "scale", scale_shape, 1), cat}, "mul", &product);
  ir::Node& add = Op(g, op::kAdd, {product, RandomConst(g, "shift", {1, 1, c}, 2)}, "add", &y);
  add.attrs.set("act_min", 0.0);
  g.outputs() = {y};
  if (read_product_twice) g.outputs().push_back(product);
  ir::InferShapes(g);
  return g;
}

TEST(ChannelAffineFusionTest, ConcatMulAddBecomeOneNode) {
  ir::Graph g = Decomposed();
  const ir::Graph before = g;
  EXPECT_EQ(FuseChannelAffines(g), 1);
  ASSERT_EQ(g.nodes().size(), 1u);
  const ir::Node& n = g.nodes()[0];
  EXPECT_EQ(n.op, op::kChannelAffine);
  EXPECT_EQ(n.inputs.size(), 4u);  // scale, shift, a, b
  EXPECT_EQ(n.inputs[2], g.inputs()[0]);
  EXPECT_EQ(n.inputs[3], g.inputs()[1]);
  EXPECT_EQ(n.attrs.GetFloat("act_min"), 0.0);
  EXPECT_EQ(n.outputs[0], g.outputs()[0]);
  ir::Graph checked = g;
  ir::InferShapes(checked);
  ExpectSameResults(before, g);
}

TEST(ChannelAffineFusionTest, AConcatOnAnotherAxisStaysAndFeedsTheAffine) {
  ir::Graph g = Decomposed(/*concat_axis=*/2);
  const ir::Graph before = g;
  EXPECT_EQ(FuseChannelAffines(g), 1);
  EXPECT_EQ(CountOps(g, op::kConcat), 1);
  EXPECT_EQ(CountOps(g, op::kChannelAffine), 1);
  ExpectSameResults(before, g);
}

// A product read elsewhere keeps its Add: the Mul alone becomes the affine (zero shift).
TEST(ChannelAffineFusionTest, ASharedProductLeavesTheAddAndScalesAlone) {
  ir::Graph g = Decomposed(3, /*read_product_twice=*/true);
  const ir::Graph before = g;
  EXPECT_EQ(FuseChannelAffines(g), 1);
  EXPECT_EQ(CountOps(g, op::kAdd), 1);
  EXPECT_EQ(CountOps(g, op::kConcat), 0);
  ExpectSameResults(before, g);
}

TEST(ChannelAffineFusionTest, OtherScaleShapesStay) {
  ir::Graph per_row = Decomposed(3, false, {4, 1, 8});  // varies along another axis too
  EXPECT_EQ(FuseChannelAffines(per_row), 0);
}

// Squeeze-excitation: x times a gate computed from x, one value per channel.
TEST(ChannelAffineFusionTest, AComputedGateScalesAlone) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 5, 5, 6});
  const ir::ValueId pre = Input(g, "pre", {1, 1, 1, 6});
  ir::ValueId gate, y;
  Op(g, op::kSigmoid, {pre}, "gate", &gate);
  Op(g, op::kMul, {x, gate}, "scale", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  const ir::Graph before = g;
  EXPECT_EQ(FuseChannelAffines(g), 1);
  ASSERT_EQ(g.nodes().size(), 2u);
  const ir::Node& n = g.nodes()[1];
  EXPECT_EQ(n.op, op::kChannelAffine);
  EXPECT_EQ(n.inputs[0], gate);
  EXPECT_TRUE(g.value(n.inputs[1]).is_constant());
  EXPECT_EQ(n.inputs[2], x);
  ir::Graph checked = g;
  ir::InferShapes(checked);
  ExpectSameResults(before, g);
}

// DenseNet's layer as exported (NCHW): Concat, BatchNorm, Relu, Conv. After the standard
// passes the concatenation, the BatchNorm and the ReLU are one ChannelAffine.
TEST(ChannelAffineFusionTest, DenseNetLayerAfterTheStandardPasses) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 4, 5, 5});
  ir::ValueId a, b, cat, bn, relu, y;
  ir::testing::Conv(g, x, RandomConst(g, "wa", {6, 4, 1, 1}, 1), ir::kNoValue, "conva", &a);
  ir::testing::Conv(g, x, RandomConst(g, "wb", {2, 4, 3, 3}, 2), ir::kNoValue, "convb", &b,
                    {1, 1, 1, 1});
  Op(g, op::kConcat, {a, b}, "cat", &cat).attrs.set("axis", int64_t{1});
  ir::Node& norm = Op(g, op::kBatchNorm,
                      {cat, RandomConst(g, "g", {8}, 3), RandomConst(g, "beta", {8}, 4),
                       RandomConst(g, "m", {8}, 5), RandomConst(g, "v", {8}, 6, 0.5f, 2.0f)},
                      "bn", &bn);
  norm.attrs.set("epsilon", 1e-5);
  Op(g, op::kRelu, {bn}, "relu", &relu);
  ir::testing::Conv(g, relu, RandomConst(g, "wc", {3, 8, 1, 1}, 7), ir::kNoValue, "convc", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  const ir::Graph before = g;
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kChannelAffine), 1);
  EXPECT_EQ(CountOps(g, op::kConcat), 0);
  EXPECT_EQ(CountOps(g, op::kMul), 0);
  EXPECT_EQ(CountOps(g, op::kAdd), 0);
  auto in = ir::testing::RandomInputs(before, 4);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-5);
}

}  // namespace
}  // namespace neo::passes
