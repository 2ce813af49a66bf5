#include "compiler/frontends/mxnet/mx_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/graph_edit.h"

namespace neo::mx_frontend {

namespace {

// The nodes the heads depend on, in symbol order; a training head's label is skipped.
std::vector<bool> NeededNodes(const MxSymbol& s) {
  std::vector<bool> needed(s.nodes.size(), false);
  std::vector<int> stack;
  for (const MxEntry& h : s.heads) stack.push_back(h.node);
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (needed[static_cast<size_t>(i)]) continue;
    needed[static_cast<size_t>(i)] = true;
    const MxNode& node = s.nodes[static_cast<size_t>(i)];
    const MxOperator* op = FindMxOperator(node.op);
    for (size_t k = 0; k < node.inputs.size(); ++k) {
      if (op && op->label_input == static_cast<int>(k)) continue;
      stack.push_back(node.inputs[k].node);
    }
  }
  return needed;
}

bool IsVariable(const MxNode& n) { return n.op == "null"; }

ir::ValueId ParamConstant(ir::Graph& g, const std::string& name, const MxArray& a) {
  return g.AddConstant(name, a.dtype, a.shape, a.data);
}

// How many outputs of each node the heads and needed nodes read: a node read at output 1
// or more is named with output numbers.
std::vector<int> OutputsRead(const MxSymbol& s, const std::vector<bool>& needed) {
  std::vector<int> count(s.nodes.size(), 1);
  auto note = [&](const MxEntry& e) {
    count[static_cast<size_t>(e.node)] = std::max(count[static_cast<size_t>(e.node)], e.index + 1);
  };
  for (const MxEntry& h : s.heads) note(h);
  for (size_t i = 0; i < s.nodes.size(); ++i) {
    if (!needed[i]) continue;
    for (const MxEntry& e : s.nodes[i].inputs) note(e);
  }
  return count;
}

std::string OutputName(const MxSymbol& s, const MxEntry& e, const std::vector<int>& outputs_read) {
  const MxNode& n = s.nodes[static_cast<size_t>(e.node)];
  if (IsVariable(n)) return n.name;
  if (n.op == "SliceChannel" || n.op == "split" || outputs_read[static_cast<size_t>(e.node)] > 1) {
    return n.name + "_output" + std::to_string(e.index);
  }
  return n.name + "_output";
}

}  // namespace

MxModel ReadMxModel(const std::string& symbol_json, const std::string& symbol_file,
                    const std::string& params_bytes, const std::string& params_file) {
  MxModel m;
  m.symbol_file = symbol_file;
  m.params_file = params_file;
  m.symbol = ParseMxSymbol(symbol_json, symbol_file);
  m.params = ReadMxParams(params_bytes, params_file);
  return m;
}

std::vector<MxInput> MxModelInputs(const MxModel& m) {
  const std::vector<bool> needed = NeededNodes(m.symbol);
  std::vector<MxInput> inputs;
  for (size_t i = 0; i < m.symbol.nodes.size(); ++i) {
    const MxNode& n = m.symbol.nodes[i];
    if (needed[i] && IsVariable(n) && !m.params.arrays.count(n.name)) {
      inputs.push_back({n.name, static_cast<int>(i)});
    }
  }
  return inputs;
}

void CheckOperators(const MxModel& m) {
  const std::vector<bool> needed = NeededNodes(m.symbol);
  std::map<std::string, std::vector<std::string>> missing;
  for (size_t i = 0; i < m.symbol.nodes.size(); ++i) {
    const MxNode& n = m.symbol.nodes[i];
    if (!needed[i] || IsVariable(n)) continue;
    const MxOperator* op = FindMxOperator(n.op);
    if (!op || !op->lower) missing[n.op].push_back(n.name);
  }
  if (!missing.empty()) throw UnsupportedOperatorsError(missing);
}

void CheckInputsNamed(const MxModel& m, const std::vector<std::string>& named) {
  const std::set<std::string> given(named.begin(), named.end());
  for (const MxInput& in : MxModelInputs(m)) {
    if (given.count(in.name)) continue;
    throw MalformedInputError("Variable " + PythonQuote(in.name) + " of " + m.symbol_file +
                              " has no array in " + m.params_file +
                              " and no entry in the data shape.");
  }
}

ir::Graph LowerMxModel(const MxModel& m, const std::vector<ir::Shape>& input_shapes) {
  const std::vector<MxInput> inputs = MxModelInputs(m);
  if (inputs.size() != input_shapes.size()) {
    throw std::logic_error("LowerMxModel: one shape per input expected");
  }
  CheckOperators(m);
  const MxSymbol& s = m.symbol;
  const std::vector<bool> needed = NeededNodes(s);
  ir::Graph graph;
  EntryValues values(s.nodes.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Value v;
    v.name = inputs[i].name;
    v.dtype = ir::DType::kFloat32;
    v.shape = input_shapes[i];
    v.has_shape = true;
    const ir::ValueId id = graph.AddValue(std::move(v));
    values[static_cast<size_t>(inputs[i].node)] = {id};
    graph.inputs().push_back(id);
  }
  std::vector<bool> folded;
  for (size_t i = 0; i < s.nodes.size(); ++i) {
    const MxNode& node = s.nodes[i];
    if (!needed[i]) continue;
    if (IsVariable(node)) {
      auto p = m.params.arrays.find(node.name);
      if (p != m.params.arrays.end()) values[i] = {ParamConstant(graph, node.name, p->second)};
      continue;
    }
    NodeLowering lowering(node, i, graph, values, folded);
    FindMxOperator(node.op)->lower(lowering);
  }
  folded.resize(graph.nodes().size(), false);
  ir::EraseNodes(graph, folded);

  const std::vector<int> outputs_read = OutputsRead(s, needed);
  std::set<ir::ValueId> used;
  std::set<std::string> keys;
  for (const MxEntry& head : s.heads) {
    const auto& outs = values[static_cast<size_t>(head.node)];
    if (head.index < 0 || static_cast<size_t>(head.index) >= outs.size() ||
        outs[static_cast<size_t>(head.index)] == ir::kNoValue) {
      throw MalformedInputError(m.symbol_file + ": head [" + std::to_string(head.node) + ", " +
                                std::to_string(head.index) + "] names an output node '" +
                                s.nodes[static_cast<size_t>(head.node)].name + "' does not have.");
    }
    std::string key = OutputName(s, head, outputs_read);
    if (keys.count(key)) key = graph.UniqueName(key);  // the same output listed twice
    keys.insert(key);
    ir::ValueId id = outs[static_cast<size_t>(head.index)];
    // The generated API names outputs by key: an intermediate value holding the name
    // gives it up.
    for (size_t v = 0; v < graph.num_values(); ++v) {
      ir::Value& other = graph.value(static_cast<ir::ValueId>(v));
      if (other.name == key && static_cast<ir::ValueId>(v) != id) {
        other.name = graph.UniqueName(key + "/part");
      }
    }
    if (ir::IsGraphInput(graph, id) || graph.value(id).is_constant() || used.count(id)) {
      // An output needs a buffer of its own.
      const ir::ValueId copy = graph.AddValue(key, graph.value(id).dtype);
      graph.value(copy).shape = graph.value(id).shape;
      graph.value(copy).has_shape = true;
      graph.AddNode("Identity", {id}, {copy}).name = key;
      id = copy;
    } else {
      graph.value(id).name = key;
    }
    used.insert(id);
    graph.outputs().push_back(id);
  }
  return graph;
}

}  // namespace neo::mx_frontend
