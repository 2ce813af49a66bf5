#include "compiler/cli/error_json.h"

#include "nlohmann/json.hpp"

namespace neo::cli {

namespace {

nlohmann::ordered_json OrNull(const std::string& s) { return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s); }

nlohmann::ordered_json Common(ErrorClass cls, const std::string& headline) {
  nlohmann::ordered_json j;
  j["class"] = ErrorClassName(cls);
  j["keyword"] = OrNull(ErrorKeyword(cls));
  j["exit_code"] = ExitCode(cls);
  j["message"] = headline;
  j["details"] = nlohmann::ordered_json::array();
  j["operators"] = nlohmann::ordered_json::array();
  j["attribute"] = nullptr;
  j["file"] = nullptr;
  j["member"] = nullptr;
  return j;
}

// Invalid UTF-8 (a node name from a hostile file) becomes U+FFFD rather than an exception.
std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string ErrorJson(const NeoError& e) {
  nlohmann::ordered_json j = Common(e.error_class(), e.Headline());
  j["details"] = e.details();
  for (const auto& [op, nodes] : e.operators()) {
    j["operators"].push_back({{"name", op}, {"count", nodes.size()}, {"nodes", nodes}});
  }
  j["attribute"] = OrNull(e.attribute());
  j["file"] = OrNull(e.file());
  j["member"] = OrNull(e.member());
  return Dump(j);
}

std::string SystemErrorJson(const std::string& cause) {
  nlohmann::ordered_json j = Common(ErrorClass::kSystem, ErrorPrefix(ErrorClass::kSystem) + ": " +
                                                     kSystemErrorMessage);
  j["cause"] = OrNull(cause);
  return Dump(j);
}

}  // namespace neo::cli
