// C++ spellings for generated code: the class name a user asks for, identifiers made
// from model tensor names, string literals.
#ifndef NEO_COMPILER_CODEGEN_CPP_NAMES_H_
#define NEO_COMPILER_CODEGEN_CPP_NAMES_H_

#include <string>
#include <vector>

namespace neo::codegen {

struct CppClassName {
  std::vector<std::string> namespaces;  // outermost first
  std::string name;
  std::string Qualified() const;        // "vision::ResNet18"
};

// Parses "vision::ResNet18" or "ResNet18". Throws MalformedInputError when a part is not
// a C++ identifier or is a keyword.
CppClassName ParseCppClass(const std::string& text);

// "resnet18_v2" -> "Resnet18V2": the default class name for a model called `name`.
std::string CamelCase(const std::string& name);

// A lower_snake identifier from a tensor name ("input.1" -> "input_1", "0" -> "t_0"),
// unique within `taken`, which it extends.
std::string Identifier(const std::string& name, std::vector<std::string>& taken);

// A C++ string literal holding `s`.
std::string StringLiteral(const std::string& s);

// `s` made safe inside a // or /* */ comment: control characters become spaces and
// backslashes '/', so a model's names can neither end the comment nor continue it onto
// the next line; "*/" is broken up.
std::string CommentText(const std::string& s);

// The header banner's line naming the model file's digest: "// Model file SHA-256: <hex>\n",
// or "" when `sha256` is empty (a graph built in a test has no file).
std::string DigestLine(const std::string& sha256);

// A linker symbol for `c` that no other class name maps to: "neo_weights" followed by
// each name length-prefixed ("a_b::Net" -> neo_weights_3a_b3Net).
std::string WeightsSymbol(const CppClassName& c);

// Whether `s` is a C++ identifier that is not a keyword.
bool IsCppIdentifier(const std::string& s);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_CPP_NAMES_H_
