// The ONNX normalizations beyond Neo's list that ONNX's node tests leave out or barely
// touch: GroupNormalization (no node test in ONNX 1.12), LpNormalization (none either),
// LayerNormalization's broadcasting scales, InstanceNormalization over rank 3,
// MeanVarianceNormalization with its own axes; what each lowers to, and its errors.
// Expected values are numpy's (computed in float64 from the same inputs, rounded to
// float32) or worked by hand.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/lowering_test_util.h"
#include "compiler/frontends/onnx/model_builder.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/ir/ops.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;
using ::testing::HasSubstr;

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol = 2e-5f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

// The IR operators a model lowers to, and how often each.
std::map<std::string, int> LoweredOps(const ModelBuilder& b, const std::vector<ir::Shape>& shapes) {
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  const ir::Graph g = LowerOnnxModel(*model, shapes);
  std::map<std::string, int> ops;
  for (const ir::Node& node : g.nodes()) ++ops[node.op];
  return ops;
}

// x[i] = ((i * mul) % mod - offset) / div: distinct values of both signs.
std::vector<float> Pattern(size_t n, int mul, int mod, int offset, float div) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(static_cast<int>(i * mul % mod) - offset) / div;
  return v;
}

// ---------------------------------------------------------------------------------------
// LayerNormalization

TEST(LayerNormalizationTest, VectorScaleAndBiasRunInOneKernel) {
  ModelBuilder b(17);
  b.Input("x", {2, 197, 768});
  b.Weight("w", {768}, 1.5f);
  b.Weight("b", {768}, 0.5f);
  b.Node("LayerNormalization", {"x", "w", "b"}, {"y"});
  b.Output("y");
  EXPECT_EQ(LoweredOps(b, {{2, 197, 768}}), (std::map<std::string, int>{{"LayerNorm", 1}}));
}

TEST(LayerNormalizationTest, ScaleRepeatingOverNormalizedAxesIsMultiplied) {
  // x [2, 3, 4] over axes 1..2; scale [3, 1] repeats along axis 2, bias [4] fits.
  ModelBuilder b(17);
  b.Input("x", {2, 3, 4});
  b.WeightValues("w", {3, 1}, {2.0f, -1.0f, 0.5f});
  b.WeightValues("b", {4}, {0.1f, 0.2f, 0.3f, 0.4f});
  MB::Int(b.Node("LayerNormalization", {"x", "w", "b"}, {"y"}), "axis", 1);
  b.Output("y");
  const auto ops = LoweredOps(b, {{2, 3, 4}});
  EXPECT_EQ(ops.at("LayerNorm"), 1);
  EXPECT_EQ(ops.at("Mul"), 1);
  EXPECT_EQ(ops.at("Add"), 1);
  const auto y = Evaluate(b, {{{2, 3, 4}, Pattern(24, 29, 17, 8, 3.0f)}});
  ExpectNear(y[0].data, {-2.961725f, 1.779205f,  -0.05451547f, -1.888236f,  -1.076347f,
                         -0.009486414f, 1.057374f, -1.163091f, 0.3981153f,  0.01468509f,
                         -0.3687451f, 0.8914874f,  0.3541252f, -1.724091f,  3.603628f,
                         1.525412f,  0.6264022f,  1.81551f,   -0.6983491f, 0.490759f,
                         -0.4899335f, 0.9169961f, 0.4724421f,  0.02788807f});
}

TEST(LayerNormalizationTest, ScaleVaryingAlongLeadingAxisIsMultiplied) {
  // x [2, 3] over axis 1 with scale [2, 1]: one factor per row, no bias.
  ModelBuilder b(17);
  b.Input("x", {2, 3});
  b.WeightValues("w", {2, 1}, {2.0f, -1.0f});
  MB::Int(b.Node("LayerNormalization", {"x", "w"}, {"y"}), "axis", 1);
  b.Output("y");
  const auto y = Evaluate(b, {{{2, 3}, {1, 2, 4, -3, 0, 3}}});
  ExpectNear(y[0].data, {-2.138083f, -0.5345207f, 2.672604f, 1.224744f, 0.0f, -1.224744f});
}

TEST(LayerNormalizationTest, ScaleOnlyByHand) {
  // Rows {0, 4} and {1, 1}: mean 2, variance 4 -> {-1, 1}; a constant row -> 0.
  ModelBuilder b(17);
  b.Input("x", {2, 2});
  b.WeightValues("w", {2}, {3.0f, 0.5f});
  MB::Float(b.Node("LayerNormalization", {"x", "w"}, {"y"}), "epsilon", 0.0f);
  b.Output("y");
  const auto y = Evaluate(b, {{{2, 2}, {0, 4, 1, 1}}});
  EXPECT_FLOAT_EQ(y[0].data[0], -3.0f);
  EXPECT_FLOAT_EQ(y[0].data[1], 0.5f);
  EXPECT_TRUE(std::isnan(y[0].data[2]));  // 0 / sqrt(0 + 0), as ONNX computes it
}

TEST(LayerNormalizationTest, Errors) {
  auto error = [](auto setup, ErrorClass expected, std::vector<int64_t> scale = {4}) {
    ModelBuilder b(17);
    b.Input("x", {2, 3, 4});
    b.Weight("w", scale, 1.0f);
    setup(b.Node("LayerNormalization", {"x", "w"}, {"y"}, "ln"));
    b.Output("y");
    return LoweringError(b, {}, expected);
  };
  EXPECT_THAT(error([](onnx::NodeProto* n) { MB::Int(n, "stash_type", 11); },
                    ErrorClass::kOperatorAttributeNotImplemented),
              HasSubstr("stash_type 11 is not supported in LayerNormalization."));
  EXPECT_THAT(error([](onnx::NodeProto* n) { MB::Int(n, "axis", 3); },
                    ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("attribute axis in operator LayerNormalization must lie in [-3, 3)"));
  EXPECT_THAT(error([](onnx::NodeProto* n) { MB::Float(n, "epsilon", -1.0f); },
                    ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("epsilon in operator LayerNormalization cannot be negative"));
  EXPECT_THAT(error([](onnx::NodeProto*) {}, ErrorClass::kOperatorAttributeValueNotValid, {5}),
              HasSubstr("Scale in operator LayerNormalization must broadcast to the input's "
                        "shape [2,3,4]"));
  ModelBuilder b(17);
  b.Input("x", {2, 3, 4});
  b.Node("LayerNormalization", {"x"}, {"y"}, "ln");
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {}, ErrorClass::kMalformedInput),
              HasSubstr("Node 'ln' (LayerNormalization) has no Scale input."));
}

// ---------------------------------------------------------------------------------------
// InstanceNormalization

TEST(InstanceNormalizationTest, RankThreeByHand) {
  // [1, 2, 2]: channel 0 {0, 4} -> {-1, 1} * 2 + 1; channel 1 {3, 5} -> {-1, 1} * -1 + 0.
  ModelBuilder b(6);
  b.Input("x", {1, 2, 2});
  b.WeightValues("s", {2}, {2.0f, -1.0f});
  b.WeightValues("bias", {2}, {1.0f, 0.0f});
  MB::Float(b.Node("InstanceNormalization", {"x", "s", "bias"}, {"y"}), "epsilon", 0.0f);
  b.Output("y");
  const auto y = Evaluate(b, {{{1, 2, 2}, {0, 4, 3, 5}}});
  ExpectNear(y[0].data, {-1.0f, 3.0f, 1.0f, -1.0f});
}

TEST(InstanceNormalizationTest, UnitScaleAndZeroBiasNeedNoArithmetic) {
  // torch's GroupNorm export: InstanceNormalization over [N, groups, rest] with ones and
  // zeros, then its own Mul and Add.
  ModelBuilder b(13);
  b.Input("x", {1, 8, 196});
  b.Weight("ones", {8}, 1.0f);
  b.Weight("zeros", {8}, 0.0f);
  b.Node("InstanceNormalization", {"x", "ones", "zeros"}, {"y"});
  b.Output("y");
  EXPECT_EQ(LoweredOps(b, {{1, 8, 196}}), (std::map<std::string, int>{{"LayerNorm", 1}}));
}

TEST(InstanceNormalizationTest, Errors) {
  ModelBuilder b(6);
  b.Input("x", {2, 3});
  b.Weight("s", {3}, 1.0f);
  b.Weight("bias", {3}, 0.0f);
  b.Node("InstanceNormalization", {"x", "s", "bias"}, {"y"});
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented),
              HasSubstr("input of rank 2 is not supported in InstanceNormalization."));
  ModelBuilder c(6);
  c.Input("x", {2, 3, 4});
  c.Weight("s", {4}, 1.0f);
  c.Weight("bias", {3}, 0.0f);
  c.Node("InstanceNormalization", {"x", "s", "bias"}, {"y"});
  c.Output("y");
  EXPECT_THAT(LoweringError(c, {}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("scale in operator InstanceNormalization must hold one value per "
                        "channel"));
}

// ---------------------------------------------------------------------------------------
// GroupNormalization (opset 18's definition, in an opset-17 model: the newest this
// frontend's ONNX reads)

TEST(GroupNormalizationTest, MatchesNumpy) {
  // x [2, 4, 2, 3] in 2 groups of 2 channels, scale and bias per group.
  ModelBuilder b(17);
  b.Input("x", {2, 4, 2, 3});
  b.WeightValues("scale", {2}, {1.5f, -0.5f});
  b.WeightValues("bias", {2}, {0.25f, 2.0f});
  MB::Int(b.Node("GroupNormalization", {"x", "scale", "bias"}, {"y"}), "num_groups", 2);
  b.Output("y");
  const auto y = Evaluate(b, {{{2, 4, 2, 3}, Pattern(48, 37, 23, 11, 4.0f)}});
  ASSERT_EQ(y[0].shape, (ir::Shape{2, 4, 2, 3}));
  ExpectNear(y[0].data,
             {-1.957404f, 1.158931f,  -0.8444271f, 2.271908f,  0.2685496f, -1.734808f,
              1.381526f,  -0.6218318f, 2.494503f,  0.491145f,  -1.512213f, 1.604122f,
              2.301314f,  1.2889f,    1.939737f,  2.590575f,  1.578161f,  2.228998f,
              1.216584f,  1.867422f,  2.51826f,   1.505846f,  2.156683f,  2.807521f,
              1.106369f,  -1.095722f, 2.329752f,  0.1276616f, -2.074429f, 1.351045f,
              -0.8510453f, 2.574429f, 0.3723384f, -1.829752f, 1.595722f,  -0.6063686f,
              1.323122f,  1.981706f,  2.64029f,   1.615826f,  2.27441f,   1.249946f,
              1.90853f,   2.567114f,  1.54265f,   2.201234f,  2.859818f,  1.835354f});
}

TEST(GroupNormalizationTest, ScaleAndBiasAsGraphInputs) {
  // Computed parameters go through the same Mul and Add: one group, so plain statistics
  // over everything: {0, 4} -> {-1, 1} * 3 - 1.
  ModelBuilder b(17);
  b.Input("x", {1, 2, 1});
  b.Input("scale", {1});
  b.Input("bias", {1});
  auto* n = b.Node("GroupNormalization", {"x", "scale", "bias"}, {"y"});
  MB::Int(n, "num_groups", 1);
  MB::Float(n, "epsilon", 0.0f);
  b.Output("y");
  const auto y = Evaluate(b, {{{1, 2, 1}, {0, 4}}, {{1}, {3}}, {{1}, {-1}}});
  ExpectNear(y[0].data, {-4.0f, 2.0f});
}

TEST(GroupNormalizationTest, Errors) {
  auto error = [](int64_t groups, std::vector<int64_t> scale, ErrorClass expected) {
    ModelBuilder b(17);
    b.Input("x", {1, 4, 3, 3});
    b.Weight("scale", scale, 1.0f);
    b.Weight("bias", scale, 0.0f);
    MB::Int(b.Node("GroupNormalization", {"x", "scale", "bias"}, {"y"}), "num_groups", groups);
    b.Output("y");
    return LoweringError(b, {}, expected);
  };
  EXPECT_THAT(error(3, {3}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("num_groups in operator GroupNormalization must divide the 4 channels"));
  EXPECT_THAT(error(2, {4}, ErrorClass::kOperatorAttributeNotImplemented),
              HasSubstr("per-channel scale and bias (opset 21) is not supported in "
                        "GroupNormalization."));
  EXPECT_THAT(error(2, {3}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("scale in operator GroupNormalization must hold one value per group"));
  ModelBuilder b(17);
  b.Input("x", {1, 4, 3, 3});
  b.Weight("scale", {2}, 1.0f);
  b.Weight("bias", {2}, 0.0f);
  b.Node("GroupNormalization", {"x", "scale", "bias"}, {"y"});
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeRequired),
              HasSubstr("Required attribute num_groups not found in GroupNormalization."));
}

// ---------------------------------------------------------------------------------------
// LpNormalization

TEST(LpNormalizationTest, ByHand) {
  // Rows {3, 4}, {0, 0}, {1, -1}; a zero vector stays zero.
  const std::vector<float> x = {3, 4, 0, 0, 1, -1};
  auto run = [&](int64_t p, int64_t axis) {
    ModelBuilder b(13);
    b.Input("x", {3, 2});
    auto* n = b.Node("LpNormalization", {"x"}, {"y"});
    MB::Int(n, "p", p);
    MB::Int(n, "axis", axis);
    b.Output("y");
    return Evaluate(b, {{{3, 2}, x}})[0].data;
  };
  const float h = std::sqrt(0.5f);
  ExpectNear(run(2, -1), {0.6f, 0.8f, 0, 0, h, -h});
  ExpectNear(run(1, 1), {3.0f / 7, 4.0f / 7, 0, 0, 0.5f, -0.5f});
  // Down the columns: |3| + 0 + |1| = 4 and |4| + 0 + |-1| = 5.
  ExpectNear(run(1, 0), {0.75f, 0.8f, 0, 0, 0.25f, -0.2f});
  // sqrt(9 + 1) and sqrt(16 + 1).
  const float c0 = std::sqrt(10.0f), c1 = std::sqrt(17.0f);
  ExpectNear(run(2, 0), {3 / c0, 4 / c1, 0, 0, 1 / c0, -1 / c1});
}

TEST(LpNormalizationTest, DefaultsAreL2OverTheLastAxis) {
  ModelBuilder b(13);
  b.Input("x", {1, 1, 2});
  b.Node("LpNormalization", {"x"}, {"y"});
  b.Output("y");
  ExpectNear(Evaluate(b, {{{1, 1, 2}, {-6, 8}}})[0].data, {-0.6f, 0.8f});
}

TEST(LpNormalizationTest, Errors) {
  ModelBuilder b(13);
  b.Input("x", {3, 2});
  MB::Int(b.Node("LpNormalization", {"x"}, {"y"}), "p", 3);
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("attribute p in operator LpNormalization must be 1 or 2"));
}

// ---------------------------------------------------------------------------------------
// MeanVarianceNormalization (the default axes are ONNX's test_mvn)

TEST(MeanVarianceNormalizationTest, OwnAxesByHand) {
  // [2, 2] over axis 1: {1, 3} -> {-1, 1} (std 1, plus 1e-9); {5, 5} -> 0 / 1e-9 = 0.
  // Over both axes: mean 3.5, variance (6.25 + 0.25 + 2.25 + 2.25) / 4 = 2.75.
  const std::vector<float> x = {1, 3, 5, 5};
  auto run = [&](std::vector<int64_t> axes) {
    ModelBuilder b(13);
    b.Input("x", {2, 2});
    MB::Ints(b.Node("MeanVarianceNormalization", {"x"}, {"y"}), "axes", axes);
    b.Output("y");
    return Evaluate(b, {{{2, 2}, x}})[0].data;
  };
  ExpectNear(run({1}), {-1, 1, 0, 0});
  ExpectNear(run({-1}), {-1, 1, 0, 0});
  const float s = std::sqrt(2.75f);
  ExpectNear(run({0, 1}), {-2.5f / s, -0.5f / s, 1.5f / s, 1.5f / s});
}

TEST(MeanVarianceNormalizationTest, Errors) {
  ModelBuilder b(13);
  b.Input("x", {2, 2});  // the default axes [0, 2, 3] need rank 4
  b.Node("MeanVarianceNormalization", {"x"}, {"y"});
  b.Output("y");
  EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("attribute axes in operator MeanVarianceNormalization must lie in"));
}

}  // namespace
}  // namespace neo::onnx_frontend
