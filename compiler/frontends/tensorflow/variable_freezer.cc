#include "compiler/frontends/tensorflow/variable_freezer.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/checkpoint_keys.h"
#include "compiler/frontends/tensorflow/graph_util.h"

namespace neo::tf_frontend {
namespace {

using tensorflow::NodeDef;

std::string StringAttr(const NodeDef& node, const std::string& name) {
  const auto it = node.attr().find(name);
  return it == node.attr().end() ? std::string() : it->second.s();
}

bool IsRefVariable(const NodeDef& n) { return n.op() == "VariableV2" || n.op() == "Variable"; }

using NodeIndex = std::unordered_map<std::string, int>;

NodeIndex IndexNodes(const tensorflow::GraphDef& graph) {
  NodeIndex index;
  for (int i = 0; i < graph.node_size(); ++i) index[graph.node(i).name()] = i;
  return index;
}

// The node a tensor comes from once Identity and IdentityN are looked through; null when
// it is not in the graph.
const NodeDef* SourceNode(const tensorflow::GraphDef& graph, const NodeIndex& index,
                          std::string tensor) {
  for (int hops = 0; hops <= graph.node_size(); ++hops) {
    TensorRef ref;
    if (!ParseTensorRef(tensor, &ref)) return nullptr;
    const auto it = index.find(ref.node);
    if (it == index.end()) return nullptr;
    const NodeDef& node = graph.node(it->second);
    std::vector<std::string> data;
    for (const std::string& in : node.input()) {
      if (in.empty() || in[0] != '^') data.push_back(in);
    }
    if (node.op() == "Identity" && !data.empty()) {
      tensor = data[0];
    } else if (node.op() == "IdentityN" && ref.index < static_cast<int>(data.size())) {
      tensor = data[ref.index];
    } else {
      return &node;
    }
  }
  return nullptr;  // an Identity cycle
}

// Rewrites `node` in place as a Const holding `value`, keeping its name and shapes.
void MakeConst(NodeDef* node, tensorflow::TensorProto value) {
  tensorflow::AttrValue shapes;
  const auto it = node->attr().find("_output_shapes");
  if (it != node->attr().end()) shapes = it->second;
  const bool had_shapes = it != node->attr().end();
  node->set_op("Const");
  node->clear_input();
  node->mutable_attr()->clear();
  (*node->mutable_attr())["dtype"].set_type(value.dtype());
  *(*node->mutable_attr())["value"].mutable_tensor() = std::move(value);
  if (had_shapes) (*node->mutable_attr())["_output_shapes"] = shapes;
}

}  // namespace

VariableFreezer::VariableFreezer(const ModelFiles& files, const tensorflow::MetaGraphDef& meta)
    : files_(files), meta_(meta) {}

const TensorBundle& VariableFreezer::Bundle() {
  if (!bundle_) bundle_ = TensorBundle::Open(files_.variables);
  return *bundle_;
}

const tensorflow::TrackableObjectGraph* VariableFreezer::CheckpointObjectGraph() {
  if (!checkpoint_graph_read_) {
    checkpoint_graph_read_ = true;
    if (Bundle().Contains(kObjectGraphKey)) {
      const tensorflow::TensorProto t = Bundle().Read(kObjectGraphKey);
      tensorflow::TrackableObjectGraph graph;
      if (t.string_val_size() != 1 || !graph.ParseFromString(t.string_val(0))) {
        throw LoadError(Bundle().index_name() + ": the checkpoint's object graph (" +
                        kObjectGraphKey + ") does not parse.");
      }
      checkpoint_graph_ = std::move(graph);
    }
  }
  return checkpoint_graph_ ? &*checkpoint_graph_ : nullptr;
}

void VariableFreezer::NoteCaptures(const tensorflow::GraphDef& graph,
                                   const std::vector<InlinedCall>& calls) {
  const auto& concrete = meta_.object_graph_def().concrete_functions();
  const NodeIndex index = IndexNodes(graph);
  for (const InlinedCall& call : calls) {
    const auto it = concrete.find(call.function);
    if (it == concrete.end()) continue;
    const auto& bound = it->second.bound_inputs();
    if (bound.size() > static_cast<int>(call.inputs.size())) continue;
    const size_t first = call.inputs.size() - bound.size();
    for (int j = 0; j < bound.size(); ++j) {
      const NodeDef* source = SourceNode(graph, index, call.inputs[first + j]);
      if (source != nullptr && source->op() == "VarHandleOp") {
        captured_.emplace(source->name(), bound[j]);
      }
    }
  }
}

std::string VariableFreezer::ResourceKey(const NodeDef& handle) {
  const auto& objects = meta_.object_graph_def();
  const std::string shared_name = StringAttr(handle, "shared_name");
  int object = -1;
  const auto captured = captured_.find(handle.name());
  if (captured != captured_.end()) {
    object = captured->second;
  } else {
    for (int i = 0; i < objects.nodes_size(); ++i) {
      const auto& node = objects.nodes(i);
      if (node.kind_case() != tensorflow::SavedObject::kVariable) continue;
      const std::string& name = node.variable().name();
      if (!name.empty() && (name == shared_name || name == handle.name())) {
        object = i;
        break;
      }
    }
  }
  std::vector<std::string> path;
  if (object >= 0 && object < objects.nodes_size() &&
      objects.nodes(object).kind_case() == tensorflow::SavedObject::kVariable &&
      PathToNode(objects, object, &path)) {
    if (const auto* checkpoint = CheckpointObjectGraph()) {
      const std::string key = VariableCheckpointKey(*checkpoint, path, object);
      if (!key.empty()) return key;
    }
    const std::string derived = PathCheckpointKey(path);
    if (Bundle().Contains(derived)) return derived;
  }
  if (!shared_name.empty() && Bundle().Contains(shared_name)) return shared_name;
  if (Bundle().Contains(handle.name())) return handle.name();
  throw LoadError(Bundle().index_name() + " has no value for variable " +
                  PythonQuote(handle.name()) + ".");
}

tensorflow::TensorProto VariableFreezer::Value(const std::string& key, const NodeDef& variable) {
  // Compared before reading: decoding a large tensor of the wrong kind (a string tensor
  // where a float variable is expected) would cost memory for nothing.
  const tensorflow::DataType stored = Bundle().dtype(key);
  const auto dtype = variable.attr().find("dtype");
  if (stored != tensorflow::DT_INVALID && dtype != variable.attr().end() &&
      dtype->second.type() != stored) {
    throw LoadError(Bundle().index_name() + ": the value of variable " +
                    PythonQuote(variable.name()) + " is " + tensorflow::DataType_Name(stored) +
                    ", not the variable's " + tensorflow::DataType_Name(dtype->second.type()) +
                    ".");
  }
  return Bundle().Read(key);
}

void VariableFreezer::Freeze(tensorflow::GraphDef* graph, const std::vector<std::string>& roots) {
  const NodeIndex index = IndexNodes(*graph);
  std::unordered_set<int> needed;
  std::vector<int> stack;
  auto visit = [&](const std::string& tensor) {
    TensorRef ref;
    if (!ParseTensorRef(tensor, &ref) || ref.control) return;
    const auto it = index.find(ref.node);
    if (it != index.end() && needed.insert(it->second).second) stack.push_back(it->second);
  };
  for (const std::string& r : roots) visit(r);
  std::vector<int> order;
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    order.push_back(i);
    for (const std::string& in : graph->node(i).input()) visit(in);
  }
  // Graph order, so that the first error reported does not depend on the walk.
  std::sort(order.begin(), order.end());

  std::unordered_map<std::string, std::string> keys;  // VarHandleOp name -> checkpoint key
  std::vector<std::pair<int, tensorflow::TensorProto>> consts;
  for (int i : order) {
    const NodeDef& node = graph->node(i);
    if (IsRefVariable(node)) {
      const std::string shared = StringAttr(node, "shared_name");
      std::string key = node.name();
      if (!Bundle().Contains(key) && !shared.empty() && Bundle().Contains(shared)) key = shared;
      if (!Bundle().Contains(key)) {
        throw LoadError(Bundle().index_name() + " has no value for variable " +
                        PythonQuote(node.name()) + ".");
      }
      consts.emplace_back(i, Value(key, node));
    } else if (node.op() == "ReadVariableOp" && node.input_size() > 0) {
      const NodeDef* handle = SourceNode(*graph, index, node.input(0));
      if (handle == nullptr || handle->op() != "VarHandleOp") continue;
      auto key = keys.find(handle->name());
      if (key == keys.end()) key = keys.emplace(handle->name(), ResourceKey(*handle)).first;
      consts.emplace_back(i, Value(key->second, node));
    }
  }
  for (auto& [i, value] : consts) MakeConst(graph->mutable_node(i), std::move(value));

  // What is left reading a variable would need the variable at run time.
  const NodeIndex after = IndexNodes(*graph);
  for (int i : order) {
    const NodeDef& node = graph->node(i);
    if (node.op() == "Const" || node.op() == "VarHandleOp") continue;
    for (const std::string& in : node.input()) {
      if (!in.empty() && in[0] == '^') continue;
      const NodeDef* source = SourceNode(*graph, after, in);
      if (source != nullptr && source->op() == "VarHandleOp" && node.op() != "Identity" &&
          node.op() != "IdentityN") {
        throw LoadError(files_.model.name + ": node " + PythonQuote(node.name()) + " (" +
                        node.op() + ") uses variable " + PythonQuote(source->name()) +
                        " other than by reading it, which neoc cannot freeze.");
      }
    }
  }
}

}  // namespace neo::tf_frontend
