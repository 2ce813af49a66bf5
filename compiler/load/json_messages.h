// nlohmann::json's exception texts, trimmed for Neo's messages: users see where their JSON
// went wrong, not the library's exception ids.
#ifndef NEO_COMPILER_LOAD_JSON_MESSAGES_H_
#define NEO_COMPILER_LOAD_JSON_MESSAGES_H_

#include <string>

namespace neo {

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
// -> "at line 1, column 9: syntax error ..." (unchanged when there is no "at line").
inline std::string JsonParseErrorWhere(const std::string& what) {
  const size_t at = what.find("at line");
  return at == std::string::npos ? what : what.substr(at);
}

// "[json.exception.out_of_range.406] number overflow ..." -> "number overflow ...".
inline std::string JsonExceptionText(const std::string& what) {
  const size_t tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_JSON_MESSAGES_H_
