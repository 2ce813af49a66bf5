// The oracle: IR nodes evaluated on the reference kernels through their registry
// entries, in both layouts and in the nodes' own dtypes. Where the compiler's two former
// evaluators disagreed, the ONNX definition is pinned here.
#include "compiler/ir/evaluate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::ir {
namespace {

using testing::Tensor;

// One node `op` with `attrs` on graph inputs shaped like `inputs` (dtype float32 unless
// `dtypes` says otherwise), evaluated by the interpreter.
Tensor Eval(const std::string& op, const Attributes& attrs, const std::vector<Tensor>& inputs,
            const std::vector<DType>& dtypes = {}, const Shape& output_shape = {}) {
  Graph g;
  std::vector<ValueId> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Value v;
    v.name = "x" + std::to_string(i);
    v.dtype = i < dtypes.size() ? dtypes[i] : DType::kFloat32;
    v.shape = inputs[i].shape;
    v.has_shape = true;
    ins.push_back(g.AddValue(std::move(v)));
    g.inputs().push_back(ins.back());
  }
  Value y;
  y.name = "y";
  if (!output_shape.empty()) {
    y.shape = output_shape;
    y.has_shape = true;
  }
  ValueId out = g.AddValue(std::move(y));
  Node& n = g.AddNode(op, ins, {out});
  n.name = "node";
  n.attrs = attrs;
  g.outputs().push_back(out);
  InferShapes(g);
  return testing::Interpret(g, inputs)[0];
}

Attributes Attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
  Attributes a;
  for (const auto& [k, v] : list) a.set(k, v);
  return a;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol = 1e-5f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << i;
}

Tensor Transposed(const Tensor& x, const std::vector<int64_t>& perm) {
  return Eval(op::kTranspose, Attrs({{"perm", perm}}), {x});
}

TEST(EvaluateTest, ConvSumsWindowsWithBiasAndClamp) {
  Tensor x{{1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
  Tensor w{{1, 1, 2, 2}, {1, 1, 1, 1}};
  Tensor b{{1}, {0.5f}};
  ExpectNear(Eval(op::kConv2D, {}, {x, w, b}).data, {12.5f, 16.5f, 24.5f, 28.5f});
  ExpectNear(Eval(op::kConv2D, Attrs({{"act_max", 20.0}}), {x, w, b}).data, {12.5f, 16.5f, 20, 20});
}

TEST(EvaluateTest, ConvLayoutsAgreeWithGroupsPadsAndDilation) {
  Attributes a = Attrs({{"group", int64_t{2}},
                        {"pads", std::vector<int64_t>{1, 0, 1, 2}},
                        {"strides", std::vector<int64_t>{2, 1}},
                        {"dilations", std::vector<int64_t>{1, 2}}});
  Tensor x{{1, 4, 5, 6}, {}};
  for (int i = 0; i < 120; ++i) x.data.push_back(std::sin(static_cast<float>(i)));
  Tensor w{{6, 2, 3, 2}, {}};
  for (int i = 0; i < 72; ++i) w.data.push_back(std::cos(static_cast<float>(i)));
  // H: (5 + 2 - 3) / 2 + 1 = 3; W: (6 + 2 - 3) / 1 + 1 = 6.
  Tensor nchw = Eval(op::kConv2D, a, {x, w});
  EXPECT_EQ(nchw.shape, (Shape{1, 6, 3, 6}));
  a.set("layout", std::string("NHWC"));
  Tensor nhwc = Eval(op::kConv2D, a, {Transposed(x, {0, 2, 3, 1}), w});
  ExpectNear(Transposed(nhwc, {0, 3, 1, 2}).data, nchw.data);
  // One element by hand: output channel 0 (group 0), oh=0, ow=0 reads rows -1..1, cols 0, 2.
  double want = 0;
  for (int c = 0; c < 2; ++c)
    for (int kh = 0; kh < 3; ++kh)
      for (int kw = 0; kw < 2; ++kw) {
        int ih = kh - 1, iw = kw * 2;
        if (ih < 0) continue;
        want += x.data[static_cast<size_t>((c * 5 + ih) * 6 + iw)] *
                w.data[static_cast<size_t>((c * 3 + kh) * 2 + kw)];
      }
  EXPECT_NEAR(nchw.data[0], want, 1e-5);
}

TEST(EvaluateTest, AveragePoolDivisors) {
  Attributes a = Attrs({{"kernel", std::vector<int64_t>{2, 2}},
                        {"strides", std::vector<int64_t>{2, 2}},
                        {"pads", std::vector<int64_t>{0, 0, 1, 1}}});  // ceil-mode extra row/col
  Tensor x{{1, 1, 3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 1}};
  ExpectNear(Eval(op::kAveragePool2D, a, {x}).data, {1, 1, 1, 1});
  a.set("count_include_pad", int64_t{1});
  a.set("counted_pads", std::vector<int64_t>{0, 0, 0, 0});  // extra rows never count
  ExpectNear(Eval(op::kAveragePool2D, a, {x}).data, {1, 1, 1, 1});
  a.set("counted_pads", std::vector<int64_t>{0, 0, 1, 1});
  ExpectNear(Eval(op::kAveragePool2D, a, {x}).data, {1, 0.5f, 0.5f, 0.25f});
}

TEST(EvaluateTest, MaxAndGlobalPools) {
  Tensor x{{1, 1, 2, 3}, {1, 5, 2, -1, 0, 7}};
  ExpectNear(Eval(op::kMaxPool2D, Attrs({{"kernel", std::vector<int64_t>{2, 2}}}), {x}).data, {5, 7});
  Tensor g = Eval(op::kGlobalAveragePool, {}, {x});
  EXPECT_EQ(g.shape, (Shape{1, 1, 1, 1}));
  ExpectNear(g.data, {14.0f / 6});
  // NHWC [1,2,1,3]: three channels.
  Tensor h = Eval(op::kGlobalMaxPool, Attrs({{"layout", std::string("NHWC")}}),
                  {Tensor{{1, 2, 1, 3}, {1, 5, 2, -1, 0, 7}}});
  EXPECT_EQ(h.shape, (Shape{1, 1, 1, 3}));
  ExpectNear(h.data, {1, 5, 7});
}

TEST(EvaluateTest, BroadcastBinaryAndUnary) {
  Tensor y = Eval(op::kSub, {}, {Tensor{{2, 1}, {1, 2}}, Tensor{{3}, {10, 20, 30}}});
  EXPECT_EQ(y.shape, (Shape{2, 3}));
  ExpectNear(y.data, {-9, -19, -29, -8, -18, -28});
  ExpectNear(Eval(op::kPRelu, {}, {Tensor{{2}, {-2, 3}}, Tensor{{1}, {0.5f}}}).data, {-1, 3});
  ExpectNear(Eval(op::kClamp, Attrs({{"min", -1.0}, {"max", 1.0}}), {Tensor{{3}, {-3, 0.5f, 3}}}).data,
             {-1, 0.5f, 1});
  ExpectNear(Eval(op::kSigmoid, {}, {Tensor{{1}, {0}}}).data, {0.5f});
}

TEST(EvaluateTest, SoftmaxBatchNormMatMulFullyConnected) {
  double z = std::exp(1.0) + std::exp(2.0);
  ExpectNear(Eval(op::kSoftmax, Attrs({{"axis", int64_t{1}}}), {Tensor{{1, 2}, {1, 2}}}).data,
             {static_cast<float>(std::exp(1.0) / z), static_cast<float>(std::exp(2.0) / z)});
  Tensor bn = Eval(op::kBatchNorm, Attrs({{"epsilon", 0.0}}),
                   {Tensor{{1, 2, 1, 2}, {1, 2, 3, 4}}, Tensor{{2}, {1, 2}}, Tensor{{2}, {0, 1}},
                    Tensor{{2}, {1, 3}}, Tensor{{2}, {4, 1}}});
  ExpectNear(bn.data, {0, 0.5f, 1, 3});
  // Rank 2: channels on axis 1.
  ExpectNear(Eval(op::kBatchNorm, Attrs({{"epsilon", 0.0}}),
                  {Tensor{{2, 2}, {1, 2, 3, 4}}, Tensor{{2}, {1, 1}}, Tensor{{2}, {0, 0}},
                   Tensor{{2}, {1, 2}}, Tensor{{2}, {1, 1}}}).data,
             {0, 0, 2, 2});
  ExpectNear(Eval(op::kBatchMatMul, {}, {Tensor{{2, 3}, {1, 2, 3, 4, 5, 6}}, Tensor{{3, 1}, {1, 0, -1}}}).data,
             {-2, -2});
  ExpectNear(Eval(op::kFullyConnected, {}, {Tensor{{1, 3}, {1, 2, 3}}, Tensor{{2, 3}, {1, 1, 1, 0, 0, 1}}}).data,
             {6, 3});
}

TEST(EvaluateTest, TransposeAndConcat) {
  Tensor x{{2, 3}, {1, 2, 3, 4, 5, 6}};
  Tensor t = Transposed(x, {1, 0});
  EXPECT_EQ(t.shape, (Shape{3, 2}));
  ExpectNear(t.data, {1, 4, 2, 5, 3, 6});
  Tensor c = Eval(op::kConcat, Attrs({{"axis", int64_t{1}}}), {x, Tensor{{2, 1}, {7, 8}}});
  EXPECT_EQ(c.shape, (Shape{2, 4}));
  ExpectNear(c.data, {1, 2, 3, 7, 4, 5, 6, 8});
}

// Integer arithmetic runs the typed kernels, exactly as the generated code does: wrap
// around, truncating division, values beyond float's 2^24.
TEST(EvaluateTest, IntegerArithmeticIsTheTypedKernels) {
  Graph g;
  auto constant = [&](const char* name, DType t, std::vector<int64_t> v) {
    std::vector<uint8_t> bytes(v.size() * DTypeSize(t));
    for (size_t i = 0; i < v.size(); ++i) {
      if (t == DType::kInt64) std::memcpy(&bytes[i * 8], &v[i], 8);
      if (t == DType::kInt32) {
        int32_t x = static_cast<int32_t>(v[i]);
        std::memcpy(&bytes[i * 4], &x, 4);
      }
    }
    return g.AddConstant(name, t, {static_cast<int64_t>(v.size())}, bytes);
  };
  const int64_t big = (int64_t{1} << 40) + 1;
  ValueId a = constant("a", DType::kInt64, {big, -7, 7});
  ValueId b = constant("b", DType::kInt64, {1, 2, 0});
  ValueId c = constant("c", DType::kInt32, {2147483647});
  ValueId d = constant("d", DType::kInt32, {1});
  ValueId sum = g.AddValue("sum", DType::kInt64), quot = g.AddValue("quot", DType::kInt64),
          wrap = g.AddValue("wrap", DType::kInt32);
  g.AddNode(op::kAdd, {a, b}, {sum});
  g.AddNode(op::kDiv, {a, b}, {quot});
  g.AddNode(op::kAdd, {c, d}, {wrap});
  InferShapes(g);
  auto run = [&](size_t i, std::vector<ValueId> ins) {
    std::vector<TensorData> data;
    for (ValueId v : ins) data.push_back(ConstantData(g.value(v)));
    auto out = EvaluateNode(g, i, {&data[0], &data[1]});
    EXPECT_TRUE(out.has_value());
    return (*out)[0];
  };
  TensorData s = run(0, {a, b});
  EXPECT_EQ(reinterpret_cast<const int64_t*>(s.bytes.data())[0], big + 1);
  TensorData q = run(1, {a, b});
  EXPECT_EQ(reinterpret_cast<const int64_t*>(q.bytes.data())[1], -3);  // toward zero
  EXPECT_EQ(reinterpret_cast<const int64_t*>(q.bytes.data())[2], 0);   // kernels' x / 0
  TensorData w = run(2, {c, d});
  EXPECT_EQ(reinterpret_cast<const int32_t*>(w.bytes.data())[0], std::numeric_limits<int32_t>::min());
}

// A float-only kernel (Reduce) on int64 shape values goes through float when exact, and
// refuses (nullopt: left to run time) when a value is beyond 2^24.
TEST(EvaluateTest, IntegerThroughFloatOnlyWhenExact) {
  auto reduce_prod = [](std::vector<int64_t> v) {
    Graph g;
    std::vector<uint8_t> bytes(v.size() * 8);
    std::memcpy(bytes.data(), v.data(), bytes.size());
    ValueId x = g.AddConstant("x", DType::kInt64, {static_cast<int64_t>(v.size())}, bytes);
    ValueId y = g.AddValue("y", DType::kInt64);
    Node& n = g.AddNode(op::kReduce, {x}, {y});
    n.attrs.set("kind", std::string("prod"));
    n.attrs.set("axes", std::vector<int64_t>{0});
    n.attrs.set("keepdims", int64_t{0});
    InferShapes(g);
    TensorData in = ConstantData(g.value(x));
    return EvaluateNode(g, 0, {&in});
  };
  auto ok = reduce_prod({2, 3, 4});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ((*ok)[0].dtype, DType::kInt64);
  EXPECT_EQ(reinterpret_cast<const int64_t*>((*ok)[0].bytes.data())[0], 24);
  EXPECT_FALSE(reduce_prod({int64_t{1} << 25, 3}).has_value());
}

// ONNX's reference (onnx/backend/test/case/node/resize.py) takes the resized length in
// align_corners and pytorch_half_pixel as scale * input length, not the rounded output
// length. Input [0, 10, 20, 30] (or [0, 10, 20]) along one axis, linear.
TEST(EvaluateTest, ResizeCoordinatesFollowOnnx) {
  auto resize = [](const char* coord, Tensor x, double scale) {
    Attributes a = Attrs({{"mode", std::string("linear")},
                          {"coordinate_transformation_mode", std::string(coord)},
                          {"scales", std::vector<double>{scale}}});
    return Eval(op::kResize, a, {x});
  };
  // align_corners, 4 -> floor(2.4) = 2: x_in = x_out * 3 / (2.4 - 1).
  ExpectNear(resize("align_corners", Tensor{{4}, {0, 10, 20, 30}}, 0.6).data,
             {0, static_cast<float>(10 * 3 / 1.4)});
  // pytorch_half_pixel, 3 -> floor(1.2) = 1: scale * 3 = 1.2 is not 1, so
  // x_in = (0 + 0.5) / 0.4 - 0.5 = 0.75.
  ExpectNear(resize("pytorch_half_pixel", Tensor{{3}, {0, 10, 20}}, 0.4).data, {7.5f});
}

// ONNX's linear mode interpolates along every axis whose scale is not 1 (N-linear), not
// only the last two.
TEST(EvaluateTest, ResizeLinearIsNLinear) {
  Attributes a = Attrs({{"mode", std::string("linear")},
                        {"coordinate_transformation_mode", std::string("asymmetric")},
                        {"scales", std::vector<double>{2.0, 1.0, 1.0}}});
  ExpectNear(Eval(op::kResize, a, {Tensor{{2, 1, 1}, {0, 10}}}).data, {0, 5, 10, 10});
}

// Softplus is log(1 + exp(x)): x itself where exp(x) overflows float (numpy's reference
// overflows to inf there; the function's value is x).
TEST(EvaluateTest, SoftplusIsFiniteForLargeInputs) {
  Tensor y = Eval(op::kSoftplus, {}, {Tensor{{4}, {0, 100, -100, 21}}});
  EXPECT_NEAR(y.data[0], std::log(2.0), 1e-7);
  EXPECT_EQ(y.data[1], 100.0f);
  EXPECT_GT(y.data[2], 0.0f);
  EXPECT_LT(y.data[2], 1e-40f);
  EXPECT_NEAR(y.data[3], std::log1p(std::exp(21.0)), 1e-5);
}

}  // namespace
}  // namespace neo::ir
