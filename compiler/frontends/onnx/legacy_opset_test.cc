// Opsets 1-6, where operators differ from their opset 7+ forms: opt-in broadcasting with
// `broadcast`/`axis`, PRelu's per-channel slope, Gemm's `broadcast`, BatchNormalization's
// `is_test`, Cast's string `to`, Concat's default axis, Pad's `paddings`. Values are
// checked through the test interpreter against hand-computed results.
#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;
using ir::testing::Tensor;

MATCHER_P(HasLine, text, "") { return std::string(arg).find(text) != std::string::npos; }

TEST(LegacyOpset, BroadcastWithAxisLinesBUpWithA) {
  ModelBuilder b(6);
  b.Input("a", {2, 3});
  b.Input("c", {2});
  auto* n = b.Node("Add", {"a", "c"}, {"y"});
  MB::Int(n, "broadcast", 1);
  MB::Int(n, "axis", 0);
  b.Output("y");
  auto y = Evaluate(b, {{{2, 3}, {0, 1, 2, 3, 4, 5}}, {{2}, {10, 20}}});
  ASSERT_EQ(y[0].shape, (ir::Shape{2, 3}));
  EXPECT_EQ(y[0].data, (std::vector<float>{10, 11, 12, 23, 24, 25}));
}

TEST(LegacyOpset, BroadcastWithoutAxisUsesTrailingDimensions) {
  ModelBuilder b(6);
  b.Input("a", {2, 3});
  b.Input("c", {3});
  auto* n = b.Node("Mul", {"a", "c"}, {"y"});
  MB::Int(n, "broadcast", 1);
  b.Output("y");
  auto y = Evaluate(b, {{{2, 3}, {1, 1, 1, 2, 2, 2}}, {{3}, {1, 2, 3}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{1, 2, 3, 2, 4, 6}));
}

TEST(LegacyOpset, DifferentShapesNeedBroadcast) {
  ModelBuilder b(6);
  b.Input("a", {2, 3});
  b.Input("c", {3});
  b.Node("Sub", {"a", "c"}, {"y"}, "sub");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{2, 3}, {3}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute broadcast in operator Sub must be 1 when the "
                      "inputs' shapes differ."));
}

TEST(LegacyOpset, BroadcastAxisMustKeepBInsideA) {
  ModelBuilder b(6);
  b.Input("a", {2, 3});
  b.Input("c", {3});
  auto* n = b.Node("Add", {"a", "c"}, {"y"}, "add");
  MB::Int(n, "broadcast", 1);
  MB::Int(n, "axis", 0);
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{2, 3}, {3}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute broadcast in operator Add needs B to broadcast to A."));
}

TEST(LegacyOpset, BroadcastErrorsNameTheAttribute) {
  auto model = [](std::vector<int64_t> a, std::vector<int64_t> c, int64_t axis) {
    ModelBuilder b(6);
    b.Input("a", a);
    b.Input("c", c);
    auto* n = b.Node("Div", {"a", "c"}, {"y"}, "div");
    MB::Int(n, "broadcast", 1);
    if (axis >= 0) MB::Int(n, "axis", axis);
    b.Output("y");
    return b;
  };
  EXPECT_THAT(LoweringError(model({3}, {2, 3}, -1), {{3}, {2, 3}},
                            ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute broadcast in operator Div needs B's rank to be at "
                      "most A's."));
  EXPECT_THAT(LoweringError(model({2, 3}, {3, 1}, 1), {{2, 3}, {3, 1}},
                            ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute axis in operator Div places B past A's last "
                      "dimension."));
}

TEST(LegacyOpset, PReluSlopeMustMatchTheChannels) {
  ModelBuilder b(6);
  b.Input("x", {1, 2, 3});
  b.Weight("slope", {3}, 0.5f);
  b.Node("PRelu", {"x", "slope"}, {"y"}, "prelu");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{1, 2, 3}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute slope in operator PRelu must hold one value per "
                      "channel."));
}

TEST(LegacyOpset, RuntimeGemmChecksC) {
  ModelBuilder b(11);
  b.Input("a", {2, 3});
  b.Input("m", {3, 4});
  b.Input("c", {3, 4});
  b.Node("Gemm", {"a", "m", "c"}, {"y"}, "gemm");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{2, 3}, {3, 4}, {3, 4}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute C in operator Gemm does not broadcast to [M, N]."));
}

TEST(LegacyOpset, PReluSlopeIsPerChannel) {
  ModelBuilder b(6);
  b.Input("x", {1, 2, 3});
  b.Weight("slope", {2}, 0.5f);
  b.Node("PRelu", {"x", "slope"}, {"y"});
  b.Output("y");
  auto y = Evaluate(b, {{{1, 2, 3}, {-2, -4, 6, -8, 1, -1}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{-1, -2, 6, -4, 1, -0.5f}));
}

TEST(LegacyOpset, GemmWithoutBroadcastNeedsFullC) {
  ModelBuilder b(6);
  b.Input("a", {2, 3});
  b.Weight("w", {3, 4}, 1.0f);
  b.Weight("c", {4}, 1.0f);
  b.Node("Gemm", {"a", "w", "c"}, {"y"}, "gemm");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{2, 3}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute broadcast in operator Gemm must be 1 when C is "
                      "not [M, N]."));
}

TEST(LegacyOpset, GemmOfTwoInputsRunsAtRunTime) {
  ModelBuilder b(6);
  b.Input("a", {2, 2});
  b.Input("m", {2, 2});
  b.Input("c", {2});
  auto* n = b.Node("Gemm", {"a", "m", "c"}, {"y"});
  MB::Float(n, "alpha", 2.0f);
  MB::Float(n, "beta", 0.5f);
  MB::Int(n, "transB", 1);
  MB::Int(n, "broadcast", 1);
  b.Output("y");
  // 2 * A * M^T + 0.5 * c
  auto y = Evaluate(b, {{{2, 2}, {1, 2, 3, 4}}, {{2, 2}, {1, 0, 1, 1}}, {{2}, {2, 4}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{2 + 1, 6 + 2, 6 + 1, 14 + 2}));
}

TEST(LegacyOpset, BatchNormTrainingModeIsRefused) {
  ModelBuilder b(6);
  b.Input("x", {1, 2, 2, 2});
  for (const char* p : {"s", "bias", "mean", "var"}) b.Weight(p, {2}, 1.0f);
  b.Node("BatchNormalization", {"x", "s", "bias", "mean", "var"}, {"y"}, "bn");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{1, 2, 2, 2}}, ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("is_test is not supported in BatchNormalization."));
}

TEST(LegacyOpset, CastNamesItsTypeAsAString) {
  ModelBuilder b(5);
  b.Input("x", {3});
  auto* n = b.Node("Cast", {"x"}, {"y"});
  MB::String(n, "to", "INT32");
  b.Output("y");
  auto y = Evaluate(b, {{{3}, {1.75f, -2.5f, 3}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{1, -2, 3}));
  ModelBuilder bad(5);
  bad.Input("x", {3});
  MB::String(bad.Node("Cast", {"x"}, {"y"}, "cast"), "to", "REAL");
  bad.Output("y");
  EXPECT_THAT(LoweringError(bad, {{3}}, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute to in operator Cast must name an ONNX data type."));
}

TEST(LegacyOpset, ConcatDefaultsToTheChannelAxisBeforeOpset4) {
  ModelBuilder b(3);
  b.Input("a", {1, 1, 2});
  b.Input("c", {1, 1, 2});
  b.Node("Concat", {"a", "c"}, {"y"});
  b.Output("y");
  auto y = Evaluate(b, {{{1, 1, 2}, {1, 2}}, {{1, 1, 2}, {3, 4}}});
  EXPECT_EQ(y[0].shape, (ir::Shape{1, 2, 2}));
}

TEST(LegacyOpset, PadTakesPaddingsInOpset1) {
  ModelBuilder b(1);
  b.Input("x", {1, 2});
  auto* n = b.Node("Pad", {"x"}, {"y"});
  MB::Ints(n, "paddings", {0, 1, 0, 1});
  MB::Float(n, "value", 7.0f);
  b.Output("y");
  auto y = Evaluate(b, {{{1, 2}, {1, 2}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{7, 1, 2, 7}));
}

TEST(LegacyOpset, ExperimentalUpsampleIsRefused) {
  ModelBuilder b(6);
  b.Input("x", {1, 1, 2, 2});
  auto* n = b.Node("Upsample", {"x"}, {"y"}, "up");
  MB::Float(n, "height_scale", 2.0f);
  MB::Float(n, "width_scale", 2.0f);
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {{1, 1, 2, 2}}, ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("opset 6 (experimental version) is not supported in Upsample."));
}

TEST(LegacyOpset, Conv1dIsTheTwoDimensionalConvolutionOfOneRow) {
  ModelBuilder b(6);
  b.Input("x", {1, 1, 5});
  b.Weight("w", {1, 1, 3}, 1.0f);
  auto* n = b.Node("Conv", {"x", "w"}, {"y"});
  MB::Ints(n, "pads", {1, 1});
  MB::Ints(n, "strides", {2});
  b.Output("y");
  auto y = Evaluate(b, {{{1, 1, 5}, {1, 2, 3, 4, 5}}});
  ASSERT_EQ(y[0].shape, (ir::Shape{1, 1, 3}));
  EXPECT_EQ(y[0].data, (std::vector<float>{3, 9, 9}));
}

}  // namespace
}  // namespace neo::onnx_frontend
