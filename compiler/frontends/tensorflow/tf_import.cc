#include "compiler/frontends/tensorflow/tf_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/control_flow.h"
#include "compiler/frontends/tensorflow/jpeg_input.h"
#include "compiler/frontends/tensorflow/lowering.h"
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/frontends/tensorflow/tensor_proto.h"
#include "compiler/ir/graph_edit.h"

namespace neo::tf_frontend {
namespace {

// The first syntax error of a text proto, with its position.
std::string NodeOf(const std::string& tensor) {
  const std::string c = CanonicalTensorName(tensor);
  return c.substr(0, c.rfind(':'));
}

// Ops whose outputs nobody reading them is no sign of a model output.
bool IsBookkeeping(const std::string& op) {
  return op == "Const" || op == "NoOp" || op == "Placeholder" || op == "Assert" ||
         op == "SaveV2" || op == "RestoreV2" || op == "Save" || op == "Restore" ||
         op == "MergeV2Checkpoints" || op == "VarIsInitializedOp" || op == "Assign" ||
         op == "AssignVariableOp";
}

std::map<std::string, const tensorflow::NodeDef*> IndexNodes(const tensorflow::GraphDef& g) {
  std::map<std::string, const tensorflow::NodeDef*> by_name;
  for (const auto& node : g.node()) {
    if (!by_name.emplace(node.name(), &node).second) {
      throw MalformedInputError("The graph has two nodes named '" + node.name() + "'.");
    }
  }
  return by_name;
}

// The nodes the outputs need, inputs first (data edges only; control edges order side
// effects, which a compiled model does not have). Iterative: real graphs chain thousands
// of nodes.
std::vector<const tensorflow::NodeDef*> NeededNodes(
    const FrozenGraph& g, const std::map<std::string, const tensorflow::NodeDef*>& by_name) {
  std::set<std::string> fed;
  for (const GraphTensor& in : g.inputs) fed.insert(NodeOf(in.tensor));
  std::vector<const tensorflow::NodeDef*> order;
  std::map<std::string, int> state;  // 1: on the stack, 2: done
  for (const GraphTensor& out : g.outputs) {
    const std::string root = NodeOf(out.tensor);
    if (!by_name.count(root)) {
      throw MalformedInputError("The model's output '" + out.tensor +
                                "' names no node of the graph.");
    }
    std::vector<std::pair<const tensorflow::NodeDef*, int>> stack;
    if (state[root] == 0) {
      stack.push_back({by_name.at(root), 0});
      state[root] = 1;
    }
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      // A loop's back edge (NextIteration) is not followed: the loop is reported as
      // control flow, not as a cycle.
      const bool leaf = fed.count(node->name()) != 0 || node->op() == "NextIteration";
      if (!leaf && next < node->input_size()) {
        const std::string producer = NodeOf(node->input(next++));
        if (producer.empty()) continue;  // a control input
        auto it = by_name.find(producer);
        if (it == by_name.end()) {
          throw MalformedInputError(node->op() + " node '" + node->name() + "' reads '" +
                                    producer + "', which is no node of the graph.");
        }
        int& s = state[producer];
        if (s == 1) {
          throw MalformedInputError("The graph has a cycle through node '" + producer +
                                    "' (only control flow makes cycles, and it is not "
                                    "compiled).");
        }
        if (s == 0) {
          s = 1;
          stack.push_back({it->second, 0});
        }
        continue;
      }
      state[node->name()] = 2;
      order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace

tensorflow::GraphDef ParseGraphDef(const std::string& bytes, const std::string& file_name,
                                   bool text, const ProtobufLimits& limits) {
  tensorflow::GraphDef g;
  std::string error;
  const ProtobufParse parsed = text ? ParseTextProtobuf(bytes, limits, &g, &error)
                                    : ParseBinaryProtobuf(bytes, limits, &g);
  const std::string kind = text ? "text GraphDef" : "GraphDef";
  if (parsed == ProtobufParse::kTooLarge || parsed == ProtobufParse::kTooDeep) {
    throw MalformedInputError(file_name + " is not a valid " + kind + ": " +
                              ProtobufLimitText(parsed, limits, bytes.size()) + ".");
  }
  if (parsed != ProtobufParse::kOk && text) {
    throw MalformedInputError(file_name + " is not a valid text GraphDef (" + error + ").");
  }
  if (parsed != ProtobufParse::kOk) {
    throw MalformedInputError(file_name + " is not a valid GraphDef (it does not parse as a "
                              "TensorFlow GraphDef protocol buffer).");
  }
  return g;
}

FrozenGraph FreezeGraphDef(tensorflow::GraphDef graph) {
  FrozenGraph f;
  std::set<std::string> consumed;
  for (const auto& node : graph.node()) {
    for (const std::string& in : node.input()) {
      const std::string producer = NodeOf(in);
      if (!producer.empty()) consumed.insert(producer);
    }
  }
  for (const auto& node : graph.node()) {
    if (node.op() == "Placeholder") f.inputs.push_back({node.name(), node.name() + ":0"});
    if (!consumed.count(node.name()) && !IsBookkeeping(node.op())) {
      f.outputs.push_back({node.name(), node.name() + ":0"});
    }
  }
  if (f.outputs.empty()) {
    throw MalformedInputError("The graph computes nothing: every node is a constant, an input "
                              "or read by another node.");
  }
  f.graph = std::move(graph);
  return f;
}

std::vector<TfInput> TfModelInputs(const FrozenGraph& g) {
  const auto by_name = IndexNodes(g.graph);
  std::vector<TfInput> inputs;
  for (const GraphTensor& t : g.inputs) {
    TfInput in;
    in.key = t.key;
    in.tensor = CanonicalTensorName(t.tensor);
    auto it = by_name.find(NodeOf(t.tensor));
    if (it == by_name.end()) {
      throw MalformedInputError("The model's input '" + t.tensor + "' names no node of the graph.");
    }
    const tensorflow::NodeDef& node = *it->second;
    auto attr = [&](const char* name) -> const tensorflow::AttrValue* {
      auto a = node.attr().find(name);
      return a == node.attr().end() ? nullptr : &a->second;
    };
    const tensorflow::TensorShapeProto* shape = nullptr;
    if (const auto* s = attr("shape")) shape = &s->shape();
    if (const auto* s = attr("_output_shapes"); !shape && s && s->list().shape_size() > 0) {
      shape = &s->list().shape(0);
    }
    if (const auto* dtype = attr("dtype"); dtype && dtype->type() == tensorflow::DT_STRING) {
      CheckJpegInput(g.graph, t.key, in.tensor, shape);
      in.dtype = ir::DType::kBytes;  // the data shape gives the decoded image, any rank
      inputs.push_back(in);
      continue;
    }
    if (const auto* dtype = attr("dtype")) {
      in.dtype = IrDType(dtype->type(), "input " + t.key, node.op());
    }
    if (shape && !shape->unknown_rank()) {
      in.dims = ShapeFromProto(*shape, "The shape of input " + t.key);
      in.rank = static_cast<int>(in.dims.size());
    }
    inputs.push_back(in);
  }
  return inputs;
}

void CheckOperators(const FrozenGraph& g) {
  const auto by_name = IndexNodes(g.graph);
  std::map<std::string, std::vector<std::string>> unknown;
  const tensorflow::NodeDef* control_flow = nullptr;
  for (const tensorflow::NodeDef* node : NeededNodes(g, by_name)) {
    const std::string& op = node->op();
    if (IsStructural(op)) continue;
    if (op == "Switch" || op == "Merge") continue;  // checked when lowered
    if (IsControlFlow(op)) {
      if (!control_flow) control_flow = node;
      continue;
    }
    const TfOperator* entry = FindTfOperator(op);
    if (!entry || !entry->lower) unknown[op].push_back(node->name());
  }
  if (!unknown.empty()) throw UnsupportedOperatorsError(unknown);
  if (control_flow) {
    throw AttributeNotImplementedError("a predicate computed from the model's inputs",
                                       control_flow->op());
  }
}

ir::Graph LowerTfModel(const FrozenGraph& g, const std::vector<ir::Shape>& input_shapes) {
  const std::vector<TfInput> inputs = TfModelInputs(g);
  if (inputs.size() != input_shapes.size()) {
    throw std::logic_error("LowerTfModel: one shape per input expected");
  }
  CheckOperators(g);
  const auto by_name = IndexNodes(g.graph);
  ir::Graph graph;
  TensorMap tensors;
  std::map<ir::ValueId, ir::Shape> image_shapes;  // JPEG inputs: one string each
  for (size_t i = 0; i < inputs.size(); ++i) {
    const bool jpeg = inputs[i].dtype == ir::DType::kBytes;
    ir::Value v;
    v.name = inputs[i].key;
    v.dtype = inputs[i].dtype;
    v.shape = jpeg ? ir::Shape{} : input_shapes[i];
    v.has_shape = true;
    const ir::ValueId id = graph.AddValue(std::move(v));
    if (jpeg) image_shapes[id] = input_shapes[i];
    tensors[inputs[i].tensor] = id;
    graph.inputs().push_back(id);
  }
  std::vector<bool> folded;
  DeadTensors dead;
  for (const tensorflow::NodeDef* node : NeededNodes(g, by_name)) {
    const std::string& op = node->op();
    if (op != "Merge" && dead.AnyInputDead(*node)) {
      dead.KillNode(node->name());
      continue;
    }
    const std::string out0 = node->name() + ":0";
    if (tensors.count(out0) && (op == "Placeholder" || op == "PlaceholderWithDefault")) continue;
    if (op == "Placeholder") {
      throw MalformedInputError("Placeholder '" + node->name() +
                                "' is not one of the model's inputs, so nothing feeds it.");
    }
    if (op == "NoOp") continue;
    if (op == "Const") {
      auto value = node->attr().find("value");
      if (value == node->attr().end()) throw AttributeRequiredError("value", "Const");
      tensors[out0] = graph.AddValue(
          ValueFromTensorProto(value->second.tensor(), node->name(), "Const '" + node->name() + "'"));
      continue;
    }
    NodeLowering lowering(*node, graph, tensors, folded, &image_shapes);
    if (op == "PlaceholderWithDefault") {
      LowerIdentity(lowering);  // not fed: its default
      continue;
    }
    if (op == "Switch") {
      dead.LowerSwitch(lowering);
      continue;
    }
    if (op == "Merge") {
      dead.LowerMerge(lowering);
      continue;
    }
    FindTfOperator(op)->lower(lowering);
  }
  folded.resize(graph.nodes().size(), false);
  ir::EraseNodes(graph, folded);
  for (const GraphTensor& out : g.outputs) {
    if (dead.IsDead(out.tensor)) {
      throw MalformedInputError("The model's output '" + out.tensor +
                                "' is on a branch its constant predicate never takes.");
    }
    auto it = tensors.find(CanonicalTensorName(out.tensor));
    if (it == tensors.end()) {
      throw MalformedInputError("The model's output '" + out.tensor + "' is not computed.");
    }
    ir::ValueId id = it->second;
    if (ir::IsGraphInput(graph, id)) {
      // An output must be a buffer of its own.
      const ir::ValueId copy = graph.AddValue(out.key, graph.value(id).dtype);
      graph.value(copy).shape = graph.value(id).shape;
      graph.value(copy).has_shape = true;
      graph.AddNode("Identity", {id}, {copy}).name = out.key;
      id = copy;
    } else if (!graph.value(id).is_constant() && graph.value(id).name != out.key) {
      // The generated API names outputs by key; an intermediate value of the same node
      // may hold that name already.
      for (size_t v = 0; v < graph.num_values(); ++v) {
        ir::Value& other = graph.value(static_cast<ir::ValueId>(v));
        if (other.name == out.key) other.name = graph.UniqueName(out.key + "/part");
      }
      graph.value(id).name = out.key;
    }
    graph.outputs().push_back(id);
  }
  return graph;
}

}  // namespace neo::tf_frontend
