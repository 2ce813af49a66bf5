#include "compiler/codegen/text_template.h"

#include <stdexcept>

#include "gtest/gtest.h"

namespace neo::codegen {
namespace {

TEST(FillTemplate, ReplacesEveryOccurrence) {
  EXPECT_EQ(FillTemplate("class {{CLASS}} { {{CLASS}}(); };\n", {{"CLASS", "Net"}}),
            "class Net { Net(); };\n");
}

TEST(FillTemplate, ValuesAreNotRescanned) {
  EXPECT_EQ(FillTemplate("a{{X}}b", {{"X", "{{Y}}"}}), "a{{Y}}b");
}

TEST(FillTemplate, EmptyValueRemovesTheHole) {
  EXPECT_EQ(FillTemplate("x{{OPTIONAL}}y", {{"OPTIONAL", ""}}), "xy");
}

TEST(FillTemplate, MissingValueIsABug) {
  EXPECT_THROW(FillTemplate("{{A}}{{B}}", {{"A", "1"}}), std::logic_error);
}

TEST(FillTemplate, UnusedValueIsABug) {
  EXPECT_THROW(FillTemplate("{{A}}", {{"A", "1"}, {"TYPO", "2"}}), std::logic_error);
}

TEST(FillTemplate, MalformedHolesAreBugs) {
  EXPECT_THROW(FillTemplate("{{A", {}), std::logic_error);
  EXPECT_THROW(FillTemplate("{{a b}}", {}), std::logic_error);
}

}  // namespace
}  // namespace neo::codegen
