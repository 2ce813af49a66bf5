#include "compiler/frontends/tensorflow/function_inliner.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/graph_util.h"
#include "compiler/frontends/tensorflow/op_outputs.h"

namespace neo::tf_frontend {
namespace {

using tensorflow::FunctionDef;
using tensorflow::NodeDef;

constexpr int kMaxDepth = 64;

class Inliner {
 public:
  Inliner(tensorflow::GraphDef* graph, std::vector<std::string>* roots,
          const std::string& file_name, const InlineLimits& limits)
      : graph_(graph), roots_(roots), file_name_(file_name), limits_(limits) {
    for (const FunctionDef& f : graph->library().function()) functions_[f.signature().name()] = &f;
    for (const NodeDef& n : graph->node()) names_.insert(n.name());
  }

  // One reachability pass finds the calls the roots need; calls inside inlined bodies
  // join the work list as they appear. Consumers are rewritten once at the end, through
  // the results each inlined call left, so each inlining costs only its body's size.
  std::vector<InlinedCall> Run() {
    std::vector<InlinedCall> calls;
    std::vector<int> work = NeededCalls();
    while (!work.empty()) {
      const int call = work.back();
      work.pop_back();
      if (static_cast<int>(calls.size()) >= limits_.max_calls) {
        Fail("the signature needs more than " + std::to_string(limits_.max_calls) +
             " function calls inlined");
      }
      const int first_added = graph_->node_size();
      calls.push_back(Inline(call));
      if (graph_->node_size() > limits_.max_nodes) {
        Fail("inlining the signature's functions makes more than " +
             std::to_string(limits_.max_nodes) + " nodes");
      }
      for (int i = graph_->node_size() - 1; i >= first_added; --i) {
        if (CalledFunction(graph_->node(i)) != nullptr) work.push_back(i);
      }
    }
    Finish(&calls);
    return calls;
  }

 private:
  [[noreturn]] void Fail(const std::string& why) const {
    throw LoadError(file_name_ + ": " + why + ".");
  }

  const FunctionDef* CalledFunction(const NodeDef& node) const {
    if (node.op() == "PartitionedCall" || node.op() == "StatefulPartitionedCall") {
      const auto f = node.attr().find("f");
      if (f == node.attr().end() || !f->second.has_func()) {
        Fail("call " + PythonQuote(node.name()) + " names no function");
      }
      const std::string& name = f->second.func().name();
      const auto it = functions_.find(name);
      if (it == functions_.end()) {
        Fail("call " + PythonQuote(node.name()) + " calls " + PythonQuote(name) +
             ", which is not in the graph's function library");
      }
      return it->second;
    }
    const auto it = functions_.find(node.op());
    return it == functions_.end() ? nullptr : it->second;
  }

  // The calls that the roots need, last needed first (the work list pops from the back).
  std::vector<int> NeededCalls() const {
    std::unordered_map<std::string, int> by_name;
    for (int i = 0; i < graph_->node_size(); ++i) by_name[graph_->node(i).name()] = i;
    std::unordered_set<int> seen;
    std::vector<int> stack, calls;
    auto visit = [&](const std::string& tensor) {
      TensorRef ref;
      if (!ParseTensorRef(tensor, &ref) || ref.control) return;
      const auto it = by_name.find(ref.node);
      if (it != by_name.end() && seen.insert(it->second).second) stack.push_back(it->second);
    };
    for (const std::string& r : *roots_) visit(r);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      if (CalledFunction(graph_->node(i)) != nullptr) calls.push_back(i);
      for (const std::string& input : graph_->node(i).input()) visit(input);
    }
    std::sort(calls.rbegin(), calls.rend());
    return calls;
  }

  // The tensor `tensor` stands for once inlined calls are replaced by their results;
  // empty for a control input on an inlined call.
  std::string Resolve(const std::string& tensor, bool signature_form) const {
    std::string current = tensor;
    for (size_t hops = 0; hops <= results_.size(); ++hops) {
      TensorRef ref;
      if (!ParseTensorRef(current, &ref)) return current;
      const auto it = results_.find(ref.node);
      if (it == results_.end()) return signature_form ? TensorString(ref) : current;
      if (ref.control) return "";
      if (ref.index >= static_cast<int>(it->second.results.size())) {
        Fail(PythonQuote(ref.node) + " output " + std::to_string(ref.index) + " is used but " +
             PythonQuote(it->second.function) + " returns " +
             std::to_string(it->second.results.size()));
      }
      current = it->second.results[ref.index];
    }
    Fail("inlined calls refer to each other in a cycle");
  }

  void Finish(std::vector<InlinedCall>* calls) {
    google::protobuf::RepeatedPtrField<NodeDef> kept;
    for (int i = 0; i < graph_->node_size(); ++i) {
      if (removed_.count(i)) continue;
      NodeDef* n = kept.Add();
      n->Swap(graph_->mutable_node(i));
      auto* inputs = n->mutable_input();
      for (int k = 0; k < inputs->size();) {
        std::string resolved = Resolve(inputs->Get(k), false);
        if (resolved.empty()) {
          inputs->DeleteSubrange(k, 1);
        } else {
          *inputs->Mutable(k++) = std::move(resolved);
        }
      }
    }
    for (std::string& root : *roots_) root = Resolve(root, true);
    for (InlinedCall& call : *calls) {
      for (std::string& input : call.inputs) input = Resolve(input, false);
    }
    graph_->mutable_node()->Swap(&kept);
  }

  std::string UniquePrefix(const std::string& call, const FunctionDef& f) const {
    for (int attempt = 0;; ++attempt) {
      const std::string prefix =
          attempt == 0 ? call + "/" : call + "_inlined_" + std::to_string(attempt) + "/";
      bool free = true;
      for (const NodeDef& b : f.node_def()) {
        if (names_.count(prefix + b.name())) free = false;
      }
      if (free) return prefix;
    }
  }

  InlinedCall Inline(int call_index) {
    const NodeDef call = graph_->node(call_index);  // a copy: the graph grows below
    const FunctionDef& f = *CalledFunction(call);
    const std::string& fname = f.signature().name();
    const int depth = depth_.count(call.name()) ? depth_[call.name()] : 0;
    if (depth >= kMaxDepth) {
      Fail("function calls nest deeper than " + std::to_string(kMaxDepth) + " at " +
           PythonQuote(call.name()) + " (a recursive function?)");
    }

    InlinedCall record{call.name(), fname, {}};
    for (const std::string& input : call.input()) {
      if (input.empty() || input[0] != '^') record.inputs.push_back(input);
    }
    if (static_cast<int>(record.inputs.size()) != f.signature().input_arg_size()) {
      Fail("call " + PythonQuote(call.name()) + " passes " + std::to_string(record.inputs.size()) +
           " inputs to " + PythonQuote(fname) + ", which takes " +
           std::to_string(f.signature().input_arg_size()));
    }
    std::map<std::string, std::string> args;
    for (int i = 0; i < f.signature().input_arg_size(); ++i) {
      args[f.signature().input_arg(i).name()] = record.inputs[i];
    }
    std::map<std::string, const NodeDef*> body;
    for (const NodeDef& b : f.node_def()) body[b.name()] = &b;
    const std::string prefix = UniquePrefix(call.name(), f);

    // A body reference: an argument, "node:arg:k", or (leniently) "node" / "node:k".
    auto resolve = [&](const std::string& ref, const std::string& where) -> std::string {
      std::vector<std::string> parts;
      size_t start = 0;
      for (size_t colon; (colon = ref.find(':', start)) != std::string::npos; start = colon + 1) {
        parts.push_back(ref.substr(start, colon - start));
      }
      parts.push_back(ref.substr(start));
      const auto arg = args.find(parts[0]);
      if (arg != args.end() && parts.size() == 1) return arg->second;
      const auto node = body.find(parts[0]);
      if (node == body.end() || parts.size() > 3) {
        Fail(where + " in " + PythonQuote(fname) + " refers to " + PythonQuote(ref) +
             ", which is neither an argument nor a node of the function");
      }
      std::string out_arg;
      std::string k = "0";
      if (parts.size() == 2) {
        const bool numeric = !parts[1].empty() && parts[1].find_first_not_of("0123456789") ==
                                                      std::string::npos;
        (numeric ? k : out_arg) = parts[1];
      } else if (parts.size() == 3) {
        out_arg = parts[1];
        k = parts[2];
      }
      if (k.empty() || k.size() > 6 || k.find_first_not_of("0123456789") != std::string::npos) {
        Fail(where + " in " + PythonQuote(fname) + " has a malformed tensor " + PythonQuote(ref));
      }
      const int index = out_arg.empty() ? std::stoi(k) : OutputIndex(*node->second, out_arg, std::stoi(k));
      if (index < 0) {
        Fail(where + " in " + PythonQuote(fname) + " names output " + PythonQuote(out_arg) +
             " of " + node->second->op() + ", which has no such output");
      }
      return InputString(prefix + parts[0], index);
    };

    std::vector<NodeDef> added;
    for (const NodeDef& b : f.node_def()) {
      NodeDef n = b;
      n.set_name(prefix + b.name());
      n.clear_input();
      for (const std::string& input : b.input()) {
        if (!input.empty() && input[0] == '^') continue;
        n.add_input(resolve(input, "node " + PythonQuote(b.name())));
      }
      // Attributes a generic function leaves open are filled from the calling node.
      for (auto& [name, value] : *n.mutable_attr()) {
        if (value.value_case() != tensorflow::AttrValue::kPlaceholder) continue;
        const auto given = call.attr().find(value.placeholder());
        if (given != call.attr().end()) value = given->second;
      }
      depth_[n.name()] = depth + 1;
      added.push_back(std::move(n));
    }
    std::vector<std::string> results;
    for (const auto& out : f.signature().output_arg()) {
      const auto ret = f.ret().find(out.name());
      if (ret == f.ret().end()) {
        Fail(PythonQuote(fname) + " does not say what its output " + PythonQuote(out.name()) +
             " returns");
      }
      results.push_back(resolve(ret->second, "output " + PythonQuote(out.name())));
    }

    // The call's name stays taken, so no later node can be mistaken for it.
    removed_.insert(call_index);
    for (NodeDef& n : added) {
      names_.insert(n.name());
      graph_->add_node()->Swap(&n);
    }
    results_[call.name()] = {fname, std::move(results)};
    return record;
  }

  tensorflow::GraphDef* graph_;
  std::vector<std::string>* roots_;
  const std::string& file_name_;
  const InlineLimits limits_;
  std::map<std::string, const FunctionDef*> functions_;
  std::unordered_set<std::string> names_;
  std::unordered_map<std::string, int> depth_;
  struct Results {
    std::string function;
    std::vector<std::string> results;
  };
  std::unordered_map<std::string, Results> results_;  // by inlined call's name
  std::unordered_set<int> removed_;                    // inlined calls' indices
};

}  // namespace

std::vector<InlinedCall> InlineFunctionCalls(tensorflow::GraphDef* graph,
                                             std::vector<std::string>* roots,
                                             const std::string& file_name,
                                             const InlineLimits& limits) {
  return Inliner(graph, roots, file_name, limits).Run();
}

}  // namespace neo::tf_frontend

