#include "compiler/frontends/tensorflow/saved_model.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/function_inliner.h"
#include "compiler/frontends/tensorflow/graph_util.h"
#include "compiler/frontends/tensorflow/variable_freezer.h"

namespace neo::tf_frontend {
namespace {

std::string QuotedList(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& s : items) list += (list.empty() ? "" : ", ") + PythonQuote(s);
  return list;
}

const tensorflow::MetaGraphDef& PickMetaGraph(const tensorflow::SavedModel& model,
                                              const std::string& file) {
  if (model.meta_graphs_size() == 0) throw LoadError(file + " holds no meta graph.");
  if (model.meta_graphs_size() == 1) return model.meta_graphs(0);
  std::vector<std::string> details;
  for (const auto& meta : model.meta_graphs()) {
    const auto& tags = meta.meta_info_def().tags();
    if (std::find(tags.begin(), tags.end(), kServeTag) != tags.end()) return meta;
    details.push_back("tags: " + QuotedList({tags.begin(), tags.end()}));
  }
  throw NeoError(ErrorClass::kLoad,
                 file + " has " + std::to_string(model.meta_graphs_size()) +
                     " meta graphs and none is tagged 'serve'.",
                 details);
}

std::string PickSignature(const tensorflow::MetaGraphDef& meta, const std::string& requested,
                          const std::string& file) {
  std::vector<std::string> keys;
  for (const auto& [key, signature] : meta.signature_def()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  if (keys.empty()) throw LoadError(file + " has no signature.");
  auto has = [&](const std::string& k) { return meta.signature_def().count(k) != 0; };
  if (!requested.empty()) {
    if (has(requested)) return requested;
    throw LoadError(file + " has no signature " + PythonQuote(requested) +
                    "; its signatures are " + QuotedList(keys) + ".");
  }
  if (has(kDefaultSignature)) return kDefaultSignature;
  if (keys.size() == 1) return keys[0];
  throw LoadError(file + " has no signature " + PythonQuote(kDefaultSignature) +
                  " and several others, so which to compile is unclear; its signatures are " +
                  QuotedList(keys) + ".");
}

// The steps below index nodes by name and would keep one of two namesakes silently.
void CheckUniqueNodeNames(const tensorflow::GraphDef& graph, const std::string& file) {
  auto check = [&](const auto& nodes, const std::string& where) {
    std::set<std::string> names;
    for (const auto& node : nodes) {
      if (!names.insert(node.name()).second) {
        throw LoadError(file + ": " + where + " has two nodes named " + PythonQuote(node.name()) +
                        ".");
      }
    }
  };
  check(graph.node(), "the graph");
  for (const auto& function : graph.library().function()) {
    check(function.node_def(), "function " + PythonQuote(function.signature().name()));
  }
}

std::vector<GraphTensor> SignatureTensors(
    const google::protobuf::Map<std::string, tensorflow::TensorInfo>& infos,
    const std::string& signature, const std::string& file) {
  std::vector<GraphTensor> tensors;
  for (const auto& [key, info] : infos) {
    TensorRef ref;
    if (info.encoding_case() != tensorflow::TensorInfo::kName ||
        !ParseTensorRef(info.name(), &ref) || ref.control) {
      throw LoadError(file + ": signature " + PythonQuote(signature) + "'s tensor " +
                      PythonQuote(key) + " is not a dense tensor name; neoc compiles dense "
                      "tensors only.");
    }
    tensors.push_back({key, TensorString(ref)});
  }
  std::sort(tensors.begin(), tensors.end(),
            [](const GraphTensor& a, const GraphTensor& b) { return a.key < b.key; });
  return tensors;
}

}  // namespace

tensorflow::SavedModel ParseSavedModel(const ModelFile& model, bool text_proto,
                                       const ProtobufLimits& limits) {
  tensorflow::SavedModel saved;
  std::string error;
  const ProtobufParse parsed = text_proto
                                   ? ParseTextProtobuf(model.contents, limits, &saved, &error)
                                   : ParseBinaryProtobuf(model.contents, limits, &saved);
  if (parsed == ProtobufParse::kTooLarge || parsed == ProtobufParse::kTooDeep) {
    throw LoadError(model.name + " is not a valid SavedModel: " +
                    ProtobufLimitText(parsed, limits, model.contents.size()) + ".");
  }
  if (parsed != ProtobufParse::kOk && text_proto) {
    throw LoadError(model.name + " is not a valid SavedModel: " + error + ".");
  }
  if (parsed != ProtobufParse::kOk) {
    throw LoadError(model.name + " is not a valid SavedModel: it does not parse as a "
                    "SavedModel protobuf.");
  }
  return saved;
}

FrozenGraph FreezeSavedModel(const ModelFiles& files, const std::string& signature_key,
                             const ProtobufLimits& limits) {
  const std::string& file = files.model.name;
  tensorflow::SavedModel saved = ParseSavedModel(files.model, files.text_proto, limits);
  const tensorflow::MetaGraphDef& meta = PickMetaGraph(saved, file);
  const std::string signature = PickSignature(meta, signature_key, file);
  const tensorflow::SignatureDef& def = meta.signature_def().at(signature);

  FrozenGraph frozen;
  frozen.inputs = SignatureTensors(def.inputs(), signature, file);
  frozen.outputs = SignatureTensors(def.outputs(), signature, file);

  tensorflow::GraphDef graph = meta.graph_def();
  CheckUniqueNodeNames(graph, file);
  // Roots: outputs first, then inputs, which stay even when no output needs them.
  std::vector<std::string> roots;
  for (const GraphTensor& t : frozen.outputs) roots.push_back(t.tensor);
  for (const GraphTensor& t : frozen.inputs) roots.push_back(t.tensor);

  const std::vector<InlinedCall> calls = InlineFunctionCalls(&graph, &roots, file);
  for (size_t i = 0; i < frozen.outputs.size(); ++i) frozen.outputs[i].tensor = roots[i];
  for (size_t i = 0; i < frozen.inputs.size(); ++i) {
    frozen.inputs[i].tensor = roots[frozen.outputs.size() + i];
  }

  VariableFreezer freezer(files, meta);
  freezer.NoteCaptures(graph, calls);
  freezer.Freeze(&graph, roots);
  PruneToRoots(&graph, roots, file);
  graph.clear_library();
  frozen.graph = std::move(graph);
  return frozen;
}

}  // namespace neo::tf_frontend
