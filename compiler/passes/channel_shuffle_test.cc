#include "compiler/passes/channel_shuffle.h"

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

// x [1, 12, 3, 5] -> Reshape [1, g, 12/g, 3, 5] -> Transpose perm -> Reshape [1, 12, 3, 5],
// as torchvision's shufflenet exports it; Relu after it, so the shuffle is not the output.
ir::Graph Shuffle(int64_t groups, std::vector<int64_t> perm = {0, 2, 1, 3, 4},
                  bool read_transposed_twice = false) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 12, 3, 5});
  ir::ValueId split, swapped, merged, y;
  Op(g, op::kReshape, {x}, "split", &split).attrs.set("shape", std::vector<int64_t>{1, groups, 12 / groups, 3, 5});
  Op(g, op::kTranspose, {split}, "swap", &swapped).attrs.set("perm", perm);
  Op(g, op::kReshape, {swapped}, "merge", &merged).attrs.set("shape", std::vector<int64_t>{1, 12, 3, 5});
  Op(g, op::kRelu, {merged}, "relu", &y);
  g.outputs() = {y};
  if (read_transposed_twice) g.outputs().push_back(swapped);
  ir::InferShapes(g);
  return g;
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 3);
  EXPECT_EQ(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(after, in)), 0.0);
}

TEST(ChannelShuffleTest, ReshapeTransposeReshapeBecomesOneShuffle) {
  for (int64_t groups : {2, 3, 4}) {
    ir::Graph g = Shuffle(groups);
    const ir::Graph before = g;
    EXPECT_EQ(FuseChannelShuffles(g), 1);
    ASSERT_EQ(g.nodes().size(), 2u);
    const ir::Node& shuffle = g.nodes()[0];
    EXPECT_EQ(shuffle.op, op::kChannelShuffle);
    EXPECT_EQ(shuffle.inputs[0], g.inputs()[0]);
    EXPECT_EQ(shuffle.attrs.GetInt("groups"), groups);
    EXPECT_EQ(shuffle.attrs.GetInt("axis"), 1);
    ir::Graph checked = g;
    ir::InferShapes(checked);
    ExpectSameResults(before, g);
  }
}

TEST(ChannelShuffleTest, OtherPermutationsAndSharedValuesStay) {
  ir::Graph other = Shuffle(2, {0, 1, 2, 4, 3});
  EXPECT_EQ(FuseChannelShuffles(other), 0);
  ir::Graph shared = Shuffle(2, {0, 2, 1, 3, 4}, true);
  EXPECT_EQ(FuseChannelShuffles(shared), 0);
  EXPECT_EQ(CountOps(shared, op::kChannelShuffle), 0);
}

// Between NCHW convolutions the whole block runs NHWC: the shuffle and the Slices that
// split its result take the channel axis of NHWC, and no layout transposes are left but
// the two at the model's edges.
TEST(ChannelShuffleTest, AShuffleBlockRunsNHWCWithoutTransposes) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {1, 4, 6, 6});
  ir::ValueId a, b, cat, split, swapped, merged, lo, hi, y;
  ir::testing::Conv(g, x, RandomConst(g, "wa", {6, 4, 1, 1}, 1), ir::kNoValue, "conva", &a);
  ir::testing::Conv(g, x, RandomConst(g, "wb", {6, 4, 1, 1}, 2), ir::kNoValue, "convb", &b);
  Op(g, op::kConcat, {a, b}, "cat", &cat).attrs.set("axis", int64_t{1});
  Op(g, op::kReshape, {cat}, "split", &split).attrs.set("shape", std::vector<int64_t>{1, 2, 6, 6, 6});
  Op(g, op::kTranspose, {split}, "swap", &swapped).attrs.set("perm", std::vector<int64_t>{0, 2, 1, 3, 4});
  Op(g, op::kReshape, {swapped}, "merge", &merged).attrs.set("shape", std::vector<int64_t>{1, 12, 6, 6});
  for (auto [name, start, out] : {std::tuple{"lo", 0, &lo}, std::tuple{"hi", 6, &hi}}) {
    ir::Node& s = Op(g, op::kSlice, {merged}, name, out);
    s.attrs.set("starts", std::vector<int64_t>{0, start, 0, 0});
    s.attrs.set("ends", std::vector<int64_t>{1, start + 6, 6, 6});
    s.attrs.set("steps", std::vector<int64_t>{1, 1, 1, 1});
  }
  ir::testing::Conv(g, hi, RandomConst(g, "wc", {6, 6, 1, 1}, 3), ir::kNoValue, "convc", &hi);
  Op(g, op::kConcat, {lo, hi}, "out", &y).attrs.set("axis", int64_t{1});
  g.outputs() = {y};
  ir::InferShapes(g);
  const ir::Graph before = g;
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kChannelShuffle), 1);
  EXPECT_EQ(CountOps(g, op::kTranspose), 2);  // the input to NHWC, the output back
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kChannelShuffle) {
      EXPECT_EQ(n.attrs.GetInt("axis"), 3);
    }
    if (n.op == op::kSlice) {
      EXPECT_EQ(n.attrs.GetInts("starts")[3] % 6, 0);
    }
  }
  auto in = ir::testing::RandomInputs(before, 4);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-5);
}

}  // namespace
}  // namespace neo::passes
