#include "compiler/passes/layer_activation_fusion.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/activation_fusion.h"

namespace neo::passes {
namespace {

using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

// The graph before and after `fuse` compute the same outputs (the interpreter runs the
// fused layers through the reference kernels, which apply the activation).
template <typename F>
void ExpectSameResults(ir::Graph& g, F fuse) {
  ir::InferShapes(g);
  const ir::Graph before = g;
  fuse(g);
  ir::InferShapes(g);
  auto in = ir::testing::RandomInputs(g, 7);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(g, in)),
            1e-5);
}

ir::ValueId Conv(ir::Graph& g, ir::ValueId x, const std::string& name) {
  ir::ValueId w = RandomConst(g, name + "/w", {4, 3, 3, 3}, 3);
  ir::ValueId b = RandomConst(g, name + "/b", {4}, 4);
  ir::ValueId y;
  ir::testing::Conv(g, x, w, b, name, &y, {1, 1, 1, 1});
  return y;
}

ir::Node& HardSigmoid(ir::Graph& g, ir::ValueId x, double alpha, double beta,
                      const std::string& name, ir::ValueId* out) {
  ir::Node& n = Op(g, op::kHardSigmoid, {x}, name, out);
  n.attrs.set("alpha", alpha);
  n.attrs.set("beta", beta);
  return n;
}

TEST(LayerActivationFusionTest, SwishAndHardSwishFromTheirProducts) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 6, 6});
  ir::ValueId c1 = Conv(g, x, "c1"), s, y1;
  Op(g, op::kSigmoid, {c1}, "sig", &s);
  Op(g, op::kMul, {s, c1}, "swish", &y1);  // the gate first: either order is the product
  ir::ValueId w2 = RandomConst(g, "c2/w", {3, 4, 1, 1}, 5), c2, h, y2;
  ir::testing::Conv(g, y1, w2, ir::kNoValue, "c2", &c2, {0, 0, 0, 0});
  HardSigmoid(g, c2, 1.0f / 6.0f, 0.5, "hsig", &h);  // a float's 1/6, as exporters write it
  Op(g, op::kMul, {c2, h}, "hswish", &y2);
  g.outputs() = {y2};
  ExpectSameResults(g, [](ir::Graph& g) { EXPECT_EQ(FuseLayerActivations(g), 2); });
  ASSERT_EQ(g.nodes().size(), 2u);
  EXPECT_EQ(g.nodes()[0].attrs.GetString("act_fn"), "Swish");
  EXPECT_EQ(g.nodes()[0].outputs[0], y1);
  EXPECT_EQ(g.nodes()[1].attrs.GetString("act_fn"), "HardSwish");
  EXPECT_EQ(g.nodes()[1].outputs[0], y2);  // the graph output keeps its value
}

TEST(LayerActivationFusionTest, GatesOnConvAndFullyConnected) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 8});
  ir::ValueId w1 = RandomConst(g, "w1", {5, 8}, 1), f1, s, w2 = RandomConst(g, "w2", {6, 5}, 2),
              f2, h, w3 = RandomConst(g, "w3", {4, 6}, 3), f3, hs;
  Op(g, op::kFullyConnected, {x, w1}, "fc1", &f1);
  Op(g, op::kSigmoid, {f1}, "sig", &s);
  Op(g, op::kFullyConnected, {s, w2}, "fc2", &f2);
  HardSigmoid(g, f2, 0.2, 0.4, "hsig", &h);
  Op(g, op::kFullyConnected, {h, w3}, "fc3", &f3);
  Op(g, op::kHardSwish, {f3}, "hswish", &hs);
  g.outputs() = {hs};
  ExpectSameResults(g, [](ir::Graph& g) { EXPECT_EQ(FuseLayerActivations(g), 3); });
  ASSERT_EQ(g.nodes().size(), 3u);
  EXPECT_EQ(g.nodes()[0].attrs.GetString("act_fn"), "Sigmoid");
  EXPECT_EQ(g.nodes()[1].attrs.GetString("act_fn"), "HardSigmoid");
  EXPECT_FLOAT_EQ(g.nodes()[1].attrs.GetFloat("act_alpha"), 0.2);
  EXPECT_FLOAT_EQ(g.nodes()[1].attrs.GetFloat("act_beta"), 0.4);
  EXPECT_EQ(g.nodes()[2].attrs.GetString("act_fn"), "HardSwish");
}

TEST(LayerActivationFusionTest, AClampAfterTheActivationStillFusesAndRunsAfterIt) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 5, 5});
  ir::ValueId c = Conv(g, x, "c"), s, m, y;
  Op(g, op::kSigmoid, {c}, "sig", &s);
  Op(g, op::kMul, {c, s}, "swish", &m);
  ir::Node& clamp = Op(g, op::kClamp, {m}, "clamp", &y);
  clamp.attrs.set("min", 0.1);
  clamp.attrs.set("max", 0.3);
  g.outputs() = {y};
  ExpectSameResults(g, [](ir::Graph& g) {
    EXPECT_EQ(FuseLayerActivations(g), 1);
    EXPECT_EQ(FuseActivations(g), 1);
  });
  ASSERT_EQ(g.nodes().size(), 1u);
  EXPECT_EQ(g.nodes()[0].attrs.GetString("act_fn"), "Swish");
  EXPECT_DOUBLE_EQ(g.nodes()[0].attrs.GetFloat("act_min"), 0.1);
}

TEST(LayerActivationFusionTest, LeavesWhatIsNotALayersOwnActivation) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 5, 5});
  // c1 is read by a third node: the Swish product must stay apart.
  ir::ValueId c1 = Conv(g, x, "c1"), s1, m1, extra;
  Op(g, op::kSigmoid, {c1}, "sig1", &s1);
  Op(g, op::kMul, {c1, s1}, "mul1", &m1);
  Op(g, op::kNeg, {c1}, "extra", &extra);
  // c2 already has a clamp: a sigmoid after it is not the layer's activation.
  ir::ValueId c2 = Conv(g, x, "c2"), s2;
  g.nodes().back().attrs.set("act_min", 0.0);
  Op(g, op::kSigmoid, {c2}, "sig2", &s2);
  // A HardSigmoid other than x / 6 + 1/2 times x is not hard-swish.
  ir::ValueId c3 = Conv(g, x, "c3"), h3, m3;
  HardSigmoid(g, c3, 0.2, 0.5, "hsig3", &h3);
  Op(g, op::kMul, {c3, h3}, "mul3", &m3);
  // The layer output is a graph output itself.
  ir::ValueId c4 = Conv(g, x, "c4"), s4;
  Op(g, op::kSigmoid, {c4}, "sig4", &s4);
  g.outputs() = {m1, extra, s2, m3, c4, s4};
  ExpectSameResults(g, [](ir::Graph& g) { EXPECT_EQ(FuseLayerActivations(g), 0); });
  EXPECT_EQ(g.nodes().size(), 11u);
}

}  // namespace
}  // namespace neo::passes
