// XGBoost's JSON model format (schema of XGBoost 1.x, doc/model.schema):
//   {"learner": {"learner_model_param": {"base_score": "5E-1", "num_class": "0",
//                                        "num_feature": "4", ...},
//                "objective": {"name": "binary:logistic", ...},
//                "gradient_booster": {"name": "gbtree", "model": {"trees": [...],
//                                     "tree_info": [...], ...}}
//                   or {"name": "dart", "gbtree": {"model": ...}, "weight_drop": [...]}}}
// Each tree: tree_param.num_nodes (a string), and per-node arrays left_children,
// right_children, split_indices, split_conditions (the leaf value at leaves),
// default_left, sum_hessian, split_type (non-zero: categorical).
#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/xgboost/xgboost_import.h"

namespace neo::xgboost_frontend::internal {

namespace {

using Json = nlohmann::json;

class JsonModel {
 public:
  explicit JsonModel(const std::string& file) : file_(file) {}

  [[noreturn]] void Fail(const std::string& what) const {
    throw LoadError(file_ + " is not a valid XGBoost JSON model: " + what + ".");
  }
  const Json& Field(const Json& obj, const char* key, const std::string& where) const {
    if (!obj.is_object()) Fail(where + " is not an object");
    auto it = obj.find(key);
    if (it == obj.end()) Fail(where + " has no \"" + key + "\"");
    return *it;
  }
  const Json& Array(const Json& obj, const char* key, const std::string& where,
                    size_t size) const {
    const Json& a = Field(obj, key, where);
    if (!a.is_array()) Fail(where + "." + key + " is not an array");
    if (size != SIZE_MAX && a.size() != size) {
      Fail(where + "." + key + " has " + std::to_string(a.size()) + " entries, not " +
           std::to_string(size));
    }
    return a;
  }
  // XGBoost writes parameters as strings ("5E-1"); accept numbers too.
  double Number(const Json& v, const std::string& where) const {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      char* end = nullptr;
      errno = 0;
      double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return d;
    }
    Fail(where + " is not a number");
  }
  int64_t Integer(const Json& v, const std::string& where) const {
    double d = Number(v, where);
    if (!(d >= -9.2e18 && d <= 9.2e18) || d != static_cast<double>(static_cast<int64_t>(d))) {
      Fail(where + " is not an integer");
    }
    return static_cast<int64_t>(d);
  }
  float Float(const Json& v, const std::string& where) const {
    // XGBoost's JSON holds float32 values printed in full; the nearest float is exact.
    if (v.is_string()) return std::strtof(v.get<std::string>().c_str(), nullptr);
    return static_cast<float>(Number(v, where));
  }

 private:
  const std::string& file_;
};

ir::Tree ReadTree(const JsonModel& m, const Json& j, size_t index) {
  const std::string where = "trees[" + std::to_string(index) + "]";
  const Json& param = m.Field(j, "tree_param", where);
  // Before any array is looked at: a tree past XGBoost's limit is refused on its header.
  const int64_t num_nodes = m.Integer(m.Field(param, "num_nodes", where + ".tree_param"),
                                      where + ".tree_param.num_nodes");
  if (num_nodes > static_cast<int64_t>(kMaxTreeNodes)) throw ModelSizeTooBigError();
  if (num_nodes < 1) m.Fail(where + " has " + std::to_string(num_nodes) + " nodes");
  if (param.contains("size_leaf_vector") &&
      m.Integer(param["size_leaf_vector"], where + ".size_leaf_vector") > 1) {
    throw AttributeNotImplementedError("size_leaf_vector", "XGBoost tree");
  }
  const size_t n = static_cast<size_t>(num_nodes);
  const Json& left = m.Array(j, "left_children", where, n);
  const Json& right = m.Array(j, "right_children", where, n);
  const Json& index_ = m.Array(j, "split_indices", where, n);
  const Json& cond = m.Array(j, "split_conditions", where, n);
  const Json& dleft = m.Array(j, "default_left", where, n);
  const Json& hess = m.Array(j, "sum_hessian", where, n);
  if (j.contains("split_type")) {
    const Json& type = m.Array(j, "split_type", where, n);
    for (size_t i = 0; i < n; ++i) {
      if (m.Integer(type[i], where + ".split_type") != 0 && m.Integer(left[i], where) >= 0) {
        throw AttributeNotImplementedError("categorical split", "XGBoost tree");
      }
    }
  }
  ir::Tree tree;
  tree.nodes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    ir::TreeNode& node = tree.nodes[i];
    const int64_t l = m.Integer(left[i], where + ".left_children");
    const int64_t r = m.Integer(right[i], where + ".right_children");
    const float value = m.Float(cond[i], where + ".split_conditions");
    node.cover = m.Float(hess[i], where + ".sum_hessian");
    if (l < 0) {
      node.leaf = value;
      continue;
    }
    if (l > int64_t(kMaxTreeNodes) || r < 0 || r > int64_t(kMaxTreeNodes)) {
      m.Fail(where + " node " + std::to_string(i) + " has children out of range");
    }
    const int64_t f = m.Integer(index_[i], where + ".split_indices");
    if (f < 0 || f > 0x7fffffff) m.Fail(where + " node " + std::to_string(i) + " has feature " +
                                        std::to_string(f));
    node.left = static_cast<int32_t>(l);
    node.right = static_cast<int32_t>(r);
    node.feature = static_cast<uint32_t>(f);
    node.threshold = value;
    node.default_left = m.Integer(dleft[i], where + ".default_left") != 0;
  }
  return tree;
}

// XGBoost writes non-finite floats as bare NaN / Infinity / -Infinity, which JSON (and
// nlohmann) do not allow: quote them, outside strings, so they parse as strings that
// Float() reads back.
std::string QuoteNonFinite(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  bool in_string = false;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < in.size()) {
        out += in[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    bool replaced = false;
    for (const char* word : {"NaN", "Infinity", "-Infinity"}) {
      const size_t n = std::char_traits<char>::length(word);
      if (in.compare(i, n, word) == 0) {
        out += '"';
        out += word;
        out += '"';
        i += n - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

}  // namespace

ir::TreeEnsemble ReadJsonModel(const std::string& bytes, const std::string& file_name) {
  JsonModel m(file_name);
  Json doc = Json::parse(QuoteNonFinite(bytes), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) m.Fail("the JSON does not parse (truncated?)");
  const Json& learner = m.Field(doc, "learner", "the document");
  const Json& lparam = m.Field(learner, "learner_model_param", "learner");
  const Json& gb = m.Field(learner, "gradient_booster", "learner");
  const std::string booster = m.Field(gb, "name", "gradient_booster").is_string()
                                  ? gb["name"].get<std::string>() : "";
  if (booster == "gblinear") throw AttributeNotImplementedError("booster gblinear", "XGBoost");
  const Json* model = nullptr;
  const Json* weights = nullptr;
  if (booster == "gbtree") {
    model = &m.Field(gb, "model", "gradient_booster");
  } else if (booster == "dart") {
    model = &m.Field(m.Field(gb, "gbtree", "gradient_booster"), "model", "gradient_booster.gbtree");
    weights = &m.Array(gb, "weight_drop", "gradient_booster", SIZE_MAX);
  } else {
    m.Fail("unknown booster '" + booster + "'");
  }

  ir::TreeEnsemble e;
  const int64_t num_feature =
      m.Integer(m.Field(lparam, "num_feature", "learner_model_param"), "num_feature");
  const int64_t num_class =
      m.Integer(m.Field(lparam, "num_class", "learner_model_param"), "num_class");
  if (num_feature < 0 || num_feature > 0x7fffffff) m.Fail("num_feature is out of range");
  if (num_class < 0 || num_class > (1 << 20)) m.Fail("num_class is out of range");
  e.num_features = static_cast<uint32_t>(num_feature);
  e.num_groups = num_class > 1 ? static_cast<int>(num_class) : 1;
  const Json& obj = m.Field(learner, "objective", "learner");
  const Json& obj_name = m.Field(obj, "name", "learner.objective");
  if (!obj_name.is_string()) m.Fail("learner.objective.name is not a string");
  ApplyObjective(obj_name.get<std::string>(),
                 m.Float(m.Field(lparam, "base_score", "learner_model_param"), "base_score"), &e);

  const Json& trees = m.Array(*model, "trees", "model", SIZE_MAX);
  const Json& info = m.Array(*model, "tree_info", "model", trees.size());
  if (weights && weights->size() != trees.size()) {
    m.Fail("dart has " + std::to_string(weights->size()) + " tree weights for " +
           std::to_string(trees.size()) + " trees");
  }
  e.trees.resize(trees.size());
  std::vector<char> filled(trees.size(), 0);
  for (size_t t = 0; t < trees.size(); ++t) {
    // Trees carry their position as "id"; XGBoost places them by it.
    int64_t id = static_cast<int64_t>(t);
    if (trees[t].is_object() && trees[t].contains("id")) id = m.Integer(trees[t]["id"], "tree id");
    if (id < 0 || id >= static_cast<int64_t>(trees.size()) || filled[id]) {
      m.Fail("trees[" + std::to_string(t) + "] has id " + std::to_string(id));
    }
    filled[id] = 1;
    e.trees[id] = ReadTree(m, trees[t], t);
  }
  for (size_t t = 0; t < trees.size(); ++t) {
    const int64_t g = m.Integer(info[t], "tree_info");
    if (g < 0 || g >= e.num_groups) m.Fail("tree_info[" + std::to_string(t) + "] is " +
                                           std::to_string(g));
    e.trees[t].group = static_cast<int>(g);
    if (weights) e.trees[t].weight = m.Float((*weights)[t], "weight_drop");
  }
  return e;
}

}  // namespace neo::xgboost_frontend::internal
