#include "compiler/frontends/onnx/onnx_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/inline_control_flow.h"
#include "compiler/frontends/onnx/isolated_inference.h"
#include "compiler/frontends/onnx/lowering.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/fold.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/shape_inference.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

class OnnxModel {
 public:
  onnx::ModelProto proto;
  int opset = 0;
  std::string file_name;
};

namespace {

constexpr int kMinOpset = 1;
constexpr int kMaxOpset = 17;

bool IsDefaultDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

// Every operator of the graph and of its subgraphs (If's branches, Scan's body), which
// are inlined before lowering.
void CollectUnsupported(const onnx::GraphProto& graph,
                        std::map<std::string, std::vector<std::string>>& missing,
                        std::map<std::string, std::string>& why) {
  for (const onnx::NodeProto& node : graph.node()) {
    for (const auto& a : node.attribute()) {
      if (a.has_g()) CollectUnsupported(a.g(), missing, why);
      for (const auto& g : a.graphs()) CollectUnsupported(g, missing, why);
    }
    std::string op = node.op_type();
    if (!IsDefaultDomain(node.domain())) op = node.domain() + "." + op;
    if (!IsDefaultDomain(node.domain()) || FindLowering(node.op_type()) == nullptr) {
      missing[op].push_back(node.name().empty() ? "(unnamed)" : node.name());
      if (const char* reason = WhyNotCompiled(op)) why[op] = reason;
    }
  }
}

// Whether each node of the graph and its subgraphs agrees with its operator's schema at
// the model's opset: input and output counts, required attributes and their types.
// ONNX's shape inference assumes so (a Scan without num_scan_inputs crashed inside it),
// so it runs only on graphs that pass; the lowerings then report what is wrong in Neo's
// own words (a missing required attribute is OperatorAttributeRequired, for one).
// Ranks known before any inference: graph inputs (their shapes fixed by then) and
// initializers.
std::map<std::string, int> KnownRanks(const onnx::GraphProto& graph) {
  std::map<std::string, int> ranks;
  for (const auto& vi : graph.input()) {
    if (vi.type().has_tensor_type() && vi.type().tensor_type().has_shape()) {
      ranks[vi.name()] = vi.type().tensor_type().shape().dim_size();
    }
  }
  for (const auto& t : graph.initializer()) ranks[t.name()] = t.dims_size();
  return ranks;
}

// ONNX 1.12's convolution and pooling inference divides by strides and indexes by the
// weights' rank without checking them (a zero stride raised SIGFPE; a rank-3 input with
// rank-4 weights read out of bounds). Such a node must not reach it.
bool WindowAttributesHold(const onnx::NodeProto& node, const std::map<std::string, int>& ranks) {
  static const std::set<std::string> kWindowed = {
      "Conv", "ConvInteger", "QLinearConv", "ConvTranspose", "MaxPool",
      "AveragePool", "LpPool", "MaxUnpool"};
  if (!kWindowed.count(node.op_type())) return true;
  int spatial = -1;  // spatial rank, from whichever source gives it first
  auto agree = [&spatial](int n) {
    if (spatial < 0) spatial = n;
    return spatial == n;
  };
  for (const auto& a : node.attribute()) {
    const std::string& name = a.name();
    if (name != "strides" && name != "dilations" && name != "kernel_shape" && name != "pads") {
      continue;
    }
    for (int64_t v : a.ints()) {
      if (name == "pads" ? v < 0 : v <= 0) return false;
    }
    if (name == "pads" ? a.ints_size() % 2 != 0 || !agree(a.ints_size() / 2)
                       : !agree(a.ints_size())) {
      return false;
    }
  }
  const int weights = node.op_type() == "QLinearConv" ? 3 : 1;
  for (int i : {0, weights}) {
    const bool is_weight = i == weights;
    if (is_weight && node.op_type().find("Pool") != std::string::npos) continue;
    if (i >= node.input_size()) continue;
    auto it = ranks.find(node.input(i));
    if (it == ranks.end()) continue;
    if (it->second < 3 || !agree(it->second - 2)) return false;
  }
  return true;
}

bool SchemasHold(const onnx::GraphProto& graph, int opset) {
  const std::map<std::string, int> ranks = KnownRanks(graph);
  for (const auto& node : graph.node()) {
    if (!WindowAttributesHold(node, ranks)) return false;
    for (const auto& a : node.attribute()) {
      if (a.has_g() && !SchemasHold(a.g(), opset)) return false;
      for (const auto& g : a.graphs()) {
        if (!SchemasHold(g, opset)) return false;
      }
    }
    if (!IsDefaultDomain(node.domain())) continue;  // CheckOperators refused those
    const onnx::OpSchema* schema =
        onnx::OpSchemaRegistry::Schema(node.op_type(), opset, onnx::ONNX_DOMAIN);
    if (schema == nullptr) continue;  // an operator newer than the opset: lowering says so
    try {
      schema->Verify(node);
    } catch (const std::exception&) {
      return false;
    }
  }
  return true;
}

void CheckOperators(const onnx::GraphProto& graph) {
  std::map<std::string, std::vector<std::string>> missing;  // op -> node names
  std::map<std::string, std::string> why;
  CollectUnsupported(graph, missing, why);
  if (!missing.empty()) throw UnsupportedOperatorsError(missing, why);
}

// ONNX is single-assignment: every name is defined once, by a graph input, an initializer
// (which may also be listed as an input) or one node output. A second definition would be
// silently shadowed, so the model would not compute what its file says.
void CheckSingleAssignment(const onnx::GraphProto& graph, const std::string& file_name) {
  // A node with more is no model anyone exported; it only makes every copy of the graph
  // (shape inference, control-flow inlining) cost memory out of proportion to the file.
  constexpr int kMaxNodeArity = 65536;
  std::set<std::string> defined;
  for (const auto& in : graph.input()) defined.insert(in.name());
  std::set<std::string> initializers;
  for (const auto& t : graph.initializer()) {
    if (!initializers.insert(t.name()).second) {
      throw MalformedInputError(file_name + ": initializer '" + t.name() +
                                "' is defined twice.");
    }
  }
  defined.insert(initializers.begin(), initializers.end());
  for (const auto& node : graph.node()) {
    if (node.input_size() > kMaxNodeArity || node.output_size() > kMaxNodeArity) {
      throw MalformedInputError("Node '" + node.name() + "' (" + node.op_type() + ") has " +
                                std::to_string(node.input_size()) + " inputs and " +
                                std::to_string(node.output_size()) +
                                " outputs; neoc compiles at most " +
                                std::to_string(kMaxNodeArity) + " of each.");
    }
    for (const std::string& out : node.output()) {
      if (out.empty()) continue;  // an optional output left out
      if (!defined.insert(out).second) {
        throw MalformedInputError("Node '" + node.name() + "' (" + node.op_type() +
                                  ") writes '" + out + "', which an input, an initializer "
                                  "or another output already defines.");
      }
    }
  }
}

std::set<std::string> InitializerNames(const onnx::GraphProto& g) {
  std::set<std::string> names;
  for (const auto& t : g.initializer()) names.insert(t.name());
  return names;
}

// Shapes ONNX's own inference derives once the inputs are fixed; only fully static ones.
std::map<std::string, ir::Shape> InferStaticShapes(onnx::ModelProto model) {
  std::map<std::string, ir::Shape> shapes;
  int opset = 1;
  for (const auto& op : model.opset_import()) {
    if (IsDefaultDomain(op.domain())) opset = static_cast<int>(op.version());
  }
  if (!SchemasHold(model.graph(), opset)) return shapes;
  return InferStaticShapesIsolated(std::move(model));
}

// Infers the IR shapes of the nodes lowered from one ONNX node. Shapes are static, so
// shape-only subgraphs (Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape) are constants: folding each new node as soon as it is lowered lets later
// nodes read them as the constant inputs (shape, axes, pads, ...) they must be. Nodes
// writing a graph output stay, so every output remains a computed buffer.
void FoldWhileLowering(ir::Graph& graph, size_t first, const std::set<std::string>& output_names,
                       const std::map<std::string, ir::ValueId>& values, std::vector<bool>& folded) {
  std::set<ir::ValueId> outputs;
  for (const std::string& name : output_names) {
    auto it = values.find(name);
    if (it != values.end()) outputs.insert(it->second);
  }
  folded.resize(graph.nodes().size(), false);
  for (size_t i = first; i < graph.nodes().size(); ++i) {
    const ir::Node& node = graph.nodes()[i];
    // ONNX's inference knows no experimental operators and no shapes that depend on
    // computed shape tensors; the IR's own rules fill in what it left out.
    bool shaped = node.outputs.size() == 1;
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue && !graph.value(v).has_shape) shaped = false;
    }
    if (shaped) ir::InferNodeShape(graph, i);
    bool constant = !node.inputs.empty() && node.outputs.size() == 1 && !outputs.count(node.outputs[0]);
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue && !graph.value(v).is_constant()) constant = false;
    }
    if (!constant || !shaped) continue;
    folded[i] = ir::FoldNode(graph, i);
  }
}

}  // namespace

std::shared_ptr<OnnxModel> ParseOnnxModel(const std::string& bytes, const std::string& file_name,
                                          const ProtobufLimits& limits) {
  auto model = std::make_shared<OnnxModel>();
  model->file_name = file_name;
  const ProtobufParse parsed = ParseBinaryProtobuf(bytes, limits, &model->proto);
  if (parsed == ProtobufParse::kTooLarge || parsed == ProtobufParse::kTooDeep) {
    throw MalformedInputError(file_name + " is not a valid ONNX model: " +
                              ProtobufLimitText(parsed, limits, bytes.size()) + ".");
  }
  if (parsed != ProtobufParse::kOk || !model->proto.has_graph()) {
    throw MalformedInputError(file_name + " is not a valid ONNX model (it does not parse as an "
                              "ONNX ModelProto).");
  }
  for (const auto& op : model->proto.opset_import()) {
    if (IsDefaultDomain(op.domain())) model->opset = static_cast<int>(op.version());
  }
  if (model->opset == 0) model->opset = 1;  // IR version 2 models predate opset_import
  if (model->opset < kMinOpset || model->opset > kMaxOpset) {
    throw AttributeNotImplementedError(
        "opset_import version " + std::to_string(model->opset) + " (supported: " +
            std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) + ")",
        "ONNX model");
  }
  CheckOperators(model->proto.graph());
  CheckSingleAssignment(model->proto.graph(), file_name);
  if (model->proto.graph().output_size() == 0) {
    throw MalformedInputError(file_name + " is not a valid ONNX model: its graph has no "
                              "outputs.");
  }
  return model;
}

std::vector<OnnxInput> OnnxModelInputs(const OnnxModel& model) {
  const auto& g = model.proto.graph();
  const std::set<std::string> initializers = InitializerNames(g);
  std::vector<OnnxInput> inputs;
  for (const auto& vi : g.input()) {
    if (initializers.count(vi.name())) continue;
    OnnxInput in{vi.name(), ir::DType::kFloat32, {}, false};
    if (vi.type().value_case() != onnx::TypeProto::VALUE_NOT_SET && !vi.type().has_tensor_type()) {
      throw AttributeNotImplementedError("non-tensor input " + vi.name(), "ONNX model");
    }
    if (vi.type().has_tensor_type()) {
      const auto& tt = vi.type().tensor_type();
      in.dtype = IrDType(tt.elem_type(), "input " + vi.name());
      if (tt.has_shape()) {
        in.has_rank = true;
        for (const auto& d : tt.shape().dim()) {
          in.dims.push_back(d.has_dim_value() && d.dim_value() > 0 ? d.dim_value() : -1);
        }
      }
    }
    inputs.push_back(in);
  }
  return inputs;
}

ir::Graph LowerOnnxModel(const OnnxModel& model, const std::vector<ir::Shape>& input_shapes) {
  const std::vector<OnnxInput> inputs = OnnxModelInputs(model);
  if (inputs.size() != input_shapes.size()) {
    throw std::logic_error("LowerOnnxModel: one shape per input expected");
  }
  // Fix the input shapes in a copy, so ONNX's inference sees static dimensions.
  onnx::ModelProto fixed = model.proto;
  std::map<std::string, ir::Shape> fixed_inputs;
  for (size_t i = 0; i < inputs.size(); ++i) fixed_inputs[inputs[i].name] = input_shapes[i];
  for (auto& vi : *fixed.mutable_graph()->mutable_input()) {
    auto it = fixed_inputs.find(vi.name());
    if (it == fixed_inputs.end()) continue;
    auto* shape = vi.mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (int64_t d : it->second) shape->add_dim()->set_dim_value(d);
  }
  if (HasControlFlow(fixed.graph())) InlineControlFlow(fixed, model.opset, InferStaticShapes);
  const std::map<std::string, ir::Shape> shapes = InferStaticShapes(fixed);

  ir::Graph graph;
  std::map<std::string, ir::ValueId> values;
  const auto& g = fixed.graph();
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Value v;
    v.name = inputs[i].name;
    v.dtype = inputs[i].dtype;
    v.shape = input_shapes[i];
    v.has_shape = true;
    ir::ValueId id = graph.AddValue(std::move(v));
    values[inputs[i].name] = id;
    graph.inputs().push_back(id);
  }
  for (const auto& t : g.initializer()) {
    if (values.count(t.name())) continue;
    values[t.name()] = graph.AddValue(ValueFromTensorProto(t));
  }
  std::set<std::string> output_names;
  for (const auto& out : g.output()) output_names.insert(out.name());
  std::vector<bool> folded;
  for (const onnx::NodeProto& node : g.node()) {
    const size_t first = graph.nodes().size();
    // Every ONNX operator has at least one output (possibly unnamed, as RNN's optional Y),
    // and the lowerings name their results after the first.
    if (node.output_size() == 0) {
      throw MalformedInputError("Node '" + node.name() + "' (" + node.op_type() +
                                ") has no output 0, which it needs.");
    }
    NodeLowering lowering(node, model.opset, graph, values, shapes);
    FindLowering(node.op_type())(lowering);
    FoldWhileLowering(graph, first, output_names, values, folded);
  }
  folded.resize(graph.nodes().size(), false);
  ir::EraseNodes(graph, folded);
  for (const auto& out : g.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      throw MalformedInputError("Graph output '" + out.name() + "' is not produced by any node.");
    }
    ir::Value& v = graph.value(it->second);
    // The generated API names outputs as the model does, even through aliases.
    if (!v.is_constant() && v.name != out.name() &&
        std::find(graph.inputs().begin(), graph.inputs().end(), it->second) == graph.inputs().end()) {
      v.name = out.name();
    }
    graph.outputs().push_back(it->second);
  }
  return graph;
}

}  // namespace neo::onnx_frontend
