#include "compiler/diagnostics/diagnostics.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace neo {
namespace {

TEST(DiagnosticsTest, OperatorNotImplementedListsSortedPythonSet) {
  NeoError e = OperatorNotImplementedError({"Multinomial", "Einsum"});
  EXPECT_EQ(e.Headline(),
            "Compilation Error: OperatorNotImplemented: The following operators are not "
            "implemented: {'Einsum', 'Multinomial'}");
  EXPECT_EQ(ExitCode(e.error_class()), 30);
}

// The spec's MXNet example: case is ignored, so '_' comes before any letter.
TEST(DiagnosticsTest, OperatorNotImplementedSortsIgnoringCase) {
  EXPECT_EQ(OperatorNotImplementedError({"RNN", "_sample_multinomial", "abs"}).Headline(),
            "Compilation Error: OperatorNotImplemented: The following operators are not "
            "implemented: {'_sample_multinomial', 'abs', 'RNN'}");
}

TEST(DiagnosticsTest, SpecMessagesWordForWord) {
  EXPECT_EQ(InputConfigurationError(".onnx", "ONNX").Headline(),
            "Load Error: InputConfiguration: Exactly one .onnx file is allowed for ONNX model.");
  EXPECT_EQ(ModelSizeTooBigError().Headline(),
            "Load Error: ModelSizeTooBig: number of nodes in a tree can't exceed 2^31");
  EXPECT_EQ(AttributeNotImplementedError("auto_pad", "Conv").Headline(),
            "Compilation Error: OperatorAttributeNotImplemented: auto_pad is not supported "
            "in Conv.");
  EXPECT_EQ(AttributeRequiredError("kernel_shape", "MaxPool").Headline(),
            "Compilation Error: OperatorAttributeRequired: Required attribute kernel_shape "
            "not found in MaxPool.");
  EXPECT_EQ(AttributeValueNotValidError("pads", "Conv").Headline(),
            "Compilation Error: OperatorAttributeValueNotValid: The value of attribute pads "
            "in operator Conv cannot be negative.");
}

TEST(DiagnosticsTest, EveryClassHasItsOwnExitCode) {
  const std::vector<ErrorClass>& all = AllErrorClasses();
  // The list is whole: the enum's last class is last, and each class appears once.
  EXPECT_EQ(all.back(), ErrorClass::kSystem);
  EXPECT_EQ(std::set<ErrorClass>(all.begin(), all.end()).size(), all.size());
  EXPECT_EQ(static_cast<size_t>(ErrorClass::kSystem) + 1, all.size());
  std::set<int> codes;
  for (ErrorClass c : all) {
    int code = ExitCode(c);
    EXPECT_GT(code, 1);
    EXPECT_LT(code, 126);
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), all.size());
}

TEST(DiagnosticsTest, PrefixIsClassNameAndKeyword) {
  EXPECT_EQ(ErrorClassName(ErrorClass::kLoadModelSizeTooBig), "Load Error");
  EXPECT_EQ(ErrorKeyword(ErrorClass::kLoadModelSizeTooBig), "ModelSizeTooBig");
  EXPECT_EQ(ErrorClassName(ErrorClass::kOperatorAttributeRequired), "Compilation Error");
  EXPECT_EQ(ErrorKeyword(ErrorClass::kLoad), "");
  EXPECT_EQ(ErrorPrefix(ErrorClass::kLoad), "Load Error");
  EXPECT_EQ(ErrorPrefix(ErrorClass::kMalformedInput), "Malformed input error");
}

TEST(DiagnosticsTest, ErrorsKeepTheirOperatorsNodesAndAttribute) {
  NeoError e = UnsupportedOperatorsError({{"Einsum", {"a", "b"}}, {"RNN", {"r"}}});
  EXPECT_EQ(e.operators().at("Einsum"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e.operators().at("RNN"), (std::vector<std::string>{"r"}));
  EXPECT_EQ(OperatorNotImplementedError({"Unique"}).operators().count("Unique"), 1u);
  NeoError a = AttributeValueNotValidError("pads", "Conv");
  EXPECT_EQ(a.attribute(), "pads");
  EXPECT_EQ(a.operators().count("Conv"), 1u);
  EXPECT_TRUE(a.file().empty());
  a.set_file("m.tar.gz").set_member("m.onnx");
  EXPECT_EQ(a.file(), "m.tar.gz");
  EXPECT_EQ(a.member(), "m.onnx");
}

TEST(DiagnosticsTest, PythonQuoteMatchesRepr) {
  EXPECT_EQ(PythonQuote("Conv"), "'Conv'");
  EXPECT_EQ(PythonQuote("it's"), "\"it's\"");
  EXPECT_EQ(PythonQuote("a'\"b"), "'a\\'\"b'");
  EXPECT_EQ(PythonQuote("back\\slash"), "'back\\\\slash'");
  EXPECT_EQ(PythonQuote("tab\t"), "'tab\\t'");
}

}  // namespace
}  // namespace neo
