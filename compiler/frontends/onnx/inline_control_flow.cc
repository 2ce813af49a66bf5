#include "compiler/frontends/onnx/inline_control_flow.h"

#include <set>
#include <stdexcept>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"

namespace neo::onnx_frontend {

namespace {

bool IsControlFlow(const onnx::NodeProto& node) {
  return (node.domain().empty() || node.domain() == "ai.onnx") &&
         (node.op_type() == "If" || node.op_type() == "Scan");
}

const onnx::AttributeProto* Attr(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::vector<int64_t> Ints(const onnx::NodeProto& node, const std::string& name, size_t count,
                          int64_t fill) {
  const onnx::AttributeProto* a = Attr(node, name);
  if (!a) return std::vector<int64_t>(count, fill);
  std::vector<int64_t> v(a->ints().begin(), a->ints().end());
  if (v.size() != count) {
    throw AttributeValueNotValidError(name, node.op_type(),
                                      "must hold one value per " + std::string(name.find("input") != std::string::npos ? "scan input" : "scan output"));
  }
  return v;
}

// Copies subgraph nodes into the main graph under new names.
class Inliner {
 public:
  Inliner(onnx::GraphProto& main, int opset) : main_(main), opset_(opset) {}

  // `body`'s nodes and initializers, with body inputs bound to `inputs` (outer names);
  // returns the outer names of the body's outputs.
  std::vector<std::string> Copy(const onnx::GraphProto& body, const std::vector<std::string>& inputs,
                                const std::string& prefix, std::vector<onnx::NodeProto>& out) {
    std::map<std::string, std::string> names;
    for (int i = 0; i < body.input_size() && i < static_cast<int>(inputs.size()); ++i) {
      names[body.input(i).name()] = inputs[static_cast<size_t>(i)];
    }
    for (const auto& t : body.initializer()) {
      if (names.count(t.name())) continue;  // an input with a default: the input wins
      onnx::TensorProto copy = t;
      copy.set_name(prefix + t.name());
      names[t.name()] = copy.name();
      *main_.add_initializer() = copy;
    }
    for (const auto& node : body.node()) {
      for (const std::string& o : node.output()) {
        if (!o.empty()) names[o] = prefix + o;
      }
    }
    for (const auto& node : body.node()) {
      onnx::NodeProto copy = node;
      if (!copy.name().empty()) copy.set_name(prefix + copy.name());
      Rename(copy, names);
      out.push_back(copy);
    }
    std::vector<std::string> outputs;
    for (const auto& o : body.output()) {
      auto it = names.find(o.name());
      outputs.push_back(it == names.end() ? o.name() : it->second);
    }
    return outputs;
  }

  std::string Constant(const std::string& name, const std::vector<int64_t>& dims,
                       const std::vector<int64_t>& values) {
    onnx::TensorProto* t = main_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t v : values) t->add_int64_data(v);
    return name;
  }

  static onnx::NodeProto Node(const std::string& op, std::vector<std::string> inputs,
                              std::vector<std::string> outputs, const std::string& name) {
    onnx::NodeProto n;
    n.set_op_type(op);
    n.set_name(name);
    for (auto& i : inputs) n.add_input(i);
    for (auto& o : outputs) n.add_output(o);
    return n;
  }

  static void SetInt(onnx::NodeProto& n, const std::string& name, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }

  // x with a new axis of 1 at `axis` (Unsqueeze's axes became an input in opset 13).
  onnx::NodeProto Unsqueeze(const std::string& x, int64_t axis, const std::string& y) {
    if (opset_ >= 13) {
      return Node("Unsqueeze", {x, Constant(y + "/axes", {1}, {axis})}, {y}, y);
    }
    onnx::NodeProto n = Node("Unsqueeze", {x}, {y}, y);
    auto* a = n.add_attribute();
    a->set_name("axes");
    a->set_type(onnx::AttributeProto::INTS);
    a->add_ints(axis);
    return n;
  }

 private:
  // Renames inputs (and references inside nested subgraphs) that the copied body defines.
  static void Rename(onnx::NodeProto& node, const std::map<std::string, std::string>& names) {
    for (auto& i : *node.mutable_input()) {
      auto it = names.find(i);
      if (it != names.end()) i = it->second;
    }
    for (auto& o : *node.mutable_output()) {
      auto it = names.find(o);
      if (it != names.end()) o = it->second;
    }
    for (auto& a : *node.mutable_attribute()) {
      if (a.has_g()) RenameReferences(*a.mutable_g(), names);
      for (auto& g : *a.mutable_graphs()) RenameReferences(g, names);
    }
  }

  static void RenameReferences(onnx::GraphProto& g, const std::map<std::string, std::string>& names) {
    std::set<std::string> own;
    for (const auto& i : g.input()) own.insert(i.name());
    for (const auto& t : g.initializer()) own.insert(t.name());
    for (const auto& n : g.node()) own.insert(n.output().begin(), n.output().end());
    std::map<std::string, std::string> outer;
    for (const auto& [from, to] : names) {
      if (!own.count(from)) outer[from] = to;
    }
    for (auto& n : *g.mutable_node()) {
      for (auto& i : *n.mutable_input()) {
        auto it = outer.find(i);
        if (it != outer.end()) i = it->second;
      }
      for (auto& a : *n.mutable_attribute()) {
        if (a.has_g()) RenameReferences(*a.mutable_g(), outer);
        for (auto& sub : *a.mutable_graphs()) RenameReferences(sub, outer);
      }
    }
    for (auto& o : *g.mutable_output()) {
      auto it = outer.find(o.name());
      if (it != outer.end()) {
        // A subgraph output that is an outer value: route it through an Identity.
        onnx::NodeProto id = Node("Identity", {it->second}, {o.name() + "/outer"}, "");
        o.set_name(id.output(0));
        *g.add_node() = id;
      }
    }
  }

  onnx::GraphProto& main_;
  int opset_;
};

const onnx::GraphProto& GraphAttr(const onnx::NodeProto& node, const std::string& name) {
  const onnx::AttributeProto* a = Attr(node, name);
  if (!a || !a->has_g()) throw AttributeRequiredError(name, node.op_type());
  return a->g();
}

void InlineIf(Inliner& in, const onnx::NodeProto& node, std::vector<onnx::NodeProto>& out) {
  if (node.output_size() == 0 || node.input_size() == 0) {
    throw MalformedInputError("Node '" + node.name() +
                              "' (If) needs its condition input and at least one output.");
  }
  const std::string prefix = node.output(0) + "/";
  const auto then_out = in.Copy(GraphAttr(node, "then_branch"), {}, prefix + "then/", out);
  const auto else_out = in.Copy(GraphAttr(node, "else_branch"), {}, prefix + "else/", out);
  if (then_out.size() != else_out.size() || static_cast<int>(then_out.size()) != node.output_size()) {
    throw AttributeValueNotValidError("then_branch", "If",
                                      "and else_branch must have as many outputs as the node");
  }
  for (int i = 0; i < node.output_size(); ++i) {
    if (node.output(i).empty()) continue;
    out.push_back(Inliner::Node("Where", {node.input(0), then_out[static_cast<size_t>(i)], else_out[static_cast<size_t>(i)]},
                                {node.output(i)}, prefix + "select" + std::to_string(i)));
  }
}

int64_t Normalized(int64_t axis, int64_t rank, const char* attr) {
  if (axis < -rank || axis >= rank) {
    throw AttributeValueNotValidError(attr, "Scan", "names an axis outside the tensor's rank");
  }
  return axis < 0 ? axis + rank : axis;
}

// One Scan (opset 9 on) over states `states` and scan inputs `scans` (outer names); writes
// the final states and stacked scan outputs to `results`.
void UnrollScan(Inliner& in, const onnx::NodeProto& node, const std::vector<std::string>& states,
                const std::vector<std::string>& scans, const std::vector<std::string>& results,
                const std::map<std::string, ir::Shape>& shapes, const std::string& prefix,
                std::vector<onnx::NodeProto>& out) {
  const onnx::GraphProto& body = GraphAttr(node, "body");
  const size_t n_state = states.size(), n_scan = scans.size();
  // The body returns the states first, then the scan outputs (found by fuzzing: fewer
  // body outputs than states underflowed the count below).
  if (static_cast<size_t>(body.output_size()) < n_state) {
    throw MalformedInputError("Scan node '" + node.name() + "': its body has " +
                              std::to_string(body.output_size()) + " outputs, fewer than its " +
                              std::to_string(n_state) + " state variables.");
  }
  const size_t n_scan_out = static_cast<size_t>(body.output_size()) - n_state;
  const auto in_axes = Ints(node, "scan_input_axes", n_scan, 0);
  const auto in_dirs = Ints(node, "scan_input_directions", n_scan, 0);
  const auto out_axes = Ints(node, "scan_output_axes", n_scan_out, 0);
  const auto out_dirs = Ints(node, "scan_output_directions", n_scan_out, 0);
  int64_t length = -1;
  std::vector<int64_t> axes(n_scan);
  for (size_t j = 0; j < n_scan; ++j) {
    auto it = shapes.find(scans[j]);
    if (it == shapes.end()) {
      throw AttributeNotImplementedError("a scan input of unknown shape (" + scans[j] + ")", "Scan");
    }
    const int64_t rank = static_cast<int64_t>(it->second.size());
    axes[j] = Normalized(in_axes[j], rank, "scan_input_axes");
    const int64_t len = it->second[static_cast<size_t>(axes[j])];
    if (length >= 0 && len != length) {
      throw AttributeValueNotValidError("scan_input_axes", "Scan", "give scan inputs of different lengths");
    }
    length = len;
  }
  if (length < 1) throw AttributeNotImplementedError("a zero-length scan", "Scan");
  std::vector<std::string> state = states;
  std::vector<std::vector<std::string>> per_step(n_scan_out);
  for (int64_t t = 0; t < length; ++t) {
    const std::string step = prefix + std::to_string(t) + "/";
    std::vector<std::string> inputs = state;
    for (size_t j = 0; j < n_scan; ++j) {
      const int64_t at = in_dirs[j] ? length - 1 - t : t;
      const std::string slice = step + "scan_in" + std::to_string(j);
      onnx::NodeProto g = Inliner::Node("Gather", {scans[j], in.Constant(slice + "/index", {}, {at})},
                                        {slice}, slice);
      Inliner::SetInt(g, "axis", axes[j]);
      out.push_back(g);
      inputs.push_back(slice);
    }
    const auto outputs = in.Copy(body, inputs, step, out);
    state.assign(outputs.begin(), outputs.begin() + static_cast<long>(n_state));
    for (size_t k = 0; k < n_scan_out; ++k) per_step[k].push_back(outputs[n_state + k]);
  }
  for (size_t i = 0; i < n_state; ++i) {
    if (!results[i].empty()) out.push_back(Inliner::Node("Identity", {state[i]}, {results[i]}, results[i]));
  }
  for (size_t k = 0; k < n_scan_out; ++k) {
    const std::string& result = results[n_state + k];
    if (result.empty()) continue;
    auto it = shapes.find(result);
    if (it == shapes.end()) {
      throw AttributeNotImplementedError("a scan output of unknown shape (" + result + ")", "Scan");
    }
    const int64_t axis = Normalized(out_axes[k], static_cast<int64_t>(it->second.size()), "scan_output_axes");
    std::vector<std::string> pieces;
    for (int64_t t = 0; t < length; ++t) {
      const int64_t from = out_dirs[k] ? length - 1 - t : t;
      const std::string piece = result + "/step" + std::to_string(t);
      out.push_back(in.Unsqueeze(per_step[k][static_cast<size_t>(from)], axis, piece));
      pieces.push_back(piece);
    }
    onnx::NodeProto cat = Inliner::Node("Concat", pieces, {result}, result + "/stack");
    Inliner::SetInt(cat, "axis", axis);
    out.push_back(cat);
  }
}

void InlineScan(Inliner& in, const onnx::NodeProto& node, int opset,
                const std::map<std::string, ir::Shape>& shapes, std::vector<onnx::NodeProto>& out) {
  const onnx::AttributeProto* m = Attr(node, "num_scan_inputs");
  if (!m) throw AttributeRequiredError("num_scan_inputs", "Scan");
  if (node.output_size() == 0) {  // the fuzzer's: a protobuf CHECK abort before
    throw MalformedInputError("Node '" + node.name() + "' (Scan) has no output 0, which it needs.");
  }
  if (m->i() < 0) throw AttributeValueNotValidError("num_scan_inputs", "Scan", "is negative");
  const onnx::GraphProto& body = GraphAttr(node, "body");
  const std::string prefix = node.output(0) + "/";
  std::vector<std::string> inputs(node.input().begin(), node.input().end());
  std::vector<std::string> results(node.output().begin(), node.output().end());
  results.resize(static_cast<size_t>(body.output_size()));
  if (opset >= 9) {
    const size_t n_scan = static_cast<size_t>(m->i());
    if (n_scan > inputs.size()) throw AttributeValueNotValidError("num_scan_inputs", "Scan", "exceeds the inputs");
    const std::vector<std::string> states(inputs.begin(), inputs.end() - static_cast<long>(n_scan));
    const std::vector<std::string> scans(inputs.end() - static_cast<long>(n_scan), inputs.end());
    UnrollScan(in, node, states, scans, results, shapes, prefix, out);
    return;
  }
  // Opset 8: every input and output has a leading batch axis, the body sees one batch
  // element, scans run along axis 1; sequence_lens (input 0) must be absent.
  if (!inputs.empty() && !inputs[0].empty()) {
    throw AttributeNotImplementedError("sequence_lens (run-time sequence lengths)", "Scan");
  }
  if (inputs.empty()) throw AttributeValueNotValidError("num_scan_inputs", "Scan", "exceeds the inputs");
  inputs.erase(inputs.begin());
  const size_t n_scan = static_cast<size_t>(m->i());
  if (n_scan > inputs.size() || inputs.empty()) {
    throw AttributeValueNotValidError("num_scan_inputs", "Scan", "exceeds the inputs");
  }
  const size_t n_state = inputs.size() - n_scan;
  auto shape_of = [&](const std::string& name) {
    auto it = shapes.find(name);
    if (it == shapes.end() || it->second.empty()) {
      throw AttributeNotImplementedError("a Scan value of unknown shape (" + name + ")", "Scan");
    }
    return it->second;
  };
  const int64_t batch = shape_of(inputs[0])[0];
  // The per-batch scan sees axis 1 of the batched input as its axis 0; directions are
  // opset 8's `directions`.
  onnx::NodeProto per_batch = node;
  per_batch.clear_attribute();
  for (const auto& a : node.attribute()) {
    if (a.name() == "directions") {
      onnx::AttributeProto d = a;
      d.set_name("scan_input_directions");
      *per_batch.add_attribute() = d;
    } else {
      *per_batch.add_attribute() = a;
    }
  }
  std::vector<std::vector<std::string>> batch_results(results.size());
  std::map<std::string, ir::Shape> sliced_shapes = shapes;
  for (int64_t b = 0; b < batch; ++b) {
    const std::string bp = prefix + "batch" + std::to_string(b) + "/";
    std::vector<std::string> sliced;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string s = bp + "in" + std::to_string(i);
      onnx::NodeProto g = Inliner::Node("Gather", {inputs[i], in.Constant(s + "/index", {}, {b})}, {s}, s);
      Inliner::SetInt(g, "axis", 0);
      out.push_back(g);
      ir::Shape sh = shape_of(inputs[i]);
      sh.erase(sh.begin());
      sliced_shapes[s] = sh;
      sliced.push_back(s);
    }
    std::vector<std::string> r;
    for (size_t k = 0; k < results.size(); ++k) {
      r.push_back(results[k].empty() ? "" : bp + "out" + std::to_string(k));
      if (!results[k].empty()) {
        ir::Shape sh = shape_of(results[k]);
        sh.erase(sh.begin());
        sliced_shapes[r.back()] = sh;
      }
      batch_results[k].push_back(r.back());
    }
    UnrollScan(in, per_batch, {sliced.begin(), sliced.begin() + static_cast<long>(n_state)},
               {sliced.begin() + static_cast<long>(n_state), sliced.end()}, r, sliced_shapes, bp, out);
  }
  for (size_t k = 0; k < results.size(); ++k) {
    if (results[k].empty()) continue;
    std::vector<std::string> pieces;
    for (int64_t b = 0; b < batch; ++b) {
      const std::string piece = results[k] + "/batch" + std::to_string(b);
      out.push_back(in.Unsqueeze(batch_results[k][static_cast<size_t>(b)], 0, piece));
      pieces.push_back(piece);
    }
    onnx::NodeProto cat = Inliner::Node("Concat", pieces, {results[k]}, results[k] + "/stack");
    Inliner::SetInt(cat, "axis", 0);
    out.push_back(cat);
  }
}

}  // namespace

void LowerInlinedControlFlow(NodeLowering& n) {
  throw std::logic_error(n.op_type() + " reached lowering without being inlined");
}

bool HasControlFlow(const onnx::GraphProto& graph) {
  for (const auto& node : graph.node()) {
    if (IsControlFlow(node)) return true;
  }
  return false;
}

void InlineControlFlow(onnx::ModelProto& model, int opset,
                       std::map<std::string, ir::Shape> (*infer)(onnx::ModelProto)) {
  // Each round inlines the outermost level; nested If/Scan come up a level.
  for (int round = 0; round < 16 && HasControlFlow(model.graph()); ++round) {
    const std::map<std::string, ir::Shape> shapes = infer(model);
    onnx::GraphProto& g = *model.mutable_graph();
    Inliner in(g, opset);
    std::vector<onnx::NodeProto> nodes;
    for (const auto& node : g.node()) {
      if (!IsControlFlow(node)) {
        nodes.push_back(node);
      } else if (node.op_type() == "If") {
        InlineIf(in, node, nodes);
      } else {
        InlineScan(in, node, opset, shapes, nodes);
      }
    }
    g.clear_node();
    for (auto& n : nodes) *g.add_node() = std::move(n);
  }
  if (HasControlFlow(model.graph())) {
    throw AttributeNotImplementedError("control flow nested more than 16 deep", "ONNX model");
  }
}

}  // namespace neo::onnx_frontend
