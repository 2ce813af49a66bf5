#include "compiler/frontends/xgboost/xgboost_import.h"

#include "compiler/diagnostics/diagnostics.h"

namespace neo::xgboost_frontend {

ir::TreeEnsemble ReadXgboostModel(const std::string& bytes, const std::string& file_name) {
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw LoadError(file_name + " is empty.");
  ir::TreeEnsemble e = bytes[first] == '{' ? internal::ReadJsonModel(bytes, file_name)
                                           : internal::ReadBinaryModel(bytes, file_name);
  std::string problem = ir::ValidateTreeEnsemble(e);
  if (!problem.empty()) throw LoadError(file_name + " is not a valid XGBoost model: " + problem + ".");
  return e;
}

}  // namespace neo::xgboost_frontend
