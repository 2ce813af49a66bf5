#include "compiler/passes/memory_plan.h"

#include <gtest/gtest.h>

#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/builders.h"

namespace neo::passes {
namespace {

using ir::testing::Input;
using ir::testing::Op;
namespace op = ir::op;

bool Overlap(const MemoryPlan& p, const ir::Graph& g, ir::ValueId a, ir::ValueId b) {
  size_t ia = static_cast<size_t>(a), ib = static_cast<size_t>(b);
  bool live = p.first_use[ia] <= p.last_use[ib] && p.first_use[ib] <= p.last_use[ia];
  int64_t ea = p.offsets[ia] + static_cast<int64_t>(g.value(a).byte_size());
  int64_t eb = p.offsets[ib] + static_cast<int64_t>(g.value(b).byte_size());
  bool mem = p.offsets[ia] < eb && p.offsets[ib] < ea;
  return live && mem;
}

TEST(MemoryPlanTest, InputsSurviveTheRunReshapesAliasConstantsStayOut) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {1, 256});
  ir::ValueId c = g.AddFloatConstant("c", {1}, {2});
  ir::ValueId a, b, r, d, e;
  Op(g, op::kMul, {x, c}, "a", &a);                                                   // 0
  Op(g, op::kExp, {a}, "b", &b);                                                      // 1
  Op(g, op::kReshape, {b}, "r", &r).attrs.set("shape", std::vector<int64_t>{16, 16});  // 2
  Op(g, op::kNeg, {r}, "d", &d);                                                      // 3
  Op(g, op::kAbs, {d}, "e", &e);                                                      // 4
  g.outputs() = {e, a};
  ir::InferShapes(g);
  MemoryPlan p = PlanMemory(g);
  EXPECT_EQ(p.offsets[static_cast<size_t>(c)], MemoryPlan::kNotInArena);
  EXPECT_EQ(p.alias_of[static_cast<size_t>(r)], b);
  EXPECT_EQ(p.offsets[static_cast<size_t>(r)], p.offsets[static_cast<size_t>(b)]);
  // b's buffer lives until its alias r is read by node 3.
  EXPECT_EQ(p.last_use[static_cast<size_t>(b)], 3);
  EXPECT_EQ(p.first_use[static_cast<size_t>(x)], 0);
  EXPECT_EQ(p.last_use[static_cast<size_t>(x)], 4);
  EXPECT_EQ(p.last_use[static_cast<size_t>(a)], 4);  // a graph output
  std::vector<ir::ValueId> vals = {x, a, b, d, e};
  for (size_t i = 0; i < vals.size(); ++i) {
    EXPECT_EQ(p.offsets[static_cast<size_t>(vals[i])] % 64, 0);
    for (size_t j = i + 1; j < vals.size(); ++j) {
      EXPECT_FALSE(Overlap(p, g, vals[i], vals[j])) << i << " " << j;
    }
  }
  // x, a live throughout; b/d/e need two more 1 KiB slots at most: e may reuse b's.
  EXPECT_EQ(p.total_bytes, 4 * 1024u);
  EXPECT_EQ(p.offsets[static_cast<size_t>(e)], p.offsets[static_cast<size_t>(b)]);
}

TEST(MemoryPlanTest, LinearPlannerGivesEveryBufferItsOwnSpace) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {10});
  ir::ValueId a, b;
  Op(g, op::kExp, {x}, "a", &a);
  Op(g, op::kExp, {a}, "b", &b);
  g.outputs() = {b};
  ir::InferShapes(g);
  LinearBufferPacker linear;
  MemoryPlan p = PlanMemory(g, linear);
  EXPECT_EQ(p.offsets[static_cast<size_t>(x)], 0);
  EXPECT_EQ(p.offsets[static_cast<size_t>(a)], 64);
  EXPECT_EQ(p.offsets[static_cast<size_t>(b)], 128);
  EXPECT_EQ(p.total_bytes, 192u);
}

}  // namespace
}  // namespace neo::passes
