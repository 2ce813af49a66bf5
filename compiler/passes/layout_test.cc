#include "compiler/passes/layout.h"

#include <gtest/gtest.h>

#include "compiler/ir/op_registry.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/pipeline.h"

namespace neo::passes {
namespace {

using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

// Runs layout + cleanup, and checks the invariants and that results are unchanged.
void ConvertAndCheck(ir::Graph& g) {
  ir::InferShapes(g);
  ir::Graph before = g;
  std::vector<ir::Shape> in_shapes, out_shapes;
  for (ir::ValueId v : g.inputs()) in_shapes.push_back(g.value(v).shape);
  for (ir::ValueId v : g.outputs()) out_shapes.push_back(g.value(v).shape);
  ConvertToNHWC(g);
  SimplifyTransposes(g);
  // Shapes on values must be what inference computes from the rewritten graph.
  ir::Graph reinferred = g;
  ir::InferShapes(reinferred);
  for (size_t v = 0; v < g.num_values(); ++v) {
    EXPECT_EQ(g.value(static_cast<int>(v)).shape, reinferred.value(static_cast<int>(v)).shape)
        << g.value(static_cast<int>(v)).name;
  }
  for (const ir::Node& node : g.nodes()) {
    if (ir::GetOp(node.op).layout == ir::LayoutClass::kSpatial) {
      EXPECT_TRUE(ir::IsNHWC(node)) << node.name;
    }
  }
  for (size_t i = 0; i < g.inputs().size(); ++i) EXPECT_EQ(g.value(g.inputs()[i]).shape, in_shapes[i]);
  for (size_t i = 0; i < g.outputs().size(); ++i) EXPECT_EQ(g.value(g.outputs()[i]).shape, out_shapes[i]);
  for (unsigned seed : {1u, 2u}) {
    auto in = ir::testing::RandomInputs(before, seed);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-5);
  }
}

TEST(LayoutTest, ConvChainWithChannelConstantAndClassifierHead) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 8, 8});
  ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
  ir::ValueId shift = RandomConst(g, "shift", {4, 1, 1}, 2);
  ir::ValueId c, a, r, gap, flat, fc;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  Op(g, op::kAdd, {c, shift}, "add", &a);
  Op(g, op::kRelu, {a}, "relu", &r);
  Op(g, op::kGlobalAveragePool, {r}, "gap", &gap).attrs.set("layout", std::string("NCHW"));
  Op(g, op::kReshape, {gap}, "flat", &flat).attrs.set("shape", std::vector<int64_t>{1, 4});
  ir::ValueId fw = RandomConst(g, "fw", {2, 4}, 3);
  Op(g, op::kFullyConnected, {flat, fw}, "fc", &fc);
  g.outputs() = {fc};
  ConvertAndCheck(g);
  // One transpose in; the GAP output [1,1,1,4] reaches the head through a Reshape only.
  EXPECT_EQ(CountOps(g, op::kTranspose), 1);
  EXPECT_EQ(g.nodes()[0].op, op::kTranspose);
  EXPECT_EQ(g.nodes()[0].attrs.GetInts("perm"), (std::vector<int64_t>{0, 2, 3, 1}));
  const ir::Node& add = g.nodes()[2];
  ASSERT_EQ(add.op, op::kAdd);
  EXPECT_EQ(g.value(add.inputs[1]).shape, (ir::Shape{1, 1, 4}));
  EXPECT_EQ(g.value(add.outputs[0]).shape, (ir::Shape{1, 8, 8, 4}));
  EXPECT_EQ(CountOps(g, op::kReshape), 1);
  const ir::Node& reshape = g.nodes()[5];
  ASSERT_EQ(reshape.op, op::kReshape);
  EXPECT_EQ(g.value(reshape.inputs[0]).shape, (ir::Shape{1, 1, 1, 4}));
  EXPECT_EQ(reshape.attrs.GetInts("shape"), (std::vector<int64_t>{1, 4}));
}

// A LayerNorm over the trailing (H, W) axes after a convolution (how InstanceNormalization
// lowers) reads NCHW: in NHWC storage its axes are not trailing, so the pass must give it
// the source layout (and the per-channel scale after it may run NHWC again).
TEST(LayoutTest, LayerNormReadsTheSourceLayout) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 6, 5});
  ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
  ir::ValueId scale = RandomConst(g, "scale", {4, 1, 1}, 2);
  ir::ValueId c, n, y;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  ir::Node& norm = Op(g, op::kLayerNorm, {c}, "norm", &n);
  norm.attrs.set("axis", int64_t{2});
  norm.attrs.set("epsilon", 1e-5);
  Op(g, op::kMul, {n, scale}, "mul", &y);
  g.outputs() = {y};
  ConvertAndCheck(g);
  for (const ir::Node& node : g.nodes()) {
    if (node.op != op::kLayerNorm) continue;
    EXPECT_EQ(node.attrs.GetInt("axis"), 2);
    EXPECT_EQ(g.value(node.inputs[0]).shape, (ir::Shape{1, 4, 6, 5}));  // NCHW
  }
  EXPECT_EQ(CountOps(g, op::kLayerNorm), 1);
}

// Per-channel QuantizeLinear/DequantizeLinear between convolutions (a QDQ model's
// per-channel activations): element-wise with a remapped axis, they follow the first
// convolution into NHWC (axis 1 becomes 3) and add no transposes of their own.
TEST(LayoutTest, PerChannelQuantizationFollowsNhwc) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 6, 5});
  ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
  ir::ValueId w2 = RandomConst(g, "w2", {2, 4, 1, 1}, 3);
  ir::ValueId scale = g.AddFloatConstant("scale", {4}, {0.05f, 0.1f, 0.2f, 0.02f});
  ir::ValueId zp = g.AddConstant("zp", ir::DType::kUInt8, {4}, {128, 100, 0, 255});
  ir::ValueId c, q, dq, y;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  Op(g, op::kQuantizeLinear, {c, scale, zp}, "q", &q).attrs.set("axis", int64_t{1});
  Op(g, op::kDequantizeLinear, {q, scale, zp}, "dq", &dq).attrs.set("axis", int64_t{1});
  ir::testing::Conv(g, dq, w2, ir::kNoValue, "conv2", &y);
  g.outputs() = {y};
  ConvertAndCheck(g);
  for (const ir::Node& node : g.nodes()) {
    if (node.op != op::kQuantizeLinear && node.op != op::kDequantizeLinear) continue;
    EXPECT_EQ(node.attrs.GetInt("axis"), 3) << node.name;
    EXPECT_EQ(g.value(node.inputs[0]).shape, (ir::Shape{1, 6, 5, 4})) << node.name;
  }
  EXPECT_EQ(CountOps(g, op::kTranspose), 2);  // the graph's input and output only
}

TEST(LayoutTest, SpatialGraphOutputIsTransposedBackUnderItsOwnName) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3, 5, 4});
  ir::ValueId w = RandomConst(g, "w", {6, 3, 1, 1}, 1);
  ir::ValueId c;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c);
  g.outputs() = {c};
  ConvertAndCheck(g);
  ASSERT_EQ(g.nodes().size(), 3u);
  EXPECT_EQ(g.nodes()[2].op, op::kTranspose);
  EXPECT_EQ(g.nodes()[2].attrs.GetInts("perm"), (std::vector<int64_t>{0, 3, 1, 2}));
  EXPECT_EQ(g.value(g.outputs()[0]).name, "conv");
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (ir::Shape{2, 6, 5, 4}));
  EXPECT_EQ(g.value(g.nodes()[1].outputs[0]).shape, (ir::Shape{2, 5, 4, 6}));
}

TEST(LayoutTest, ConcatSoftmaxAndBinaryWithGraphInput) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 4, 4});
  ir::ValueId skip = Input(g, "skip", {1, 5, 4, 4});
  ir::ValueId w = RandomConst(g, "w", {3, 2, 3, 3}, 1);
  ir::ValueId k = RandomConst(g, "k", {1, 5, 1, 4}, 2);
  ir::ValueId c, cat, m, s, ls;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c, {1, 1, 1, 1});
  Op(g, op::kConcat, {c, x}, "cat", &cat).attrs.set("axis", int64_t{1});
  Op(g, op::kMul, {cat, skip}, "mul", &m);  // a second graph input joins NHWC code
  ir::ValueId m2;
  Op(g, op::kAdd, {m, k}, "add", &m2);
  Op(g, op::kSoftmax, {m2}, "softmax", &s).attrs.set("axis", int64_t{1});
  Op(g, op::kLogSoftmax, {s}, "logsoftmax", &ls).attrs.set("axis", int64_t{3});
  g.outputs() = {ls};
  ConvertAndCheck(g);
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConcat) {
      EXPECT_EQ(n.attrs.GetInt("axis"), 3);
    }
    if (n.op == op::kSoftmax) {
      EXPECT_EQ(n.attrs.GetInt("axis"), 3);
    }
    if (n.op == op::kLogSoftmax) {
      EXPECT_EQ(n.attrs.GetInt("axis"), 2);
    }
  }
  // x and skip go in, the result comes out: three transposes; x is transposed once.
  EXPECT_EQ(CountOps(g, op::kTranspose), 3);
}

TEST(LayoutTest, BatchMatMulAndRank3ConsumersReadNCHW) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 2, 3, 3});
  ir::ValueId m = RandomConst(g, "m", {3, 2}, 1);
  ir::ValueId p, mm, e;
  ir::Node& mp = Op(g, op::kMaxPool2D, {x}, "mp", &p);
  mp.attrs.set("kernel", std::vector<int64_t>{2, 2});
  mp.attrs.set("pads", std::vector<int64_t>{0, 0, 1, 1});
  Op(g, op::kExp, {p}, "exp", &e);
  Op(g, op::kBatchMatMul, {e, m}, "mm", &mm);
  g.outputs() = {mm, e};
  ConvertAndCheck(g);
  EXPECT_EQ(CountOps(g, op::kTranspose), 2);  // in, and back once for both readers
}

TEST(LayoutTest, LowRankConstantsBroadcastAfterPermutation) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3, 4, 5});
  ir::ValueId w = RandomConst(g, "w", {3, 3, 1, 1}, 1);
  ir::ValueId along_w = RandomConst(g, "along_w", {5}, 2);
  ir::ValueId scalar = g.AddFloatConstant("scalar", {}, {0.5f});
  ir::ValueId hw = RandomConst(g, "hw", {4, 1}, 3);
  ir::ValueId c, a, m, d;
  ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &c);
  Op(g, op::kAdd, {c, along_w}, "add", &a);
  Op(g, op::kMul, {scalar, a}, "mul", &m);
  Op(g, op::kSub, {m, hw}, "sub", &d);
  g.outputs() = {d};
  ConvertAndCheck(g);
  // [5] -> [1,1,1,5] -> NHWC [1,1,5,1] -> [5,1]; [] stays []; [4,1] -> [1,4,1,1] -> [4,1,1].
  EXPECT_EQ(g.value(g.nodes()[2].inputs[1]).shape, (ir::Shape{5, 1}));
  EXPECT_EQ(g.value(g.nodes()[3].inputs[0]).shape, (ir::Shape{}));
  EXPECT_EQ(g.value(g.nodes()[4].inputs[1]).shape, (ir::Shape{4, 1, 1}));
  EXPECT_EQ(CountOps(g, op::kTranspose), 2);
}

// A Reduce after a convolution runs on the NHWC activation with its axes renumbered when
// they are NHWC's innermost ones and its result's kept dimensions come out in the same
// order: a sum over channels (kept or dropped), over width and channels, over all but
// the batch. Height and width alone are not innermost in NHWC (the pipeline makes means
// and maxima over them global pools first), and a channel reduction with the batch
// dropped too would come out as [H, W] either way but is not innermost: those read NCHW.
TEST(LayoutTest, ReduceRunsNhwcWhereItsResultAllows) {
  struct Case {
    std::vector<int64_t> axes;
    int64_t keepdims;
    std::vector<int64_t> nhwc_axes;  // empty: the node reads NCHW
  };
  for (const Case& c : {Case{{1}, 0, {3}}, Case{{1}, 1, {3}}, Case{{1, 3}, 0, {2, 3}},
                        Case{{1, 3}, 1, {2, 3}}, Case{{1, 2, 3}, 0, {1, 2, 3}},
                        Case{{2, 3}, 0, {}}, Case{{2, 3}, 1, {}}, Case{{2}, 1, {}},
                        Case{{0, 1}, 0, {}}}) {
    ir::Graph g;
    ir::ValueId x = Input(g, "x", {1, 3, 6, 5});
    ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
    ir::ValueId conv, reduced;
    ir::testing::Conv(g, x, w, ir::kNoValue, "conv", &conv, {1, 1, 1, 1});
    ir::Node& r = Op(g, op::kReduce, {conv}, "reduce", &reduced);
    r.attrs.set("kind", std::string("mean"));
    r.attrs.set("axes", c.axes);
    r.attrs.set("keepdims", c.keepdims);
    g.outputs() = {reduced};
    ConvertAndCheck(g);
    const ir::Node* reduce = nullptr;
    for (const ir::Node& n : g.nodes()) {
      if (n.op == op::kReduce) reduce = &n;
    }
    ASSERT_NE(reduce, nullptr);
    const bool nhwc = !c.nhwc_axes.empty();
    EXPECT_EQ(reduce->attrs.GetInts("axes"), nhwc ? c.nhwc_axes : c.axes)
        << "axes " << ir::ShapeToString(c.axes) << " keepdims " << c.keepdims;
    // The input transpose, plus one back to NCHW when the node reads NCHW or its kept
    // rank-4 result leaves the graph (a Reshape where it only moves unit axes).
    const int back = (!nhwc || c.keepdims == 1) ? 1 : 0;
    EXPECT_EQ(CountOps(g, op::kTranspose) + CountOps(g, op::kReshape), 1 + back)
        << "axes " << ir::ShapeToString(c.axes) << " keepdims " << c.keepdims;
  }
}

TEST(SimplifyTransposesTest, CancelsInversePairsAndTurnsUnitMovesIntoReshapes) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 3, 4, 5});
  ir::ValueId t1, t2, y, u, v;
  Op(g, op::kTranspose, {x}, "t1", &t1).attrs.set("perm", std::vector<int64_t>{0, 2, 3, 1});
  Op(g, op::kTranspose, {t1}, "t2", &t2).attrs.set("perm", std::vector<int64_t>{0, 3, 1, 2});
  Op(g, op::kExp, {t2}, "y", &y);
  ir::ValueId z = Input(g, "z", {3, 1, 1, 7});
  Op(g, op::kTranspose, {z}, "u", &u).attrs.set("perm", std::vector<int64_t>{1, 0, 2, 3});
  Op(g, op::kReshape, {u}, "v", &v).attrs.set("shape", std::vector<int64_t>{21});
  g.outputs() = {y, v};
  ir::InferShapes(g);
  SimplifyTransposes(g);
  ASSERT_EQ(g.nodes().size(), 2u);
  EXPECT_EQ(g.nodes()[0].op, op::kExp);
  EXPECT_EQ(g.value(g.nodes()[0].inputs[0]).name, "x");
  EXPECT_EQ(g.nodes()[1].op, op::kReshape);
  EXPECT_EQ(g.value(g.nodes()[1].inputs[0]).name, "z");
}

// ConvTranspose2D and LRN are spatial (they go NHWC); Reduce and Slice read the source
// layout; the pipeline keeps the results.
TEST(LayoutTest, SpatialTensorOperatorsGoNhwcOthersReadNchw) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 4, 5, 5});
  ir::ValueId w = RandomConst(g, "w", {4, 3, 3, 3}, 1);
  ir::ValueId ct, lrn, red, y;
  ir::Node& c = Op(g, op::kConvTranspose2D, {x, w}, "ct", &ct);
  c.attrs.set("strides", std::vector<int64_t>{2, 2});
  c.attrs.set("pads", std::vector<int64_t>{1, 1, 0, 0});
  c.attrs.set("output_padding", std::vector<int64_t>{1, 0});
  c.attrs.set("layout", std::string("NCHW"));
  ir::Node& l = Op(g, op::kLRN, {ct}, "lrn", &lrn);
  l.attrs.set("size", int64_t{3});
  l.attrs.set("layout", std::string("NCHW"));
  ir::Node& r = Op(g, op::kReduce, {lrn}, "reduce", &red);
  r.attrs.set("kind", std::string("mean"));
  r.attrs.set("axes", std::vector<int64_t>{1});
  r.attrs.set("keepdims", int64_t{1});
  ir::Node& s = Op(g, op::kSlice, {red}, "slice", &y);
  s.attrs.set("starts", std::vector<int64_t>{0, 0, 9, 0});
  s.attrs.set("ends", std::vector<int64_t>{1, 1, -1, 10});
  s.attrs.set("steps", std::vector<int64_t>{1, 1, -2, 3});
  g.outputs() = {y};
  ir::InferShapes(g);
  EXPECT_EQ(g.value(ct).shape, (ir::Shape{1, 3, 11, 10}));
  EXPECT_EQ(g.value(y).shape, (ir::Shape{1, 1, 5, 4}));
  ir::Graph before = g;
  auto inputs = ir::testing::RandomInputs(g, 7);
  RunStandardPasses(g);
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kConvTranspose2D || n.op == op::kLRN) {
      EXPECT_EQ(n.attrs.GetString("layout"), "NHWC") << n.op;
    }
  }
  // The channel mean and the Slice follow NHWC too: only the input's transpose is left
  // (the way back moves a unit channel axis, which is a Reshape).
  EXPECT_EQ(CountOps(g, op::kTranspose), 1);
  for (const ir::Node& n : g.nodes()) {
    if (n.op == op::kReduce) {
      EXPECT_EQ(n.attrs.GetInts("axes"), (std::vector<int64_t>{3}));
    }
  }
  EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, inputs), ir::testing::Interpret(g, inputs)), 1e-5);
}

}  // namespace
}  // namespace neo::passes
