// Names and literals in generated code: class names, identifiers, string literals.
#include "compiler/codegen/cpp_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::codegen {
namespace {

TEST(CppNamesTest, ParseCppClass) {
  CppClassName c = ParseCppClass("vision::models::ResNet18");
  EXPECT_EQ(c.namespaces, (std::vector<std::string>{"vision", "models"}));
  EXPECT_EQ(c.name, "ResNet18");
  EXPECT_EQ(c.Qualified(), "vision::models::ResNet18");
  c = ParseCppClass("Net_2");
  EXPECT_TRUE(c.namespaces.empty());
  EXPECT_EQ(c.Qualified(), "Net_2");
}

TEST(CppNamesTest, ParseCppClassRejectsNonIdentifiers) {
  for (const std::string bad :
       {"", "::Net", "vision::", "a:::b", "vision::::Net", "1Net", "class", "vision::int",
        "Res Net", "Res-Net", "vision.Net", "Net<float>", "Ne\xc3\xa9t"}) {
    try {
      ParseCppClass(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const NeoError& e) {
      EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput);
      EXPECT_EQ(e.Headline(), "Malformed input error: --cpp_class '" + bad +
                                  "' is not a C++ class name such as vision::ResNet18.");
    }
  }
}

TEST(CppNamesTest, IsCppIdentifier) {
  EXPECT_TRUE(IsCppIdentifier("x"));
  EXPECT_TRUE(IsCppIdentifier("_x1"));
  EXPECT_FALSE(IsCppIdentifier(""));
  EXPECT_FALSE(IsCppIdentifier("1x"));
  EXPECT_FALSE(IsCppIdentifier("x.y"));
  for (const char* keyword : {"int", "class", "namespace", "return", "float", "delete"}) {
    EXPECT_FALSE(IsCppIdentifier(keyword)) << keyword;
  }
}

TEST(CppNamesTest, CamelCase) {
  EXPECT_EQ(CamelCase("resnet18_v2"), "Resnet18V2");
  EXPECT_EQ(CamelCase("squeezenet1_1"), "Squeezenet11");
  EXPECT_EQ(CamelCase("mobilenet-v2.onnx"), "MobilenetV2Onnx");
  EXPECT_EQ(CamelCase("ResNet"), "ResNet");  // inner capitals stay
  EXPECT_EQ(CamelCase("__x__y"), "XY");
  EXPECT_EQ(CamelCase("18layers"), "Model18layers");
  EXPECT_EQ(CamelCase(""), "Model");
  EXPECT_EQ(CamelCase("..."), "Model");
  // Whatever the name, the result parses as a class name.
  for (const char* name : {"class", "int", "9", "a-b", "_"}) {
    EXPECT_NO_THROW(ParseCppClass(CamelCase(name))) << name;
  }
}

TEST(CppNamesTest, IdentifierMangles) {
  std::vector<std::string> taken;
  EXPECT_EQ(Identifier("input.1", taken), "input_1");
  EXPECT_EQ(Identifier("0", taken), "t_0");
  EXPECT_EQ(Identifier("Data", taken), "data");
  EXPECT_EQ(Identifier("int", taken), "int_");
  EXPECT_EQ(Identifier("", taken), "t_");
  EXPECT_EQ(Identifier("conv/weight:0", taken), "conv_weight_0");
  EXPECT_EQ(taken, (std::vector<std::string>{"input_1", "t_0", "data", "int_", "t_",
                                             "conv_weight_0"}));
}

TEST(CppNamesTest, IdentifierIsUniqueWithinTaken) {
  std::vector<std::string> taken;
  EXPECT_EQ(Identifier("a", taken), "a");
  EXPECT_EQ(Identifier("a", taken), "a_2");
  EXPECT_EQ(Identifier("A", taken), "a_3");    // lower-casing collides too
  EXPECT_EQ(Identifier("a.2", taken), "a_2_2");  // "a_2" is taken by the second "a"
  EXPECT_EQ(Identifier("a-2", taken), "a_2_3");
  // Many colliding names stay distinct and valid.
  std::vector<std::string> more;
  for (int i = 0; i < 50; ++i) {
    const std::string id = Identifier(i % 2 ? "x.y" : "x-y", more);
    EXPECT_TRUE(IsCppIdentifier(id)) << id;
  }
  std::vector<std::string> sorted = more;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
}

TEST(CppNamesTest, StringLiteralEscapes) {
  EXPECT_EQ(StringLiteral("data"), "\"data\"");
  EXPECT_EQ(StringLiteral(""), "\"\"");
  EXPECT_EQ(StringLiteral("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(StringLiteral("tab\there"), "\"tab\\011here\"");
  EXPECT_EQ(StringLiteral("\n1"), "\"\\0121\"");  // three octal digits: the 1 stays a 1
  EXPECT_EQ(StringLiteral("\x7f"), "\"\\177\"");
  EXPECT_EQ(StringLiteral("caf\xc3\xa9"), "\"caf\\303\\251\"");
  EXPECT_EQ(StringLiteral(std::string("a\0b", 3)), "\"a\\000b\"");
  // The same literals, read by this compiler, are the original strings.
  EXPECT_EQ(std::string("\0121"), "\n1");
  EXPECT_EQ(std::string("caf\303\251"), "caf\xc3\xa9");
  EXPECT_EQ(std::string("a\000b", 3), std::string("a\0b", 3));
}

TEST(CppNamesTest, DigestLineOnlyWhenTheFileIsKnown) {
  EXPECT_EQ(DigestLine(""), "");
  EXPECT_EQ(DigestLine("ab12"), "// Model file SHA-256: ab12\n");
}

}  // namespace
}  // namespace neo::codegen
