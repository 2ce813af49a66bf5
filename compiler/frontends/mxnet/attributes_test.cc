// Strict parsing of MXNet parameter strings: each getter on the forms MXNet writes, and
// the exact Neo line for each value it must refuse.
#include "compiler/frontends/mxnet/attributes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/test_matchers.h"

namespace neo::mx_frontend {
namespace {

using ::testing::ElementsAre;

MxNode Conv(std::map<std::string, std::string> params) {
  MxNode n;
  n.op = "Convolution";
  n.name = "conv0";
  n.params = std::move(params);
  return n;
}

#define EXPECT_NOT_VALID(statement, line)                                            \
  EXPECT_NEO_ERROR(statement, ErrorClass::kOperatorAttributeValueNotValid,           \
                   "Compilation Error: OperatorAttributeValueNotValid: The value of " \
                   "attribute " line)

TEST(MxAttributes, HasAndNone) {
  const MxNode n = Conv({{"a", "1"}, {"b", "None"}});
  const MxAttributes at(n);
  EXPECT_TRUE(at.has("a"));
  EXPECT_TRUE(at.has("b"));
  EXPECT_FALSE(at.has("c"));
  EXPECT_FALSE(at.is_none("a"));
  EXPECT_TRUE(at.is_none("b"));
  EXPECT_FALSE(at.is_none("c"));
}

TEST(MxAttributes, Int) {
  const MxNode n = Conv({{"num_filter", "8"}, {"neg", "-3"}, {"sp", " 4 "}, {"unset", "None"},
                         {"f", "8.0"}, {"l", "8L"}, {"big", "9223372036854775808"},
                         {"empty", ""}});
  const MxAttributes at(n);
  EXPECT_EQ(at.Int("num_filter"), 8);
  EXPECT_EQ(at.Int("neg"), -3);
  EXPECT_EQ(at.Int("sp"), 4);
  EXPECT_EQ(at.Int("missing", 7), 7);
  EXPECT_EQ(at.Int("unset", 7), 7);
  EXPECT_EQ(at.Int("num_filter", 7), 8);
  EXPECT_NEO_ERROR(at.Int("missing"), ErrorClass::kOperatorAttributeRequired,
                   "Compilation Error: OperatorAttributeRequired: Required attribute missing "
                   "not found in Convolution.");
  EXPECT_NOT_VALID(at.Int("f"), "f in operator Convolution is not an integer: '8.0'.");
  EXPECT_NOT_VALID(at.Int("l", 0), "l in operator Convolution is not an integer: '8L'.");
  EXPECT_NOT_VALID(at.Int("big"),
                   "big in operator Convolution is not an integer: '9223372036854775808'.");
  EXPECT_NOT_VALID(at.Int("empty"), "empty in operator Convolution is not an integer: ''.");
  EXPECT_NOT_VALID(at.Int("unset"), "unset in operator Convolution is not an integer: 'None'.");
}

TEST(MxAttributes, Float) {
  const MxNode n = Conv({{"eps", "1e-05"}, {"half", "0.5"}, {"int", "3"}, {"dot", ".25"},
                         {"up", "2.5E+3"}, {"inf", "inf"}, {"ninf", "-inf"}, {"unset", "None"},
                         {"junk", "0.5x"}, {"nan", "nan"}, {"hex", "0x1p3"}, {"huge", "1e999"},
                         {"tiny", "1e-400"}, {"bare_e", "1e"}});
  const MxAttributes at(n);
  EXPECT_EQ(at.Float("eps"), 1e-05);
  EXPECT_EQ(at.Float("half"), 0.5);
  EXPECT_EQ(at.Float("int"), 3.0);
  EXPECT_EQ(at.Float("dot"), 0.25);
  EXPECT_EQ(at.Float("up"), 2500.0);
  EXPECT_EQ(at.Float("inf"), HUGE_VAL);
  EXPECT_EQ(at.Float("ninf"), -HUGE_VAL);
  EXPECT_EQ(at.Float("tiny"), 0.0);
  EXPECT_EQ(at.Float("unset", 0.9), 0.9);
  EXPECT_EQ(at.Float("missing", 0.9), 0.9);
  EXPECT_NEO_ERROR(at.Float("missing"), ErrorClass::kOperatorAttributeRequired,
                   "Compilation Error: OperatorAttributeRequired: Required attribute missing "
                   "not found in Convolution.");
  EXPECT_NOT_VALID(at.Float("junk"), "junk in operator Convolution is not a number: '0.5x'.");
  EXPECT_NOT_VALID(at.Float("nan", 0), "nan in operator Convolution is not a number: 'nan'.");
  EXPECT_NOT_VALID(at.Float("hex"), "hex in operator Convolution is not a number: '0x1p3'.");
  EXPECT_NOT_VALID(at.Float("huge"), "huge in operator Convolution is not a number: '1e999'.");
  EXPECT_NOT_VALID(at.Float("bare_e"), "bare_e in operator Convolution is not a number: '1e'.");
}

TEST(MxAttributes, Bool) {
  const MxNode n = Conv({{"a", "True"}, {"b", "False"}, {"c", "true"}, {"d", "false"},
                         {"e", "1"}, {"f", "0"}, {"unset", "None"}, {"bad", "yes"}});
  const MxAttributes at(n);
  EXPECT_TRUE(at.Bool("a", false));
  EXPECT_FALSE(at.Bool("b", true));
  EXPECT_TRUE(at.Bool("c", false));
  EXPECT_FALSE(at.Bool("d", true));
  EXPECT_TRUE(at.Bool("e", false));
  EXPECT_FALSE(at.Bool("f", true));
  EXPECT_TRUE(at.Bool("unset", true));
  EXPECT_TRUE(at.Bool("missing", true));
  EXPECT_NOT_VALID(at.Bool("bad", false),
                   "bad in operator Convolution is not a boolean (True or False): 'yes'.");
}

TEST(MxAttributes, StringAndChoice) {
  const MxNode n = Conv({{"layout", "NCHW"}, {"unset", "None"}, {"act", "relu"}});
  const MxAttributes at(n);
  EXPECT_EQ(at.String("layout"), "NCHW");
  EXPECT_EQ(at.String("unset"), "None");  // required: the string as written
  EXPECT_EQ(at.String("unset", "NCHW"), "NCHW");
  EXPECT_EQ(at.String("missing", "x"), "x");
  EXPECT_NEO_ERROR(at.String("missing"), ErrorClass::kOperatorAttributeRequired,
                   "Compilation Error: OperatorAttributeRequired: Required attribute missing "
                   "not found in Convolution.");
  EXPECT_EQ(at.Choice("act", {"relu", "tanh"}, "tanh"), "relu");
  EXPECT_EQ(at.Choice("missing", {"relu", "tanh"}, "tanh"), "tanh");
  EXPECT_EQ(at.Choice("unset", {"relu", "tanh"}, "tanh"), "tanh");
  EXPECT_EQ(at.Choice("unset", {"None", "relu"}, "relu"), "None");
  EXPECT_NOT_VALID(at.Choice("layout", {"NCW", "NWC"}, "NCW"),
                   "layout in operator Convolution is not one of 'NCW', 'NWC': 'NCHW'.");
}

TEST(MxAttributes, Ints) {
  const MxNode n = Conv({{"kernel", "(3, 3)"}, {"one", "(3,)"}, {"list", "[1,2, 3]"},
                         {"bare", "3"}, {"empty", "()"}, {"empty_list", "[]"},
                         {"spaced", " ( 1 , -2 ) "}, {"unset", "None"}, {"x", "(3, x)"},
                         {"two_commas", "(3,,)"}, {"lead", "(,3)"}, {"open", "(3, 3"},
                         {"mixed", "(3, 3]"}, {"nested", "((3, 3),)"}, {"float", "(3.0, 3)"}});
  const MxAttributes at(n);
  EXPECT_THAT(at.Ints("kernel"), ElementsAre(3, 3));
  EXPECT_THAT(at.Ints("one"), ElementsAre(3));
  EXPECT_THAT(at.Ints("list"), ElementsAre(1, 2, 3));
  EXPECT_THAT(at.Ints("bare"), ElementsAre(3));
  EXPECT_TRUE(at.Ints("empty").empty());
  EXPECT_TRUE(at.Ints("empty_list").empty());
  EXPECT_THAT(at.Ints("spaced"), ElementsAre(1, -2));
  EXPECT_THAT(at.Ints("unset", {1, 1}), ElementsAre(1, 1));
  EXPECT_THAT(at.Ints("missing", {2}), ElementsAre(2));
  EXPECT_NEO_ERROR(at.Ints("missing"), ErrorClass::kOperatorAttributeRequired,
                   "Compilation Error: OperatorAttributeRequired: Required attribute missing "
                   "not found in Convolution.");
  EXPECT_NOT_VALID(at.Ints("x"),
                   "x in operator Convolution is not a tuple of integers: '(3, x)'.");
  for (const char* bad : {"two_commas", "lead", "open", "mixed", "nested", "float", "unset"}) {
    try {
      at.Ints(bad);
      ADD_FAILURE() << bad;
    } catch (const NeoError& e) {
      EXPECT_EQ(e.error_class(), ErrorClass::kOperatorAttributeValueNotValid) << bad;
      EXPECT_EQ(e.message(), "The value of attribute " + std::string(bad) +
                                 " in operator Convolution is not a tuple of integers: " +
                                 PythonQuote(n.params.at(bad)) + ".");
    }
  }
}

TEST(MxAttributes, Floats) {
  const MxNode n = Conv({{"scales", "(1.0, 2.5)"}, {"one", "[0.5]"}, {"bare", "1e-3"},
                         {"unset", "None"}, {"bad", "(1.0, a)"}});
  const MxAttributes at(n);
  EXPECT_THAT(at.Floats("scales", {}), ElementsAre(1.0, 2.5));
  EXPECT_THAT(at.Floats("one", {}), ElementsAre(0.5));
  EXPECT_THAT(at.Floats("bare", {}), ElementsAre(1e-3));
  EXPECT_THAT(at.Floats("unset", {9}), ElementsAre(9));
  EXPECT_THAT(at.Floats("missing", {8}), ElementsAre(8));
  EXPECT_NOT_VALID(at.Floats("bad", {}),
                   "bad in operator Convolution is not a tuple of numbers: '(1.0, a)'.");
}

TEST(MxAttributes, Optionals) {
  const MxNode n = Conv({{"axis", "1"}, {"axes", "(0, 2)"}, {"unset", "None"}, {"bad", "a"}});
  const MxAttributes at(n);
  EXPECT_EQ(at.OptionalInt("axis"), std::optional<int64_t>(1));
  EXPECT_EQ(at.OptionalInt("unset"), std::nullopt);
  EXPECT_EQ(at.OptionalInt("missing"), std::nullopt);
  EXPECT_THAT(*at.OptionalInts("axis"), ElementsAre(1));
  EXPECT_THAT(*at.OptionalInts("axes"), ElementsAre(0, 2));
  EXPECT_EQ(at.OptionalInts("unset"), std::nullopt);
  EXPECT_EQ(at.OptionalInts("missing"), std::nullopt);
  EXPECT_NOT_VALID(at.OptionalInt("bad"), "bad in operator Convolution is not an integer: 'a'.");
  EXPECT_NOT_VALID(at.OptionalInts("bad"),
                   "bad in operator Convolution is not a tuple of integers: 'a'.");
}

TEST(MxAttributes, NotValidNamesTheOperator) {
  const MxNode n = Conv({});
  EXPECT_NOT_VALID(MxAttributes(n).NotValid("pad", "cannot be negative"),
                   "pad in operator Convolution cannot be negative.");
}

}  // namespace
}  // namespace neo::mx_frontend
