#include "compiler/frontends/tensorflow/graph_util.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::tf_frontend {

bool ParseTensorRef(const std::string& text, TensorRef* out) {
  TensorRef ref;
  std::string rest = text;
  if (!rest.empty() && rest[0] == '^') {
    ref.control = true;
    rest = rest.substr(1);
  }
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const std::string digits = rest.substr(colon + 1);
    if (digits.empty() || digits.size() > 6) return false;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
    }
    ref.index = std::stoi(digits);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return false;
  ref.node = rest;
  *out = ref;
  return true;
}

std::string InputString(const std::string& node, int index) {
  return index == 0 ? node : node + ":" + std::to_string(index);
}

std::string TensorString(const TensorRef& ref) {
  return ref.node + ":" + std::to_string(ref.index);
}

void PruneToRoots(tensorflow::GraphDef* graph, const std::vector<std::string>& roots,
                  const std::string& file_name) {
  std::unordered_map<std::string, int> by_name;
  for (int i = 0; i < graph->node_size(); ++i) by_name[graph->node(i).name()] = i;

  std::unordered_set<int> keep;
  std::vector<int> stack;
  auto visit = [&](const std::string& tensor, const std::string& user) {
    TensorRef ref;
    if (!ParseTensorRef(tensor, &ref)) {
      throw LoadError(file_name + ": " + user + " names the malformed tensor " +
                      PythonQuote(tensor) + ".");
    }
    if (ref.control) return;
    const auto it = by_name.find(ref.node);
    if (it == by_name.end()) {
      throw LoadError(file_name + ": " + user + " uses " + PythonQuote(ref.node) +
                      ", which is not a node of the graph.");
    }
    if (keep.insert(it->second).second) stack.push_back(it->second);
  };
  for (const std::string& root : roots) visit(root, "the signature");
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    const tensorflow::NodeDef& node = graph->node(i);
    for (const std::string& input : node.input()) visit(input, "node " + PythonQuote(node.name()));
  }

  tensorflow::GraphDef pruned;
  *pruned.mutable_versions() = graph->versions();
  for (int i = 0; i < graph->node_size(); ++i) {
    if (!keep.count(i)) continue;
    tensorflow::NodeDef* node = pruned.add_node();
    node->Swap(graph->mutable_node(i));
    auto* inputs = node->mutable_input();
    inputs->erase(std::remove_if(inputs->begin(), inputs->end(),
                                 [](const std::string& s) { return !s.empty() && s[0] == '^'; }),
                  inputs->end());
  }
  graph->Swap(&pruned);
}

}  // namespace neo::tf_frontend
