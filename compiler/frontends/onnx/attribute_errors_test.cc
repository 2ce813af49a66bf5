// Attribute errors of the ONNX operators beyond the first ones (reductions, ConvTranspose,
// Pad, Slice, Upsample, Cast, ...): every error path with a crafted model, and its exact
// Neo message.
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

TEST(AttributeErrorsTest, AttributeRequired) {
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

TEST(AttributeErrorsTest, AttributeNotImplemented) {
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

TEST(AttributeErrorsTest, AttributeValueNotValid) {
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

TEST(AttributeErrorsTest, ConvTransposeAttributes) {
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

}  // namespace
}  // namespace neo::onnx_frontend
