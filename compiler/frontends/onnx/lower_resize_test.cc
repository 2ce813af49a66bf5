// ONNX Resize's lowering: the output length `sizes` gives, opset 10's sampling, sizes
// computed from Shape arithmetic, and the errors for what cannot be compiled. The
// sampling itself is checked by ONNX's node tests (the conformance suites) and
// kernels/resize_test.
#include <algorithm>
#include <cmath>
#include <string>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "compiler/ir/ops.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

std::vector<float> Ramp(int n) {
  std::vector<float> v;
  for (int i = 0; i < n; ++i) v.push_back(10.0f * static_cast<float>(i));
  return v;
}

// 11 -> 15: size / in = 15 / 11 in double times 11 is 14.999..., so floor(in * scale)
// would give 14. The output has the 15 asked for, sampled at half_pixel coordinates
// (x + 0.5) * 11 / 15 - 0.5, where linear sampling of 10 i reads 10 c, clamped to the
// edge values 0 and 100.
TEST(LowerResizeTest, SizesGiveTheOutputLengthExactly) {
  ASSERT_LT(std::floor(11.0 * (15.0 / 11.0)), 15.0);
  MB b(13);
  b.Input("x", {1, 1, 11});
  b.Int64s("sizes", {1, 1, 15});
  MB::String(b.Node("Resize", {"x", "", "", "sizes"}, {"y"}), "mode", "linear");
  b.Output("y");
  auto y = Evaluate(b, {{{1, 1, 11}, Ramp(11)}});
  ASSERT_EQ(y[0].shape, (ir::Shape{1, 1, 15}));
  for (int x = 0; x < 15; ++x) {
    const double c = (x + 0.5) * 11.0 / 15.0 - 0.5;
    EXPECT_NEAR(y[0].data[x], 10.0 * std::clamp(c, 0.0, 10.0), 1e-4) << x;
  }
}

// Opset 10 samples as Upsample does: asymmetric, rounding down. 5 -> floor(5 * 0.6) = 3
// at x / 0.6 = 0, 1.67, 3.33: elements 0, 1, 3 (round_prefer_floor would take 2 for 1.67).
TEST(LowerResizeTest, Opset10RoundsDown) {
  MB b(10);
  b.Input("x", {1, 5});
  b.Float32s("scales", {1.0f, 0.6f});
  b.Node("Resize", {"x", "scales"}, {"y"});
  b.Output("y");
  auto y = Evaluate(b, {{{1, 5}, Ramp(5)}});
  ASSERT_EQ(y[0].shape, (ir::Shape{1, 3}));
  EXPECT_EQ(y[0].data, (std::vector<float>{0, 10, 30}));
}

// What torch.onnx.export writes for interpolate(size=...): sizes = Concat(Shape(x)[:2],
// [h, w]). It folds while lowering, leaving one Resize.
TEST(LowerResizeTest, SizesFromShapeArithmeticFold) {
  MB b(13);
  b.Input("x", {1, 3, 4, 4});
  b.Int64s("starts", {0});
  b.Int64s("ends", {2});
  b.Int64s("hw", {7, 9});
  b.Node("Shape", {"x"}, {"s"});
  b.Node("Slice", {"s", "starts", "ends"}, {"nc"});
  MB::Int(b.Node("Concat", {"nc", "hw"}, {"sizes"}), "axis", 0);
  auto* r = b.Node("Resize", {"x", "", "", "sizes"}, {"y"});
  MB::String(r, "mode", "linear");
  MB::String(r, "coordinate_transformation_mode", "pytorch_half_pixel");
  b.Output("y");
  ir::Graph g = LowerOnnxModel(*ParseOnnxModel(b.Bytes(), "m.onnx"), {{1, 3, 4, 4}});
  ASSERT_EQ(g.nodes().size(), 1u);
  EXPECT_EQ(g.nodes()[0].op, ir::op::kResize);
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (ir::Shape{1, 3, 7, 9}));
}

TEST(LowerResizeTest, Errors) {
  {  // scales computed at run time
    MB b(13);
    b.Input("x", {1, 4});
    b.Input("scales", {2});
    b.Node("Resize", {"x", "", "scales"}, {"y"});
    b.Output("y");
    EXPECT_NE(LoweringError(b, {{1, 4}, {2}}, ErrorClass::kOperatorAttributeNotImplemented)
                  .find("non-constant scales"),
              std::string::npos);
  }
  {  // neither scales nor sizes
    MB b(13);
    b.Input("x", {1, 4});
    b.Node("Resize", {"x"}, {"y"});
    b.Output("y");
    LoweringError(b, {}, ErrorClass::kOperatorAttributeRequired);
  }
  {  // both
    MB b(13);
    b.Input("x", {1, 4});
    b.Float32s("scales", {1.0f, 2.0f});
    b.Int64s("sizes", {1, 8});
    b.Node("Resize", {"x", "", "scales", "sizes"}, {"y"});
    b.Output("y");
    LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid);
  }
  {  // cubic is not in opset 10
    MB b(10);
    b.Input("x", {1, 4});
    b.Float32s("scales", {1.0f, 2.0f});
    MB::String(b.Node("Resize", {"x", "scales"}, {"y"}), "mode", "cubic");
    b.Output("y");
    LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented);
  }
  {  // tf_crop_and_resize without a roi
    MB b(13);
    b.Input("x", {1, 4});
    b.Int64s("sizes", {1, 3});
    MB::String(b.Node("Resize", {"x", "", "", "sizes"}, {"y"}),
               "coordinate_transformation_mode", "tf_crop_and_resize");
    b.Output("y");
    LoweringError(b, {}, ErrorClass::kOperatorAttributeRequired);
  }
}

}  // namespace
}  // namespace neo::onnx_frontend
