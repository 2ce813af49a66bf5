#include "compiler/ir/graph_edit.h"

#include <algorithm>

namespace neo::ir {

bool IsGraphInput(const Graph& g, ValueId v) {
  return std::find(g.inputs().begin(), g.inputs().end(), v) != g.inputs().end();
}

bool IsGraphOutput(const Graph& g, ValueId v) {
  return std::find(g.outputs().begin(), g.outputs().end(), v) != g.outputs().end();
}

std::string Describe(const Node& node, size_t index) {
  if (node.name.empty()) return node.op + " node #" + std::to_string(index);
  return node.op + " node '" + node.name + "'";
}

void EraseNodes(Graph& g, const std::vector<bool>& remove) {
  std::vector<Node> kept;
  kept.reserve(g.nodes().size());
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (!remove[i]) kept.push_back(std::move(g.nodes()[i]));
  }
  g.nodes() = std::move(kept);
}

int SoleReaderProducer(const Graph& g, const std::vector<int>& producers,
                       const std::vector<int>& uses, ValueId v, const std::string& op) {
  if (v == kNoValue || IsGraphOutput(g, v) || uses[static_cast<size_t>(v)] != 1) return -1;
  const int p = producers[static_cast<size_t>(v)];
  if (p < 0 || g.nodes()[static_cast<size_t>(p)].op != op) return -1;
  return p;
}

bool PerLastAxis(const Graph& g, ValueId v, int64_t c) {
  const Value& value = g.value(v);
  if (value.dtype != DType::kFloat32 || value.shape.empty()) return false;
  for (size_t i = 0; i + 1 < value.shape.size(); ++i) {
    if (value.shape[i] != 1) return false;
  }
  return value.shape.back() == c;
}

bool BypassNode(Graph& g, size_t index) {
  Node& node = g.nodes()[index];
  ValueId in = node.inputs.at(0);
  ValueId out = node.outputs.at(0);
  if (!IsGraphOutput(g, out)) {
    g.ReplaceAllUses(out, in);
    g.nodes().erase(g.nodes().begin() + static_cast<long>(index));
    return true;
  }
  // The output keeps its (user-visible) id: retarget the input's producer to it.
  int producer = g.Producers()[static_cast<size_t>(in)];
  if (producer < 0 || IsGraphOutput(g, in) || g.UseCounts()[static_cast<size_t>(in)] != 1) {
    return false;
  }
  for (ValueId& o : g.nodes()[static_cast<size_t>(producer)].outputs) {
    if (o == in) o = out;
  }
  g.nodes().erase(g.nodes().begin() + static_cast<long>(index));
  return true;
}

}  // namespace neo::ir
