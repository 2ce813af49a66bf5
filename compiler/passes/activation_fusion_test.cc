#include "compiler/passes/activation_fusion.h"

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

ir::Node& AddClamp(ir::Graph& g, ir::ValueId x, double lo, double hi, const std::string& name,
                   ir::ValueId* out) {
  ir::Node& n = Op(g, op::kClamp, {x}, name, out);
  n.attrs.set("min", lo);
  n.attrs.set("max", hi);
  return n;
}

TEST(ActivationFusionTest, ReluThenClampIntersectOnConv) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 4, 4});
  ir::ValueId w = RandomConst(g, "w", {3, 2, 3, 3}, 1);
  ir::ValueId c, r, y;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  Op(g, op::kRelu, {c}, "relu", &r);
  AddClamp(g, r, -1, 0.25, "clamp", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  ir::Graph before = g;
  EXPECT_EQ(FuseActivations(g), 2);
  ASSERT_EQ(g.nodes().size(), 1u);
  const ir::Node& conv = g.nodes()[0];
  EXPECT_EQ(conv.attrs.GetFloat("act_min"), 0.0);
  EXPECT_EQ(conv.attrs.GetFloat("act_max"), 0.25);
  EXPECT_EQ(conv.outputs[0], y);  // the graph output keeps its value
  auto in = ir::testing::RandomInputs(g, 5);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-6);
}

TEST(ActivationFusionTest, FusesIntoBinaryPoolAndFullyConnected) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 4, 4});
  ir::ValueId a, ra, p, rp, f, rf, flat;
  Op(g, op::kSub, {x, x}, "sub", &a);
  Op(g, op::kRelu, {a}, "r1", &ra);
  ir::Node& mp = Op(g, op::kMaxPool2D, {ra}, "mp", &p);
  mp.attrs.set("kernel", std::vector<int64_t>{2, 2});
  mp.attrs.set("strides", std::vector<int64_t>{2, 2});
  AddClamp(g, p, 0, 6, "r2", &rp);
  Op(g, op::kReshape, {rp}, "flat", &flat).attrs.set("shape", std::vector<int64_t>{1, 8});
  ir::ValueId w = RandomConst(g, "w", {3, 8}, 1);
  Op(g, op::kFullyConnected, {flat, w}, "fc", &f);
  Op(g, op::kRelu, {f}, "r3", &rf);
  g.outputs() = {rf};
  ir::InferShapes(g);
  EXPECT_EQ(FuseActivations(g), 3);
  EXPECT_EQ(CountOps(g, op::kRelu) + CountOps(g, op::kClamp), 0);
  EXPECT_EQ(g.nodes()[1].attrs.GetFloat("act_max"), 6.0);
}

TEST(ActivationFusionTest, LeavesSharedOutputsOtherProducersAndDisjointRanges) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {4});
  ir::ValueId a, r1, r2, s, rs, m, c1, c2;
  Op(g, op::kAdd, {x, x}, "add", &a);
  Op(g, op::kRelu, {a}, "r1", &r1);
  Op(g, op::kNeg, {a}, "neg", &r2);  // `a` has two readers
  Op(g, op::kSigmoid, {x}, "sig", &s);
  Op(g, op::kRelu, {s}, "r2", &rs);  // Sigmoid carries no activation
  Op(g, op::kMul, {x, x}, "mul", &m).attrs.set("act_max", -1.0);
  AddClamp(g, m, 0, 1, "c", &c1);  // disjoint from (-inf, -1]
  Op(g, op::kIdentity, {c1}, "id", &c2);
  g.outputs() = {r1, r2, rs, c2};
  ir::InferShapes(g);
  EXPECT_EQ(FuseActivations(g), 0);
  EXPECT_EQ(RemoveIdentities(g), 1);
  // The Identity's output is a graph output: the Clamp now writes it.
  EXPECT_EQ(g.nodes().back().op, op::kClamp);
  EXPECT_EQ(g.nodes().back().outputs[0], c2);
}

TEST(ActivationFusionTest, IdentityInsideTheGraphIsBypassed) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {4});
  ir::ValueId i1, y, i2;
  Op(g, op::kIdentity, {x}, "id", &i1);
  Op(g, op::kExp, {i1}, "exp", &y);
  Op(g, op::kIdentity, {x}, "passthrough", &i2);
  g.outputs() = {y, i2};
  ir::InferShapes(g);
  // The second copies a graph input to a graph output: it must stay.
  EXPECT_EQ(RemoveIdentities(g), 1);
  EXPECT_EQ(g.nodes()[0].op, op::kExp);
  EXPECT_EQ(g.nodes()[0].inputs[0], x);
  EXPECT_EQ(CountOps(g, op::kIdentity), 1);
}

}  // namespace
}  // namespace neo::passes
