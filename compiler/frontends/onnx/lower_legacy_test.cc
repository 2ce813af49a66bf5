// The legacy operators (lower_legacy.cc) against their historical definitions, through
// the test interpreter.
#include <cmath>

#include "compiler/frontends/onnx/model_builder.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/interpreter.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

ir::Graph Lower(const ModelBuilder& b, std::vector<ir::Shape> shapes) {
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  return LowerOnnxModel(*model, shapes);
}

// Legacy operators against their historical formulas.
TEST(LowerLegacyTest, LegacyOperatorsMatchDefinitions) {
  ModelBuilder b(9);
  b.Input("x", {1, 2, 2, 2});
  MB::Float(b.Node("Scale", {"x"}, {"s"}), "scale", 3.0f);
  auto* st = b.Node("ScaledTanh", {"s"}, {"t"});
  MB::Float(st, "alpha", 2.0f);
  MB::Float(st, "beta", 0.5f);
  auto* ps = b.Node("ParametricSoftplus", {"t"}, {"p"});
  MB::Float(ps, "alpha", 1.5f);
  MB::Float(ps, "beta", 2.0f);
  auto* is = b.Node("ImageScaler", {"p"}, {"y"});
  MB::Float(is, "scale", 0.5f);
  MB::Floats(is, "bias", {10.0f, 20.0f});
  b.Output("y");
  ir::Graph g = Lower(b, {{1, 2, 2, 2}});
  ir::InferShapes(g);
  ir::testing::Tensor x{{1, 2, 2, 2}, {-1, -0.5f, 0, 0.25f, 0.5f, 1, 2, 3}};
  auto y = ir::testing::Interpret(g, {x});
  for (size_t i = 0; i < 8; ++i) {
    double t = 2.0 * std::tanh(0.5 * 3.0 * x.data[i]);
    double p = 1.5 * std::log(std::exp(2.0 * t) + 1.0);
    double want = 0.5 * p + (i < 4 ? 10.0 : 20.0);
    EXPECT_NEAR(y[0].data[i], want, 1e-4) << i;
  }
}

TEST(LowerLegacyTest, FCFlattensByAxisAndConstantFillIsConstant) {
  ModelBuilder b(9);
  b.Input("x", {2, 3, 2});
  b.Weight("w", {4, 6}, 0.5f);
  b.Weight("bias", {4}, 1.0f);
  b.Node("FC", {"x", "w", "bias"}, {"y"});
  auto* cf = b.Node("ConstantFill", {"y"}, {"c"});
  MB::Float(cf, "value", 2.0f);
  b.Node("Add", {"y", "c"}, {"z"});
  b.Output("z");
  ir::Graph g = Lower(b, {{2, 3, 2}});
  ir::InferShapes(g);
  ir::testing::Tensor x{{2, 3, 2}, {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6}};
  auto z = ir::testing::Interpret(g, {x});
  ASSERT_EQ(z[0].shape, (ir::Shape{2, 4}));
  for (int j = 0; j < 4; ++j) {
    EXPECT_FLOAT_EQ(z[0].data[j], 0.5f * 21 + 1 + 2);
    EXPECT_FLOAT_EQ(z[0].data[4 + j], -0.5f * 21 + 1 + 2);
  }
}

}  // namespace
}  // namespace neo::onnx_frontend
