#include "compiler/diagnostics/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace neo {

const char kSystemErrorMessage[] =
    "There was an unexpected error during compilation, check your inputs and try again "
    "in a few minutes.";

const std::vector<ErrorClass>& AllErrorClasses() {
  static const auto* all = new std::vector<ErrorClass>{
      ErrorClass::kClientPermission,          ErrorClass::kLoadInputConfiguration,
      ErrorClass::kLoadModelSizeTooBig,       ErrorClass::kLoad,
      ErrorClass::kOperatorNotImplemented,    ErrorClass::kOperatorAttributeNotImplemented,
      ErrorClass::kOperatorAttributeRequired, ErrorClass::kOperatorAttributeValueNotValid,
      ErrorClass::kMalformedInput,            ErrorClass::kSystem};
  return *all;
}

int ExitCode(ErrorClass cls) {
  switch (cls) {
    case ErrorClass::kClientPermission: return 10;
    case ErrorClass::kLoadInputConfiguration: return 20;
    case ErrorClass::kLoadModelSizeTooBig: return 21;
    case ErrorClass::kLoad: return 22;
    case ErrorClass::kOperatorNotImplemented: return 30;
    case ErrorClass::kOperatorAttributeNotImplemented: return 31;
    case ErrorClass::kOperatorAttributeRequired: return 32;
    case ErrorClass::kOperatorAttributeValueNotValid: return 33;
    case ErrorClass::kMalformedInput: return 40;
    case ErrorClass::kSystem: return 70;
  }
  return 70;
}

std::string ErrorClassName(ErrorClass cls) {
  switch (cls) {
    case ErrorClass::kClientPermission: return "Client Permission Error";
    case ErrorClass::kLoadInputConfiguration:
    case ErrorClass::kLoadModelSizeTooBig:
    case ErrorClass::kLoad: return "Load Error";
    case ErrorClass::kOperatorNotImplemented:
    case ErrorClass::kOperatorAttributeNotImplemented:
    case ErrorClass::kOperatorAttributeRequired:
    case ErrorClass::kOperatorAttributeValueNotValid: return "Compilation Error";
    case ErrorClass::kMalformedInput: return "Malformed input error";
    case ErrorClass::kSystem: return "System Error";
  }
  return "System Error";
}

std::string ErrorKeyword(ErrorClass cls) {
  switch (cls) {
    case ErrorClass::kLoadInputConfiguration: return "InputConfiguration";
    case ErrorClass::kLoadModelSizeTooBig: return "ModelSizeTooBig";
    case ErrorClass::kOperatorNotImplemented: return "OperatorNotImplemented";
    case ErrorClass::kOperatorAttributeNotImplemented: return "OperatorAttributeNotImplemented";
    case ErrorClass::kOperatorAttributeRequired: return "OperatorAttributeRequired";
    case ErrorClass::kOperatorAttributeValueNotValid: return "OperatorAttributeValueNotValid";
    default: return "";
  }
}

std::string ErrorPrefix(ErrorClass cls) {
  const std::string keyword = ErrorKeyword(cls);
  return ErrorClassName(cls) + (keyword.empty() ? "" : ": " + keyword);
}

NeoError::NeoError(ErrorClass cls, std::string message, std::vector<std::string> details)
    : std::runtime_error(ErrorPrefix(cls) + ": " + message),
      cls_(cls),
      message_(std::move(message)),
      details_(std::move(details)) {}

std::string NeoError::Headline() const { return ErrorPrefix(cls_) + ": " + message_; }

NeoError& NeoError::set_operators(std::map<std::string, std::vector<std::string>> operators) {
  operators_ = std::move(operators);
  return *this;
}

NeoError& NeoError::set_attribute(std::string attribute) {
  attribute_ = std::move(attribute);
  return *this;
}

NeoError& NeoError::set_file(std::string file) {
  file_ = std::move(file);
  return *this;
}

NeoError& NeoError::set_member(std::string member) {
  member_ = std::move(member);
  return *this;
}

NeoError InputConfigurationError(const std::string& extension, const std::string& framework) {
  return NeoError(ErrorClass::kLoadInputConfiguration,
                  "Exactly one " + extension + " file is allowed for " + framework + " model.");
}

NeoError ModelSizeTooBigError() {
  return NeoError(ErrorClass::kLoadModelSizeTooBig,
                  "number of nodes in a tree can't exceed 2^31");
}

std::string PythonQuote(const std::string& s) {
  // Python prefers single quotes and switches to double quotes when the text has a
  // single quote and no double quote.
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

NeoError OperatorNotImplementedError(const std::set<std::string>& operators,
                                     std::vector<std::string> details) {
  // Case-insensitive order, as a reader scans a list: the spec's own example lists
  // {'_sample_multinomial', 'RNN'}, '_' before letters of either case.
  std::vector<std::string> sorted(operators.begin(), operators.end());
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const std::string& a, const std::string& b) {
    return lower(a) < lower(b);
  });
  std::string list;
  for (const std::string& op : sorted) {
    if (!list.empty()) list += ", ";
    list += PythonQuote(op);
  }
  NeoError e(ErrorClass::kOperatorNotImplemented,
             "The following operators are not implemented: {" + list + "}", std::move(details));
  std::map<std::string, std::vector<std::string>> by_operator;
  for (const std::string& op : operators) by_operator[op];
  e.set_operators(std::move(by_operator));
  return e;
}

NeoError UnsupportedOperatorsError(
    const std::map<std::string, std::vector<std::string>>& nodes_by_operator,
    const std::map<std::string, std::string>& why) {
  std::set<std::string> ops;
  std::vector<std::string> details;
  for (const auto& [op, nodes] : nodes_by_operator) {
    ops.insert(op);
    std::string line = "  " + op + ": " + std::to_string(nodes.size()) +
                       (nodes.size() == 1 ? " node (" : " nodes (");
    for (size_t i = 0; i < nodes.size() && i < 5; ++i) line += (i ? ", " : "") + nodes[i];
    if (nodes.size() > 5) line += ", ...";
    line += ")";
    auto reason = why.find(op);
    if (reason != why.end()) line += ": " + reason->second;
    details.push_back(line);
  }
  NeoError e = OperatorNotImplementedError(ops, std::move(details));
  e.set_operators(nodes_by_operator);
  return e;
}

NeoError AttributeNotImplementedError(const std::string& attr, const std::string& op) {
  NeoError e(ErrorClass::kOperatorAttributeNotImplemented,
             attr + " is not supported in " + op + ".");
  e.set_operators({{op, {}}}).set_attribute(attr);
  return e;
}

NeoError AttributeRequiredError(const std::string& attr, const std::string& op) {
  NeoError e(ErrorClass::kOperatorAttributeRequired,
             "Required attribute " + attr + " not found in " + op + ".");
  e.set_operators({{op, {}}}).set_attribute(attr);
  return e;
}

NeoError AttributeValueNotValidError(const std::string& attr, const std::string& op,
                                     const std::string& why) {
  NeoError e(ErrorClass::kOperatorAttributeValueNotValid,
             "The value of attribute " + attr + " in operator " + op + " " + why + ".");
  e.set_operators({{op, {}}}).set_attribute(attr);
  return e;
}

NeoError MalformedInputError(const std::string& message) {
  return NeoError(ErrorClass::kMalformedInput, message);
}

NeoError LoadError(const std::string& message) {
  return NeoError(ErrorClass::kLoad, message);
}

NeoError PermissionError(const std::string& message) {
  return NeoError(ErrorClass::kClientPermission, message);
}

}  // namespace neo
