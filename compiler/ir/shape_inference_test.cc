#include "compiler/ir/shape_inference.h"

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/testing/builders.h"

namespace neo::passes {
namespace {

using ir::Shape;
using ir::testing::Conv;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

std::string InferError(ir::Graph& g) {
  try {
    ir::InferShapes(g);
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput);
    return e.message();
  }
  return "no error";
}

TEST(ShapeInferenceTest, ConvWithPadsStridesGroupsAndDilation) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 8, 10, 12});
  ir::ValueId w = RandomConst(g, "w", {16, 2, 3, 3}, 1);
  ir::ValueId y;
  ir::Node& n = Conv(g, x, w, ir::kNoValue, "conv", &y, {1, 1, 1, 1}, {2, 2}, /*group=*/4);
  n.attrs.set("dilations", std::vector<int64_t>{2, 1});
  ir::InferShapes(g);
  // H: (10 + 2 - (2*2+1)) / 2 + 1 = 4; W: (12 + 2 - 3) / 2 + 1 = 6.
  EXPECT_EQ(g.value(y).shape, (Shape{1, 16, 4, 6}));
  EXPECT_TRUE(g.value(y).has_shape);
}

TEST(ShapeInferenceTest, ConvInNHWC) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 10, 12, 8});
  ir::ValueId w = RandomConst(g, "w", {16, 8, 3, 3}, 1);
  ir::ValueId y;
  Conv(g, x, w, ir::kNoValue, "conv", &y).attrs.set("layout", std::string("NHWC"));
  ir::InferShapes(g);
  EXPECT_EQ(g.value(y).shape, (Shape{1, 8, 10, 16}));
}

TEST(ShapeInferenceTest, ConvChannelMismatchNamesTheNode) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 8, 8});
  ir::ValueId w = RandomConst(g, "w", {8, 4, 3, 3}, 1);
  ir::ValueId y;
  Conv(g, x, w, ir::kNoValue, "conv1", &y);
  EXPECT_EQ(InferError(g),
            "Conv2D node 'conv1': input 'x' has 3 channels but the weights [8,4,3,3] with "
            "group 1 expect 4");
}

TEST(ShapeInferenceTest, PoolsIncludingCeilPadsAndGlobal) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 4, 7, 7});
  ir::ValueId p, a, gap;
  ir::Node& mp = Op(g, op::kMaxPool2D, {x}, "mp", &p);
  mp.attrs.set("kernel", std::vector<int64_t>{2, 2});
  mp.attrs.set("strides", std::vector<int64_t>{2, 2});
  mp.attrs.set("pads", std::vector<int64_t>{0, 0, 1, 1});  // ceil mode: 4 not 3
  ir::Node& ap = Op(g, op::kAveragePool2D, {p}, "ap", &a);
  ap.attrs.set("kernel", std::vector<int64_t>{3, 3});
  ap.attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  Op(g, op::kGlobalAveragePool, {a}, "gap", &gap);
  ir::InferShapes(g);
  EXPECT_EQ(g.value(p).shape, (Shape{1, 4, 4, 4}));
  EXPECT_EQ(g.value(a).shape, (Shape{1, 4, 4, 4}));
  EXPECT_EQ(g.value(gap).shape, (Shape{1, 4, 1, 1}));
}

TEST(ShapeInferenceTest, FullyConnectedAndMatMul) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 5});
  ir::ValueId w = RandomConst(g, "w", {3, 5}, 1);
  ir::ValueId b = RandomConst(g, "b", {3}, 2);
  ir::ValueId fc, mm1, mm2, mm3;
  Op(g, op::kFullyConnected, {x, w, b}, "fc", &fc);
  ir::ValueId a3 = Input(g, "a3", {4, 1, 2, 5});
  ir::ValueId b3 = Input(g, "b3", {3, 5, 6});
  Op(g, op::kBatchMatMul, {a3, b3}, "mm1", &mm1);
  ir::ValueId v = Input(g, "v", {5});
  Op(g, op::kBatchMatMul, {v, b3}, "mm2", &mm2);
  Op(g, op::kBatchMatMul, {x, v}, "mm3", &mm3);
  ir::InferShapes(g);
  EXPECT_EQ(g.value(fc).shape, (Shape{2, 3}));
  EXPECT_EQ(g.value(mm1).shape, (Shape{4, 3, 2, 6}));
  EXPECT_EQ(g.value(mm2).shape, (Shape{3, 6}));
  EXPECT_EQ(g.value(mm3).shape, (Shape{2}));
}

TEST(ShapeInferenceTest, FullyConnectedKMismatch) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 5});
  ir::ValueId w = RandomConst(g, "w", {3, 4}, 1);
  Op(g, op::kFullyConnected, {x, w}, "fc");
  EXPECT_EQ(InferError(g), "FullyConnected node 'fc': input [2,5] and weights [3,4] disagree on K");
}

TEST(ShapeInferenceTest, BroadcastingBinaryAndUnary) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3, 4, 5});
  ir::ValueId c = RandomConst(g, "c", {3, 1, 1}, 1);
  ir::ValueId y, z;
  Op(g, op::kAdd, {x, c}, "add", &y);
  Op(g, op::kSigmoid, {y}, "sig", &z);
  ir::InferShapes(g);
  EXPECT_EQ(g.value(y).shape, (Shape{2, 3, 4, 5}));
  EXPECT_EQ(g.value(z).shape, (Shape{2, 3, 4, 5}));
  EXPECT_EQ(g.value(z).dtype, ir::DType::kFloat32);
}

TEST(ShapeInferenceTest, BinaryShapesThatDoNotBroadcast) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3});
  ir::ValueId y = Input(g, "y", {4});
  Op(g, op::kMul, {x, y}, "mul");
  EXPECT_EQ(InferError(g), "Mul node 'mul': shapes [2,3] and [4] do not broadcast");
}

TEST(ShapeInferenceTest, ConcatReshapeTransposeSoftmaxIdentity) {
  ir::Graph g;
  ir::ValueId a = Input(g, "a", {1, 2, 4, 4});
  ir::ValueId b = Input(g, "b", {1, 3, 4, 4});
  ir::ValueId cat, r, t, s, id;
  Op(g, op::kConcat, {a, b}, "cat", &cat).attrs.set("axis", int64_t{1});
  Op(g, op::kReshape, {cat}, "r", &r).attrs.set("shape", std::vector<int64_t>{1, 5, 16});
  Op(g, op::kTranspose, {r}, "t", &t).attrs.set("perm", std::vector<int64_t>{0, 2, 1});
  Op(g, op::kSoftmax, {t}, "s", &s).attrs.set("axis", int64_t{2});
  Op(g, op::kIdentity, {s}, "id", &id);
  ir::InferShapes(g);
  EXPECT_EQ(g.value(cat).shape, (Shape{1, 5, 4, 4}));
  EXPECT_EQ(g.value(r).shape, (Shape{1, 5, 16}));
  EXPECT_EQ(g.value(t).shape, (Shape{1, 16, 5}));
  EXPECT_EQ(g.value(s).shape, (Shape{1, 16, 5}));
  EXPECT_EQ(g.value(id).shape, (Shape{1, 16, 5}));
}

TEST(ShapeInferenceTest, ReshapeElementCountMismatch) {
  ir::Graph g;
  ir::ValueId a = Input(g, "a", {2, 3});
  Op(g, op::kReshape, {a}, "r").attrs.set("shape", std::vector<int64_t>{4, 2});
  EXPECT_EQ(InferError(g), "Reshape node 'r': cannot reshape [2,3] to [4,2]");
}

TEST(ShapeInferenceTest, ConcatMismatch) {
  ir::Graph g;
  ir::ValueId a = Input(g, "a", {1, 2, 4, 4});
  ir::ValueId b = Input(g, "b", {1, 3, 5, 4});
  Op(g, op::kConcat, {a, b}, "cat").attrs.set("axis", int64_t{1});
  EXPECT_EQ(InferError(g),
            "Concat node 'cat': input shapes [1,2,4,4] and [1,3,5,4] differ outside axis 1");
}

TEST(ShapeInferenceTest, BatchNormChecksParameterSizes) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 2, 2});
  ir::ValueId p3 = RandomConst(g, "p3", {3}, 1);
  ir::ValueId p4 = RandomConst(g, "p4", {4}, 1);
  ir::ValueId y;
  Op(g, op::kBatchNorm, {x, p3, p3, p3, p3}, "bn", &y);
  ir::InferShapes(g);
  EXPECT_EQ(g.value(y).shape, (Shape{1, 3, 2, 2}));
  Op(g, op::kBatchNorm, {x, p3, p4, p3, p3}, "bn2");
  EXPECT_EQ(InferError(g), "BatchNorm node 'bn2': parameter 'p4' has shape [4] but the input has 3 channels");
}

TEST(ShapeInferenceTest, InputWithoutShapeAndUnknownOperator) {
  ir::Graph g;
  ir::ValueId x = g.AddValue("x", ir::DType::kFloat32);
  g.inputs().push_back(x);
  EXPECT_EQ(InferError(g), "input 'x' has no shape");
  ir::Graph h;
  ir::ValueId y = Input(h, "y", {1});
  Op(h, "Einsum", {y}, "e");
  try {
    ir::InferShapes(h);
    FAIL();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kOperatorNotImplemented);
  }
}

TEST(ShapeInferenceTest, PoolWindowLargerThanInput) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 1, 2, 2});
  Op(g, op::kMaxPool2D, {x}, "mp").attrs.set("kernel", std::vector<int64_t>{3, 3});
  EXPECT_EQ(InferError(g), "MaxPool2D node 'mp': the window (3) is larger than the padded input (2)");
}

}  // namespace
}  // namespace neo::passes
