#include "compiler/frontends/xgboost/xgboost_import.h"

#include "compiler/diagnostics/diagnostics.h"

namespace neo::xgboost_frontend {

ir::TreeEnsemble ReadXgboostModel(const std::string& bytes, const std::string& file_name) {
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw LoadError(file_name + " is empty.");
  ir::TreeEnsemble e;
  if (bytes[first] == '{') {
    e = internal::ReadJsonModel(bytes, file_name);
  } else if (bytes.compare(0, 4, "binf") == 0) {
    e = internal::ReadBinaryModel(bytes, file_name);
  } else {
    // Binary files from before XGBoost 1.0 have no magic: try, but say what was expected.
    try {
      e = internal::ReadBinaryModel(bytes, file_name);
    } catch (const NeoError& error) {
      if (error.error_class() != ErrorClass::kLoad) throw;
      throw LoadError(file_name + " is not an XGBoost model: it is neither JSON nor XGBoost's "
                      "binary format (read as binary: " + error.message() + ")");
    }
  }
  std::string problem = ir::ValidateTreeEnsemble(e);
  if (!problem.empty()) throw LoadError(file_name + " is not a valid XGBoost model: " + problem + ".");
  return e;
}

}  // namespace neo::xgboost_frontend
