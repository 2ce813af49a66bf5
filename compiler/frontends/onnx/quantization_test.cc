// The ONNX quantization operators' lowering: defaults (absent zero points, axis),
// per-axis and per-channel parameters, numpy's vector operands, 1-D convolutions,
// DynamicQuantizeLinear's corner cases, and every error the lowering raises. Values are
// worked by hand; the node tests' values are in the conformance suites, whole models in
// testdata/onnx_quant.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "compiler/frontends/onnx/model_builder.h"

namespace neo::onnx_frontend {
namespace {

using ir::testing::Tensor;
using ::testing::HasSubstr;
constexpr int kU8 = onnx::TensorProto::UINT8;
constexpr int kI8 = onnx::TensorProto::INT8;
constexpr int kI32 = onnx::TensorProto::INT32;

TEST(QuantizeLinearTest, AbsentZeroPointIsUint8Zero) {
  // scale 0.5: 1.25 / 0.5 = 2.5 -> 2 (halves to even), 1.75 -> 3.5 -> 4, -1 -> -2 -> 0
  // (uint8 saturates), 200 -> 400 -> 255.
  ModelBuilder b(13);
  b.Input("x", {4});
  b.FloatTensor("s", {}, {0.5f});
  b.Node("QuantizeLinear", {"x", "s"}, {"y"});
  b.Node("DequantizeLinear", {"y", "s"}, {"z"});
  b.Output("y");
  b.Output("z");
  const auto out = Evaluate(b, {{{4}, {1.25f, 1.75f, -1.0f, 200.0f}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{2, 4, 0, 255}));
  EXPECT_EQ(out[1].data, (std::vector<float>{1.0f, 2.0f, 0.0f, 127.5f}));
}

TEST(QuantizeLinearTest, PerAxisWithNegativeAxis) {
  // [2, 2, 1] along axis -2 (= 1): channel 0 scale 1 zero point -10, channel 1 scale 4
  // zero point 3: x = [[[8], [8]], [[-8], [9]]] -> [[[-2], [5]], [[-18], [5]]]
  // (9 / 4 = 2.25 -> 2).
  ModelBuilder b(13);
  b.Input("x", {2, 2, 1});
  b.FloatTensor("s", {2}, {1.0f, 4.0f});
  b.IntTensor("z", kI8, {2}, {-10, 3});
  ModelBuilder::Int(b.Node("QuantizeLinear", {"x", "s", "z"}, {"y"}), "axis", -2);
  b.Output("y");
  const auto out = Evaluate(b, {{{2, 2, 1}, {8, 8, -8, 9}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{-2, 5, -18, 5}));
}

TEST(DequantizeLinearTest, Int32BiasAndPerAxis) {
  ModelBuilder b(13);
  b.TypedInput("bias", kI32, {3});
  b.TypedInput("w", kI8, {2, 2});
  b.FloatTensor("bs", {}, {0.125f});
  b.FloatTensor("ws", {2}, {0.5f, 2.0f});
  b.IntTensor("wz", kI8, {2}, {0, 0});
  b.Node("DequantizeLinear", {"bias", "bs"}, {"b"});
  ModelBuilder::Int(b.Node("DequantizeLinear", {"w", "ws", "wz"}, {"wf"}), "axis", 0);
  b.Output("b");
  b.Output("wf");
  const auto out = Evaluate(b, {{{3}, {-8, 0, 100000}}, {{2, 2}, {-128, 127, 3, -3}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{-1.0f, 0.0f, 12500.0f}));
  EXPECT_EQ(out[1].data, (std::vector<float>{-64.0f, 63.5f, 6.0f, -6.0f}));
}

TEST(QuantizeLinearTest, Errors) {
  {  // Per-axis scales came with opset 13.
    ModelBuilder b(10);
    b.Input("x", {2, 2});
    b.FloatTensor("s", {2}, {1.0f, 2.0f});
    b.Node("QuantizeLinear", {"x", "s"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("y_scale"));
  }
  {  // The axis must have as many elements as the scale.
    ModelBuilder b(13);
    b.Input("x", {2, 3});
    b.FloatTensor("s", {2}, {1.0f, 2.0f});
    ModelBuilder::Int(b.Node("QuantizeLinear", {"x", "s"}, {"y"}), "axis", 1);
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("axis"));
  }
  {  // A 2-D scale.
    ModelBuilder b(13);
    b.Input("x", {2, 2});
    b.FloatTensor("s", {2, 1}, {1.0f, 2.0f});
    b.Node("QuantizeLinear", {"x", "s"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("1-D"));
  }
  {  // Integer x: QuantizeLinear takes float32 (float16/bfloat16 are not compiled).
    ModelBuilder b(13);
    b.TypedInput("x", kI32, {2});
    b.FloatTensor("s", {}, {1.0f});
    b.Node("QuantizeLinear", {"x", "s"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented),
                HasSubstr("x of type int32"));
  }
  {  // The zero point's shape must be the scale's.
    ModelBuilder b(13);
    b.Input("x", {2, 2});
    b.FloatTensor("s", {2}, {1.0f, 2.0f});
    b.IntTensor("z", kU8, {}, {3});
    b.Node("QuantizeLinear", {"x", "s", "z"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("zero point"));
  }
  {  // int32 is dequantized with zero point 0 only.
    ModelBuilder b(13);
    b.TypedInput("x", kI32, {2});
    b.FloatTensor("s", {}, {1.0f});
    b.IntTensor("z", kI32, {}, {1});
    b.Node("DequantizeLinear", {"x", "s", "z"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("must be 0"));
  }
  {  // A zero point of another type than x.
    ModelBuilder b(13);
    b.TypedInput("x", kU8, {2});
    b.FloatTensor("s", {}, {1.0f});
    b.IntTensor("z", kI8, {}, {1});
    b.Node("DequantizeLinear", {"x", "s", "z"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeValueNotValid),
                HasSubstr("int8"));
  }
}

ModelBuilder DynamicQuantize(int64_t n) {
  ModelBuilder b(11);
  b.Input("x", {n});
  b.Node("DynamicQuantizeLinear", {"x"}, {"y", "s", "z"});
  b.Output("y");
  b.Output("s");
  b.Output("z");
  return b;
}

TEST(DynamicQuantizeLinearTest, ByHand) {
  // [0, 255]: the range is [0, 255], scale 1, zero point 0.
  auto out = Evaluate(DynamicQuantize(3), {{{3}, {0.0f, 255.0f, 127.5f}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{0, 255, 128}));  // 127.5 -> 128 (even)
  EXPECT_EQ(out[1].data, (std::vector<float>{1.0f}));
  EXPECT_EQ(out[2].data, (std::vector<float>{0}));
  // All negative: the range [-5.1, 0] (0 is always inside), scale 0.02, zero point
  // 0 - (-5.1 / 0.02) = 255.
  out = Evaluate(DynamicQuantize(2), {{{2}, {-5.1f, -2.55f}}});
  EXPECT_FLOAT_EQ(out[1].data[0], 5.1f / 255.0f);
  EXPECT_EQ(out[2].data, (std::vector<float>{255}));
  EXPECT_EQ(out[0].data, (std::vector<float>{0, 127}));  // -2.55 / 0.02 = -127.5 -> -128
  // All zeros: an empty range; ONNX's reference takes scale 1 (not 0 / 0).
  out = Evaluate(DynamicQuantize(4), {{{4}, {0, 0, 0, 0}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{0, 0, 0, 0}));
  EXPECT_EQ(out[1].data, (std::vector<float>{1.0f}));
  EXPECT_EQ(out[2].data, (std::vector<float>{0}));
}

TEST(MatMulIntegerTest, VectorsAndZeroPoints) {
  // a = [3, 5] (zero point 1: [2, 4]) times b = [[1, 2], [3, 4]] (no zero point):
  // [2 + 12, 4 + 16] = [14, 20]; numpy drops a's unit axis.
  ModelBuilder b(10);
  b.TypedInput("a", kU8, {2});
  b.IntTensor("b", kI8, {2, 2}, {1, 2, 3, 4});
  b.IntTensor("az", kU8, {}, {1});
  b.Node("MatMulInteger", {"a", "b", "az"}, {"y"});
  b.Output("y");
  auto out = Evaluate(b, {{{2}, {3, 5}}});
  EXPECT_EQ(out[0].shape, (ir::Shape{2}));
  EXPECT_EQ(out[0].data, (std::vector<float>{14, 20}));
  // b's zero point per column {1, 2}: b - zp = [[0, 0], [2, 2]] -> [8, 8]; no a zero
  // point ("" keeps the position).
  ModelBuilder c(10);
  c.TypedInput("a", kU8, {1, 2});
  c.IntTensor("b", kI8, {2, 2}, {1, 2, 3, 4});
  c.IntTensor("bz", kI8, {2}, {1, 2});
  c.Node("MatMulInteger", {"a", "b", "", "bz"}, {"y"});
  c.Output("y");
  out = Evaluate(c, {{{1, 2}, {3, 4}}});
  EXPECT_EQ(out[0].data, (std::vector<float>{8, 8}));
}

TEST(MatMulIntegerTest, Errors) {
  {  // Floats are MatMul's.
    ModelBuilder b(10);
    b.Input("a", {2, 2});
    b.Input("b", {2, 2});
    b.Node("MatMulInteger", {"a", "b"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented),
                HasSubstr("A of type float32"));
  }
  {  // A zero point of a shape other than scalar, [M] or [N].
    ModelBuilder b(10);
    b.TypedInput("a", kU8, {2, 3});
    b.TypedInput("b", kU8, {3, 2});
    b.IntTensor("az", kU8, {2, 1}, {1, 2});
    b.Node("MatMulInteger", {"a", "b", "az"}, {"y"});
    b.Output("y");
    EXPECT_THAT(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented),
                HasSubstr("a_zero_point of shape [2,1]"));
  }
}

TEST(QLinearMatMulTest, Errors) {
  auto model = [](std::vector<int64_t> a_scale_dims, bool y_zero_point) {
    ModelBuilder b(10);
    b.TypedInput("a", kU8, {2, 2});
    b.TypedInput("b", kU8, {2, 2});
    b.FloatTensor("as", a_scale_dims, std::vector<float>(a_scale_dims.empty() ? 1 : 2, 0.5f));
    b.IntTensor("az", kU8, {}, {0});
    b.FloatTensor("bs", {}, {0.5f});
    b.IntTensor("bz", kU8, {}, {0});
    b.FloatTensor("ys", {}, {0.5f});
    b.IntTensor("yz", kU8, {}, {0});
    b.Node("QLinearMatMul", {"a", "as", "az", "b", "bs", "bz", "ys", y_zero_point ? "yz" : ""},
           {"y"});
    b.Output("y");
    return b;
  };
  EXPECT_THAT(LoweringError(model({2}, true), {}, ErrorClass::kOperatorAttributeNotImplemented),
              HasSubstr("a_scale of shape [2] (per-tensor only)"));
  EXPECT_THAT(LoweringError(model({}, false), {}, ErrorClass::kOperatorAttributeRequired),
              HasSubstr("input 7"));
  EXPECT_EQ(LoweringError(model({}, true), {}, ErrorClass::kOperatorAttributeNotImplemented),
            "no error");
}

TEST(ConvIntegerTest, OneDimensional) {
  // x = [1, 2, 4, 8, 16] (zero point 1) with the filter [1, 3] - [0, 1]... as uint8 with
  // zero point 1: [0, 2]: y[i] = 2 * (x[i + 1] - 1) = [2, 6, 14, 30].
  ModelBuilder b(10);
  b.TypedInput("x", kU8, {1, 1, 5});
  b.IntTensor("w", kU8, {1, 1, 2}, {1, 3});
  b.IntTensor("xz", kU8, {}, {1});
  b.IntTensor("wz", kU8, {}, {1});
  b.Node("ConvInteger", {"x", "w", "xz", "wz"}, {"y"});
  b.Output("y");
  const auto out = Evaluate(b, {{{1, 1, 5}, {1, 2, 4, 8, 16}}});
  EXPECT_EQ(out[0].shape, (ir::Shape{1, 1, 4}));
  EXPECT_EQ(out[0].data, (std::vector<float>{2, 6, 14, 30}));
}

TEST(QLinearConvTest, PerChannelAndAutoPad) {
  // Two 1x1 int8 filters {1} and {-1} with per-channel scales {0.5, 0.25} (x_scale 1,
  // y_scale 0.5: multipliers 1 and 0.5) and zero points 0; bias {0, 4}; y_zero_point 10.
  // x = [2, -6] (zero point 0): channel 0 = x + 10 = [12, 4], channel 1 =
  // (-x + 4) * 0.5 + 10 = [11, 15].
  ModelBuilder b(10);
  b.TypedInput("x", kI8, {1, 1, 1, 2});
  b.FloatTensor("xs", {}, {1.0f});
  b.IntTensor("xz", kI8, {}, {0});
  b.IntTensor("w", kI8, {2, 1, 1, 1}, {1, -1});
  b.FloatTensor("ws", {2}, {0.5f, 0.25f});
  b.IntTensor("wz", kI8, {2}, {0, 0});
  b.FloatTensor("ys", {}, {0.5f});
  b.IntTensor("yz", kI8, {}, {10});
  b.IntTensor("bias", kI32, {2}, {0, 4});
  ModelBuilder::String(
      b.Node("QLinearConv", {"x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"}, {"y"}),
      "auto_pad", "SAME_UPPER");
  b.Output("y");
  const auto out = Evaluate(b, {{{1, 1, 1, 2}, {2, -6}}});
  EXPECT_EQ(out[0].shape, (ir::Shape{1, 2, 1, 2}));
  EXPECT_EQ(out[0].data, (std::vector<float>{12, 4, 11, 15}));
}

TEST(QLinearConvTest, Errors) {
  auto model = [](bool constant_weights, std::vector<int64_t> w_scale_dims, int bias_type) {
    ModelBuilder b(10);
    b.TypedInput("x", kU8, {1, 2, 3, 3});
    b.FloatTensor("xs", {}, {1.0f});
    b.IntTensor("xz", kU8, {}, {0});
    if (constant_weights) {
      b.IntTensor("w", kU8, {3, 2, 1, 1}, {1, 2, 3, 4, 5, 6});
    } else {
      b.TypedInput("w", kU8, {3, 2, 1, 1});
    }
    int64_t n = 1;
    for (int64_t d : w_scale_dims) n *= d;
    b.FloatTensor("ws", w_scale_dims, std::vector<float>(static_cast<size_t>(n), 0.5f));
    b.IntTensor("wz", kU8, {}, {0});
    b.FloatTensor("ys", {}, {0.5f});
    b.IntTensor("yz", kU8, {}, {0});
    if (bias_type == kI32) {
      b.IntTensor("bias", kI32, {3}, {1, 2, 3});
    } else {
      b.FloatTensor("bias", {3}, {1, 2, 3});
    }
    b.Node("QLinearConv", {"x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias"}, {"y"});
    b.Output("y");
    return b;
  };
  EXPECT_EQ(LoweringError(model(true, {3}, kI32), {}, ErrorClass::kOperatorAttributeNotImplemented),
            "no error");
  EXPECT_THAT(LoweringError(model(false, {3}, kI32), {}, ErrorClass::kOperatorAttributeNotImplemented),
              HasSubstr("non-constant weights"));
  EXPECT_THAT(LoweringError(model(true, {2}, kI32), {}, ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("w_scale"));
  EXPECT_THAT(LoweringError(model(true, {3}, onnx::TensorProto::FLOAT), {},
                            ErrorClass::kOperatorAttributeValueNotValid),
              HasSubstr("int32"));
}

}  // namespace
}  // namespace neo::onnx_frontend
