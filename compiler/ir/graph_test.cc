#include "compiler/ir/graph.h"

#include <gtest/gtest.h>

#include "compiler/ir/ops.h"

namespace neo::ir {
namespace {

TEST(GraphTest, UniqueNamesNeverCollide) {
  Graph g;
  ValueId a = g.AddValue("x", DType::kFloat32);
  ValueId b = g.AddValue("x", DType::kFloat32);
  ValueId c = g.AddValue("x_1", DType::kFloat32);
  EXPECT_EQ(g.value(a).name, "x");
  EXPECT_NE(g.value(b).name, "x");
  EXPECT_NE(g.value(c).name, g.value(b).name);
}

TEST(GraphTest, ConstantsCheckTheirByteSize) {
  Graph g;
  ValueId w = g.AddFloatConstant("w", {2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_TRUE(g.value(w).is_constant());
  EXPECT_EQ(g.value(w).byte_size(), 24u);
  EXPECT_EQ(g.value(w).data_as<float>()[5], 6.0f);
  EXPECT_THROW(g.AddFloatConstant("bad", {4}, {1, 2}), std::logic_error);
}

TEST(GraphTest, ProducersUsesAndReplace) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32);
  ValueId y = g.AddValue("y", DType::kFloat32);
  ValueId z = g.AddValue("z", DType::kFloat32);
  g.inputs() = {x};
  g.AddNode(op::kRelu, {x}, {y});
  g.AddNode(op::kAdd, {y, y}, {z});
  g.outputs() = {z};
  EXPECT_EQ(g.Producers()[static_cast<size_t>(z)], 1);
  EXPECT_EQ(g.Producers()[static_cast<size_t>(x)], -1);
  EXPECT_EQ(g.UseCounts()[static_cast<size_t>(y)], 2);
  g.ReplaceAllUses(y, x);
  EXPECT_EQ(g.UseCounts()[static_cast<size_t>(x)], 3);
}

TEST(GraphTest, AttributesHaveTypedDefaults) {
  Attributes a;
  a.set("group", int64_t{2});
  a.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  EXPECT_EQ(a.GetInt("group"), 2);
  EXPECT_EQ(a.GetInt("missing", 7), 7);
  EXPECT_EQ(a.GetInts("pads").size(), 4u);
  EXPECT_THROW(a.GetFloat("group"), std::logic_error);
  EXPECT_THROW(a.GetInt("absent"), std::logic_error);
}

}  // namespace
}  // namespace neo::ir
