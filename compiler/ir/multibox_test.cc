// MultiBoxPrior and MultiBoxDetection in the IR: shape rules and their failures, the
// prior folding to a constant although its input is computed (shape_only), and the
// detection evaluated on the reference with the registry's parameters.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/evaluate.h"
#include "compiler/ir/fold.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"

namespace neo::ir {
namespace {

using testing::Input;
using testing::Op;

// x [1, 3, 2, 3] -> Relu -> MultiBoxPrior(sizes [0.5, 0.25], ratios [1, 4]) -> anchors.
Graph PriorGraph() {
  Graph g;
  const ValueId x = Input(g, "x", {1, 3, 2, 3});
  ValueId r, a;
  Op(g, op::kRelu, {x}, "relu", &r);
  Node& n = Op(g, op::kMultiBoxPrior, {r}, "prior", &a);
  n.attrs.set("sizes", std::vector<double>{0.5, 0.25});
  n.attrs.set("ratios", std::vector<double>{1.0, 4.0});
  g.outputs().push_back(a);
  InferShapes(g);
  return g;
}

TEST(MultiBoxIrTest, PriorShapeAndFlag) {
  const Graph g = PriorGraph();
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (Shape{1, 2 * 3 * 3, 4}));
  EXPECT_EQ(g.value(g.outputs()[0]).dtype, DType::kFloat32);
  EXPECT_TRUE(GetOp(op::kMultiBoxPrior).shape_only);
  EXPECT_FALSE(GetOp(op::kMultiBoxDetection).shape_only);
  EXPECT_FALSE(GetOp(op::kRelu).shape_only);
}

TEST(MultiBoxIrTest, PriorFoldsThoughItsInputIsComputed) {
  Graph g = PriorGraph();
  ASSERT_FALSE(g.value(g.nodes()[1].inputs[0]).is_constant());
  EXPECT_FALSE(FoldNode(g, 0));  // the Relu of a graph input does not fold
  ASSERT_TRUE(FoldNode(g, 1));
  const Value& anchors = g.value(g.outputs()[0]);
  ASSERT_TRUE(anchors.is_constant());
  const std::vector<float> a = FloatsOf(anchors);
  ASSERT_EQ(a.size(), 18u * 4);
  // Location (0, 0): centre y 1/4, x 1/6; the first anchor (0.5, ratio 1) has half
  // width 0.5 * 2 / 3 / 2 = 1/6 and half height 1/4.
  EXPECT_EQ(a[0], 0.0f);  // centre x 1/6 minus half width 1/6, both the same float
  EXPECT_EQ(a[1], 0.0f);
  EXPECT_EQ(a[3], 0.5f);
  // The third anchor is ratio 4 with size 0.5: half height 0.5 / 2 / 2.
  EXPECT_EQ(a[2 * 4 + 1], 0.25f - 0.125f);
}

TEST(MultiBoxIrTest, PriorRefusesBadShapesAndSteps) {
  auto fails = [](Shape shape, std::vector<double> steps, const std::string& message) {
    Graph g;
    const ValueId x = Input(g, "x", shape);
    ValueId a;
    Op(g, op::kMultiBoxPrior, {x}, "prior", &a).attrs.set("steps", steps);
    g.outputs().push_back(a);
    try {
      InferShapes(g);
      KernelFor(g, 0);
      ADD_FAILURE() << "accepted " << message;
    } catch (const NeoError& e) {
      EXPECT_NE(e.message().find(message), std::string::npos) << e.message();
    }
  };
  fails({1, 3, 4}, {-1.0, -1.0}, "at least 4-D");
  fails({1, 3, 4, 4}, {0.5, -1.0}, "steps must be both positive or both non-positive");
}

// cls_prob [1, 3, 2], loc_pred [1, 8], anchors [1, 2, 4] as graph inputs -> detection.
Graph DetectionGraph() {
  Graph g;
  const ValueId cls = Input(g, "cls", {1, 3, 2});
  const ValueId loc = Input(g, "loc", {1, 8});
  const ValueId anchors = Input(g, "anchors", {1, 2, 4});
  ValueId y;
  Node& n = Op(g, op::kMultiBoxDetection, {cls, loc, anchors}, "det", &y);
  n.attrs.set("force_suppress", int64_t{1});
  g.outputs().push_back(y);
  InferShapes(g);
  return g;
}

TEST(MultiBoxIrTest, DetectionShapeAndEvaluation) {
  const Graph g = DetectionGraph();
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (Shape{1, 2, 6}));
  auto floats = [](Shape s, std::vector<float> v) {
    TensorData t;
    t.shape = std::move(s);
    t.bytes.resize(v.size() * 4);
    std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
    return t;
  };
  // Two identical boxes, classes 1 and 2: force_suppress removes the second.
  const TensorData cls = floats({1, 3, 2}, {0, 0, 0.75f, 0, 0, 0.5f});
  const TensorData loc = floats({1, 8}, std::vector<float>(8, 0.0f));
  const TensorData anchors = floats({1, 2, 4}, {0, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f});
  const auto out = EvaluateNode(g, 0, {&cls, &loc, &anchors});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(ToFloats((*out)[0]),
            (std::vector<float>{0, 0.75f, 0, 0, 0.5f, 0.5f, -1, 0.5f, 0, 0, 0.5f, 0.5f}));
  const KernelCall k = KernelFor(g, 0);
  EXPECT_EQ(k.kernel, "MultiBoxDetection");
  EXPECT_TRUE(k.backends.empty());  // the reference only
}

TEST(MultiBoxIrTest, DetectionRefusesMismatchedAnchors) {
  Graph g;
  const ValueId cls = Input(g, "cls", {1, 3, 2});
  const ValueId loc = Input(g, "loc", {1, 8});
  const ValueId anchors = Input(g, "anchors", {1, 3, 4});
  ValueId y;
  Op(g, op::kMultiBoxDetection, {cls, loc, anchors}, "det", &y);
  g.outputs().push_back(y);
  try {
    InferShapes(g);
    ADD_FAILURE() << "accepted 3 anchors for 2";
  } catch (const NeoError& e) {
    EXPECT_NE(e.message().find("anchors and cls_prob disagree"), std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace neo::ir
