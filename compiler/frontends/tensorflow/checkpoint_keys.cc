#include "compiler/frontends/tensorflow/checkpoint_keys.h"

#include <deque>

namespace neo::tf_frontend {
namespace {

constexpr char kVariableValue[] = "VARIABLE_VALUE";

std::string ValueKey(const tensorflow::TrackableObjectGraph::TrackableObject& object) {
  for (const auto& attribute : object.attributes()) {
    if (attribute.name() == kVariableValue) return attribute.checkpoint_key();
  }
  return "";
}

}  // namespace

bool PathToNode(const tensorflow::SavedObjectGraph& graph, int node,
                std::vector<std::string>* path) {
  const int n = graph.nodes_size();
  if (node < 0 || node >= n) return false;
  // parent[i] = {parent id, child name}; -2 marks unvisited.
  std::vector<std::pair<int, std::string>> parent(n, {-2, ""});
  parent[0] = {-1, ""};
  std::deque<int> queue{0};
  while (!queue.empty() && parent[node].first == -2) {
    const int at = queue.front();
    queue.pop_front();
    for (const auto& child : graph.nodes(at).children()) {
      const int id = child.node_id();
      if (id < 0 || id >= n || parent[id].first != -2) continue;
      parent[id] = {at, child.local_name()};
      queue.push_back(id);
    }
  }
  if (parent[node].first == -2) return false;
  path->clear();
  for (int at = node; at != 0; at = parent[at].first) path->insert(path->begin(), parent[at].second);
  return true;
}

std::string VariableCheckpointKey(const tensorflow::TrackableObjectGraph& checkpoint,
                                  const std::vector<std::string>& path, int fallback_id) {
  int at = checkpoint.nodes_size() > 0 ? 0 : -1;
  for (const std::string& name : path) {
    if (at < 0) break;
    int next = -1;
    for (const auto& child : checkpoint.nodes(at).children()) {
      if (child.local_name() == name && child.node_id() >= 0 &&
          child.node_id() < checkpoint.nodes_size()) {
        next = child.node_id();
        break;
      }
    }
    at = next;
  }
  if (at >= 0) {
    const std::string key = ValueKey(checkpoint.nodes(at));
    if (!key.empty()) return key;
  }
  if (fallback_id >= 0 && fallback_id < checkpoint.nodes_size()) {
    return ValueKey(checkpoint.nodes(fallback_id));
  }
  return "";
}

std::string PathCheckpointKey(const std::vector<std::string>& path) {
  std::string key;
  for (const std::string& name : path) {
    if (!key.empty()) key += '/';
    for (char c : name) {
      if (c == '.') {
        key += "..";
      } else if (c == '/') {
        key += ".S";
      } else {
        key += c;
      }
    }
  }
  return key + "/.ATTRIBUTES/" + kVariableValue;
}

}  // namespace neo::tf_frontend
