#include "compiler/ir/shape_inference.h"

#include <cmath>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/op_registry.h"

namespace neo::ir {

namespace {

const char* TypeName(AttrType t) {
  switch (t) {
    case AttrType::kInt: return "int";
    case AttrType::kFloat: return "float";
    case AttrType::kString: return "string";
    case AttrType::kInts: return "ints";
    case AttrType::kFloats: return "floats";
  }
  return "?";
}

bool HasType(const AttrValue& v, AttrType t) {
  switch (t) {
    case AttrType::kInt: return std::holds_alternative<int64_t>(v);
    case AttrType::kFloat: return std::holds_alternative<double>(v);
    case AttrType::kString: return std::holds_alternative<std::string>(v);
    case AttrType::kInts: return std::holds_alternative<std::vector<int64_t>>(v);
    case AttrType::kFloats: return std::holds_alternative<std::vector<double>>(v);
  }
  return false;
}

// The numbers an attribute holds, for the range check.
std::vector<double> Numbers(const AttrValue& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return {static_cast<double>(*i)};
  if (auto* f = std::get_if<double>(&v)) return {*f};
  if (auto* is = std::get_if<std::vector<int64_t>>(&v)) return {is->begin(), is->end()};
  if (auto* fs = std::get_if<std::vector<double>>(&v)) return *fs;
  return {};
}

size_t ListSize(const AttrValue& v) {
  if (auto* is = std::get_if<std::vector<int64_t>>(&v)) return is->size();
  if (auto* fs = std::get_if<std::vector<double>>(&v)) return fs->size();
  return 1;
}

std::string Number(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? std::to_string(static_cast<int64_t>(v))
                                                    : std::to_string(v);
}

}  // namespace

void CheckNode(const Graph& g, size_t index) {
  const Node& node = g.nodes()[index];
  const OpDef* def = FindOp(node.op);
  if (!def) throw OperatorNotImplementedError({node.op});
  const std::string where = Describe(node, index);
  auto bug = [&](const std::string& what) {
    throw std::logic_error("IR: " + where + ": " + what);
  };
  const int n = static_cast<int>(node.inputs.size());
  if (n < def->min_inputs || (def->max_inputs >= 0 && n > def->max_inputs)) {
    bug("has " + std::to_string(n) + " inputs");
  }
  for (int i = 0; i < def->min_inputs && i < n; ++i) {
    if (node.inputs[static_cast<size_t>(i)] == kNoValue) bug("lacks required input " + std::to_string(i));
  }
  for (const auto& [name, value] : node.attrs.all()) {
    const AttrSpec* spec = nullptr;
    for (const AttrSpec& a : def->attrs) {
      if (a.name == name) spec = &a;
    }
    if (!spec) bug("has no attribute '" + name + "'");
    if (!HasType(value, spec->type)) bug("attribute '" + name + "' is not of type " + TypeName(spec->type));
    if (spec->size >= 0 && ListSize(value) != static_cast<size_t>(spec->size)) {
      bug("attribute '" + name + "' needs " + std::to_string(spec->size) + " values");
    }
    if (!spec->choices.empty()) {
      const std::string& s = std::get<std::string>(value);
      bool found = false;
      for (const std::string& c : spec->choices) found = found || c == s;
      if (!found) bug("attribute '" + name + "' has no value '" + s + "'");
    }
    for (double v : Numbers(value)) {
      if (v < spec->min || v > spec->max) {
        throw MalformedInputError(where + ": attribute " + name + " has the value " + Number(v) +
                                  ", outside [" + Number(spec->min) + ", " + Number(spec->max) + "]");
      }
    }
  }
  for (const AttrSpec& a : def->attrs) {
    if (a.required && !node.attrs.has(a.name)) bug("lacks attribute '" + a.name + "'");
  }
}

void InferNodeShape(Graph& g, size_t index) {
  const Node& node = g.nodes()[index];
  const std::string where = Describe(node, index);
  for (size_t k = 0; k < node.inputs.size(); ++k) {
    if (node.inputs[k] == kNoValue) continue;
    if (node.inputs[k] < 0 || static_cast<size_t>(node.inputs[k]) >= g.num_values()) {
      throw MalformedInputError(where + ": input " + std::to_string(k) + " refers to no value");
    }
    if (!g.value(node.inputs[k]).has_shape) {
      throw MalformedInputError(where + ": input '" + g.value(node.inputs[k]).name +
                                "' has no known shape");
    }
  }
  if (node.outputs.size() != 1) throw MalformedInputError(where + ": must have exactly one output");
  CheckNode(g, index);
  const OpDef& def = GetOp(node.op);
  const OutputType out = def.shape(NodeContext(g, node, index, def));
  Value& v = g.value(node.outputs[0]);
  v.dtype = out.dtype;
  v.shape = out.shape;
  v.has_shape = true;
}

void InferShapes(Graph& g) {
  for (ValueId in : g.inputs()) {
    if (!g.value(in).has_shape) {
      throw MalformedInputError("input '" + g.value(in).name + "' has no shape");
    }
  }
  for (size_t i = 0; i < g.nodes().size(); ++i) InferNodeShape(g, i);
}

}  // namespace neo::ir
