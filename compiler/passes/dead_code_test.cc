#include "compiler/passes/dead_code.h"

#include <gtest/gtest.h>

#include "compiler/ir/testing/builders.h"

namespace neo::passes {
namespace {

using ir::testing::Input;
using ir::testing::Op;
namespace op = ir::op;

TEST(DeadCodeTest, RemovesUnusedNodesAndValuesKeepsInputs) {
  ir::Graph g;
  ir::ValueId x = Input(g, "x", {4});
  Input(g, "unused_input", {2});
  ir::ValueId unused_const = g.AddFloatConstant("unused_const", {1}, {1});
  ir::ValueId c = g.AddFloatConstant("c", {1}, {2});
  ir::ValueId a, dead1, dead2, y;
  Op(g, op::kExp, {x}, "a", &a);
  Op(g, op::kNeg, {a}, "dead1", &dead1);
  Op(g, op::kAbs, {dead1}, "dead2", &dead2);
  Op(g, op::kMul, {a, c}, "y", &y);
  g.AddValue("orphan", ir::DType::kFloat32);
  g.outputs() = {y};
  (void)unused_const;
  EXPECT_EQ(EliminateDeadCode(g), 2);
  ASSERT_EQ(g.nodes().size(), 2u);
  std::vector<std::string> names;
  for (size_t v = 0; v < g.num_values(); ++v) names.push_back(g.value(static_cast<int>(v)).name);
  EXPECT_EQ(names, (std::vector<std::string>{"x", "unused_input", "c", "a", "y"}));
  ASSERT_EQ(g.inputs().size(), 2u);
  EXPECT_EQ(g.value(g.inputs()[1]).name, "unused_input");
  EXPECT_EQ(g.value(g.outputs()[0]).name, "y");
  EXPECT_EQ(g.value(g.nodes()[1].inputs[1]).name, "c");
  EXPECT_EQ(g.value(g.nodes()[1].inputs[1]).data_as<float>()[0], 2.0f);
  // New values still get unique names after the rebuild.
  EXPECT_EQ(g.UniqueName("a"), "a_1");
}

}  // namespace
}  // namespace neo::passes
