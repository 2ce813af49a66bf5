#include "compiler/load/protobuf_parse.h"

#include <algorithm>
#include <climits>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace neo {
namespace {

// How deep a failed parse is retried, to tell "too deep for the limit" from "not a
// message". Each level costs the parser a few stack frames of well under 1 KiB even under
// AddressSanitizer, so this stays far inside the main thread's 8 MiB stack.
constexpr int kProbeDepth = 1000;

class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (!text_.empty()) return;
    // Protobuf ends some messages with a period; the callers' sentences add their own.
    const bool period = !message.empty() && message.back() == '.';
    text_ = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) +
            ": " + message.substr(0, message.size() - (period ? 1 : 0));
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

bool ParseBinary(const std::string& bytes, int depth, google::protobuf::MessageLite* message) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetRecursionLimit(depth);
  message->Clear();
  return message->ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

bool ParseText(const std::string& text, int depth, google::protobuf::Message* message,
               std::string* error) {
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  parser.AllowUnknownField(true);
  parser.AllowUnknownExtension(true);
  parser.SetRecursionLimit(depth);
  message->Clear();
  const bool ok = parser.ParseFromString(text, message);
  if (error != nullptr) *error = errors.text();
  return ok;
}

}  // namespace

ProtobufParse ParseBinaryProtobuf(const std::string& bytes, const ProtobufLimits& limits,
                                  google::protobuf::MessageLite* message) {
  if (bytes.size() > limits.max_bytes || bytes.size() > static_cast<uint64_t>(INT_MAX)) {
    return ProtobufParse::kTooLarge;
  }
  const int depth = std::max(limits.max_depth, 0);
  if (ParseBinary(bytes, depth, message)) return ProtobufParse::kOk;
  if (depth < kProbeDepth && ParseBinary(bytes, kProbeDepth, message)) {
    return ProtobufParse::kTooDeep;
  }
  return ProtobufParse::kInvalid;
}

ProtobufParse ParseTextProtobuf(const std::string& text, const ProtobufLimits& limits,
                                google::protobuf::Message* message, std::string* error) {
  if (text.size() > limits.max_bytes) return ProtobufParse::kTooLarge;
  const int depth = std::max(limits.max_depth, 0);
  if (ParseText(text, depth, message, error)) return ProtobufParse::kOk;
  // The probe reports no error, so `error` keeps the first parse's.
  if (depth < kProbeDepth && ParseText(text, kProbeDepth, message, nullptr)) {
    return ProtobufParse::kTooDeep;
  }
  return ProtobufParse::kInvalid;
}

std::string ProtobufLimitText(ProtobufParse result, const ProtobufLimits& limits,
                              uint64_t size) {
  if (result == ProtobufParse::kTooLarge) {
    return "its " + std::to_string(size) + " bytes exceed the " +
           std::to_string(std::min<uint64_t>(limits.max_bytes, INT_MAX)) +
           "-byte limit (--max_protobuf_bytes)";
  }
  if (result == ProtobufParse::kTooDeep) {
    return "it nests messages deeper than " + std::to_string(limits.max_depth) +
           " levels (--max_protobuf_depth)";
  }
  return "";
}

}  // namespace neo
