#include "compiler/passes/elementwise_simplification.h"

#include <gtest/gtest.h>

#include <cmath>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::passes {
namespace {

using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
namespace op = ir::op;

ir::ValueId Scalar(ir::Graph& g, const std::string& name, float v) {
  return g.AddFloatConstant(name, {}, {v});
}

void ExpectSameResults(const ir::Graph& before, const ir::Graph& after) {
  auto in = ir::testing::RandomInputs(before, 7);
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in),
                                    ir::testing::Interpret(after, in)),
            1e-5);
}

TEST(SimplifyPowersTest, ScalarExponentsBecomeCheaperOperators) {
  for (float c : {2.0f, 0.5f, 1.0f, -1.0f, 3.0f}) {
    ir::Graph g;
    const ir::ValueId x = Input(g, "x", {2, 3, 4});
    ir::ValueId y, z;
    Op(g, op::kAbs, {x}, "abs", &y);  // Sqrt and Pow(., 0.5) need x >= 0
    Op(g, op::kPow, {y, Scalar(g, "c", c)}, "pow", &z);
    g.outputs() = {z};
    ir::InferShapes(g);
    const ir::Graph before = g;
    EXPECT_EQ(SimplifyPowers(g), c == 3.0f ? 0 : 1) << c;
    EXPECT_EQ(CountOps(g, op::kPow), c == 3.0f ? 1 : 0) << c;
    if (c == 2.0f) EXPECT_EQ(CountOps(g, op::kMul), 1);
    if (c == 0.5f) EXPECT_EQ(CountOps(g, op::kSqrt), 1);
    ExpectSameResults(before, g);
  }
}

TEST(SimplifyPowersTest, AnExponentThatBroadcastsStays) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {3});
  ir::ValueId z;
  Op(g, op::kPow, {x, g.AddFloatConstant("c", {2, 3}, {2, 2, 2, 2, 2, 2})}, "pow", &z);
  g.outputs() = {z};
  ir::InferShapes(g);
  EXPECT_EQ(SimplifyPowers(g), 0);
}

// The exporters' spellings of the exact GELU.
enum class Form { kHalfLast, kHalfFirst, kHalfOfSum, kMulBySqrtHalf };

ir::Graph GeluGraph(Form form, bool extra_reader) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {2, 5, 8});
  ir::ValueId scaled, e, sum, out, t;
  if (form == Form::kMulBySqrtHalf) {
    Op(g, op::kMul, {x, Scalar(g, "r", static_cast<float>(1.0 / std::sqrt(2.0)))}, "scale", &scaled);
  } else {
    Op(g, op::kDiv, {x, Scalar(g, "s", 1.4142135381698608f)}, "scale", &scaled);
  }
  Op(g, op::kErf, {scaled}, "erf", &e);
  Op(g, op::kAdd, {Scalar(g, "one", 1.0f), e}, "plus_one", &sum);
  switch (form) {
    case Form::kHalfFirst:
      Op(g, op::kMul, {x, Scalar(g, "half", 0.5f)}, "half", &t);
      Op(g, op::kMul, {t, sum}, "gelu", &out);
      break;
    case Form::kHalfOfSum:
      Op(g, op::kMul, {sum, Scalar(g, "half", 0.5f)}, "half", &t);
      Op(g, op::kMul, {x, t}, "gelu", &out);
      break;
    default:
      Op(g, op::kMul, {x, sum}, "product", &t);
      Op(g, op::kMul, {t, Scalar(g, "half", 0.5f)}, "gelu", &out);
  }
  g.outputs() = {out};
  if (extra_reader) g.outputs().push_back(e);
  ir::InferShapes(g);
  return g;
}

TEST(FuseGeluTest, EveryExportedFormBecomesOneGelu) {
  for (Form f : {Form::kHalfLast, Form::kHalfFirst, Form::kHalfOfSum, Form::kMulBySqrtHalf}) {
    ir::Graph g = GeluGraph(f, false);
    const ir::Graph before = g;
    EXPECT_EQ(FuseGelu(g), 1) << static_cast<int>(f);
    ASSERT_EQ(g.nodes().size(), 1u) << static_cast<int>(f);
    EXPECT_EQ(g.nodes()[0].op, op::kGelu);
    EXPECT_EQ(g.nodes()[0].outputs[0], g.outputs()[0]);
    ExpectSameResults(before, g);
  }
}

TEST(FuseGeluTest, AnIntermediateReadElsewhereBlocksTheFusion) {
  ir::Graph g = GeluGraph(Form::kHalfLast, true);
  EXPECT_EQ(FuseGelu(g), 0);
  EXPECT_EQ(CountOps(g, op::kErf), 1);
}

TEST(FuseGeluTest, OtherConstantsAreNotGelu) {
  ir::Graph g;
  const ir::ValueId x = Input(g, "x", {4});
  ir::ValueId scaled, e, sum, t, out;
  Op(g, op::kDiv, {x, Scalar(g, "s", 2.0f)}, "scale", &scaled);
  Op(g, op::kErf, {scaled}, "erf", &e);
  Op(g, op::kAdd, {e, Scalar(g, "one", 1.0f)}, "plus_one", &sum);
  Op(g, op::kMul, {x, sum}, "product", &t);
  Op(g, op::kMul, {t, Scalar(g, "half", 0.5f)}, "gelu", &out);
  g.outputs() = {out};
  ir::InferShapes(g);
  EXPECT_EQ(FuseGelu(g), 0);
}

}  // namespace
}  // namespace neo::passes

namespace neo::passes {
namespace {

TEST(ReplaceNoOpCopiesTest, ZeroPadsAndWholeSlicesBecomeIdentities) {
  ir::Graph g;
  const ir::ValueId x = ir::testing::Input(g, "x", {1, 4, 6, 3});
  ir::ValueId a, b, c, d;
  ir::testing::Op(g, ir::op::kPad, {x}, "zero_pad", &a).attrs.set("pads", std::vector<int64_t>(8, 0));
  ir::Node& whole = ir::testing::Op(g, ir::op::kSlice, {a}, "whole", &b);
  whole.attrs.set("starts", std::vector<int64_t>{0, 0, 0, 0});
  whole.attrs.set("ends", std::vector<int64_t>{1, 4, 6, 3});
  whole.attrs.set("steps", std::vector<int64_t>{1, 1, 1, 1});
  // Same shape, but shifted by cropping one side and padding the other: not a no-op.
  ir::testing::Op(g, ir::op::kPad, {b}, "shift", &c)
      .attrs.set("pads", std::vector<int64_t>{0, 0, 1, 0, 0, 0, -1, 0});
  // Same shape, reversed: not a no-op.
  ir::Node& reversed = ir::testing::Op(g, ir::op::kSlice, {c}, "reversed", &d);
  reversed.attrs.set("starts", std::vector<int64_t>{0, 0, 0, 2});
  reversed.attrs.set("ends", std::vector<int64_t>{1, 4, 6, -1});
  reversed.attrs.set("steps", std::vector<int64_t>{1, 1, 1, -1});
  g.outputs() = {d};
  ir::InferShapes(g);
  const ir::Graph before = g;
  EXPECT_EQ(ReplaceNoOpCopies(g), 2);
  EXPECT_EQ(ir::testing::CountOps(g, ir::op::kIdentity), 2);
  EXPECT_EQ(ir::testing::CountOps(g, ir::op::kPad), 1);
  EXPECT_EQ(ir::testing::CountOps(g, ir::op::kSlice), 1);
  auto in = ir::testing::RandomInputs(before, 3);
  EXPECT_EQ(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 0.0);
}

}  // namespace
}  // namespace neo::passes
