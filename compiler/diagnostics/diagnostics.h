// Neo's error classes, their exact messages and neoc's exit codes.
//
// Every failure the compiler reports is a NeoError. Its first line is the Neo message
// word for word ("Compilation Error: OperatorNotImplemented: ..."); optional detail
// lines follow it (which nodes, where in the file). Each class has its own exit code so
// scripts and Bazel can tell them apart; the codes are part of neoc's interface.
#ifndef NEO_COMPILER_DIAGNOSTICS_DIAGNOSTICS_H_
#define NEO_COMPILER_DIAGNOSTICS_DIAGNOSTICS_H_

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace neo {

enum class ErrorClass {
  kClientPermission,                 // a path we may not read or write
  kLoadInputConfiguration,           // tarball lacks or duplicates a required file
  kLoadModelSizeTooBig,              // an XGBoost tree with more than 2^31 nodes
  kLoad,                             // the model file itself cannot be read
  kOperatorNotImplemented,           // operators outside the supported table
  kOperatorAttributeNotImplemented,  // an attribute value we do not compile
  kOperatorAttributeRequired,        // a required attribute is missing
  kOperatorAttributeValueNotValid,   // an attribute value that is invalid
  kMalformedInput,                   // bad flags, shape JSON, corrupt archive
  kSystem,                           // anything unexpected
};

// Every class, in the enum's order (--help's exit-code table lists them so).
const std::vector<ErrorClass>& AllErrorClasses();

// neoc's exit status for each class. 0 is success; 1 is left to the flags library.
int ExitCode(ErrorClass cls);

// "Compilation Error: OperatorNotImplemented", "Malformed input error", ...: the class's
// name, then ": " and its keyword where it has one.
std::string ErrorPrefix(ErrorClass cls);
// "Load Error", "Compilation Error", "Client Permission Error", "Malformed input error",
// "System Error".
std::string ErrorClassName(ErrorClass cls);
// The spec's keyword: "InputConfiguration", "ModelSizeTooBig", "OperatorNotImplemented",
// ...; empty for the classes that have none.
std::string ErrorKeyword(ErrorClass cls);

class NeoError : public std::runtime_error {
 public:
  // `message` is the part after the prefix, e.g. "Exactly one .onnx file is allowed
  // for ONNX model."
  NeoError(ErrorClass cls, std::string message, std::vector<std::string> details = {});

  ErrorClass error_class() const { return cls_; }
  const std::string& message() const { return message_; }
  const std::vector<std::string>& details() const { return details_; }

  // The Neo line: "<prefix>: <message>".
  std::string Headline() const;

  // Facts the text also says, kept apart for --error_format=json. Each is empty when the
  // error does not know it.
  // The operators the error is about, each with the nodes that use it (the nodes may be
  // empty: an attribute error names its operator but not the node).
  const std::map<std::string, std::vector<std::string>>& operators() const {
    return operators_;
  }
  const std::string& attribute() const { return attribute_; }
  // The model file given to neoc, and the archive member the error arose in.
  const std::string& file() const { return file_; }
  const std::string& member() const { return member_; }
  NeoError& set_operators(std::map<std::string, std::vector<std::string>> operators);
  NeoError& set_attribute(std::string attribute);
  NeoError& set_file(std::string file);
  NeoError& set_member(std::string member);

 private:
  ErrorClass cls_;
  std::string message_;
  std::vector<std::string> details_;
  std::map<std::string, std::vector<std::string>> operators_;
  std::string attribute_, file_, member_;
};

// The one line Neo prints for every unexpected failure.
extern const char kSystemErrorMessage[];

// Builders for the messages whose wording the spec fixes.
NeoError InputConfigurationError(const std::string& extension, const std::string& framework);
NeoError ModelSizeTooBigError();
// `operators` are listed in Python's set form, sorted ignoring case:
// {'_sample_multinomial', 'Einsum', 'RNN'}.
NeoError OperatorNotImplementedError(const std::set<std::string>& operators,
                                     std::vector<std::string> details = {});
// OperatorNotImplementedError from each unsupported operator and the nodes that use it; the details
// name up to five nodes per operator ("  Einsum: 2 nodes (a, b)"), followed by the
// operator's entry in `why` where it has one ("  NonZero: 1 node (nz): its output's ...").
NeoError UnsupportedOperatorsError(
    const std::map<std::string, std::vector<std::string>>& nodes_by_operator,
    const std::map<std::string, std::string>& why = {});
NeoError AttributeNotImplementedError(const std::string& attr, const std::string& op);
NeoError AttributeRequiredError(const std::string& attr, const std::string& op);
// `why` completes "The value of attribute {attr} in operator {op} ...", e.g.
// "cannot be negative".
NeoError AttributeValueNotValidError(const std::string& attr, const std::string& op,
                                     const std::string& why = "cannot be negative");
NeoError MalformedInputError(const std::string& message);
NeoError LoadError(const std::string& message);
NeoError PermissionError(const std::string& message);

// Python's repr of a str: 'abc', with quotes and backslashes escaped as Python does.
std::string PythonQuote(const std::string& s);

}  // namespace neo

#endif  // NEO_COMPILER_DIAGNOSTICS_DIAGNOSTICS_H_
