// Reads a symbol file of any MXNet generation. The field names were checked against the
// writers and readers in MXNet's source (apache/mxnet tags v0.8.0 to 2.0, and nnvm):
// - 0.8 (src/symbol/static_graph.cc, StaticGraph::Node::Save/Load): "op", "param" (the
//   operator's parameters, {} for a variable), "name", "inputs", "backward_source_id",
//   "attr" (annotations, written only when there are any); entries [node, index]; the
//   graph {"nodes", "arg_nodes", "heads"}.
// - nnvm (src/pass/saveload_json.cc, JSONNode/JSONGraph): reads "attrs", "attr" and
//   "param" into one dictionary and ignores "backward_source_id"; "op", "name", "inputs",
//   "nodes", "arg_nodes" and "heads" are required, "node_row_ptr", "control_deps" and the
//   graph's "attrs" optional; an entry is [node, index] or [node, index, version]. MXNet
//   1.x writes "attrs" on a node only when it has any.
// - src/nnvm/legacy_json_util.cc (UpgradeJSON_FixParsing) turns the hidden keys 0.8 wrote
//   bare (ctx_group, lr_mult, wd_mult, force_mirroring, mirror_stage; c_api_symbolic.cc's
//   kHiddenKeys) into "__ctx_group__" etc.; "weight_lr_mult"-style keys (an input's name
//   and a hidden key) belong to that input. We do the same renaming, and keep the suffixed
//   ones as annotations of the node that names them: neither is an operator parameter.
#include "compiler/frontends/mxnet/symbol.h"

#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/json_messages.h"

namespace neo::mx_frontend {
namespace {

using Json = nlohmann::json;

// Deeper nesting than any symbol file has (MXNet's nest 5 deep) is refused while
// parsing, before it is built.
constexpr size_t kMaxDepth = 32;

const char* const kHiddenKeys[] = {"ctx_group", "lr_mult", "wd_mult", "force_mirroring",
                                   "mirror_stage"};

// A key in a message, cut short: a hostile file's keys can be megabytes long.
std::string Shown(const std::string& key) {
  constexpr size_t kMaxShown = 40;
  return key.size() <= kMaxShown ? key : key.substr(0, kMaxShown) + "...";
}

// nlohmann's SAX interface (json::sax_parse): builds the document as nlohmann's own parser
// does, and refuses while reading what no symbol file holds: nesting deeper than
// kMaxDepth, and a key twice in one object (which of the two counts would be a guess;
// MXNet writes each once). nlohmann's callback parser could check both, but it scans the
// enclosing array at every object's end: a list of 80,000 empty nodes took 5 s to parse.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const std::string& file_name) : file_(file_name) {
    frames_.reserve(kMaxDepth);
  }
  Json& document() { return document_; }

  bool null() { return Value(nullptr); }
  bool boolean(bool b) { return Value(b); }
  bool number_integer(Json::number_integer_t v) { return Value(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Value(v); }
  bool number_float(Json::number_float_t v, const std::string&) { return Value(v); }
  bool string(std::string& s) { return Value(s); }
  bool binary(Json::binary_t& b) { return Value(Json::binary(b)); }
  bool start_object(size_t) { return Open(Json::object()); }
  bool key(std::string& key);
  bool end_object() { return Close(); }
  bool start_array(size_t) { return Open(Json::array()); }
  bool end_array() { return Close(); }
  // Rethrown as nlohmann's own parser throws it (SymbolReader::Read words it).
  template <typename Exception>
  bool parse_error(size_t, const std::string&, const Exception& e) {
    throw e;
  }

 private:
  struct Frame {
    Json* value;                           // the open array or object
    std::string label;                     // how its parent reaches it: ".key" or "[i]"
    std::string key;                       // objects: the key of the value being read
    std::unordered_set<std::string> keys;  // objects: every key so far
  };

  [[noreturn]] void Fail(const std::string& what) const {
    throw MalformedInputError(file_ + ": " + what);
  }
  // Where the open containers are: "nodes[3].attrs", or "the top level".
  std::string Path() const;
  Json* Add(Json value);
  bool Value(Json value) {
    Add(std::move(value));
    return true;
  }
  bool Open(Json container);
  bool Close() {
    frames_.pop_back();
    return true;
  }

  const std::string& file_;
  Json document_;
  std::vector<Frame> frames_;  // outermost first
};

std::string DocumentBuilder::Path() const {
  std::string path;
  for (const Frame& f : frames_) path += f.label;
  if (path.empty()) return "the top level";
  return path[0] == '.' ? path.substr(1) : path;
}

// Stores `value` in the open container (or as the document); returns it.
Json* DocumentBuilder::Add(Json value) {
  if (frames_.empty()) {
    document_ = std::move(value);
    return &document_;
  }
  Frame& parent = frames_.back();
  if (parent.value->is_object()) return &((*parent.value)[parent.key] = std::move(value));
  parent.value->push_back(std::move(value));
  return &parent.value->back();
}

bool DocumentBuilder::Open(Json container) {
  if (frames_.size() >= kMaxDepth) {
    Fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  std::string label;
  if (!frames_.empty()) {
    const Frame& parent = frames_.back();
    if (!parent.value->is_object()) {
      label = "[" + std::to_string(parent.value->size()) + "]";
    } else {
      label = "." + (parent.key.empty() ? std::string("\"\"") : Shown(parent.key));
    }
  }
  Json* value = Add(std::move(container));
  frames_.push_back({value, std::move(label), "", {}});
  return true;
}

bool DocumentBuilder::key(std::string& key) {
  Frame& object = frames_.back();
  if (!object.keys.insert(key).second) {
    Fail(Path() + " has the key " + PythonQuote(Shown(key)) + " twice");
  }
  object.key = key;
  return true;
}

class SymbolReader {
 public:
  explicit SymbolReader(const std::string& file_name) : file_(file_name) {}
  MxSymbol Read(const std::string& text);

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw MalformedInputError(file_ + ": " + what);
  }
  const Json& RequireList(const Json& doc, const char* key);
  int Index(const Json& v, const std::string& who);
  MxEntry Entry(const Json& e, const std::string& who, int node_limit, bool is_head);
  MxNode Node(const Json& n, int id);
  void AddDict(const Json& n, const char* key, const std::string& who, MxNode* node);

  const std::string& file_;
};

std::string Describe(const MxNode& node, int id) {
  return "node " + std::to_string(id) + " (" + node.name + ")";
}

const Json& SymbolReader::RequireList(const Json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end()) Fail(std::string("not a symbol: it has no \"") + key + "\"");
  if (!it->is_array()) Fail(std::string("\"") + key + "\" is not a list");
  return *it;
}

int SymbolReader::Index(const Json& v, const std::string& who) {
  if (!v.is_number_integer()) Fail(who + " is not an integer: " + v.dump());
  if (v.is_number_unsigned() ? v.get<uint64_t>() > INT32_MAX
                             : (v.get<int64_t>() > INT32_MAX || v.get<int64_t>() < INT32_MIN)) {
    Fail(who + " is out of range: " + v.dump());
  }
  return static_cast<int>(v.get<int64_t>());
}

// [node, index] or [node, index, version]; `node_limit` is the first node it may not name.
MxEntry SymbolReader::Entry(const Json& e, const std::string& who, int node_limit,
                            bool is_head) {
  if (!e.is_array() || e.size() < 2 || e.size() > 3) {
    Fail(who + " is not [node, index] or [node, index, version]: " + e.dump());
  }
  MxEntry entry;
  entry.node = Index(e[0], who + "'s node");
  entry.index = Index(e[1], who + "'s output index");
  if (e.size() == 3) Index(e[2], who + "'s version");  // the version is not used
  if (entry.node < 0 || entry.node >= node_limit) {
    Fail(who + " names node " + std::to_string(entry.node) +
         (is_head ? " of " + std::to_string(node_limit)
                  : ", which does not come before it"));
  }
  if (entry.index < 0) Fail(who + " has a negative output index " + std::to_string(entry.index));
  return entry;
}

// Hidden keys: "__x__" annotations, the bare hidden keys 0.8 wrote, and "<input>_lr_mult".
bool IsAnnotation(const std::string& key, std::string* renamed) {
  *renamed = key;
  if (key.size() > 4 && key.compare(0, 2, "__") == 0 && key.compare(key.size() - 2, 2, "__") == 0) {
    return true;
  }
  for (const char* hidden : kHiddenKeys) {
    const std::string h = hidden;
    if (key == h) {
      *renamed = "__" + h + "__";
      return true;
    }
    if (key.size() > h.size() + 1 && key.compare(key.size() - h.size() - 1, std::string::npos,
                                                 "_" + h) == 0) {
      return true;
    }
  }
  return false;
}

void SymbolReader::AddDict(const Json& n, const char* key, const std::string& who,
                           MxNode* node) {
  auto it = n.find(key);
  if (it == n.end()) return;
  if (!it->is_object()) Fail(who + ": \"" + key + "\" is not an object");
  for (auto kv = it->begin(); kv != it->end(); ++kv) {
    if (!kv.value().is_string()) {
      Fail(who + ": \"" + key + "\" value of " + PythonQuote(kv.key()) + " is not a string: " +
           kv.value().dump());
    }
    std::string name;
    auto& dict = IsAnnotation(kv.key(), &name) ? node->annotations : node->params;
    const std::string value = kv.value().get<std::string>();
    auto [pos, added] = dict.emplace(name, value);
    if (!added && pos->second != value) {
      Fail(who + ": " + PythonQuote(name) + " has two values, " + PythonQuote(pos->second) +
           " and " + PythonQuote(value));
    }
  }
}

MxNode SymbolReader::Node(const Json& n, int id) {
  const std::string at = "node " + std::to_string(id);
  if (!n.is_object()) Fail(at + " is not an object");
  MxNode node;
  auto text = [&](const char* key) {
    auto it = n.find(key);
    if (it == n.end() || !it->is_string()) Fail(at + " has no \"" + key + "\" string");
    return it->get<std::string>();
  };
  node.op = text("op");
  node.name = text("name");
  const std::string who = Describe(node, id);
  for (const char* key : {"attrs", "attr", "param"}) AddDict(n, key, who, &node);
  auto inputs = n.find("inputs");
  if (inputs == n.end() || !inputs->is_array()) Fail(who + " has no \"inputs\" list");
  for (size_t i = 0; i < inputs->size(); ++i) {
    node.inputs.push_back(Entry((*inputs)[i], who + ": input " + std::to_string(i), id, false));
  }
  return node;
}

MxSymbol SymbolReader::Read(const std::string& text) {
  DocumentBuilder builder(file_);
  try {
    Json::sax_parse(text, &builder);
  } catch (const nlohmann::json::parse_error& e) {
    Fail("not JSON: " + JsonParseErrorWhere(e.what()));
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double: 1e999
    const std::string what = e.what();
    const size_t tag_end = what.find("] ");
    Fail("not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
  const Json& doc = builder.document();
  if (!doc.is_object()) Fail("not a symbol: the top level is not an object");

  MxSymbol symbol;
  const Json& nodes = RequireList(doc, "nodes");
  const Json& arg_nodes = RequireList(doc, "arg_nodes");
  const Json& heads = RequireList(doc, "heads");
  if (nodes.empty()) Fail("not a symbol: \"nodes\" is empty");
  // MXNet names every node of a graph apart (NameManager); outputs, parameters and
  // inputs are matched by name, so two nodes of one name make the file ambiguous.
  std::unordered_map<std::string, int> node_named;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i > static_cast<size_t>(INT32_MAX)) Fail("too many nodes");
    const int id = static_cast<int>(i);
    symbol.nodes.push_back(Node(nodes[i], id));
    auto [first, added] = node_named.emplace(symbol.nodes.back().name, id);
    if (!added) {
      Fail(Describe(symbol.nodes.back(), id) + " has the name of node " +
           std::to_string(first->second));
    }
  }
  const int count = static_cast<int>(symbol.nodes.size());
  for (size_t i = 0; i < arg_nodes.size(); ++i) {
    const int a = Index(arg_nodes[i], "arg_nodes[" + std::to_string(i) + "]");
    if (a < 0 || a >= count) {
      Fail("arg_nodes[" + std::to_string(i) + "] names node " + std::to_string(a) + " of " +
           std::to_string(count));
    }
    if (symbol.nodes[a].op != "null") {
      Fail("arg_nodes[" + std::to_string(i) + "] names " + Describe(symbol.nodes[a], a) +
           ", which is not a variable");
    }
    symbol.arg_nodes.push_back(a);
  }
  if (heads.empty()) Fail("not a symbol: \"heads\" is empty");
  for (size_t i = 0; i < heads.size(); ++i) {
    symbol.heads.push_back(Entry(heads[i], "head " + std::to_string(i), count, true));
  }

  // "attrs": {"mxnet_version": ["int", 10500]}; other graph attributes are not ours.
  auto attrs = doc.find("attrs");
  if (attrs != doc.end() && attrs->is_object()) {
    auto v = attrs->find("mxnet_version");
    if (v != attrs->end()) {
      if (!v->is_array() || v->size() != 2 || (*v)[0] != "int" || !(*v)[1].is_number_integer()) {
        Fail("\"mxnet_version\" is not [\"int\", version]: " + v->dump());
      }
      symbol.mxnet_version = Index((*v)[1], "\"mxnet_version\"");
    }
  }
  return symbol;
}

}  // namespace

MxSymbol ParseMxSymbol(const std::string& json, const std::string& file_name) {
  return SymbolReader(file_name).Read(json);
}

}  // namespace neo::mx_frontend
