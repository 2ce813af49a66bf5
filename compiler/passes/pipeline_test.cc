#include "compiler/passes/pipeline.h"

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/passes/memory_plan.h"

namespace neo::passes {
namespace {

using ir::testing::Conv;
using ir::testing::CountOps;
using ir::testing::Input;
using ir::testing::Op;
using ir::testing::RandomConst;
namespace op = ir::op;

ir::Node& AddBatchNorm(ir::Graph& g, ir::ValueId x, int64_t c, const std::string& name,
                       ir::ValueId* out, unsigned seed) {
  ir::ValueId scale = RandomConst(g, name + "_g", {c}, seed, 0.5f, 1.5f);
  ir::ValueId bias = RandomConst(g, name + "_b", {c}, seed + 1);
  ir::ValueId mean = RandomConst(g, name + "_m", {c}, seed + 2);
  ir::ValueId var = RandomConst(g, name + "_v", {c}, seed + 3, 0.5f, 2.0f);
  ir::Node& n = Op(g, op::kBatchNorm, {x, scale, bias, mean, var}, name, out);
  n.attrs.set("epsilon", 1e-5);
  n.attrs.set("layout", std::string("NCHW"));
  return n;
}

ir::Node& Pool(ir::Graph& g, const std::string& o, ir::ValueId x, const std::string& name,
               ir::ValueId* out) {
  ir::Node& n = Op(g, o, {x}, name, out);
  n.attrs.set("kernel", std::vector<int64_t>{2, 2});
  n.attrs.set("strides", std::vector<int64_t>{2, 2});
  n.attrs.set("pads", std::vector<int64_t>{0, 0, 0, 0});
  n.attrs.set("layout", std::string("NCHW"));
  return n;
}

// No two values alive at the same step share arena bytes.
void ExpectPlanValid(const ir::Graph& g, const MemoryPlan& p) {
  for (size_t a = 0; a < g.num_values(); ++a) {
    if (p.offsets[a] == MemoryPlan::kNotInArena) continue;
    for (size_t b = a + 1; b < g.num_values(); ++b) {
      if (p.offsets[b] == MemoryPlan::kNotInArena) continue;
      if (p.alias_of[a] == static_cast<int>(b) || p.alias_of[b] == static_cast<int>(a) ||
          (p.alias_of[a] != ir::kNoValue && p.alias_of[a] == p.alias_of[b])) {
        continue;
      }
      bool live = p.first_use[a] <= p.last_use[b] && p.first_use[b] <= p.last_use[a];
      int64_t ea = p.offsets[a] + static_cast<int64_t>(g.value(static_cast<int>(a)).byte_size());
      int64_t eb = p.offsets[b] + static_cast<int64_t>(g.value(static_cast<int>(b)).byte_size());
      EXPECT_FALSE(live && p.offsets[a] < eb && p.offsets[b] < ea)
          << g.value(static_cast<int>(a)).name << " / " << g.value(static_cast<int>(b)).name;
    }
  }
}

// Conv -> BN -> Relu -> MaxPool -> Conv -> Add(residual) -> Relu -> GlobalAveragePool
// -> Reshape[1,C] -> FullyConnected -> Softmax.
ir::Graph ResidualNet() {
  ir::Graph g;
  ir::ValueId x = Input(g, "data", {1, 3, 16, 16});
  ir::ValueId c1, bn, r1, mp, c2, add, r2, gap, flat, fc, prob;
  Conv(g, x, RandomConst(g, "w1", {8, 3, 3, 3}, 1), ir::kNoValue, "conv1", &c1, {1, 1, 1, 1});
  AddBatchNorm(g, c1, 8, "bn1", &bn, 10);
  Op(g, op::kRelu, {bn}, "relu1", &r1);
  Pool(g, op::kMaxPool2D, r1, "pool1", &mp);
  Conv(g, mp, RandomConst(g, "w2", {8, 8, 3, 3}, 2), RandomConst(g, "b2", {8}, 3), "conv2",
       &c2, {1, 1, 1, 1});
  Op(g, op::kAdd, {c2, mp}, "add", &add);
  Op(g, op::kRelu, {add}, "relu2", &r2);
  Op(g, op::kGlobalAveragePool, {r2}, "gap", &gap).attrs.set("layout", std::string("NCHW"));
  Op(g, op::kReshape, {gap}, "flatten", &flat).attrs.set("shape", std::vector<int64_t>{1, 8});
  Op(g, op::kFullyConnected, {flat, RandomConst(g, "fw", {10, 8}, 4), RandomConst(g, "fb", {10}, 5)},
     "fc", &fc);
  Op(g, op::kSoftmax, {fc}, "softmax", &prob).attrs.set("axis", int64_t{1});
  g.outputs() = {prob};
  return g;
}

TEST(PipelineTest, ResidualNetStructure) {
  ir::Graph g = ResidualNet();
  ir::Graph before = g;
  ir::InferShapes(before);
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kBatchNorm), 0);
  EXPECT_EQ(CountOps(g, op::kRelu), 0);
  EXPECT_EQ(CountOps(g, op::kTranspose), 1);
  ASSERT_EQ(g.nodes()[0].op, op::kTranspose);
  EXPECT_EQ(g.nodes()[0].attrs.GetInts("perm"), (std::vector<int64_t>{0, 2, 3, 1}));
  std::vector<std::string> ops;
  for (const ir::Node& n : g.nodes()) ops.push_back(n.op);
  EXPECT_EQ(ops, (std::vector<std::string>{"Transpose", "Conv2D", "MaxPool2D", "Conv2D", "Add",
                                           "GlobalAveragePool", "Reshape", "FullyConnected",
                                           "Softmax"}));
  const ir::Node& conv1 = g.nodes()[1];
  EXPECT_EQ(conv1.attrs.GetFloat("act_min"), 0.0);
  EXPECT_EQ(conv1.inputs.size(), 3u);  // the BatchNorm became its bias
  EXPECT_EQ(g.nodes()[4].attrs.GetFloat("act_min"), 0.0);
  const ir::Node& reshape = g.nodes()[6];
  EXPECT_EQ(reshape.inputs[0], g.nodes()[5].outputs[0]);
  EXPECT_EQ(g.value(reshape.inputs[0]).shape, (ir::Shape{1, 1, 1, 8}));
  EXPECT_EQ(g.value(g.inputs()[0]).shape, (ir::Shape{1, 3, 16, 16}));
  EXPECT_EQ(g.value(g.inputs()[0]).name, "data");
  EXPECT_EQ(g.value(g.outputs()[0]).name, "softmax");
  for (unsigned seed : {1u, 2u, 3u}) {
    auto in = ir::testing::RandomInputs(before, seed);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-5);
  }
  MemoryPlan plan = PlanMemory(g);
  ExpectPlanValid(g, plan);
  EXPECT_EQ(plan.alias_of[static_cast<size_t>(reshape.outputs[0])], reshape.inputs[0]);
}

// BatchNorm that cannot fold, Relu6, Concat, Identity, two outputs, one of them rank 4.
TEST(PipelineTest, KitchenSinkPreservesResults) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {2, 4, 8, 8});
  ir::ValueId p, bn, c, r6, id, cat, sig, mul, gmp, out2;
  Pool(g, op::kAveragePool2D, x, "avg", &p);
  AddBatchNorm(g, p, 4, "bn", &bn, 20);
  Conv(g, bn, RandomConst(g, "w", {6, 2, 1, 1}, 7), ir::kNoValue, "gconv", &c, {0, 0, 0, 0},
       {1, 1}, /*group=*/2);
  ir::Node& clamp = Op(g, op::kClamp, {c}, "relu6", &r6);
  clamp.attrs.set("min", 0.0);
  clamp.attrs.set("max", 6.0);
  Op(g, op::kIdentity, {r6}, "id", &id);
  Op(g, op::kConcat, {id, bn}, "cat", &cat).attrs.set("axis", int64_t{1});
  Op(g, op::kSigmoid, {cat}, "sig", &sig);
  Op(g, op::kMul, {sig, RandomConst(g, "k", {10, 1, 4}, 8)}, "mul", &mul);
  Op(g, op::kGlobalMaxPool, {mul}, "gmp", &gmp).attrs.set("layout", std::string("NCHW"));
  Op(g, op::kReshape, {gmp}, "out2", &out2).attrs.set("shape", std::vector<int64_t>{2, 10});
  g.outputs() = {mul, out2};
  ir::Graph before = g;
  ir::InferShapes(before);
  RunStandardPasses(g);
  EXPECT_EQ(CountOps(g, op::kBatchNorm), 0);
  EXPECT_EQ(CountOps(g, op::kClamp), 0);
  EXPECT_EQ(CountOps(g, op::kIdentity), 0);
  for (const ir::Node& n : g.nodes()) {
    if (ir::GetOp(n.op).layout == ir::LayoutClass::kSpatial) {
      EXPECT_TRUE(ir::IsNHWC(n)) << n.name;
    }
  }
  // In once, out once for the rank-4 output; the GMP output only needs a Reshape.
  EXPECT_EQ(CountOps(g, op::kTranspose), 2);
  for (unsigned seed : {4u, 5u}) {
    auto in = ir::testing::RandomInputs(before, seed);
    EXPECT_LT(ir::testing::MaxAbsDiff(ir::testing::Interpret(before, in), ir::testing::Interpret(g, in)), 1e-5);
  }
  ExpectPlanValid(g, PlanMemory(g));
}

TEST(PipelineTest, FrontendShapeErrorsComeOutAsNeoErrors) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 3, 8, 8});
  ir::ValueId y;
  Conv(g, x, RandomConst(g, "w", {4, 2, 3, 3}, 1), ir::kNoValue, "stem", &y);
  g.outputs() = {y};
  try {
    RunStandardPasses(g);
    FAIL();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Malformed input error: Conv2D node 'stem': input 'x' has 3 channels but the "
              "weights [4,2,3,3] with group 1 expect 2");
  }
}

TEST(VerifyTest, CatchesBrokenGraphs) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {4});
  ir::ValueId a, b;
  Op(g, op::kExp, {x}, "a", &a);
  Op(g, op::kExp, {a}, "b", &b);
  g.outputs() = {b};
  ir::InferShapes(g);
  EXPECT_NO_THROW(Verify(g));

  ir::Graph swapped = g;
  std::swap(swapped.nodes()[0], swapped.nodes()[1]);
  try {
    Verify(swapped);
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "IR verification failed: Exp node 'b' reads 'a' before anything writes it");
  }
  ir::Graph unshaped = g;
  unshaped.value(a).has_shape = false;
  EXPECT_THROW(Verify(unshaped), std::logic_error);
  ir::Graph dangling = g;
  dangling.nodes()[1].inputs[0] = 99;
  EXPECT_THROW(Verify(dangling), std::logic_error);
  ir::Graph twice = g;
  twice.nodes()[1].outputs[0] = a;
  twice.outputs() = {a};
  EXPECT_THROW(Verify(twice), std::logic_error);
}

}  // namespace
}  // namespace neo::passes
