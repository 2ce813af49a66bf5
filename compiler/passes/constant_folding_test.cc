#include "compiler/passes/constant_folding.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::passes {
namespace {

using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
namespace op = ir::op;

std::vector<float> Floats(const ir::Value& v) {
  return std::vector<float>(v.data_as<float>(), v.data_as<float>() + v.num_elements());
}

TEST(ConstantFoldingTest, FoldsChainsOfConstantNodes) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3});
  ir::ValueId c = g.AddFloatConstant("c", {3, 2}, {1, 2, 3, 4, 5, 6});
  ir::ValueId one = g.AddFloatConstant("one", {1}, {1});
  ir::ValueId t, a, n, y;
  Op(g, op::kTranspose, {c}, "t", &t).attrs.set("perm", std::vector<int64_t>{1, 0});
  Op(g, op::kAdd, {t, one}, "a", &a);
  Op(g, op::kNeg, {a}, "n", &n);
  Op(g, op::kMul, {x, n}, "y", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  EXPECT_EQ(FoldConstants(g), 3);
  ASSERT_EQ(g.nodes().size(), 1u);
  EXPECT_EQ(g.nodes()[0].op, op::kMul);
  ASSERT_TRUE(g.value(n).is_constant());
  EXPECT_EQ(g.value(n).shape, (ir::Shape{2, 3}));
  // transpose([[1,2],[3,4],[5,6]]) = [[1,3,5],[2,4,6]], +1, negated.
  EXPECT_EQ(Floats(g.value(n)), (std::vector<float>{-2, -4, -6, -3, -5, -7}));
}

TEST(ConstantFoldingTest, FoldsInt64DataMovementAndFloatBatchNorm) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 1, 1});
  ir::ValueId a = g.AddInt64Constant("a", {2}, {1, 2});
  ir::ValueId b = g.AddInt64Constant("b", {1}, {3});
  ir::ValueId cat;
  Op(g, op::kConcat, {a, b}, "cat", &cat).attrs.set("axis", int64_t{0});
  ir::ValueId k = g.AddFloatConstant("k", {1, 2, 1, 1}, {2, 4});
  ir::ValueId p = g.AddFloatConstant("p", {2}, {1, 1});
  ir::ValueId z = g.AddFloatConstant("z", {2}, {0, 0});
  ir::ValueId bn, y;
  Op(g, op::kBatchNorm, {k, p, z, z, p}, "bn", &bn).attrs.set("epsilon", 0.0);
  Op(g, op::kAdd, {x, bn}, "y", &y);
  g.outputs() = {y, cat};
  ir::InferShapes(g);
  // cat is a graph output: kept as a node so the output stays a computed buffer.
  EXPECT_EQ(FoldConstants(g), 1);
  EXPECT_EQ(CountOps(g, op::kConcat), 1);
  EXPECT_EQ(Floats(g.value(bn)), (std::vector<float>{2, 4}));
  g.outputs() = {y};
  EXPECT_EQ(FoldConstants(g), 1);
  ASSERT_TRUE(g.value(cat).is_constant());
  EXPECT_EQ(g.value(cat).dtype, ir::DType::kInt64);
  const int64_t* d = g.value(cat).data_as<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(d, d + 3), (std::vector<int64_t>{1, 2, 3}));
}

TEST(ConstantFoldingTest, LeavesNodesWithComputedInputsAndPreservesResults) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 4, 4});
  ir::ValueId w = ir::testing::RandomConst(g, "w", {2, 3, 1, 1}, 1);
  ir::ValueId s = ir::testing::RandomConst(g, "s", {2}, 2);
  ir::ValueId r, conv, y;
  Op(g, op::kReshape, {s}, "r", &r).attrs.set("shape", std::vector<int64_t>{2, 1, 1});
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &conv);
  Op(g, op::kMul, {conv, r}, "y", &y);
  g.outputs() = {y};
  ir::InferShapes(g);
  ir::Graph before = g;
  EXPECT_EQ(FoldConstants(g), 1);
  EXPECT_EQ(g.nodes().size(), 2u);
  auto in = ir::testing::RandomInputs(g, 7);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-6);
}

TEST(ConstantFoldingTest, Int64GatherSliceCastFoldExactly) {
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

// Integer constants fold on the typed reference kernels, so a fold gives exactly what the
// generated code would compute at run time: uint8 200 + 100 wraps to 44.
TEST(ConstantFoldingTest, FoldsIntegerArithmeticAsTheTypedKernelsDo) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1});
  ir::ValueId a = g.AddConstant("a", ir::DType::kUInt8, {1}, {200});
  ir::ValueId b = g.AddConstant("b", ir::DType::kUInt8, {1}, {100});
  ir::ValueId i = g.AddInt64Constant("i", {1}, {6});
  ir::ValueId j = g.AddInt64Constant("j", {1}, {7});
  ir::ValueId sum, product, y;
  Op(g, ir::op::kAdd, {a, b}, "sum", &sum);
  Op(g, ir::op::kMul, {i, j}, "product", &product);
  Op(g, ir::op::kAdd, {x, x}, "y", &y);
  g.outputs() = {y, sum, product};
  ir::InferShapes(g);
  g.outputs() = {y};
  ir::ValueId keep_sum, keep_product;
  Op(g, ir::op::kIdentity, {sum}, "keep_sum", &keep_sum);
  Op(g, ir::op::kIdentity, {product}, "keep_product", &keep_product);
  g.outputs() = {y, keep_sum, keep_product};
  ir::InferShapes(g);
  FoldConstants(g);
  ASSERT_TRUE(g.value(sum).is_constant());
  EXPECT_EQ(g.value(sum).data_as<uint8_t>()[0], 44);
  ASSERT_TRUE(g.value(product).is_constant());
  EXPECT_EQ(g.value(product).data_as<int64_t>()[0], 42);
}


}  // namespace
}  // namespace neo::passes
