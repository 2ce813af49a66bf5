// Lowering of the tensor and legacy operators: every attribute error path named in the
// issue with a crafted model (exact Neo messages), and values of the composed legacy
// operators and folded shape subgraphs through the test interpreter.
#include <cmath>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/lowering_test_util.h"
#include "compiler/frontends/onnx/model_builder.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

ir::Graph Lower(const ModelBuilder& b, std::vector<ir::Shape> shapes) {
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  return LowerOnnxModel(*model, shapes);
}

// Lowers a one-node model over a [1,4,3,3] input and returns the Neo error message.
template <typename Setup>
std::string ErrorOf(int opset, const std::string& op, Setup setup, ErrorClass expected,
                    std::vector<std::string> extra_inputs = {}) {
  ModelBuilder b(opset);
  b.Input("x", {1, 4, 3, 3});
  std::vector<std::string> ins = {"x"};
  ins.insert(ins.end(), extra_inputs.begin(), extra_inputs.end());
  auto* n = b.Node(op, ins, {"y"}, "node");
  setup(b, n);
  b.Output("y");
  return LoweringError(b, {}, expected);
}

MATCHER_P(HasLine, text, "") { return std::string(arg).find(text) != std::string::npos; }

auto NoSetup = [](ModelBuilder&, onnx::NodeProto*) {};

TEST(TensorOpsErrors, AttributeRequired) {
  EXPECT_THAT(ErrorOf(13, "Cast", NoSetup, ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute to not found in Cast."));
  EXPECT_THAT(ErrorOf(13, "LRN", NoSetup, ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute size not found in LRN."));
  EXPECT_THAT(ErrorOf(8, "Upsample", NoSetup, ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute scales not found in Upsample."));
  EXPECT_THAT(ErrorOf(9, "Slice", NoSetup, ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute starts not found in Slice."));
  EXPECT_THAT(ErrorOf(10, "Pad", NoSetup, ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute pads not found in Pad."));
  EXPECT_THAT(ErrorOf(13, "ScaledTanh", [](MB&, onnx::NodeProto* n) { MB::Float(n, "beta", 1); },
                      ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute alpha not found in ScaledTanh."));
  EXPECT_THAT(ErrorOf(13, "ParametricSoftplus", [](MB&, onnx::NodeProto* n) { MB::Float(n, "alpha", 1); },
                      ErrorClass::kOperatorAttributeRequired),
              HasLine("Required attribute beta not found in ParametricSoftplus."));
}

TEST(TensorOpsErrors, AttributeNotImplemented) {
  EXPECT_THAT(ErrorOf(13, "Cast", [](MB&, onnx::NodeProto* n) { MB::Int(n, "to", onnx::TensorProto::DOUBLE); },
                      ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("data type DOUBLE is not supported in Cast."));
  EXPECT_THAT(ErrorOf(8, "Upsample", [](MB&, onnx::NodeProto* n) {
                MB::Floats(n, "scales", {1, 1, 2, 2});
                MB::String(n, "mode", "cubic");
              }, ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("mode cubic is not supported in Upsample."));
  EXPECT_THAT(ErrorOf(10, "Pad", [](MB&, onnx::NodeProto* n) {
                MB::Ints(n, "pads", {0, 0, 1, 1, 0, 0, 1, 1});
                MB::String(n, "mode", "wrap");
              }, ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("mode wrap is not supported in Pad."));
  EXPECT_THAT(ErrorOf(13, "ConstantFill", [](MB&, onnx::NodeProto* n) {
                n->clear_input();
                MB::Int(n, "dtype", onnx::TensorProto::DOUBLE);
                MB::Ints(n, "shape", {2});
              }, ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("dtype 11 is not supported in ConstantFill."));
  EXPECT_THAT(ErrorOf(13, "SpatialBN", [](MB&, onnx::NodeProto* n) { MB::Int(n, "is_test", 0); },
                      ErrorClass::kOperatorAttributeNotImplemented),
              HasLine("is_test is not supported in SpatialBN."));
  // A non-constant axes input cannot fix the output shape at compile time.
  EXPECT_THAT(ErrorOf(13, "ReduceSum", [](MB& b, onnx::NodeProto*) { b.Input("axes", {1}); },
                      ErrorClass::kOperatorAttributeNotImplemented, {"axes"}),
              HasLine("non-constant axes is not supported in ReduceSum."));
}

TEST(TensorOpsErrors, AttributeValueNotValid) {
  EXPECT_THAT(ErrorOf(13, "LRN", [](MB&, onnx::NodeProto* n) { MB::Int(n, "size", 0); },
                      ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute size in operator LRN must be positive."));
  EXPECT_THAT(ErrorOf(11, "ReduceMax", [](MB&, onnx::NodeProto* n) { MB::Ints(n, "axes", {4}); },
                      ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute axes in operator ReduceMax must lie in [-4, 4) for a rank-4 input."));
  EXPECT_THAT(ErrorOf(13, "ArgMax", [](MB&, onnx::NodeProto* n) { MB::Int(n, "keepdims", 2); },
                      ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute keepdims in operator ArgMax must be 0 or 1."));
  EXPECT_THAT(ErrorOf(9, "Slice", [](MB&, onnx::NodeProto* n) {
                MB::Ints(n, "starts", {0});
                MB::Ints(n, "ends", {1});
                MB::Ints(n, "axes", {1, 2});
              }, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute axes in operator Slice must have as many entries as starts."));
  EXPECT_THAT(ErrorOf(13, "Slice", [](MB& b, onnx::NodeProto*) {
                b.Int64s("s", {0});
                b.Int64s("e", {2});
                b.Int64s("a", {1});
                b.Int64s("st", {0});
              }, ErrorClass::kOperatorAttributeValueNotValid, {"s", "e", "a", "st"}),
              HasLine("The value of attribute steps in operator Slice cannot be 0."));
  EXPECT_THAT(ErrorOf(11, "Split", [](MB&, onnx::NodeProto* n) {
                MB::Ints(n, "split", {1, 2});
                MB::Int(n, "axis", 1);
                n->add_output("y2");
              }, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute split in operator Split must add up to the split dimension."));
  EXPECT_THAT(ErrorOf(13, "Gather", [](MB& b, onnx::NodeProto*) { b.Int64s("i", {4}); },
                      ErrorClass::kOperatorAttributeValueNotValid, {"i"}),
              HasLine("The value of attribute indices in operator Gather must lie in [-1, 1)."));
  EXPECT_THAT(ErrorOf(8, "Upsample", [](MB&, onnx::NodeProto* n) { MB::Floats(n, "scales", {1, 1, 0.5f, 2}); },
                      ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute scales in operator Upsample must be at least 1."));
  EXPECT_THAT(ErrorOf(10, "Pad", [](MB&, onnx::NodeProto* n) {
                MB::Ints(n, "pads", {0, 0, 3, 0, 0, 0, 0, 0});
                MB::String(n, "mode", "reflect");
              }, ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute pads in operator Pad must be smaller than the dimension for reflect mode."));
  EXPECT_THAT(ErrorOf(13, "ImageScaler", [](MB&, onnx::NodeProto* n) { MB::Floats(n, "bias", {1, 2}); },
                      ErrorClass::kOperatorAttributeValueNotValid),
              HasLine("The value of attribute bias in operator ImageScaler must hold one value per channel."));
}

TEST(TensorOpsErrors, ConvTransposeAttributes) {
  auto conv = [](const std::string& auto_pad) {
    return [auto_pad](MB& b, onnx::NodeProto* n) {
      b.Weight("w", {4, 2, 3, 3}, 0.5f);
      MB::String(n, "auto_pad", auto_pad);
    };
  };
  EXPECT_THAT(ErrorOf(11, "ConvTranspose", conv("MIDDLE"), ErrorClass::kOperatorAttributeValueNotValid, {"w"}),
              HasLine("The value of attribute auto_pad in operator ConvTranspose must be NOTSET, SAME_UPPER, SAME_LOWER or VALID."));
  EXPECT_THAT(ErrorOf(11, "ConvTranspose", [](MB& b, onnx::NodeProto* n) {
                b.Weight("w", {4, 2, 3, 3}, 0.5f);
                MB::Ints(n, "strides", {0, 1});
              }, ErrorClass::kOperatorAttributeValueNotValid, {"w"}),
              HasLine("The value of attribute strides in operator ConvTranspose must be positive."));
  EXPECT_THAT(ErrorOf(11, "ConvTranspose", [](MB&, onnx::NodeProto*) {}, ErrorClass::kOperatorAttributeNotImplemented, {"x"}),
              HasLine("non-constant weights is not supported in ConvTranspose."));
}

// Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds while lowering: one Reshape.
TEST(TensorOpsLowering, ShapeSubgraphFolds) {
  ModelBuilder d(13);
  d.Input("x", {2, 3, 4});
  d.Int64s("zero", {0});
  d.Int64s("minus_one", {-1});
  d.Int64s("axes", {0});
  d.Node("Shape", {"x"}, {"s"});
  MB::Int(d.Node("Gather", {"s", "zero"}, {"n"}), "axis", 0);
  MB::Int(d.Node("Concat", {"n", "minus_one"}, {"shape"}), "axis", 0);
  d.Node("Reshape", {"x", "shape"}, {"y"});
  d.Output("y");
  ir::Graph graph = Lower(d, {{2, 3, 4}});
  ASSERT_EQ(graph.nodes().size(), 1u);
  EXPECT_EQ(graph.nodes()[0].op, ir::op::kReshape);
  EXPECT_EQ(graph.value(graph.outputs()[0]).shape, (ir::Shape{2, 12}));
}

// Legacy operators against their historical formulas.
TEST(TensorOpsLowering, LegacyOperatorsMatchDefinitions) {
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

TEST(TensorOpsLowering, FCFlattensByAxisAndConstantFillIsConstant) {
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
