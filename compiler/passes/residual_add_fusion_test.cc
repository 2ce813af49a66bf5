#include "compiler/passes/residual_add_fusion.h"

#include <gtest/gtest.h>

#include <tuple>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/memory_plan.h"
#include "compiler/passes/pipeline.h"

namespace neo::passes {
namespace {

using ir::testing::Conv;
using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

// x[1,6,5,5] -> Conv -> Relu -> t; a = Relu(Conv(t)); u = Conv(a) (1x1, no bias);
// y = Relu(u + t): a ResNet basic block without normalization. `t_also_output`: t is a
// graph output too. `read_t_after`: a Relu after the Add reads t again. `conv_of_t`: u
// is Conv(t) itself, so the convolution would read the buffer it writes.
ir::Graph Block(bool t_also_output = false, bool read_t_after = false, bool conv_of_t = false) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 6, 5, 5});
  ir::ValueId c0, t, c1, a, u, s, y;
  Conv(g, x, RandomConst(g, "w0", {6, 6, 1, 1}, 1), RandomConst(g, "b0", {6}, 2), "conv0", &c0);
  Op(g, op::kRelu, {c0}, "relu0", &t);
  Conv(g, t, RandomConst(g, "w1", {6, 6, 3, 3}, 3), RandomConst(g, "b1", {6}, 4), "conv1", &c1,
       {1, 1, 1, 1});
  Op(g, op::kRelu, {c1}, "relu1", &a);
  Conv(g, conv_of_t ? t : a, RandomConst(g, "w2", {6, 6, 1, 1}, 5), ir::kNoValue, "conv2", &u);
  Op(g, op::kAdd, {u, t}, "add", &s);
  Op(g, op::kRelu, {s}, "relu2", &y);
  g.outputs() = {y};
  if (read_t_after) {
    ir::ValueId z;
    Op(g, op::kRelu, {t}, "late_reader", &z);
    g.outputs().push_back(z);
  }
  if (t_also_output) g.outputs().push_back(t);
  ir::InferShapes(g);
  return g;
}

const ir::Node* FusedConv(const ir::Graph& g) {
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConv2D && n.inputs.size() == 4) return &n;
  }
  return nullptr;
}

TEST(ResidualAddFusionTest, AddAfterConvolutionRunsInsideIt) {
  const ir::Graph before = Block();
  ir::Graph after = before;
  RunStandardPasses(after);
  EXPECT_EQ(CountOps(after, op::kAdd), 0);
  const ir::Node* fused = FusedConv(after);
  ASSERT_NE(fused, nullptr);
  EXPECT_EQ(fused->inputs[2], ir::kNoValue);  // conv2 had no bias
  EXPECT_EQ(fused->attrs.GetFloat("act_min"),
            0.0);  // the Relu after the Add came along
  const auto in = ir::testing::RandomInputs(before, 4);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
  // The output is written over the residual's buffer.
  const MemoryPlan plan = PlanMemory(after);
  const ir::ValueId r = fused->inputs[3], y = fused->outputs[0];
  EXPECT_EQ(plan.offsets[static_cast<size_t>(y)], plan.offsets[static_cast<size_t>(r)]);
  EXPECT_EQ(plan.alias_of[static_cast<size_t>(y)], r);
  // and nothing else lives in it meanwhile: the convolution's input is elsewhere.
  EXPECT_NE(plan.offsets[static_cast<size_t>(fused->inputs[0])],
            plan.offsets[static_cast<size_t>(r)]);
}

TEST(ResidualAddFusionTest, ResidualStillNeededStaysAnAdd) {
  // t is a graph output, read after the Add, or read by the convolution itself.
  for (const auto& [output, later, conv_of_t] :
       {std::tuple{true, false, false}, {false, true, false}, {false, false, true}}) {
    const ir::Graph before = Block(output, later, conv_of_t);
    ir::Graph after = before;
    RunStandardPasses(after);
    EXPECT_EQ(CountOps(after, op::kAdd), 1) << output << later << conv_of_t;
    EXPECT_EQ(FusedConv(after), nullptr);
    const auto in = ir::testing::RandomInputs(before, 5);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                      ir::testing::Interpret(after, in)),
              1e-5);
  }
}

TEST(ResidualAddFusionTest, TargetsWithoutSuchConvolutionsKeepTheirAdds) {
  ir::Graph g = Block();
  PassOptions options;
  options.onednn_convolutions = false;
  RunStandardPasses(g, nullptr, options);
  EXPECT_EQ(CountOps(g, op::kAdd), 1);
  EXPECT_EQ(FusedConv(g), nullptr);
}

TEST(ResidualAddFusionTest, ConvolutionReadTwiceIsLeftAlone) {
  ir::Graph g = Block();
  // conv2's output u also becomes a graph output.
  for (const ir::Node& n : g.nodes()) {
    if (n.name == "conv2") g.outputs().push_back(n.outputs[0]);
  }
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kAdd), 1);
}

}  // namespace
}  // namespace neo::passes
