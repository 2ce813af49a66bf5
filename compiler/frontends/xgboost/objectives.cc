// XGBoost objectives: which transform turns margins into predictions, and how
// base_score (stored as a probability or a mean) becomes the initial margin. The
// conversions mirror XGBoost's ProbToMargin in float arithmetic so margins match it.
#include <cmath>
#include <map>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/xgboost/xgboost_import.h"

namespace neo::xgboost_frontend::internal {

namespace {

enum class Link { kIdentity, kLogit, kLog };

struct ObjectiveInfo {
  ir::Transform transform;
  Link link;  // how base_score maps to a margin
};

const std::map<std::string, ObjectiveInfo>& Objectives() {
  using T = ir::Transform;
  static const auto* table = new std::map<std::string, ObjectiveInfo>{
      {"reg:squarederror", {T::kIdentity, Link::kIdentity}},
      {"reg:linear", {T::kIdentity, Link::kIdentity}},
      {"reg:squaredlogerror", {T::kIdentity, Link::kIdentity}},
      {"reg:pseudohubererror", {T::kIdentity, Link::kIdentity}},
      {"reg:absoluteerror", {T::kIdentity, Link::kIdentity}},
      {"reg:logistic", {T::kSigmoid, Link::kLogit}},
      {"binary:logistic", {T::kSigmoid, Link::kLogit}},
      {"binary:logitraw", {T::kIdentity, Link::kIdentity}},
      {"binary:hinge", {T::kHinge, Link::kIdentity}},
      {"multi:softmax", {T::kArgmax, Link::kIdentity}},
      {"multi:softprob", {T::kSoftmax, Link::kIdentity}},
      {"count:poisson", {T::kExp, Link::kLog}},
      {"reg:gamma", {T::kExp, Link::kLog}},
      {"reg:tweedie", {T::kExp, Link::kLog}},
      {"survival:cox", {T::kExp, Link::kLog}},
      {"rank:pairwise", {T::kIdentity, Link::kIdentity}},
      {"rank:ndcg", {T::kIdentity, Link::kIdentity}},
      {"rank:map", {T::kIdentity, Link::kIdentity}},
  };
  return *table;
}

const char* Describe(ir::Transform t) {
  switch (t) {
    case ir::Transform::kIdentity: return "margin";
    case ir::Transform::kSigmoid: return "sigmoid of the margin";
    case ir::Transform::kExp: return "exp of the margin";
    case ir::Transform::kHinge: return "1 if the margin is positive, else 0";
    case ir::Transform::kSoftmax: return "softmax over the classes' margins";
    case ir::Transform::kArgmax: return "index of the largest class margin";
  }
  return "";
}

}  // namespace

void ApplyObjective(const std::string& objective, float base_score, ir::TreeEnsemble* e) {
  auto it = Objectives().find(objective);
  if (it == Objectives().end()) {
    throw AttributeNotImplementedError("objective " + objective, "XGBoost");
  }
  e->objective = objective;
  e->transform = it->second.transform;
  if (!std::isfinite(base_score)) {
    throw AttributeValueNotValidError("base_score", objective, "must be finite");
  }
  switch (it->second.link) {
    case Link::kIdentity:
      e->base_margin = base_score;
      break;
    case Link::kLogit:
      if (!(base_score > 0.0f && base_score < 1.0f)) {
        throw AttributeValueNotValidError("base_score", objective, "must be in (0, 1)");
      }
      e->base_margin = -std::log(1.0f / base_score - 1.0f);
      break;
    case Link::kLog:
      if (!(base_score > 0.0f)) {
        throw AttributeValueNotValidError("base_score", objective, "must be positive");
      }
      e->base_margin = std::log(base_score);
      break;
  }
}

}  // namespace neo::xgboost_frontend::internal

namespace neo::xgboost_frontend {

std::vector<std::pair<std::string, std::string>> SupportedObjectives() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, info] : internal::Objectives()) {
    out.emplace_back(name, internal::Describe(info.transform));
  }
  return out;
}

}  // namespace neo::xgboost_frontend
