#include "compiler/passes/reference/reference_ops.h"

#include <gtest/gtest.h>

#include <cmath>

#include "compiler/ir/ops.h"

namespace neo::passes::reference {
namespace {

namespace op = ir::op;

ir::Node MakeNode(const std::string& o) {
  ir::Node n;
  n.op = o;
  return n;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << i;
}

TEST(ReferenceOpsTest, ConvSumsWindows) {
  ir::Node n = MakeNode(op::kConv2D);
  Tensor x{{1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
  Tensor w{{1, 1, 2, 2}, {1, 1, 1, 1}};
  Tensor b{{1}, {0.5f}};
  Tensor y = Conv2D(n, x, w, &b, {1, 1, 2, 2});
  ExpectNear(y.data, {12.5f, 16.5f, 24.5f, 28.5f});
  n.attrs.set("act_max", 20.0);
  ExpectNear(Conv2D(n, x, w, &b, {1, 1, 2, 2}).data, {12.5f, 16.5f, 20, 20});
}

TEST(ReferenceOpsTest, ConvLayoutsAgreeWithGroupsPadsAndDilation) {
  ir::Node n = MakeNode(op::kConv2D);
  n.attrs.set("group", int64_t{2});
  n.attrs.set("pads", std::vector<int64_t>{1, 0, 1, 2});
  n.attrs.set("strides", std::vector<int64_t>{2, 1});
  n.attrs.set("dilations", std::vector<int64_t>{1, 2});
  Tensor x{{1, 4, 5, 6}, {}};
  for (int i = 0; i < 120; ++i) x.data.push_back(std::sin(static_cast<float>(i)));
  Tensor w{{6, 2, 3, 2}, {}};
  for (int i = 0; i < 72; ++i) w.data.push_back(std::cos(static_cast<float>(i)));
  // H: (5 + 2 - 3) / 2 + 1 = 3; W: (6 + 2 - 3) / 1 + 1 = 6.
  Tensor nchw = Conv2D(n, x, w, nullptr, {1, 6, 3, 6});
  n.attrs.set("layout", std::string("NHWC"));
  Tensor nhwc = Conv2D(n, Transpose(x, {0, 2, 3, 1}), w, nullptr, {1, 3, 6, 6});
  ExpectNear(Transpose(nhwc, {0, 3, 1, 2}).data, nchw.data);
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

TEST(ReferenceOpsTest, AveragePoolDivisors) {
  ir::Node n = MakeNode(op::kAveragePool2D);
  n.attrs.set("kernel", std::vector<int64_t>{2, 2});
  n.attrs.set("strides", std::vector<int64_t>{2, 2});
  n.attrs.set("pads", std::vector<int64_t>{0, 0, 1, 1});  // ceil-mode extra row/col
  Tensor x{{1, 1, 3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 1}};
  ExpectNear(Pool2D(n, x, {1, 1, 2, 2}).data, {1, 1, 1, 1});
  n.attrs.set("count_include_pad", int64_t{1});
  n.attrs.set("counted_pads", std::vector<int64_t>{0, 0, 0, 0});  // extra rows never count
  ExpectNear(Pool2D(n, x, {1, 1, 2, 2}).data, {1, 1, 1, 1});
  n.attrs.set("counted_pads", std::vector<int64_t>{0, 0, 1, 1});
  ExpectNear(Pool2D(n, x, {1, 1, 2, 2}).data, {1, 0.5f, 0.5f, 0.25f});
}

TEST(ReferenceOpsTest, MaxAndGlobalPools) {
  ir::Node mp = MakeNode(op::kMaxPool2D);
  mp.attrs.set("kernel", std::vector<int64_t>{2, 2});
  Tensor x{{1, 1, 2, 3}, {1, 5, 2, -1, 0, 7}};
  ExpectNear(Pool2D(mp, x, {1, 1, 1, 2}).data, {5, 7});
  ir::Node gap = MakeNode(op::kGlobalAveragePool);
  Tensor g = GlobalPool(gap, x);
  EXPECT_EQ(g.shape, (ir::Shape{1, 1, 1, 1}));
  ExpectNear(g.data, {14.0f / 6});
  ir::Node gmp = MakeNode(op::kGlobalMaxPool);
  gmp.attrs.set("layout", std::string("NHWC"));  // [1,2,1,3]: three channels
  Tensor h = GlobalPool(gmp, Tensor{{1, 2, 1, 3}, {1, 5, 2, -1, 0, 7}});
  EXPECT_EQ(h.shape, (ir::Shape{1, 1, 1, 3}));
  ExpectNear(h.data, {1, 5, 7});
}

TEST(ReferenceOpsTest, BroadcastBinaryAndUnary) {
  Tensor a{{2, 1}, {1, 2}};
  Tensor b{{3}, {10, 20, 30}};
  Tensor y = Binary(MakeNode(op::kSub), a, b);
  EXPECT_EQ(y.shape, (ir::Shape{2, 3}));
  ExpectNear(y.data, {-9, -19, -29, -8, -18, -28});
  ExpectNear(Binary(MakeNode(op::kPRelu), Tensor{{2}, {-2, 3}}, Tensor{{1}, {0.5f}}).data, {-1, 3});
  ir::Node clamp = MakeNode(op::kClamp);
  clamp.attrs.set("min", -1.0);
  clamp.attrs.set("max", 1.0);
  ExpectNear(Unary(clamp, Tensor{{3}, {-3, 0.5f, 3}}).data, {-1, 0.5f, 1});
  ExpectNear(Unary(MakeNode(op::kSigmoid), Tensor{{1}, {0}}).data, {0.5f});
}

TEST(ReferenceOpsTest, SoftmaxBatchNormMatMulFullyConnected) {
  ir::Node sm = MakeNode(op::kSoftmax);
  sm.attrs.set("axis", int64_t{1});
  double z = std::exp(1.0) + std::exp(2.0);
  ExpectNear(Softmax(sm, Tensor{{1, 2}, {1, 2}}).data,
             {static_cast<float>(std::exp(1.0) / z), static_cast<float>(std::exp(2.0) / z)});
  ir::Node bn = MakeNode(op::kBatchNorm);
  bn.attrs.set("epsilon", 0.0);
  Tensor x{{1, 2, 1, 2}, {1, 2, 3, 4}};
  Tensor y = BatchNorm(bn, x, {{2}, {1, 2}}, {{2}, {0, 1}}, {{2}, {1, 3}}, {{2}, {4, 1}});
  ExpectNear(y.data, {0, 0.5f, 1, 3});
  Tensor mm = MatMul({{2, 3}, {1, 2, 3, 4, 5, 6}}, {{3}, {1, 0, -1}}, {2});
  ExpectNear(mm.data, {-2, -2});
  Tensor fc = FullyConnected(MakeNode(op::kFullyConnected), {{1, 3}, {1, 2, 3}},
                             {{2, 3}, {1, 1, 1, 0, 0, 1}}, nullptr);
  ExpectNear(fc.data, {6, 3});
}

TEST(ReferenceOpsTest, TransposeAndConcat) {
  Tensor x{{2, 3}, {1, 2, 3, 4, 5, 6}};
  Tensor t = Transpose(x, {1, 0});
  EXPECT_EQ(t.shape, (ir::Shape{3, 2}));
  ExpectNear(t.data, {1, 4, 2, 5, 3, 6});
  Tensor a{{2, 1}, {7, 8}};
  Tensor c = Concat({&x, &a}, 1);
  EXPECT_EQ(c.shape, (ir::Shape{2, 4}));
  ExpectNear(c.data, {1, 2, 3, 7, 4, 5, 6, 8});
}

}  // namespace
}  // namespace neo::passes::reference
