#include "compiler/passes/conv_tap_pruning.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::passes {
namespace {

using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;

struct Geometry {
  int64_t size_h, size_w;  // input
  int64_t kernel_h, kernel_w;
  std::vector<int64_t> strides, dilations, pads;
  int64_t group = 1;
};

// x [1, 4, H, W] -> Conv2D (with bias) -> y, the graph output.
ir::Graph Convolution(const Geometry& c) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 4, c.size_h, c.size_w});
  const ir::ValueId w = RandomConst(g, "w", {6, 4 / c.group, c.kernel_h, c.kernel_w}, 3);
  const ir::ValueId b = RandomConst(g, "b", {6}, 4);
  ir::ValueId y;
  ir::Node& conv = Op(g, ir::op::kConv2D, {x, w, b}, "conv", &y);
  conv.attrs.set("strides", c.strides);
  conv.attrs.set("dilations", c.dilations);
  conv.attrs.set("pads", c.pads);
  conv.attrs.set("group", c.group);
  g.outputs() = {y};
  ir::InferShapes(g);
  return g;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  ir::Graph checked = after;
  ir::InferShapes(checked);
  EXPECT_EQ(checked.value(after.outputs()[0]).shape, before.value(before.outputs()[0]).shape);
  for (unsigned seed : {1u, 2u}) {
    auto in = ir::testing::RandomInputs(before, seed);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                      ir::testing::Interpret(after, in)),
              1e-5);
  }
}

const ir::Shape& KernelShape(const ir::Graph& g) { return g.value(g.nodes()[0].inputs[1]).shape; }

// DeepLab's pyramid: 3x3 dilated by 24 or 36 on 14x14, padded by as much. Only the
// centre tap ever reads the input, so the convolution becomes 1x1 without padding.
TEST(ConvTapPruningTest, AtrousRatesBeyondTheMapLeaveTheCentre) {
  for (int64_t rate : {14, 24, 36}) {
    ir::Graph g = Convolution({14, 14, 3, 3, {1, 1}, {rate, rate}, {rate, rate, rate, rate}});
    const ir::Graph before = g;
    EXPECT_EQ(PruneConvTaps(g), 1);
    EXPECT_EQ(KernelShape(g), (ir::Shape{6, 4, 1, 1}));
    EXPECT_EQ(g.nodes()[0].attrs.GetInts("pads"), (std::vector<int64_t>{0, 0, 0, 0}));
    EXPECT_EQ(g.nodes()[0].attrs.GetInts("dilations"), (std::vector<int64_t>{1, 1}));
    ExpectSameResults(before, g);
  }
}

// One dimension shrinks, the other keeps its taps: a 14x40 map, rate 20 both ways.
TEST(ConvTapPruningTest, EachDimensionOnItsOwn) {
  ir::Graph g = Convolution({14, 40, 3, 3, {1, 1}, {20, 20}, {20, 20, 20, 20}});
  const ir::Graph before = g;
  EXPECT_EQ(PruneConvTaps(g), 1);
  EXPECT_EQ(KernelShape(g), (ir::Shape{6, 4, 1, 3}));
  EXPECT_EQ(g.nodes()[0].attrs.GetInts("pads"), (std::vector<int64_t>{0, 20, 0, 20}));
  EXPECT_EQ(g.nodes()[0].attrs.GetInts("dilations"), (std::vector<int64_t>{20, 20}));
  ExpectSameResults(before, g);
}

// Only the trailing rows read nothing (asymmetric padding, stride 2, grouped): a 5x5
// kernel keeps its first two rows and all its columns.
TEST(ConvTapPruningTest, TrailingTapsWithStrideAndGroups) {
  ir::Graph g = Convolution({6, 9, 5, 5, {2, 1}, {4, 2}, {0, 4, 13, 4}, 2});
  const ir::Graph before = g;
  EXPECT_EQ(PruneConvTaps(g), 1);
  EXPECT_EQ(KernelShape(g), (ir::Shape{6, 2, 2, 5}));
  EXPECT_EQ(g.nodes()[0].attrs.GetInts("pads"), (std::vector<int64_t>{0, 4, 1, 4}));
  ExpectSameResults(before, g);
}

// Every tap reads the input somewhere (DeepLab's rate 12 on 14x14, an ordinary padded
// 3x3), or a shorter kernel would need negative padding: nothing changes.
TEST(ConvTapPruningTest, KeepsKernelsWhoseTapsAllReadTheInput) {
  for (const Geometry& c : {Geometry{14, 14, 3, 3, {1, 1}, {12, 12}, {12, 12, 12, 12}},
                            Geometry{7, 7, 3, 3, {1, 1}, {1, 1}, {1, 1, 1, 1}},
                            Geometry{4, 4, 3, 3, {1, 1}, {3, 3}, {2, 2, 1, 1}}}) {
    ir::Graph g = Convolution(c);
    EXPECT_EQ(PruneConvTaps(g), 0);
    EXPECT_EQ(KernelShape(g), (ir::Shape{6, 4, 3, 3}));
  }
}

}  // namespace
}  // namespace neo::passes
