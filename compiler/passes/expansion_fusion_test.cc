#include "compiler/passes/expansion_fusion.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  int kernel = 3, stride = 1;
  bool relu6 = false;       // a Clamp [0, 6] after both layers, else a Relu
  bool hard_swish = false;  // HardSwish after both layers instead
  bool expand_bias = true;
  bool expanded_read_twice = false;
  int depthwise_groups = 0;  // 0: one channel per group
};

// x[1,8,11,9] -> 1x1 Conv 8->24 -> activation -> depthwise k x k -> activation -> 1x1
// Conv 24->8: MobileNetV2's inverted residual block without the residual.
ir::Graph Block(const BlockOptions& o) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 8, 11, 9});
  const int64_t c = 24, groups = o.depthwise_groups > 0 ? o.depthwise_groups : c;
  auto activate = [&](ir::ValueId v, const std::string& name) {
    ir::ValueId out;
    if (o.hard_swish) {
      Op(g, op::kHardSwish, {v}, name, &out);
    } else if (o.relu6) {
      ir::Node& n = Op(g, op::kClamp, {v}, name, &out);
      n.attrs.set("min", 0.0);
      n.attrs.set("max", 6.0);
    } else {
      Op(g, op::kRelu, {v}, name, &out);
    }
    return out;
  };
  ir::ValueId e, d, y;
  Conv(g, x, RandomConst(g, "we", {c, 8, 1, 1}, 1),
       o.expand_bias ? RandomConst(g, "be", {c}, 2) : ir::kNoValue, "expand", &e);
  const ir::ValueId a = activate(e, "expand_act");
  const int64_t k = o.kernel, pad = k / 2;
  Conv(g, a, RandomConst(g, "wd", {c, c / groups, k, k}, 3), RandomConst(g, "bd", {c}, 4),
       "depthwise", &d, {pad, pad, pad, pad}, {o.stride, o.stride}, groups);
  const ir::ValueId b = activate(d, "depthwise_act");
  Conv(g, b, RandomConst(g, "wp", {8, c, 1, 1}, 5), RandomConst(g, "bp", {8}, 6), "project", &y);
  g.outputs() = {y};
  if (o.expanded_read_twice) {
    ir::ValueId z;
    Op(g, op::kRelu, {e}, "other_reader", &z);
    g.outputs().push_back(z);
  }
  ir::InferShapes(g);
  return g;
}

const ir::Node* Expanded(const ir::Graph& g) {
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConv2D && n.inputs.size() > 5) return &n;
  }
  return nullptr;
}

// Runs the standard passes and checks the result against the graph before them.
ir::Graph Compile(const ir::Graph& before, const PassOptions& options = {}) {
  ir::Graph after = before;
  RunStandardPasses(after, nullptr, options);
  const auto in = ir::testing::RandomInputs(before, 7);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
  return after;
}

TEST(ExpansionFusionTest, ExpansionRunsInsideTheDepthwiseConvolution) {
  for (const BlockOptions& o :
       {BlockOptions{}, BlockOptions{5, 2}, BlockOptions{3, 2, true},
        BlockOptions{5, 1, false, true}, BlockOptions{3, 1, true, false, false}}) {
    const ir::Graph after = Compile(Block(o));
    EXPECT_EQ(CountOps(after, op::kConv2D), 2) << o.kernel << "/" << o.stride;
    const ir::Node* fused = Expanded(after);
    ASSERT_NE(fused, nullptr);
    EXPECT_EQ(fused->name, "depthwise");
    // It reads the block's input (as the layout pass made it NHWC).
    const int reader = after.Producers()[static_cast<size_t>(fused->inputs[0])];
    ASSERT_GE(reader, 0);
    EXPECT_EQ(after.nodes()[static_cast<size_t>(reader)].op, op::kTranspose);
    EXPECT_EQ(fused->inputs[3], ir::kNoValue);
    EXPECT_EQ(fused->inputs[4], ir::kNoValue);
    EXPECT_EQ(fused->inputs.size(), o.expand_bias ? 7u : 6u);
    if (o.hard_swish) {
      EXPECT_EQ(fused->attrs.GetString("expand_act_fn"), "HardSwish");
      EXPECT_FALSE(fused->attrs.has("expand_act_min"));
    } else {
      EXPECT_EQ(fused->attrs.GetFloat("expand_act_min"), 0.0);
      EXPECT_EQ(fused->attrs.has("expand_act_max"), o.relu6);
    }
  }
}

TEST(ExpansionFusionTest, LeavesOtherPairsApart) {
  BlockOptions read_twice;
  read_twice.expanded_read_twice = true;
  BlockOptions grouped;  // two channels per group: not depthwise
  grouped.depthwise_groups = 12;
  BlockOptions seven;
  seven.kernel = 7;
  for (const BlockOptions& o : {read_twice, grouped, seven}) {
    const ir::Graph after = Compile(Block(o));
    EXPECT_EQ(CountOps(after, op::kConv2D), 3);
    EXPECT_EQ(Expanded(after), nullptr);
  }
  // Targets whose convolutions run on XNNPACK keep the layers apart.
  PassOptions xnnpack;
  xnnpack.onednn_convolutions = false;
  const ir::Graph after = Compile(Block({}), xnnpack);
  EXPECT_EQ(CountOps(after, op::kConv2D), 3);
}

}  // namespace
}  // namespace neo::passes
