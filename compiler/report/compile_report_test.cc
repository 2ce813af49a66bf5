#include "compiler/report/compile_report.h"

#include <string>

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"

namespace neo::report {
namespace {

CompileReport Example() {
  CompileReport r;
  r.model = "m.tar.gz";
  r.framework = "onnx";
  r.target = "ml_c5";
  r.sha256 = "ab12";
  r.frontend_ops = {{"BatchNormalization", 1}, {"Conv", 1}, {"Relu", 1}};
  r.passes = {{"FoldBatchNorms", {{"BatchNormalization", -1}}},
              {"ConvertToNHWC", {{"Transpose", 2}}}};
  r.nodes = {{"op0_transpose", "Transpose", "in_nhwc", "Transpose [1,3,8,8]", "onednn", 0},
             {"op1_conv2d", "Conv2D", "conv", "Conv2D 3x3/1 3->4 8x8 +relu", "onednn", 6912},
             {"op2_reshape", "Reshape", "flat", "Reshape (in place)", "", 0}};
  r.weight_bytes = 448;
  r.arena_bytes = 2048;
  r.phase_ms = {{"load", 1.5}, {"codegen", 3.5}};
  return r;
}

TEST(CompileReportTest, Text) {
  EXPECT_EQ(ReportText(Example(), /*with_times=*/true),
            "model m.tar.gz (onnx), target ml_c5\n"
            "sha256 ab12\n"
            "from the frontend: 3 nodes: BatchNormalization 1, Conv 1, Relu 1\n"
            "passes that changed the graph:\n"
            "  FoldBatchNorms: BatchNormalization -1\n"
            "  ConvertToNHWC: Transpose +2\n"
            "compiled nodes: 3\n"
            "op0_transpose  Transpose [1,3,8,8]  [onednn]  in_nhwc\n"
            "op1_conv2d  Conv2D 3x3/1 3->4 8x8 +relu  [onednn]  conv  (6.91 kMAC)\n"
            "op2_reshape  Reshape (in place)  flat\n"
            "total 13.8 kFLOP per run\n"
            "arena 2048 bytes, weights 448 bytes\n"
            "phases: load 1.5 ms, codegen 3.5 ms\n");
  const std::string no_times = ReportText(Example(), false);
  EXPECT_EQ(no_times.find("phases"), std::string::npos);
}

TEST(CompileReportTest, Json) {
  const nlohmann::json j = nlohmann::json::parse(ReportJson(Example(), true));
  EXPECT_EQ(j["model"], "m.tar.gz");
  EXPECT_EQ(j["frontend_ops"]["Conv"], 1);
  EXPECT_EQ(j["passes"][0]["pass"], "FoldBatchNorms");
  EXPECT_EQ(j["passes"][0]["change"]["BatchNormalization"], -1);
  ASSERT_EQ(j["nodes"].size(), 3u);
  EXPECT_EQ(j["nodes"][1]["backend"], "onednn");
  EXPECT_EQ(j["nodes"][1]["macs"], 6912);
  EXPECT_EQ(j["totals"]["flops"], 13824);
  EXPECT_EQ(j["totals"]["arena_bytes"], 2048);
  EXPECT_EQ(j["phase_ms"]["codegen"], 3.5);
  EXPECT_FALSE(nlohmann::json::parse(ReportJson(Example(), false)).contains("phase_ms"));
}

}  // namespace
}  // namespace neo::report
