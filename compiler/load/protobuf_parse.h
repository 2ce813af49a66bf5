// Parsing a model's protocol buffer within limits the user can raise (neoc's
// --max_protobuf_bytes and --max_protobuf_depth), so that an outsized or deeply nested
// message is refused with a message naming the flag rather than by protobuf's own
// logging, or not at all.
#ifndef NEO_COMPILER_LOAD_PROTOBUF_PARSE_H_
#define NEO_COMPILER_LOAD_PROTOBUF_PARSE_H_

#include <cstdint>
#include <string>

#include <google/protobuf/message.h>
#include <google/protobuf/message_lite.h>

namespace neo {

struct ProtobufLimits {
  // Message nesting: protobuf's own default, which bounds the parser's stack use. ONNX
  // counts three levels per nested subgraph (graph, node, attribute), so 100 allows
  // control flow 30 deep.
  int max_depth = 100;
  // One serialized message; protobuf cannot parse more than 2 GiB - 1 at all.
  uint64_t max_bytes = (uint64_t{1} << 31) - 1;
};

enum class ProtobufParse {
  kOk,
  kTooLarge,  // the bytes exceed max_bytes; nothing was parsed
  kTooDeep,   // it parses, but only with more nesting than max_depth allows
  kInvalid,   // it is not a message of this type (text: `error` says where)
};

// Binary wire format. On kTooDeep or kInvalid `message` holds whatever was parsed.
ProtobufParse ParseBinaryProtobuf(const std::string& bytes, const ProtobufLimits& limits,
                                  google::protobuf::MessageLite* message);

// Text format, skipping fields and extensions a newer producer added. `error` (may be
// null) receives the first error with its line and column ("line 1, column 40: Expected
// string, got: 3"), without a final period.
ProtobufParse ParseTextProtobuf(const std::string& text, const ProtobufLimits& limits,
                                google::protobuf::Message* message, std::string* error);

// The clause a frontend appends to its "is not a valid X" message for kTooLarge and
// kTooDeep, e.g. "it nests messages deeper than 100 levels (--max_protobuf_depth)".
std::string ProtobufLimitText(ProtobufParse result, const ProtobufLimits& limits,
                              uint64_t size);

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_PROTOBUF_PARSE_H_
