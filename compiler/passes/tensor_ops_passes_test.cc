// The tensor operators (ops.h, issue 4) through the passes: the layout rule's table
// (ConvTranspose2D and LRN go NHWC, the plain ops stay NCHW), exact int64 folding of
// indexing operators, and reference results preserved by the whole pipeline.
#include <cstring>

#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/passes/pipeline.h"
#include "gtest/gtest.h"

namespace neo::passes {
namespace {

namespace op = ir::op;
using namespace neo::ir::testing;

TEST(TensorOpsPasses, LayoutTableAndResultsPreserved) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 4, 5, 5});
  ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
  ir::ValueId ct, lrn, red, y;
  ir::Node& c = Op(g, op::kConvTranspose2D, {x, w}, "ct", &ct);
  c.attrs.set("strides", std::vector<int64_t>{2, 2});
  c.attrs.set("pads", std::vector<int64_t>{1, 1, 0, 0});
  c.attrs.set("output_padding", std::vector<int64_t>{1, 0});
  c.attrs.set("layout", std::string("NCHW"));
  ir::Node& l = Op(g, op::kLRN, {ct}, "lrn", &lrn);
  l.attrs.set("size", int64_t{3});
  l.attrs.set("layout", std::string("NCHW"));
  ir::Node& r = Op(g, op::kReduce, {lrn}, "reduce", &red);
  r.attrs.set("kind", std::string("mean"));
  r.attrs.set("axes", std::vector<int64_t>{1});
  r.attrs.set("keepdims", int64_t{1});
  ir::Node& s = Op(g, op::kSlice, {red}, "slice", &y);
  s.attrs.set("starts", std::vector<int64_t>{0, 0, 9, 0});
  s.attrs.set("ends", std::vector<int64_t>{1, 1, -1, 10});
  s.attrs.set("steps", std::vector<int64_t>{1, 1, -2, 3});
  g.outputs() = {y};
  ir::InferShapes(g);
  EXPECT_EQ(g.value(ct).shape, (ir::Shape{1, 3, 11, 10}));
  EXPECT_EQ(g.value(y).shape, (ir::Shape{1, 1, 5, 4}));
  ir::Graph before = g;
  auto inputs = RandomInputs(g, 7);
  RunStandardPasses(g);
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConvTranspose2D || n.op == op::kLRN) {
      EXPECT_EQ(n.attrs.GetString("layout"), "NHWC") << n.op;
    }
  }
  // Reduce reads NCHW: a transpose back sits before it.
  EXPECT_GE(CountOps(g, op::kTranspose), 2);
  EXPECT_LT(MaxAbsDiff(Interpret(before, inputs), Interpret(g, inputs)), 1e-5);
}

TEST(TensorOpsPasses, Int64GatherSliceCastFoldExactly) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2});
  const int64_t big = (int64_t{1} << 40) + 3;  // not representable in float
  ir::ValueId data = g.AddInt64Constant("data", {3}, {7, big, 9});
  ir::ValueId idx = g.AddInt64Constant("idx", {2}, {-2, 0});
  ir::ValueId gathered, sliced, cast, y;
  Op(g, op::kGather, {data, idx}, "gather", &gathered).attrs.set("axis", int64_t{0});
  ir::Node& s = Op(g, op::kSlice, {gathered}, "slice", &sliced);
  s.attrs.set("starts", std::vector<int64_t>{0});
  s.attrs.set("ends", std::vector<int64_t>{1});
  s.attrs.set("steps", std::vector<int64_t>{1});
  Op(g, op::kCast, {sliced}, "cast", &cast).attrs.set("to", std::string("float32"));
  Op(g, op::kAdd, {x, cast}, "add", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  EXPECT_EQ(g.value(gathered).dtype, ir::DType::kInt64);
  EXPECT_EQ(g.value(cast).dtype, ir::DType::kFloat32);
  EXPECT_EQ(FoldConstants(g), 3);
  ASSERT_TRUE(g.value(sliced).is_constant());
  EXPECT_EQ(g.value(sliced).data_as<int64_t>()[0], big);
  EXPECT_FLOAT_EQ(g.value(cast).data_as<float>()[0], static_cast<float>(big));
}

}  // namespace
}  // namespace neo::passes
