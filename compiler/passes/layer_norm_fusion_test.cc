#include "compiler/passes/layer_norm_fusion.h"

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

ir::Node& Mean(ir::Graph& g, ir::ValueId x, int64_t axis, const std::string& name, ir::ValueId* out) {
  ir::Node& n = Op(g, op::kReduce, {x}, name, out);
  n.attrs.set("kind", std::string("mean"));
  n.attrs.set("axes", std::vector<int64_t>{axis});
  n.attrs.set("keepdims", int64_t{1});
  return n;
}

// The opset-14 export of nn.LayerNorm over the last of x's 3 axes (C = 8).
ir::Graph Decomposed(bool scale, bool bias, int64_t axis = 2, bool read_d_twice = false) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {2, 5, 8});
  ir::ValueId mean, d, sq, var, ve, s, y;
  Mean(g, x, axis, "mean", &mean);
  Op(g, op::kSub, {x, mean}, "sub", &d);
  Op(g, op::kMul, {d, d}, "square", &sq);
  Mean(g, sq, axis, "var", &var);
  Op(g, op::kAdd, {var, g.AddFloatConstant("eps", {}, {1e-5f})}, "add_eps", &ve);
  Op(g, op::kSqrt, {ve}, "sqrt", &s);
  Op(g, op::kDiv, {d, s}, "div", &y);
  if (scale) Op(g, op::kMul, {y, RandomConst(g, "gamma", {8}, 1, 0.5f, 1.5f)}, "scale", &y);
  if (bias) Op(g, op::kAdd, {RandomConst(g, "beta", {1, 1, 8}, 2), y}, "bias", &y);
  g.outputs() = {y};
  if (read_d_twice) g.outputs().push_back(d);
  ir::InferShapes(g);
  return g;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 5);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
}

TEST(LayerNormFusionTest, TheExportedChainBecomesOneLayerNorm) {
  for (bool scale : {false, true}) {
    for (bool bias : {false, true}) {
      ir::Graph g = Decomposed(scale, bias);
      const ir::Graph before = g;
      EXPECT_EQ(FuseLayerNorms(g), 1);
      ASSERT_EQ(g.nodes().size(), 1u);
      const ir::Node& ln = g.nodes()[0];
      EXPECT_EQ(ln.op, op::kLayerNorm);
      EXPECT_EQ(ln.outputs[0], g.outputs()[0]);
      EXPECT_EQ(ln.attrs.GetInt("axis"), 2);
      EXPECT_FLOAT_EQ(static_cast<float>(ln.attrs.GetFloat("epsilon")), 1e-5f);
      EXPECT_EQ(ln.inputs.size(), bias ? 3u : scale ? 2u : 1u);
      if (bias && !scale) EXPECT_EQ(ln.inputs[1], ir::kNoValue);
      ir::Graph checked = g;
      ir::InferShapes(checked);
      ExpectSameResults(before, g);
    }
  }
}

TEST(LayerNormFusionTest, AnotherAxisOrAnIntermediateReadElsewhereStays) {
  ir::Graph other_axis = Decomposed(true, true, 1);
  EXPECT_EQ(FuseLayerNorms(other_axis), 0);
  ir::Graph shared = Decomposed(true, true, 2, true);
  EXPECT_EQ(FuseLayerNorms(shared), 0);
  EXPECT_EQ(CountOps(shared, op::kLayerNorm), 0);
}

}  // namespace
}  // namespace neo::passes
