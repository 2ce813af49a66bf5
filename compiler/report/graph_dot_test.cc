#include "compiler/report/graph_dot.h"

#include <string>

#include <gtest/gtest.h>

namespace neo::report {
namespace {

DotGraph Example() {
  DotGraph g;
  g.title = "net \"v2\"";
  using K = DotValue::Kind;
  g.values = {{"image", "float32 [1,3,8,8]", K::kInput, -1, false},
              {"w", "float32 [4,3,3,3]", K::kConstant, -1, false},
              {"conv_out", "float32 [1,8,8,4]", K::kTensor, 256, false},
              {"probs", "float32 [1,4]", K::kTensor, 0, true}};
  g.nodes = {{{"op0_conv2d", "Conv2D", "conv\\1", "Conv2D 3x3/1 3->4 8x8", "onednn", 6912},
              {0, 1},
              {2}},
             {{"op1_reshape", "Reshape", "flat", "Reshape [1,4] (in place)", "", 0}, {2}, {3}}};
  g.passes = {{"FoldBatchNorms", {{"BatchNormalization", -1}}}};
  return g;
}

TEST(GraphDotTest, NodesEdgesAndPasses) {
  const std::string dot = GraphDot(Example(), {});
  EXPECT_EQ(dot.rfind("digraph \"net \\\"v2\\\"\" {\n", 0), 0u) << dot;
  EXPECT_NE(dot.find("v0 [shape=ellipse, label=\"input image\\nfloat32 [1,3,8,8]\"];"),
            std::string::npos) << dot;
  EXPECT_NE(dot.find("n0 [label=\"op0_conv2d\\nConv2D 3x3/1 3->4 8x8\\n[onednn] 1 weight "
                     "tensor\\nconv\\\\1\"];"),
            std::string::npos) << dot;
  // A view has no backend and is drawn dashed.
  EXPECT_NE(dot.find("style=\"rounded,dashed\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("v0 -> n0;"), std::string::npos);
  EXPECT_NE(dot.find("n0 -> n1 [label=\"conv_out\\nfloat32 [1,8,8,4]\\narena @256\"];"),
            std::string::npos) << dot;
  EXPECT_NE(dot.find("n1 -> out3"), std::string::npos);
  // Weights are not drawn as edges.
  EXPECT_EQ(dot.find("v1 ->"), std::string::npos);
  EXPECT_NE(dot.find("pass0 [shape=note, label=\"FoldBatchNorms\\nBatchNormalization -1\"];"),
            std::string::npos) << dot;
  EXPECT_EQ(dot.find("of the run"), std::string::npos);
}

TEST(GraphDotTest, ProfileColoursNodesByShare) {
  const auto profile = ParseProfile(
      "profile net threads=1: 2 steps, sum of medians 1.000 ms\n"
      "     0.800 ms  80.0%  op0_conv2d  runs brgconv:avx512_core\n"
      "     0.200 ms  20.0%  Reshape [1,4] (in place) [reference, 1 thread] flat\n");
  ASSERT_EQ(profile.size(), 2u);
  EXPECT_DOUBLE_EQ(profile.at("op0_conv2d"), 0.8);
  EXPECT_DOUBLE_EQ(profile.at("Reshape [1,4] (in place) [reference, 1 thread] flat"), 0.2);
  const std::string dot = GraphDot(Example(), profile);
  EXPECT_NE(dot.find("\\n80.0% of the run\", fillcolor=\"0.000 1.000 1.000\""),
            std::string::npos) << dot;
  EXPECT_NE(dot.find("\\n20.0% of the run\", fillcolor=\"0.000 0.250 1.000\""),
            std::string::npos) << dot;
}

}  // namespace
}  // namespace neo::report
