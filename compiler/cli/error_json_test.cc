#include "compiler/cli/error_json.h"

#include <string>

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"
#include "nlohmann/json.hpp"

namespace neo::cli {
namespace {

nlohmann::json Parsed(const std::string& line) {
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one line: " << line;
  return nlohmann::json::parse(line);
}

TEST(ErrorJsonTest, UnsupportedOperatorsListEveryNode) {
  NeoError e = UnsupportedOperatorsError(
      {{"Einsum", {"e1", "e2", "e3", "e4", "e5", "e6"}}, {"Unique", {"u"}}});
  e.set_file("models/m.tar.gz").set_member("net/model.onnx");
  const nlohmann::json j = Parsed(ErrorJson(e));
  EXPECT_EQ(j["class"], "Compilation Error");
  EXPECT_EQ(j["keyword"], "OperatorNotImplemented");
  EXPECT_EQ(j["exit_code"], 30);
  EXPECT_EQ(j["message"], e.Headline());
  EXPECT_EQ(j["details"], nlohmann::json(e.details()));
  ASSERT_EQ(j["operators"].size(), 2u);
  EXPECT_EQ(j["operators"][0]["name"], "Einsum");
  EXPECT_EQ(j["operators"][0]["count"], 6);
  // The text stops at five nodes; JSON has them all.
  EXPECT_EQ(j["operators"][0]["nodes"].size(), 6u);
  EXPECT_EQ(j["operators"][1], nlohmann::json::parse(R"({"name":"Unique","count":1,"nodes":["u"]})"));
  EXPECT_EQ(j["attribute"], nullptr);
  EXPECT_EQ(j["file"], "models/m.tar.gz");
  EXPECT_EQ(j["member"], "net/model.onnx");
}

TEST(ErrorJsonTest, AttributeErrorsNameOperatorAndAttribute) {
  const nlohmann::json j = Parsed(ErrorJson(AttributeRequiredError("kernel_shape", "MaxPool")));
  EXPECT_EQ(j["keyword"], "OperatorAttributeRequired");
  EXPECT_EQ(j["exit_code"], 32);
  EXPECT_EQ(j["attribute"], "kernel_shape");
  EXPECT_EQ(j["operators"], nlohmann::json::parse(R"([{"name":"MaxPool","count":0,"nodes":[]}])"));
  EXPECT_EQ(j["file"], nullptr);
  EXPECT_EQ(j["member"], nullptr);
}

TEST(ErrorJsonTest, ClassesWithoutKeywordHaveNull) {
  const nlohmann::json j = Parsed(ErrorJson(MalformedInputError("bad \"shape\"\nline")));
  EXPECT_EQ(j["class"], "Malformed input error");
  EXPECT_EQ(j["keyword"], nullptr);
  EXPECT_EQ(j["exit_code"], 40);
  EXPECT_EQ(j["message"], "Malformed input error: bad \"shape\"\nline");
  EXPECT_EQ(Parsed(ErrorJson(InputConfigurationError(".pth", "PyTorch")))["keyword"],
            "InputConfiguration");
}

TEST(ErrorJsonTest, InvalidUtf8FromAHostileFileStillGivesJson) {
  const nlohmann::json j =
      Parsed(ErrorJson(UnsupportedOperatorsError({{std::string("Op\xff\xfe"), {"n\xc3"}}})));
  EXPECT_EQ(j["operators"][0]["count"], 1);
}

TEST(ErrorJsonTest, SystemErrorKeepsTheSpecLineAndAddsTheCause) {
  const nlohmann::json j = Parsed(SystemErrorJson("std::bad_alloc"));
  EXPECT_EQ(j["class"], "System Error");
  EXPECT_EQ(j["exit_code"], 70);
  EXPECT_EQ(j["message"], std::string("System Error: ") + kSystemErrorMessage);
  EXPECT_EQ(j["cause"], "std::bad_alloc");
}

}  // namespace
}  // namespace neo::cli
