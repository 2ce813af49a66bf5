// XGBoost's JSON model format (schema of XGBoost 1.x, doc/model.schema):
//   {"learner": {"learner_model_param": {"base_score": "5E-1", "num_class": "0",
//                                        "num_feature": "4", ...},
//                "objective": {"name": "binary:logistic", ...},
//                "gradient_booster": {"name": "gbtree", "model": {"trees": [...],
//                                     "tree_info": [...], "gbtree_model_param":
//                                     {"num_trees": "2", ...}, ...}}
//                   or {"name": "dart", "gbtree": {"model": ...}, "weight_drop": [...]}}}
// Each tree: tree_param.num_nodes (a string), and per-node arrays left_children,
// right_children, split_indices, split_conditions (the leaf value at leaves),
// default_left, sum_hessian, split_type (non-zero: categorical).
//
// The text is read by a SAX handler (ModelParser), not into nlohmann's DOM: a DOM costs
// 16 to 48 bytes per value, so a 60 MB array of zeros took 1 GB, and a 10 MB run of '['
// 400 MB. The handler keeps only the fields above, packs each per-node array into
// doubles, and turns each tree into an ir::Tree as soon as its object closes, so memory
// follows the model rather than the text. It also refuses, anywhere in the document,
// nesting deeper than kMaxDepth and a key given twice in one object (which value would
// count is a guess; XGBoost never writes one).
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/xgboost/xgboost_import.h"

namespace neo::xgboost_frontend::internal {

namespace {

using Json = nlohmann::json;

// XGBoost's own documents nest 8 deep (learner, gradient_booster, gbtree, model, trees,
// a tree, its arrays); deeper nesting is refused as it is read.
constexpr size_t kMaxDepth = 64;

// A per-node array as ModelParser packs it: its values as doubles in a binary JSON value
// (which JSON text cannot produce, so nothing else in the document is one).
class Numbers {
 public:
  explicit Numbers(const Json::binary_t& bytes) : bytes_(&bytes) {}
  size_t size() const { return bytes_->size() / sizeof(double); }
  double operator[](size_t i) const {
    double d;
    std::memcpy(&d, bytes_->data() + i * sizeof(double), sizeof(double));
    return d;
  }

 private:
  const Json::binary_t* bytes_;
};

// A key or label in a message, cut short: a hostile file's keys can be megabytes long.
std::string Shown(const std::string& s) {
  constexpr size_t kMaxShown = 40;
  return s.size() <= kMaxShown ? s : s.substr(0, kMaxShown) + "...";
}

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
    CheckSize(a.size(), key, where, size);
    return a;
  }
  // A per-node array (tree arrays, tree_info, weight_drop); SIZE_MAX: any size.
  Numbers NumberArray(const Json& obj, const char* key, const std::string& where,
                      size_t size) const {
    const Json& a = Field(obj, key, where);
    if (!a.is_binary()) Fail(where + "." + key + " is not an array");
    const Numbers numbers(a.get_binary());
    CheckSize(numbers.size(), key, where, size);
    return numbers;
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
    return Integer(Number(v, where), where);
  }
  int64_t Integer(double d, const std::string& where) const {
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
  void CheckSize(size_t actual, const char* key, const std::string& where, size_t size) const {
    if (size != SIZE_MAX && actual != size) {
      Fail(where + "." + key + " has " + std::to_string(actual) + " entries, not " +
           std::to_string(size));
    }
  }

  const std::string& file_;
};

// What a value of the document is to the reader.
enum class Part {
  kSkipped,  // not read: parsed and checked (depth, repeated keys), not kept
  // Objects.
  kDocument, kLearner, kLearnerParam, kObjective, kBooster, kDartGbtree, kModel,
  kModelParam, kTree, kTreeParam,
  // Arrays.
  kTrees,    // its objects are read one by one as they close
  kNumbers,  // a per-node array, packed
  // Scalars.
  kNumber,   // an element of kNumbers
  kScalar,   // a parameter
};

enum class Kind { kObject, kArray, kScalar };

Kind KindOf(Part part) {
  switch (part) {
    case Part::kTrees:
    case Part::kNumbers: return Kind::kArray;
    case Part::kNumber:
    case Part::kScalar: return Kind::kScalar;
    default: return Kind::kObject;
  }
}

// The fields the reader uses: key `key` of an object of part `object` is `part`.
struct Member {
  Part object;
  const char* key;
  Part part;
};

constexpr Member kMembers[] = {
    {Part::kDocument, "learner", Part::kLearner},
    {Part::kLearner, "learner_model_param", Part::kLearnerParam},
    {Part::kLearner, "objective", Part::kObjective},
    {Part::kLearner, "gradient_booster", Part::kBooster},
    {Part::kLearnerParam, "num_feature", Part::kScalar},
    {Part::kLearnerParam, "num_class", Part::kScalar},
    {Part::kLearnerParam, "base_score", Part::kScalar},
    {Part::kObjective, "name", Part::kScalar},
    {Part::kBooster, "name", Part::kScalar},
    {Part::kBooster, "model", Part::kModel},
    {Part::kBooster, "gbtree", Part::kDartGbtree},
    {Part::kBooster, "weight_drop", Part::kNumbers},
    {Part::kDartGbtree, "model", Part::kModel},
    {Part::kModel, "gbtree_model_param", Part::kModelParam},
    {Part::kModel, "tree_info", Part::kNumbers},
    {Part::kModel, "trees", Part::kTrees},
    {Part::kModelParam, "num_trees", Part::kScalar},
    {Part::kTree, "id", Part::kScalar},
    {Part::kTree, "tree_param", Part::kTreeParam},
    {Part::kTree, "left_children", Part::kNumbers},
    {Part::kTree, "right_children", Part::kNumbers},
    {Part::kTree, "split_indices", Part::kNumbers},
    {Part::kTree, "split_conditions", Part::kNumbers},
    {Part::kTree, "default_left", Part::kNumbers},
    {Part::kTree, "sum_hessian", Part::kNumbers},
    {Part::kTree, "split_type", Part::kNumbers},
    {Part::kTreeParam, "num_nodes", Part::kScalar},
    {Part::kTreeParam, "size_leaf_vector", Part::kScalar},
};

Part MemberPart(Part object, const std::string& key) {
  for (const Member& m : kMembers) {
    if (m.object == object && key == m.key) return m.part;
  }
  return Part::kSkipped;
}

Part ElementPart(Part array) {
  if (array == Part::kTrees) return Part::kTree;
  if (array == Part::kNumbers) return Part::kNumber;
  return Part::kSkipped;
}

// nlohmann's SAX interface (json::sax_parse): builds the document from the values the
// reader uses (kMembers) and hands each tree to `read_tree` as its object closes. Other
// values are parsed and checked, and dropped as they are read.
class ModelParser {
 public:
  // Reads one tree (`index` in its array) and returns what the document keeps instead.
  using TreeReader = std::function<Json(const Json& tree, size_t index)>;

  ModelParser(const JsonModel& m, TreeReader read_tree)
      : m_(m), read_tree_(std::move(read_tree)) {
    stack_.reserve(kMaxDepth);
  }
  const Json& document() const { return document_; }

  bool null() { return Other(nullptr); }
  bool boolean(bool b) { return Other(b); }
  bool number_integer(Json::number_integer_t v) { return Number(static_cast<double>(v), v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Number(static_cast<double>(v), v); }
  bool number_float(Json::number_float_t v, const std::string&) { return Number(v, v); }
  bool string(std::string& s);
  bool binary(Json::binary_t&) { return Other(nullptr); }  // JSON text has none
  bool start_object(size_t) { return Open(true); }
  bool key(std::string& key);
  bool end_object() { return Close(); }
  bool start_array(size_t) { return Open(false); }
  bool end_array() { return Close(); }
  bool parse_error(size_t, const std::string&, const Json::exception&) { return false; }

 private:
  struct Frame {
    Part part = Part::kSkipped;  // kSkipped: nothing inside is kept
    Json* value = nullptr;       // the kept container (binary for kNumbers)
    bool object = false;
    std::string label;           // how its parent reaches it: ".key" or "[i]"
    size_t index = 0;            // its index in its parent array
    std::string key;             // objects: the key of the value being read
    size_t size = 0;             // arrays: the values begun so far
    std::unordered_set<std::string> keys;  // objects: every key so far
  };

  Part Begin();
  std::string PendingLabel() const;
  std::string Path(size_t frames, const std::string& label) const;
  std::string PathWith(const std::string& label) const { return Path(stack_.size(), label); }
  std::string PathToNearestKey() const;
  Json* Place(Json value);
  bool Keep(Part part, Json value);
  bool Other(Json value);
  bool Number(double d, Json value);
  bool Open(bool object);
  bool Close();
  Json Pack();

  const JsonModel& m_;
  TreeReader read_tree_;
  Json document_;
  std::vector<Frame> stack_;    // the open arrays and objects, outermost first
  std::deque<double> numbers_;  // the kNumbers array being read (a deque: no regrowth copy)
};

// The part of the value that starts now; counts it in its array.
Part ModelParser::Begin() {
  if (stack_.empty()) return Part::kDocument;
  Frame& parent = stack_.back();
  if (!parent.object) ++parent.size;
  if (parent.part == Part::kSkipped) return Part::kSkipped;
  return parent.object ? MemberPart(parent.part, parent.key) : ElementPart(parent.part);
}

// The label of the value just begun.
std::string ModelParser::PendingLabel() const {
  if (stack_.empty()) return "";
  const Frame& parent = stack_.back();
  if (!parent.object) return "[" + std::to_string(parent.size - 1) + "]";
  return "." + (parent.key.empty() ? std::string("\"\"") : Shown(parent.key));
}

// "learner.gradient_booster.model.trees[3]": the first `frames` open containers, then
// `label`.
std::string ModelParser::Path(size_t frames, const std::string& label) const {
  std::string path;
  for (size_t i = 0; i < frames; ++i) path += stack_[i].label;
  path += label;
  if (path.empty()) return "the document";
  return path[0] == '.' ? path.substr(1) : path;
}

// The path down to the innermost key, for a message about what lies below it.
std::string ModelParser::PathToNearestKey() const {
  size_t frames = stack_.size();
  while (frames > 0 && stack_[frames - 1].label.rfind('.', 0) != 0) --frames;
  return Path(frames, "");
}

// Stores a kept value where it belongs; returns it.
Json* ModelParser::Place(Json value) {
  if (stack_.empty()) {
    document_ = std::move(value);
    return &document_;
  }
  Frame& parent = stack_.back();
  if (parent.object) return &((*parent.value)[parent.key] = std::move(value));
  parent.value->push_back(std::move(value));
  return &parent.value->back();
}

// A scalar where `part` belongs. A scalar where an object or array belongs is kept as it
// is, for the reader to name; a tree must be an object.
bool ModelParser::Keep(Part part, Json value) {
  if (part == Part::kSkipped) return true;
  if (part == Part::kTree) m_.Fail(PathWith(PendingLabel()) + " is not an object");
  Place(std::move(value));
  return true;
}

bool ModelParser::Other(Json value) {
  const Part part = Begin();
  if (part == Part::kNumber) m_.Fail(PathWith(PendingLabel()) + " is not a number");
  return Keep(part, std::move(value));
}

bool ModelParser::Number(double d, Json value) {
  const Part part = Begin();
  if (part != Part::kNumber) return Keep(part, std::move(value));
  numbers_.push_back(d);
  return true;
}

// Strings are numbers in per-node arrays when they read as one: NaN and Infinity, which
// XGBoost writes bare and QuoteNonFinite quotes.
bool ModelParser::string(std::string& s) {
  const Part part = Begin();
  if (part != Part::kNumber) return Keep(part, s);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    m_.Fail(PathWith(PendingLabel()) + " is not a number");
  }
  numbers_.push_back(d);
  return true;
}

bool ModelParser::key(std::string& key) {
  Frame& object = stack_.back();
  if (!object.keys.insert(key).second) {
    m_.Fail(PathWith("") + " has the key " + PythonQuote(Shown(key)) + " twice");
  }
  object.key = key;
  return true;
}

bool ModelParser::Open(bool object) {
  if (stack_.size() >= kMaxDepth) {
    m_.Fail(PathToNearestKey() + " nests arrays and objects more than " +
            std::to_string(kMaxDepth) + " deep");
  }
  const Part part = Begin();
  Frame frame;
  frame.object = object;
  frame.label = PendingLabel();
  if (!stack_.empty() && !stack_.back().object) frame.index = stack_.back().size - 1;
  if (part == Part::kNumber) m_.Fail(PathWith(frame.label) + " is not a number");
  if (part == Part::kTree && !object) m_.Fail(PathWith(frame.label) + " is not an object");
  if (part != Part::kSkipped) {
    if (KindOf(part) == (object ? Kind::kObject : Kind::kArray)) {
      frame.part = part;
      frame.value = Place(part == Part::kNumbers ? Json::binary(std::vector<uint8_t>())
                          : object               ? Json::object()
                                                 : Json::array());
    } else {
      // Of the wrong type: kept empty, for the reader to name.
      Place(object ? Json::object() : Json::array());
    }
  }
  stack_.push_back(std::move(frame));
  return true;
}

bool ModelParser::Close() {
  Frame& frame = stack_.back();
  if (frame.part == Part::kNumbers) *frame.value = Pack();
  if (frame.part == Part::kTree) *frame.value = read_tree_(*frame.value, frame.index);
  stack_.pop_back();
  return true;
}

Json ModelParser::Pack() {
  std::vector<uint8_t> bytes(numbers_.size() * sizeof(double));
  uint8_t* out = bytes.data();
  for (double d : numbers_) {
    std::memcpy(out, &d, sizeof(double));
    out += sizeof(double);
  }
  numbers_.clear();
  return Json::binary(std::move(bytes));
}

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
  const Numbers left = m.NumberArray(j, "left_children", where, n);
  const Numbers right = m.NumberArray(j, "right_children", where, n);
  const Numbers index_ = m.NumberArray(j, "split_indices", where, n);
  const Numbers cond = m.NumberArray(j, "split_conditions", where, n);
  const Numbers dleft = m.NumberArray(j, "default_left", where, n);
  const Numbers hess = m.NumberArray(j, "sum_hessian", where, n);
  const std::string left_where = where + ".left_children";
  if (j.contains("split_type")) {
    const Numbers type = m.NumberArray(j, "split_type", where, n);
    const std::string type_where = where + ".split_type";
    for (size_t i = 0; i < n; ++i) {
      if (m.Integer(type[i], type_where) != 0 && m.Integer(left[i], left_where) >= 0) {
        throw AttributeNotImplementedError("categorical split", "XGBoost tree");
      }
    }
  }
  const std::string right_where = where + ".right_children";
  const std::string index_where = where + ".split_indices";
  const std::string dleft_where = where + ".default_left";
  ir::Tree tree;
  tree.nodes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    ir::TreeNode& node = tree.nodes[i];
    const int64_t l = m.Integer(left[i], left_where);
    const int64_t r = m.Integer(right[i], right_where);
    // XGBoost's JSON holds float32 values printed in full; the nearest float is exact.
    const float value = static_cast<float>(cond[i]);
    node.cover = static_cast<float>(hess[i]);
    if (l < 0) {
      node.leaf = value;
      continue;
    }
    if (l > int64_t(kMaxTreeNodes) || r < 0 || r > int64_t(kMaxTreeNodes)) {
      m.Fail(where + " node " + std::to_string(i) + " has children out of range");
    }
    const int64_t f = m.Integer(index_[i], index_where);
    if (f < 0 || f > 0x7fffffff) m.Fail(where + " node " + std::to_string(i) + " has feature " +
                                        std::to_string(f));
    node.left = static_cast<int32_t>(l);
    node.right = static_cast<int32_t>(r);
    node.feature = static_cast<uint32_t>(f);
    node.threshold = value;
    node.default_left = m.Integer(dleft[i], dleft_where) != 0;
  }
  return tree;
}

// XGBoost writes non-finite floats as bare NaN / Infinity / -Infinity, which JSON (and
// nlohmann) do not allow: quote them, outside strings, so they parse as strings that
// ModelParser reads back as numbers.
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

// A tree as read while parsing: its "id" (where XGBoost places it) when it has one.
struct ReadTreeEntry {
  std::optional<int64_t> id;
  ir::Tree tree;
};

}  // namespace

ir::TreeEnsemble ReadJsonModel(const std::string& bytes, const std::string& file_name) {
  JsonModel m(file_name);
  // Each tree is read as its object closes; the document keeps its index in `read`.
  std::vector<ReadTreeEntry> read;
  ModelParser parser(m, [&m, &read](const Json& tree, size_t index) {
    ReadTreeEntry entry;
    if (tree.contains("id")) entry.id = m.Integer(tree["id"], "tree id");
    entry.tree = ReadTree(m, tree, index);
    read.push_back(std::move(entry));
    return Json(read.size() - 1);
  });
  // Quoting copies the text, so only a text with something to quote is quoted.
  const bool quote = bytes.find("NaN") != std::string::npos ||
                     bytes.find("Infinity") != std::string::npos;
  if (!(quote ? Json::sax_parse(QuoteNonFinite(bytes), &parser)
              : Json::sax_parse(bytes, &parser))) {
    m.Fail("the JSON does not parse (truncated?)");
  }
  const Json& doc = parser.document();
  const Json& learner = m.Field(doc, "learner", "the document");
  const Json& lparam = m.Field(learner, "learner_model_param", "learner");
  const Json& gb = m.Field(learner, "gradient_booster", "learner");
  const std::string booster = m.Field(gb, "name", "gradient_booster").is_string()
                                  ? gb["name"].get<std::string>() : "";
  if (booster == "gblinear") throw AttributeNotImplementedError("booster gblinear", "XGBoost");
  const Json* model = nullptr;
  std::optional<Numbers> weights;
  if (booster == "gbtree") {
    model = &m.Field(gb, "model", "gradient_booster");
  } else if (booster == "dart") {
    model = &m.Field(m.Field(gb, "gbtree", "gradient_booster"), "model", "gradient_booster.gbtree");
    weights = m.NumberArray(gb, "weight_drop", "gradient_booster", SIZE_MAX);
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
  // XGBoost checks its tree count against the trees it finds; so do we.
  const int64_t num_trees = m.Integer(
      m.Field(m.Field(*model, "gbtree_model_param", "model"), "num_trees",
              "model.gbtree_model_param"),
      "model.gbtree_model_param.num_trees");
  if (num_trees != static_cast<int64_t>(trees.size())) {
    m.Fail("model.gbtree_model_param.num_trees is " + std::to_string(num_trees) +
           ", but model.trees holds " + std::to_string(trees.size()));
  }
  const Numbers info = m.NumberArray(*model, "tree_info", "model", trees.size());
  if (weights && weights->size() != trees.size()) {
    m.Fail("dart has " + std::to_string(weights->size()) + " tree weights for " +
           std::to_string(trees.size()) + " trees");
  }
  e.trees.resize(trees.size());
  std::vector<char> filled(trees.size(), 0);
  for (size_t t = 0; t < trees.size(); ++t) {
    // Trees carry their position as "id"; XGBoost places them by it.
    ReadTreeEntry& entry = read[trees[t].get<size_t>()];
    const int64_t id = entry.id.value_or(static_cast<int64_t>(t));
    if (id < 0 || id >= static_cast<int64_t>(trees.size()) || filled[id]) {
      m.Fail("trees[" + std::to_string(t) + "] has id " + std::to_string(id));
    }
    filled[id] = 1;
    e.trees[id] = std::move(entry.tree);
  }
  for (size_t t = 0; t < trees.size(); ++t) {
    const int64_t g = m.Integer(info[t], "tree_info");
    if (g < 0 || g >= e.num_groups) m.Fail("tree_info[" + std::to_string(t) + "] is " +
                                           std::to_string(g));
    e.trees[t].group = static_cast<int>(g);
    if (weights) e.trees[t].weight = static_cast<float>((*weights)[t]);
  }
  return e;
}

}  // namespace neo::xgboost_frontend::internal
