#include "compiler/load/data_shape.h"

#include <gtest/gtest.h>

#include "compiler/load/test_matchers.h"

namespace neo {
namespace {

constexpr ErrorClass kMalformed = ErrorClass::kMalformedInput;
const std::string kPrefix = "Malformed input error: ";

using Dims = std::vector<int64_t>;

TEST(ParseDataShapeTest, ConsoleForm) {
  const DataShape s = ParseDataShape("{\"data\":[1,3,224,224]}", Framework::kOnnx);
  EXPECT_FALSE(s.list_form);
  ASSERT_EQ(s.inputs.size(), 1u);
  EXPECT_EQ(s.inputs[0].name, "data");
  EXPECT_EQ(s.inputs[0].dims, (Dims{1, 3, 224, 224}));
}

TEST(ParseDataShapeTest, CliEscapedForm) {
  // What reaches the program when the user types the spec's CLI example: backslashes
  // and all.
  const DataShape s = ParseDataShape(R"({\"input\":[1,1024,1024,3]})", Framework::kTensorFlow);
  ASSERT_EQ(s.inputs.size(), 1u);
  EXPECT_EQ(s.inputs[0].name, "input");
  EXPECT_EQ(s.inputs[0].dims, (Dims{1, 1024, 1024, 3}));
}

TEST(ParseDataShapeTest, SeveralInputsKeepWrittenOrder) {
  for (const char* text : {R"({"var2": [1,1,28,28], "var1":[1,2,28,28]} )",
                           R"({\"var2\": [1,1,28,28], \"var1\":[1,2,28,28]})"}) {
    const DataShape s = ParseDataShape(text, Framework::kMXNet);
    ASSERT_EQ(s.inputs.size(), 2u) << text;
    EXPECT_EQ(s.inputs[0].name, "var2");
    EXPECT_EQ(s.inputs[0].dims, (Dims{1, 1, 28, 28}));
    EXPECT_EQ(s.inputs[1].name, "var1");
    EXPECT_EQ(s.inputs[1].dims, (Dims{1, 2, 28, 28}));
  }
}

TEST(ParseDataShapeTest, PyTorchListAndDictForms) {
  DataShape s = ParseDataShape("[[1,3,224,224], [1,3,112,112]]", Framework::kPyTorch);
  EXPECT_TRUE(s.list_form);
  ASSERT_EQ(s.inputs.size(), 2u);
  EXPECT_EQ(s.inputs[0].name, "");
  EXPECT_EQ(s.inputs[1].dims, (Dims{1, 3, 112, 112}));
  s = ParseDataShape(R"({\"input0\":[1,3,224,224], \"input1\":[1,3,224,224]} )",
                     Framework::kPyTorch);
  EXPECT_FALSE(s.list_form);
  EXPECT_EQ(s.inputs[1].name, "input1");
}

TEST(ParseDataShapeTest, XGBoostTakesNoShape) {
  EXPECT_TRUE(ParseDataShape("", Framework::kXGBoost).inputs.empty());
  EXPECT_TRUE(ParseDataShape("{\"data\":[1,10]}", Framework::kXGBoost).inputs.empty());
}

TEST(ParseDataShapeTest, MissingShape) {
  EXPECT_NEO_ERROR(ParseDataShape("  ", Framework::kOnnx), kMalformed,
                   kPrefix + "a data shape is required for ONNX models, e.g. "
                             "{\"data\":[1,3,224,224]}");
}

TEST(ParseDataShapeTest, BadJsonSaysWhere) {
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[1,3,224,224}", Framework::kOnnx), kMalformed,
                   kPrefix + "data shape {\"data\":[1,3,224,224} is not valid JSON: at line 1, "
                             "column 21: syntax error while parsing array - unexpected '}'; "
                             "expected ']'");
  EXPECT_NEO_ERROR(ParseDataShape("{data:[1]}", Framework::kOnnx), kMalformed,
                   kPrefix + "data shape {data:[1]} is not valid JSON: at line 1, column 2: "
                             "syntax error while parsing object key - invalid literal; last "
                             "read: '{d'; expected string literal");
  EXPECT_NEO_ERROR(ParseDataShape(R"({\"data\":[1,3)", Framework::kOnnx), kMalformed,
                   kPrefix + R"(data shape {\"data\":[1,3 is not valid JSON (after turning \" )"
                             R"(into "): at line 1, column 13: syntax error while parsing array )"
                             "- unexpected end of input; expected ']'");
}

// Found by //compiler/fuzz: nlohmann's out_of_range escaped as a System Error.
TEST(ParseDataShapeTest, NumberBeyondDouble) {
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[1e999]}", Framework::kOnnx), kMalformed,
                   kPrefix + "data shape {\"data\":[1e999]} is not valid JSON: number "
                             "overflow parsing '1e999'");
}

TEST(ParseDataShapeTest, WrongStructure) {
  EXPECT_NEO_ERROR(ParseDataShape("[[1,3,224,224]]", Framework::kOnnx), kMalformed,
                   kPrefix + "the list form of the data shape is only accepted for PyTorch "
                             "models; name the ONNX model's inputs, e.g. "
                             "{\"data\":[1,3,224,224]}");
  EXPECT_NEO_ERROR(ParseDataShape("[1,3,224,224]", Framework::kPyTorch), kMalformed,
                   kPrefix + "each entry of the list-form data shape must be a list of "
                             "dimensions, e.g. [[1,3,224,224]]; entry 0 is 1");
  EXPECT_NEO_ERROR(ParseDataShape("42", Framework::kOnnx), kMalformed,
                   kPrefix + "data shape must be a JSON dictionary such as "
                             "{\"data\":[1,3,224,224]}, got 42");
  EXPECT_TRUE(ParseDataShape("{}", Framework::kOnnx).inputs.empty());
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":\"1,3\"}", Framework::kOnnx), kMalformed,
                   kPrefix + "the data shape of input 'data' must be a list of dimensions "
                             "such as [1,3,224,224], got \"1,3\"");
  EXPECT_NEO_ERROR(ParseDataShape("{\"a\":[1],\"b\":[2],\"a\":[3]}", Framework::kOnnx),
                   kMalformed, kPrefix + "data shape names input 'a' more than once");
}

TEST(ParseDataShapeTest, BadDimensions) {
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[1,0,224]}", Framework::kOnnx), kMalformed,
                   kPrefix + "dimension 1 of input 'data' is 0; dimensions must be positive");
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[-1,3]}", Framework::kOnnx), kMalformed,
                   kPrefix + "dimension 0 of input 'data' is -1; dimensions must be positive");
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[1,3.5]}", Framework::kOnnx), kMalformed,
                   kPrefix + "dimension 1 of input 'data' must be a positive integer, got 3.5");
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[1,\"3\"]}", Framework::kOnnx), kMalformed,
                   kPrefix + "dimension 1 of input 'data' must be a positive integer, got \"3\"");
  EXPECT_NEO_ERROR(ParseDataShape("[[2],[1,null]]", Framework::kPyTorch), kMalformed,
                   kPrefix + "dimension 1 of input 1 of the list must be a positive integer, "
                             "got null");
  EXPECT_NEO_ERROR(ParseDataShape("{\"data\":[18446744073709551615]}", Framework::kOnnx),
                   kMalformed,
                   kPrefix + "dimension 0 of input 'data' is too large: 18446744073709551615");
}

TEST(ParseDataShapeTest, ElementCountLimit) {
  // Exactly 2^31 elements is allowed; one more factor of two is not.
  EXPECT_EQ(ParseDataShape("{\"x\":[65536,32768]}", Framework::kOnnx).inputs[0].dims,
            (Dims{65536, 32768}));
  EXPECT_NEO_ERROR(ParseDataShape("{\"x\":[65536,32768,2]}", Framework::kOnnx), kMalformed,
                   kPrefix + "input 'x' has more than 2^31 elements: [65536,32768,2]");
  // Would overflow int64 if multiplied naively.
  EXPECT_NEO_ERROR(
      ParseDataShape("{\"x\":[4294967296,4294967296,4294967296]}", Framework::kOnnx),
      kMalformed,
      kPrefix + "input 'x' has more than 2^31 elements: [4294967296,4294967296,4294967296]");
}

std::vector<ModelInputSpec> TwoInputs() {
  return {{"image", 4, {-1, 3, 224, 224}}, {"mask", 2, {-1, -1}}};
}

TEST(CheckDataShapeTest, ResolvesInModelOrder) {
  const DataShape s =
      ParseDataShape("{\"mask\":[2,7],\"image\":[2,3,224,224]}", Framework::kOnnx);
  const std::vector<InputShape> r = CheckDataShape(s, TwoInputs());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].name, "image");
  EXPECT_EQ(r[0].dims, (Dims{2, 3, 224, 224}));
  EXPECT_EQ(r[1].name, "mask");
  EXPECT_EQ(r[1].dims, (Dims{2, 7}));
}

TEST(CheckDataShapeTest, ListFormTakesModelNames) {
  const DataShape s = ParseDataShape("[[1,3,224,224],[1,5]]", Framework::kPyTorch);
  const std::vector<InputShape> r = CheckDataShape(s, TwoInputs());
  EXPECT_EQ(r[0].name, "image");
  EXPECT_EQ(r[1].name, "mask");
  EXPECT_EQ(r[1].dims, (Dims{1, 5}));
  EXPECT_NEO_ERROR(CheckDataShape(ParseDataShape("[[1,3,224,224]]", Framework::kPyTorch),
                                  TwoInputs()),
                   kMalformed,
                   kPrefix + "the data shape lists 1 shape(s) but the model has 2 input(s): "
                             "'image', 'mask'");
}

TEST(CheckDataShapeTest, UnknownRankAcceptsAnything) {
  const std::vector<ModelInputSpec> inputs = {{"x", -1, {}}};
  EXPECT_EQ(CheckDataShape(ParseDataShape("{\"x\":[5,6,7]}", Framework::kOnnx), inputs)[0].dims,
            (Dims{5, 6, 7}));
}

TEST(CheckDataShapeTest, Mismatches) {
  EXPECT_NEO_ERROR(
      CheckDataShape(ParseDataShape("{\"data\":[1,3,224,224],\"mask\":[1,1]}", Framework::kOnnx),
                     TwoInputs()),
      kMalformed,
      kPrefix + "input 'data' in the data shape is not an input of the model; the model's "
                "inputs are: 'image', 'mask'");
  EXPECT_NEO_ERROR(
      CheckDataShape(ParseDataShape("{\"image\":[1,3,224,224]}", Framework::kOnnx), TwoInputs()),
      kMalformed,
      kPrefix + "the data shape gives no shape for model input 'mask'; the model's inputs "
                "are: 'image', 'mask'");
  EXPECT_NEO_ERROR(
      CheckDataShape(ParseDataShape("{\"image\":[1,3,224],\"mask\":[1,1]}", Framework::kOnnx),
                     TwoInputs()),
      kMalformed,
      kPrefix + "input 'image' has rank 4 in the model but the data shape gives rank 3: "
                "[1,3,224]");
  EXPECT_NEO_ERROR(
      CheckDataShape(ParseDataShape("{\"image\":[1,4,224,224],\"mask\":[1,1]}",
                                    Framework::kOnnx),
                     TwoInputs()),
      kMalformed,
      kPrefix + "dimension 1 of input 'image' is 3 in the model but the data shape gives 4: "
                "[1,4,224,224]");
}

TEST(CheckDataShapeTest, HandBuiltShapesAreCheckedToo) {
  DataShape s;
  s.inputs = {{"x", {2, 0}}};
  EXPECT_NEO_ERROR(CheckDataShape(s, {{"x", 2, {-1, -1}}}), kMalformed,
                   kPrefix + "dimension 1 of input 'x' is 0; dimensions must be positive");
  s.inputs = {{"x", {int64_t{1} << 40, int64_t{1} << 40}}};
  EXPECT_NEO_ERROR(CheckDataShape(s, {{"x", -1, {}}}), kMalformed,
                   kPrefix + "input 'x' has more than 2^31 elements: "
                             "[1099511627776,1099511627776]");
}

TEST(CheckDataShapeTest, NoInputsNoShape) {
  EXPECT_TRUE(CheckDataShape(ParseDataShape("", Framework::kXGBoost), {}).empty());
}

}  // namespace
}  // namespace neo
