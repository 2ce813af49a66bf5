// The TensorFlow lowering checked against independent references: loops written here
// from TensorFlow's definitions (SAME padding, depthwise channel order, StridedSlice
// masks), run on the IR interpreter; and the Neo errors the frontend raises.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/graph_builder.h"
#include "compiler/frontends/tensorflow/tf_import.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::tf_frontend {
namespace {

using ::testing::HasSubstr;
using testing::GraphBuilder;
using ir::testing::Tensor;

std::vector<float> Pseudo(size_t n, unsigned seed) {
  std::vector<float> v(n);
  unsigned s = seed;
  for (auto& x : v) {
    s = s * 1103515245u + 12345u;
    x = static_cast<float>((s >> 8) % 2001) / 1000.0f - 1.0f;
  }
  return v;
}

ir::Graph Lower(const GraphBuilder& b, const std::vector<ir::Shape>& shapes) {
  const FrozenGraph g = FreezeGraphDef(b.graph());
  return LowerTfModel(g, shapes);
}

Tensor RunOne(const GraphBuilder& b, const Tensor& x) {
  const ir::Graph graph = Lower(b, {x.shape});
  return ir::testing::Interpret(graph, {x}).at(0);
}

std::string Headline(const std::function<void()>& f) {
  try {
    f();
  } catch (const NeoError& e) {
    return e.Headline();
  }
  return "(no error)";
}

// out[n, oy, ox, o] of a TensorFlow NHWC convolution, from the definition: SAME pads the
// total (out - 1) * stride + effective kernel - in, the smaller half first.
std::vector<float> NaiveConv(const std::vector<float>& x, const ir::Shape& xs,
                             const std::vector<float>& f, const ir::Shape& fs, int64_t stride,
                             int64_t dilation, bool same, ir::Shape* out_shape) {
  const int64_t H = xs[1], W = xs[2], C = xs[3], KH = fs[0], KW = fs[1], O = fs[3];
  const int64_t ekh = (KH - 1) * dilation + 1, ekw = (KW - 1) * dilation + 1;
  int64_t OH, OW, pt = 0, pl = 0;
  if (same) {
    OH = (H + stride - 1) / stride;
    OW = (W + stride - 1) / stride;
    pt = std::max<int64_t>((OH - 1) * stride + ekh - H, 0) / 2;
    pl = std::max<int64_t>((OW - 1) * stride + ekw - W, 0) / 2;
  } else {
    OH = (H - ekh) / stride + 1;
    OW = (W - ekw) / stride + 1;
  }
  *out_shape = {1, OH, OW, O};
  std::vector<float> y(static_cast<size_t>(OH * OW * O), 0.0f);
  for (int64_t oy = 0; oy < OH; ++oy)
    for (int64_t ox = 0; ox < OW; ++ox)
      for (int64_t o = 0; o < O; ++o) {
        double acc = 0;
        for (int64_t ky = 0; ky < KH; ++ky)
          for (int64_t kx = 0; kx < KW; ++kx)
            for (int64_t c = 0; c < C; ++c) {
              const int64_t iy = oy * stride + ky * dilation - pt;
              const int64_t ix = ox * stride + kx * dilation - pl;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              acc += x[static_cast<size_t>((iy * W + ix) * C + c)] *
                     f[static_cast<size_t>(((ky * KW + kx) * C + c) * O + o)];
            }
        y[static_cast<size_t>((oy * OW + ox) * O + o)] = static_cast<float>(acc);
      }
  return y;
}

void ExpectNear(const Tensor& got, const ir::Shape& shape, const std::vector<float>& want) {
  ASSERT_EQ(got.shape, shape);
  ASSERT_EQ(got.data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got.data[i], want[i], 1e-4) << "at " << i;
}

TEST(TfLoweringTest, Conv2DSamePaddingAndStridesMatchTensorFlowsDefinition) {
  for (int64_t stride : {1, 2}) {
    for (int64_t dilation : {1, 2}) {
      for (bool same : {true, false}) {
        if (stride > 1 && dilation > 1) continue;  // TensorFlow forbids both
        const ir::Shape xs = {1, 7, 6, 3}, fs = {2, 3, 3, 4};
        const auto x = Pseudo(126, 1), f = Pseudo(72, 2);
        GraphBuilder b;
        b.Placeholder("x", {-1, 7, 6, 3});
        b.FloatConst("f", fs, f);
        auto& conv = b.Node("conv", "Conv2D", {"x", "f"});
        testing::SetInts(conv, "strides", {1, stride, stride, 1});
        testing::SetInts(conv, "dilations", {1, dilation, dilation, 1});
        testing::SetString(conv, "padding", same ? "SAME" : "VALID");
        ir::Shape ys;
        const auto want = NaiveConv(x, xs, f, fs, stride, dilation, same, &ys);
        ExpectNear(RunOne(b, {xs, x}), ys, want);
      }
    }
  }
}

TEST(TfLoweringTest, NchwConvolutionIsTheTransposedNhwcOne) {
  const ir::Shape xs = {1, 5, 5, 2}, fs = {3, 3, 2, 3};
  const auto x = Pseudo(50, 3), f = Pseudo(54, 4);
  ir::Shape ys;
  const auto want = NaiveConv(x, xs, f, fs, 2, 1, true, &ys);
  std::vector<float> x_nchw(50);
  for (int64_t h = 0; h < 5; ++h)
    for (int64_t w = 0; w < 5; ++w)
      for (int64_t c = 0; c < 2; ++c) x_nchw[static_cast<size_t>((c * 5 + h) * 5 + w)] = x[static_cast<size_t>((h * 5 + w) * 2 + c)];
  GraphBuilder b;
  b.Placeholder("x", {1, 2, 5, 5});
  b.FloatConst("f", fs, f);
  auto& conv = b.Node("conv", "Conv2D", {"x", "f"});
  testing::SetInts(conv, "strides", {1, 1, 2, 2});
  testing::SetString(conv, "padding", "SAME");
  testing::SetString(conv, "data_format", "NCHW");
  const Tensor got = RunOne(b, {{1, 2, 5, 5}, x_nchw});
  ASSERT_EQ(got.shape, (ir::Shape{1, 3, 3, 3}));
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t p = 0; p < 9; ++p) {
      EXPECT_NEAR(got.data[static_cast<size_t>(c * 9 + p)], want[static_cast<size_t>(p * 3 + c)], 1e-4);
    }
}

TEST(TfLoweringTest, DepthwiseOutputChannelIsChannelTimesMultiplierPlusM) {
  const ir::Shape xs = {1, 4, 4, 2}, fs = {3, 3, 2, 2};
  const auto x = Pseudo(32, 5), f = Pseudo(36, 6);
  GraphBuilder b;
  b.Placeholder("x", {1, 4, 4, 2});
  b.FloatConst("f", fs, f);
  auto& dw = b.Node("dw", "DepthwiseConv2dNative", {"x", "f"});
  testing::SetInts(dw, "strides", {1, 1, 1, 1});
  testing::SetString(dw, "padding", "SAME");
  std::vector<float> want(64);
  for (int64_t oy = 0; oy < 4; ++oy)
    for (int64_t ox = 0; ox < 4; ++ox)
      for (int64_t c = 0; c < 2; ++c)
        for (int64_t m = 0; m < 2; ++m) {
          double acc = 0;
          for (int64_t ky = 0; ky < 3; ++ky)
            for (int64_t kx = 0; kx < 3; ++kx) {
              const int64_t iy = oy + ky - 1, ix = ox + kx - 1;
              if (iy < 0 || iy >= 4 || ix < 0 || ix >= 4) continue;
              acc += x[static_cast<size_t>((iy * 4 + ix) * 2 + c)] *
                     f[static_cast<size_t>(((ky * 3 + kx) * 2 + c) * 2 + m)];
            }
          want[static_cast<size_t>((oy * 4 + ox) * 4 + c * 2 + m)] = static_cast<float>(acc);
        }
  ExpectNear(RunOne(b, {xs, x}), {1, 4, 4, 4}, want);
}

// x[shape 2x3x4x5] holds its own flat index, so every expected element is an index.
struct SliceCase {
  std::vector<int> begin, end, strides;
  int64_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask;
  ir::Shape shape;
  std::function<float(const std::vector<int64_t>&)> element;  // of the output's index
};

TEST(TfLoweringTest, StridedSliceMasksFollowPythonSlicing) {
  const auto flat = [](int64_t a, int64_t b, int64_t c, int64_t d) {
    return static_cast<float>(((a * 3 + b) * 4 + c) * 5 + d);
  };
  const std::vector<SliceCase> cases = {
      // x[..., 1:4:2]
      {{0, 1}, {0, 4}, {1, 2}, 0, 0, 1, 0, 0, {2, 3, 4, 2},
       [&](const std::vector<int64_t>& i) { return flat(i[0], i[1], i[2], 1 + 2 * i[3]); }},
      // x[1, ::-1, tf.newaxis, 2:]
      {{1, 0, 0, 2}, {2, 0, 0, 0}, {1, -1, 1, 1}, 0b0010, 0b1010, 0, 0b0100, 0b0001,
       {3, 1, 2, 5},
       [&](const std::vector<int64_t>& i) { return flat(1, 2 - i[0], 2 + i[2], i[3]); }},
      // x[:, -1]
      {{0, -1}, {0, 0}, {1, 1}, 1, 1, 0, 0, 0b10, {2, 4, 5},
       [&](const std::vector<int64_t>& i) { return flat(i[0], 2, i[1], i[2]); }},
      // x[-1:-3:-1, 1:100, :-1:3]
      {{-1, 1, 0}, {-3, 100, -1}, {-1, 1, 3}, 0b100, 0, 0, 0, 0, {2, 2, 1, 5},
       [&](const std::vector<int64_t>& i) { return flat(1 - i[0], 1 + i[1], 3 * i[2], i[3]); }},
  };
  std::vector<float> x(120);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  for (size_t k = 0; k < cases.size(); ++k) {
    const SliceCase& c = cases[k];
    const int64_t n = static_cast<int64_t>(c.begin.size());
    GraphBuilder b;
    b.Placeholder("x", {2, 3, 4, 5});
    b.IntConst("begin", {n}, c.begin);
    b.IntConst("end", {n}, c.end);
    b.IntConst("strides", {n}, c.strides);
    auto& s = b.Node("slice", "StridedSlice", {"x", "begin", "end", "strides"});
    testing::SetInt(s, "begin_mask", c.begin_mask);
    testing::SetInt(s, "end_mask", c.end_mask);
    testing::SetInt(s, "ellipsis_mask", c.ellipsis_mask);
    testing::SetInt(s, "new_axis_mask", c.new_axis_mask);
    testing::SetInt(s, "shrink_axis_mask", c.shrink_mask);
    const Tensor got = RunOne(b, {{2, 3, 4, 5}, x});
    ASSERT_EQ(got.shape, c.shape) << "case " << k;
    std::vector<int64_t> index(c.shape.size(), 0);
    for (size_t flat_out = 0; flat_out < got.data.size(); ++flat_out) {
      EXPECT_EQ(got.data[flat_out], c.element(index)) << "case " << k << " element " << flat_out;
      for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
        if (++index[static_cast<size_t>(d)] < c.shape[static_cast<size_t>(d)]) break;
        index[static_cast<size_t>(d)] = 0;
      }
    }
  }
}

TEST(TfLoweringTest, ShapeChainsFoldToConstantsWhileLowering) {
  // Reshape(x, Pack([StridedSlice(Shape(x), [0], [1], shrink), -1])): a flatten.
  GraphBuilder b;
  b.Placeholder("x", {-1, 3, 5, 6});
  b.Node("shape", "Shape", {"x"});
  b.IntConst("b0", {1}, {0});
  b.IntConst("b1", {1}, {1});
  auto& s = b.Node("batch", "StridedSlice", {"shape", "b0", "b1", "b1"});
  testing::SetInt(s, "shrink_axis_mask", 1);
  b.IntConst("minus_one", {}, {-1});
  b.Node("packed", "Pack", {"batch", "minus_one"});
  b.Node("flat", "Reshape", {"x", "packed"});
  const ir::Graph g = Lower(b, {{2, 3, 5, 6}});
  ASSERT_EQ(g.nodes().size(), 1u);
  EXPECT_EQ(g.nodes()[0].op, "Reshape");
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (ir::Shape{2, 90}));
}

TEST(TfLoweringTest, FusedBatchNormInferenceAndItsTrainingDefault) {
  GraphBuilder b;
  b.Placeholder("x", {1, 1, 2, 2});
  b.FloatConst("scale", {2}, {2.0f, 0.5f});
  b.FloatConst("offset", {2}, {1.0f, -1.0f});
  b.FloatConst("mean", {2}, {0.5f, 2.0f});
  b.FloatConst("var", {2}, {4.0f, 1.0f});
  auto& bn = b.Node("bn", "FusedBatchNormV3", {"x", "scale", "offset", "mean", "var"});
  testing::SetFloat(bn, "epsilon", 0.0f);
  EXPECT_EQ(Headline([&] { Lower(b, {{1, 1, 2, 2}}); }),
            "Compilation Error: OperatorAttributeNotImplemented: is_training=true is not "
            "supported in FusedBatchNormV3.");
  testing::SetBool(bn, "is_training", false);
  // y = scale * (x - mean) / sqrt(var) + offset, per channel (the last axis).
  ExpectNear(RunOne(b, {{1, 1, 2, 2}, {1.5f, 3.0f, -0.5f, 0.0f}}), {1, 1, 2, 2},
             {2.0f, -0.5f, 0.0f, -2.0f});
}

TEST(TfLoweringTest, ComparisonsGiveBoolTensorsThatCastBack) {
  GraphBuilder b;
  b.Placeholder("x", {2, 3});
  b.FloatConst("t", {3}, {0.0f, 0.5f, -1.0f});
  b.Node("ge", "GreaterEqual", {"x", "t"});
  auto& cast = b.Node("f", "Cast", {"ge"});
  (*cast.mutable_attr())["DstT"].set_type(tensorflow::DT_FLOAT);
  ExpectNear(RunOne(b, {{2, 3}, {0.0f, 0.4f, -2.0f, -0.1f, 0.5f, 3.0f}}), {2, 3},
             {1, 0, 0, 0, 1, 1});
}

TEST(TfLoweringTest, FloorDivRoundsTowardMinusInfinityForIntegersAndFloats) {
  for (auto dtype : {tensorflow::DT_INT32, tensorflow::DT_INT64, tensorflow::DT_FLOAT}) {
    GraphBuilder b;
    b.Placeholder("a", {6}, dtype);
    b.Placeholder("b", {6}, dtype);
    b.Node("q", "FloorDiv", {"a", "b"});
    const ir::Graph g = Lower(b, {{6}, {6}});
    const auto out = ir::testing::Interpret(
        g, {{{6}, {7, -7, 7, -7, 6, 0}}, {{6}, {2, 2, -2, -2, -3, 5}}});
    EXPECT_EQ(out.at(0).data, (std::vector<float>{3, -4, -4, 3, -2, 0}))
        << tensorflow::DataType_Name(dtype);
  }
  GraphBuilder f;
  f.Placeholder("a", {2});
  f.FloatConst("b", {2}, {2.0f, 2.0f});
  f.Node("q", "FloorDiv", {"a", "b"});
  EXPECT_EQ(RunOne(f, {{2}, {7.5f, -7.5f}}).data, (std::vector<float>{3, -4}));
}

TEST(TfLoweringTest, GatherNdPicksSlicesAndElements) {
  std::vector<float> params(24);
  for (size_t i = 0; i < params.size(); ++i) params[i] = static_cast<float>(i);
  {
    GraphBuilder b;
    b.Placeholder("p", {2, 3, 4});
    b.IntConst("i", {2, 2}, {1, 2, 0, 1});
    b.Node("g", "GatherNd", {"p", "i"});
    ExpectNear(RunOne(b, {{2, 3, 4}, params}), {2, 4}, {20, 21, 22, 23, 4, 5, 6, 7});
  }
  {
    GraphBuilder b;
    b.Placeholder("p", {2, 3, 4});
    b.IntConst("i", {1, 1, 3}, {1, 0, 3});
    b.Node("g", "GatherNd", {"p", "i"});
    ExpectNear(RunOne(b, {{2, 3, 4}, params}), {1, 1}, {15});
  }
}

TEST(TfLoweringTest, UnpackGivesOneOutputPerIndexOfTheAxis) {
  GraphBuilder b;
  b.Placeholder("x", {2, 3});
  auto& u = b.Node("u", "Unpack", {"x"});
  testing::SetInt(u, "num", 3);
  testing::SetInt(u, "axis", -1);
  b.Node("y", "Identity", {"u:1"});
  b.Node("z", "Identity", {"u:2"});
  const ir::Graph g = Lower(b, {{2, 3}});
  const auto out = ir::testing::Interpret(g, {{{2, 3}, {0, 1, 2, 3, 4, 5}}});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].data, (std::vector<float>{1, 4}));
  EXPECT_EQ(out[1].data, (std::vector<float>{2, 5}));
}

TEST(TfLoweringTest, UnknownOperatorsAreListedTogether) {
  GraphBuilder b;
  b.Placeholder("x", {1, 4});
  b.Node("e", "Einsum", {"x", "x"});
  b.Node("t", "TensorListReserve", {"e"});
  b.Node("e2", "Einsum", {"t", "x"});
  EXPECT_EQ(Headline([&] { CheckOperators(FreezeGraphDef(b.graph())); }),
            "Compilation Error: OperatorNotImplemented: The following operators are not "
            "implemented: {'Einsum', 'TensorListReserve'}");
}

TEST(TfLoweringTest, ControlFlowIsAnAttributeNotImplemented) {
  GraphBuilder b;
  b.Placeholder("x", {1, 4});
  b.Placeholder("p", {}, tensorflow::DT_BOOL);
  b.Node("sw", "Switch", {"x", "p"});
  b.Node("y", "Relu", {"sw:1"});
  EXPECT_EQ(Headline([&] { Lower(b, {{1, 4}, {}}); }),
            "Compilation Error: OperatorAttributeNotImplemented: a predicate computed from the "
            "model's inputs is not supported in Switch.");
}

// Keras' TF1 learning phase: Switch on PlaceholderWithDefault(False); the training branch
// (here a FusedBatchNorm with is_training, which would not compile) is dead.
TEST(TfLoweringTest, SwitchOnAConstantPredicateKeepsTheTakenBranchOnly) {
  for (bool phase : {false, true}) {
    GraphBuilder b;
    b.Placeholder("x", {1, 1, 1, 2});
    auto& c = b.Node("false", "Const");
    (*c.mutable_attr())["dtype"].set_type(tensorflow::DT_BOOL);
    auto* t = (*c.mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_BOOL);
    t->add_bool_val(phase);
    b.Node("learning_phase", "PlaceholderWithDefault", {"false"});
    b.Node("sw", "Switch", {"x", "learning_phase"});
    b.FloatConst("one", {2}, {1.0f, 1.0f});
    b.FloatConst("zero", {2}, {0.0f, 0.0f});
    b.Node("train", "FusedBatchNorm", {"sw:1", "one", "zero", "zero", "one"});
    b.Node("infer", "Relu", {"sw:0"});
    b.Node("merge", "Merge", {"train", "infer"});
    b.Node("out", "Identity", {"merge"});
    if (phase) {
      EXPECT_EQ(Headline([&] { Lower(b, {{1, 1, 1, 2}}); }),
                "Compilation Error: OperatorAttributeNotImplemented: is_training=true is not "
                "supported in FusedBatchNorm.");
    } else {
      ExpectNear(RunOne(b, {{1, 1, 1, 2}, {-1.5f, 2.0f}}), {1, 1, 1, 2}, {0.0f, 2.0f});
    }
  }
}

TEST(TfLoweringTest, ALoopIsControlFlowNotACycle) {
  GraphBuilder b;
  b.Placeholder("x", {2});
  b.Node("enter", "Enter", {"x"});
  b.Node("merge", "Merge", {"enter", "next"});
  b.Node("body", "Relu", {"merge"});
  b.Node("next", "NextIteration", {"body"});
  b.Node("exit", "Exit", {"body"});
  EXPECT_EQ(Headline([&] { CheckOperators(FreezeGraphDef(b.graph())); }),
            "Compilation Error: OperatorAttributeNotImplemented: a predicate computed from the "
            "model's inputs is not supported in Enter.");
}

TEST(TfLoweringTest, AttributeErrorsNameTheAttributeAndOperator) {
  GraphBuilder b;
  b.Placeholder("x", {1, 4, 4, 1});
  b.FloatConst("f", {1, 1, 1, 1}, {1.0f});
  auto& conv = b.Node("conv", "Conv2D", {"x", "f"});
  testing::SetInts(conv, "strides", {1, 1, 1, 1});
  EXPECT_EQ(Headline([&] { Lower(b, {{1, 4, 4, 1}}); }),
            "Compilation Error: OperatorAttributeRequired: Required attribute padding not found "
            "in Conv2D.");
  testing::SetString(conv, "padding", "SAME");
  testing::SetString(conv, "data_format", "NCDHW");
  EXPECT_EQ(Headline([&] { Lower(b, {{1, 4, 4, 1}}); }),
            "Compilation Error: OperatorAttributeNotImplemented: data_format NCDHW is not "
            "supported in Conv2D.");
}

TEST(TfLoweringTest, ConstantsAreCheckedAgainstWhatTheFileHolds) {
  GraphBuilder b;
  b.Placeholder("x", {2});
  b.FloatConst("c", {3}, {1.0f, 2.0f});  // 8 bytes of tensor_content for 3 floats
  b.Node("y", "Add", {"x", "c"});
  EXPECT_EQ(Headline([&] { Lower(b, {{2}}); }),
            "Malformed input error: Const 'c' holds 8 bytes where its shape [3] needs 12.");
  GraphBuilder splat;
  splat.Placeholder("x", {1});
  auto& c = splat.Node("huge", "Const");
  auto* t = (*c.mutable_attr())["value"].mutable_tensor();
  t->set_dtype(tensorflow::DT_FLOAT);
  t->mutable_tensor_shape()->add_dim()->set_size(int64_t{1} << 30);
  t->add_float_val(1.0f);
  splat.Node("y", "Add", {"x", "huge"});
  EXPECT_EQ(Headline([&] { Lower(splat, {{1}}); }),
            "Malformed input error: Const 'huge' repeats its values to 1073741824 elements; "
            "more than 16777216 must be written out in full.");
  // The file's bytes are compared before 4 GB of elements would be allocated.
  GraphBuilder short_content;
  short_content.Placeholder("x", {1});
  short_content.FloatConst("c", {1000, 1000, 1000}, {1.0f});
  short_content.Node("y", "Add", {"x", "c"});
  EXPECT_EQ(Headline([&] { Lower(short_content, {{1}}); }),
            "Malformed input error: Const 'c' holds 4 bytes where its shape [1000,1000,1000] "
            "needs 4000000000.");
}

TEST(TfLoweringTest, CyclesDanglingInputsAndNamesakesNameTheNode) {
  GraphBuilder cycle;
  cycle.Placeholder("x", {1});
  cycle.Node("A", "AddV2", {"x", "B"});
  cycle.Node("B", "Relu", {"A"});
  cycle.Node("y", "Relu", {"B"});
  EXPECT_EQ(Headline([&] { Lower(cycle, {{1}}); }),
            "Malformed input error: The graph has a cycle through node 'B' (only control flow "
            "makes cycles, and it is not compiled).");
  GraphBuilder dangling;
  dangling.Placeholder("x", {1});
  dangling.Node("y", "AddV2", {"x", "ghost"});
  EXPECT_EQ(Headline([&] { Lower(dangling, {{1}}); }),
            "Malformed input error: AddV2 node 'y' reads 'ghost', which is no node of the graph.");
  GraphBuilder no_output;
  no_output.Placeholder("x", {1});
  no_output.Node("y", "Relu", {"x:5"});
  EXPECT_EQ(Headline([&] { Lower(no_output, {{1}}); }),
            "Malformed input error: Relu node 'y' reads 'x:5', which no node of the graph "
            "produces.");
  GraphBuilder twice;
  twice.Placeholder("x", {1});
  twice.Node("A", "Relu", {"x"});
  twice.Node("A", "Sigmoid", {"x"});
  twice.Node("y", "AddV2", {"A", "x"});
  EXPECT_EQ(Headline([&] { Lower(twice, {{1}}); }),
            "Malformed input error: The graph has two nodes named 'A'.");
}

TEST(TfLoweringTest, AFillTooLargeToFoldRunsAtRunTime) {
  // Fill of 2^26 floats from a few bytes of file: the model computes it, neoc does not.
  GraphBuilder b;
  b.Placeholder("x", {1});
  b.IntConst("dims", {3}, {1024, 1024, 64});
  b.FloatConst("one", {}, {1.0f});
  b.Node("big", "Fill", {"dims", "one"});
  b.Node("y", "Add", {"x", "big"});
  const ir::Graph g = Lower(b, {{1}});
  for (ir::ValueId id = 0; id < static_cast<ir::ValueId>(g.num_values()); ++id) {
    if (g.value(id).is_constant()) {
      EXPECT_LT(g.value(id).byte_size(), 1024u) << g.value(id).name;
    }
  }
}

TEST(TfLoweringTest, TextGraphsParseAndBadOnesNameTheFile) {
  const std::string text = R"(
    node { name: "x" op: "Placeholder"
           attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "y" op: "Relu" input: "x" }
    versions { producer: 1205 }
    library { }
  )";
  const tensorflow::GraphDef g = ParseGraphDef(text, "model.pbtxt", true);
  EXPECT_EQ(g.node_size(), 2);
  EXPECT_THAT(Headline([] { ParseGraphDef("node { name: ", "bad.pbtxt", true); }),
              HasSubstr("Malformed input error: bad.pbtxt is not a valid text GraphDef (line"));
  EXPECT_THAT(Headline([] { ParseGraphDef("\xff\xff\xff", "bad.pb", false); }),
              HasSubstr("bad.pb is not a valid GraphDef"));
}

}  // namespace
}  // namespace neo::tf_frontend
