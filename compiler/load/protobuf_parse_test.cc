#include "compiler/load/protobuf_parse.h"

#include <string>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

namespace neo {
namespace {

// A model whose graph holds an If nested `levels` deep: three message levels each
// (graph -> node -> attribute -> graph).
onnx::ModelProto NestedIfs(int levels) {
  onnx::ModelProto model;
  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("g0");
  for (int i = 0; i < levels; ++i) {
    onnx::NodeProto* node = graph->add_node();
    node->set_op_type("If");
    onnx::AttributeProto* branch = node->add_attribute();
    branch->set_name("then_branch");
    branch->set_type(onnx::AttributeProto::GRAPH);
    graph = branch->mutable_g();
    graph->set_name("g" + std::to_string(i + 1));
  }
  return model;
}

TEST(ProtobufParseTest, ParsesWithinTheLimits) {
  const std::string bytes = NestedIfs(10).SerializeAsString();
  onnx::ModelProto parsed;
  EXPECT_EQ(ParseBinaryProtobuf(bytes, ProtobufLimits(), &parsed), ProtobufParse::kOk);
  EXPECT_EQ(parsed.SerializeAsString(), bytes);
}

TEST(ProtobufParseTest, TooDeepIsToldFromInvalid) {
  const std::string bytes = NestedIfs(40).SerializeAsString();  // 121 levels
  onnx::ModelProto parsed;
  EXPECT_EQ(ParseBinaryProtobuf(bytes, ProtobufLimits(), &parsed), ProtobufParse::kTooDeep);
  ProtobufLimits deeper;
  deeper.max_depth = 130;
  EXPECT_EQ(ParseBinaryProtobuf(bytes, deeper, &parsed), ProtobufParse::kOk);
  EXPECT_EQ(ProtobufLimitText(ProtobufParse::kTooDeep, ProtobufLimits(), bytes.size()),
            "it nests messages deeper than 100 levels (--max_protobuf_depth)");
}

TEST(ProtobufParseTest, DeeperThanTheProbeIsInvalid) {
  // Past the 1000-level probe the parse is not retried, whatever the cause.
  const std::string bytes = NestedIfs(400).SerializeAsString();
  onnx::ModelProto parsed;
  EXPECT_EQ(ParseBinaryProtobuf(bytes, ProtobufLimits(), &parsed), ProtobufParse::kInvalid);
}

TEST(ProtobufParseTest, TooLargeIsRefusedBeforeParsing) {
  const std::string bytes = NestedIfs(2).SerializeAsString();
  ProtobufLimits small;
  small.max_bytes = bytes.size() - 1;
  onnx::ModelProto parsed;
  EXPECT_EQ(ParseBinaryProtobuf(bytes, small, &parsed), ProtobufParse::kTooLarge);
  EXPECT_EQ(ProtobufLimitText(ProtobufParse::kTooLarge, small, bytes.size()),
            "its " + std::to_string(bytes.size()) + " bytes exceed the " +
                std::to_string(bytes.size() - 1) + "-byte limit (--max_protobuf_bytes)");
}

TEST(ProtobufParseTest, GarbageAndTrailingZeroTagAreInvalid) {
  onnx::ModelProto parsed;
  EXPECT_EQ(ParseBinaryProtobuf("\xff\xff\xff\xff", ProtobufLimits(), &parsed),
            ProtobufParse::kInvalid);
  // A zero tag ends a message early; a whole file must be one message.
  std::string bytes = NestedIfs(1).SerializeAsString();
  bytes += std::string("\0\0", 2);
  EXPECT_EQ(ParseBinaryProtobuf(bytes, ProtobufLimits(), &parsed), ProtobufParse::kInvalid);
}

TEST(ProtobufParseTest, TextFormatHasTheSameLimits) {
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(NestedIfs(40), &text));
  onnx::ModelProto parsed;
  std::string error;
  EXPECT_EQ(ParseTextProtobuf(text, ProtobufLimits(), &parsed, &error),
            ProtobufParse::kTooDeep);
  ProtobufLimits deeper;
  deeper.max_depth = 130;
  EXPECT_EQ(ParseTextProtobuf(text, deeper, &parsed, &error), ProtobufParse::kOk);
  EXPECT_EQ(ParseTextProtobuf("graph { name: ", ProtobufLimits(), &parsed, &error),
            ProtobufParse::kInvalid);
  EXPECT_EQ(error.rfind("line 1, column ", 0), 0u) << error;
  // Unknown fields from a newer producer are skipped.
  EXPECT_EQ(ParseTextProtobuf("graph { name: \"g\" } new_field: 3", ProtobufLimits(), &parsed,
                              &error),
            ProtobufParse::kOk);
}

}  // namespace
}  // namespace neo
