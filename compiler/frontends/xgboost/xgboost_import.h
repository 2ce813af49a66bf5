// The XGBoost frontend: one model file (the tarball's .model) -> ir::TreeEnsemble.
//
// A .model file may hold either of XGBoost's formats; the bytes decide, not the name:
//   - JSON (first non-blank byte '{'), as save_model("x.json") writes it (XGBoost 1.x);
//   - the legacy binary format, as XGBoost 1.x's save_model("x.model") writes it
//     ("binf" followed by the learner parameters, objective, booster and trees; files
//     from before 1.0 lack the "binf" and are read the same way).
// Boosters: gbtree and dart (per-tree weights). gblinear and categorical splits are
// "Compilation Error: OperatorAttributeNotImplemented"; unknown objectives too.
// A tree declaring 2^31 nodes or more is "Load Error: ModelSizeTooBig", found from its
// header before anything is allocated. A truncated or inconsistent file is a Load Error
// whose message names the file and what is wrong (in JSON also a key written twice in
// one object, nesting deeper than 64 levels, a tree count that is not the number of
// trees); the result is always a valid ensemble (ir::ValidateTreeEnsemble passes).
#ifndef NEO_COMPILER_FRONTENDS_XGBOOST_XGBOOST_IMPORT_H_
#define NEO_COMPILER_FRONTENDS_XGBOOST_XGBOOST_IMPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/tree_ensemble.h"

namespace neo::xgboost_frontend {

// `file_name` only labels error messages.
ir::TreeEnsemble ReadXgboostModel(const std::string& bytes, const std::string& file_name);

// The objectives compiled, sorted, each with what a prediction is ("margin", "sigmoid of
// the margin", ...); neoc --list_operators --framework=xgboost prints them.
std::vector<std::pair<std::string, std::string>> SupportedObjectives();

// What the two readers share, exposed for them and for tests.
namespace internal {

ir::TreeEnsemble ReadBinaryModel(const std::string& bytes, const std::string& file_name);
ir::TreeEnsemble ReadJsonModel(const std::string& bytes, const std::string& file_name);

// Fills transform and base_margin from the objective name and XGBoost's base_score
// (given in probability space, as both formats store it); num_groups must be set.
void ApplyObjective(const std::string& objective, float base_score, ir::TreeEnsemble* e);

// Largest node count XGBoost can hold in one tree (its count is an int32).
constexpr uint64_t kMaxTreeNodes = (uint64_t{1} << 31) - 1;

}  // namespace internal
}  // namespace neo::xgboost_frontend

#endif  // NEO_COMPILER_FRONTENDS_XGBOOST_XGBOOST_IMPORT_H_
