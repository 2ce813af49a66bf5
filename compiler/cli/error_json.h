// --error_format=json: an error as one line of JSON, for tools that read neoc's stderr.
//
//   {"class":"Compilation Error","keyword":"OperatorNotImplemented","exit_code":30,
//    "message":"Compilation Error: OperatorNotImplemented: The following ...",
//    "details":["  Einsum: 2 nodes (a, b)"],
//    "operators":[{"name":"Einsum","count":2,"nodes":["a","b"]}],
//    "attribute":null,"file":"m.tar.gz","member":"model.onnx"}
//
// Every key is always present. "message" is the text form's first line, word for word;
// "keyword" is null for the classes without one; "attribute", "file" and "member" are
// null when the error does not know them; "nodes" lists every node, where the text
// names at most five. A System Error adds "cause", the text form's second line.
#ifndef NEO_COMPILER_CLI_ERROR_JSON_H_
#define NEO_COMPILER_CLI_ERROR_JSON_H_

#include <string>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::cli {

std::string ErrorJson(const NeoError& e);

// The System Error for an unexpected exception; `cause` is its what(), or empty.
std::string SystemErrorJson(const std::string& cause);

}  // namespace neo::cli

#endif  // NEO_COMPILER_CLI_ERROR_JSON_H_
