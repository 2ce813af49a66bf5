// Generated files are written from text templates with named holes, as tfcompile writes
// its header: the shape of a generated file is visible in one place, and the code that
// fills it only computes the holes' values.
//
// A hole is "{{NAME}}" (letters, digits, underscores). FillTemplate is strict: a hole
// with no value, or a value whose hole is missing from the text, is a bug in the code
// generator and throws std::logic_error, so a renamed hole cannot silently print nothing.
#ifndef NEO_COMPILER_CODEGEN_TEXT_TEMPLATE_H_
#define NEO_COMPILER_CODEGEN_TEXT_TEMPLATE_H_

#include <map>
#include <string>
#include <string_view>

namespace neo::codegen {

using TemplateHoles = std::map<std::string, std::string>;

std::string FillTemplate(std::string_view text, const TemplateHoles& holes);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_TEXT_TEMPLATE_H_
