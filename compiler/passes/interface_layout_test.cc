#include "compiler/passes/interface_layout.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/testing/builders.h"

namespace neo::passes {
namespace {

using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;

// image -> Mul(scale) -> Relu -> Conv2D(layout) -> Relu -> "features";
//                                                  GlobalAveragePool -> Reshape -> FC -> "logits"
ir::Graph Classifier(const std::string& layout) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "image", {1, 3, 8, 8});
  const ir::ValueId scale = RandomConst(g, "scale", {1}, 1);
  ir::ValueId scaled, act, conv, feat, gap, flat, logits;
  Op(g, ir::op::kMul, {x, scale}, "scaled", &scaled);
  Op(g, ir::op::kRelu, {scaled}, "act", &act);
  ir::Node& c = Op(g, ir::op::kConv2D, {act, RandomConst(g, "w", {4, 3, 3, 3}, 2)}, "conv", &conv);
  c.attrs.set("layout", layout);
  Op(g, ir::op::kRelu, {conv}, "features", &feat);
  Op(g, ir::op::kGlobalAveragePool, {feat}, "gap", &gap).attrs.set("layout", layout);
  Op(g, ir::op::kReshape, {gap}, "flat", &flat).attrs.set("shape", std::vector<int64_t>{1, 4});
  Op(g, ir::op::kFullyConnected, {flat, RandomConst(g, "fc", {5, 4}, 3)}, "logits", &logits);
  g.outputs() = {feat, logits};
  return g;
}

TEST(InterfaceLayoutTest, ImagesTakeTheSpatialOperatorsLayoutThroughElementwiseOps) {
  const InterfaceLayouts nchw = FindInterfaceLayouts(Classifier("NCHW"));
  EXPECT_EQ(nchw.inputs, std::vector<std::string>{"NCHW"});
  EXPECT_EQ(nchw.outputs, (std::vector<std::string>{"NCHW", ""}));
  const InterfaceLayouts nhwc = FindInterfaceLayouts(Classifier("NHWC"));
  EXPECT_EQ(nhwc.inputs, std::vector<std::string>{"NHWC"});
  EXPECT_EQ(nhwc.outputs, (std::vector<std::string>{"NHWC", ""}));
}

TEST(InterfaceLayoutTest, ATransposeOrAWeightOperandHasNoImageLayout) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 8, 8, 3});
  const ir::ValueId w = Input(g, "w", {4, 3, 3, 3});  // a weight given as an input
  ir::ValueId t, conv;
  Op(g, ir::op::kTranspose, {x}, "t", &t).attrs.set("perm", std::vector<int64_t>{0, 3, 1, 2});
  Op(g, ir::op::kConv2D, {t, w}, "conv", &conv).attrs.set("layout", std::string("NCHW"));
  g.outputs() = {conv};
  const InterfaceLayouts l = FindInterfaceLayouts(g);
  EXPECT_EQ(l.inputs, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(l.outputs, std::vector<std::string>{"NCHW"});
}

TEST(InterfaceLayoutTest, AnInputThatIsAlsoAnOutputAndUnreadValuesAreRowMajor) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {2, 3});
  g.outputs() = {x};
  const InterfaceLayouts l = FindInterfaceLayouts(g);
  EXPECT_EQ(l.inputs, std::vector<std::string>{""});
  EXPECT_EQ(l.outputs, std::vector<std::string>{""});
}

}  // namespace
}  // namespace neo::passes
