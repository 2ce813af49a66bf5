#include "compiler/codegen/codegen.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "compiler/codegen/kernel_member.h"
#include "compiler/codegen/model_templates.h"
#include "compiler/codegen/text_template.h"
#include "compiler/ir/op_registry.h"
#include "compiler/version.h"
#include "kernels/backend.h"

namespace neo::codegen {

namespace {

constexpr size_t kWeightAlignment = 64;

size_t AlignUp(size_t v) { return (v + kWeightAlignment - 1) / kWeightAlignment * kWeightAlignment; }

// Weights in first-use order, each 64-byte aligned so kernels may read them directly.
struct WeightLayout {
  std::vector<int64_t> offsets;  // per ValueId, -1 if not a weight
  std::vector<uint8_t> blob;
};

WeightLayout LayOutWeights(const ir::Graph& g) {
  WeightLayout w;
  w.offsets.assign(g.num_values(), -1);
  for (const ir::Node& n : g.nodes()) {
    for (ir::ValueId v : n.inputs) {
      if (v == ir::kNoValue || !g.value(v).is_constant() || w.offsets[v] >= 0) continue;
      const auto& data = *g.value(v).data;
      const size_t offset = AlignUp(w.blob.size());
      w.blob.resize(offset);
      w.blob.insert(w.blob.end(), data.begin(), data.end());
      w.offsets[v] = static_cast<int64_t>(offset);
    }
  }
  w.blob.resize(AlignUp(w.blob.size()));
  return w;
}

class Addresses : public TensorAddresses {
 public:
  Addresses(const ir::Graph& g, const WeightLayout& w, const ArenaLayout& a)
      : g_(g), w_(w), a_(a) {}
  std::string Address(ir::ValueId v) const override {
    if (g_.value(v).is_constant()) {
      used_weights_ = true;
      return "W(" + std::to_string(w_.offsets.at(v)) + ")";
    }
    const int64_t offset = a_.offsets.at(v);
    if (offset < 0) throw std::logic_error("codegen: no arena offset for " + g_.value(v).name);
    return "arena.f32(" + std::to_string(offset) + ")";
  }
  bool SameStorage(ir::ValueId x, ir::ValueId y) const override {
    return !g_.value(x).is_constant() && !g_.value(y).is_constant() &&
           a_.offsets.at(x) >= 0 && a_.offsets.at(x) == a_.offsets.at(y);
  }
  // Whether any emitted code reads the weights (a model without parameters gets no
  // W() helper, which would be an unused function).
  bool used_weights() const { return used_weights_; }

 private:
  const ir::Graph& g_;
  const WeightLayout& w_;
  const ArenaLayout& a_;
  mutable bool used_weights_ = false;
};

struct Port {
  std::string name;       // as the model names it
  std::string accessor;   // input_<id> / output_<id>
  ir::ValueId id;
  const ir::Value* value;
  int64_t offset;
  std::string note;  // for the header's comment: what reads an encoded input
  std::string layout;  // "NCHW", "NHWC", "NCW", ..., "row-major" or "encoded"
};

// The layout's name for the port's rank, outermost dimension first.
std::string PortLayout(const std::vector<std::string>& layouts, size_t index,
                       const ir::Value& v) {
  if (v.dtype == ir::DType::kBytes) return "encoded";
  const std::string base = index < layouts.size() ? layouts[index] : "";
  const size_t rank = v.shape.size();
  if (base == "NCHW") {
    if (rank == 3) return "NCW";
    if (rank == 4) return "NCHW";
    if (rank == 5) return "NCDHW";
  } else if (base == "NHWC") {
    if (rank == 3) return "NWC";
    if (rank == 4) return "NHWC";
    if (rank == 5) return "NDHWC";
  }
  return "row-major";
}

const char* CppType(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return "float";
    case ir::DType::kInt64: return "int64_t";
    case ir::DType::kInt32: return "int32_t";
    case ir::DType::kBool: return "bool";
    case ir::DType::kUInt8: return "uint8_t";
    case ir::DType::kInt8: return "int8_t";
    case ir::DType::kBytes: return "neo::Bytes";
  }
  return "";
}

const char* ElementTypeCode(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return "neo::ElementType::kFloat32";
    case ir::DType::kInt64: return "neo::ElementType::kInt64";
    case ir::DType::kInt32: return "neo::ElementType::kInt32";
    case ir::DType::kBool: return "neo::ElementType::kBool";
    case ir::DType::kUInt8: return "neo::ElementType::kUInt8";
    case ir::DType::kInt8: return "neo::ElementType::kInt8";
    case ir::DType::kBytes: return "neo::ElementType::kBytes";
  }
  return "";
}

std::string ShapeList(const ir::Shape& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out.empty() ? "1" : out;  // a scalar's shape array still needs an element
}

std::string WeightsSymbol(const CodegenOptions& o) { return WeightsSymbol(o.cpp_class); }

std::string Guard(const CodegenOptions& o) {
  std::string g = "NEO_GENERATED_";
  for (char c : o.header_path) {
    g += std::isalnum(static_cast<unsigned char>(c))
             ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
             : '_';
  }
  return g + "_";
}

std::vector<Port> Ports(const ir::Graph& g, const std::vector<ir::ValueId>& ids,
                        const ArenaLayout& a, const char* prefix,
                        const std::vector<std::string>& layouts,
                        std::vector<std::string>& taken) {
  std::vector<Port> ports;
  for (size_t i = 0; i < ids.size(); ++i) {
    const ir::ValueId id = ids[i];
    const ir::Value& v = g.value(id);
    if (v.is_constant() || a.offsets.at(id) < 0) {
      throw std::logic_error("codegen: graph port '" + v.name + "' has no arena buffer");
    }
    ports.push_back({v.name, Identifier(prefix + v.name, taken), id, &v, a.offsets.at(id), "",
                     PortLayout(layouts, i, v)});
  }
  return ports;
}

// The framework operator a node came from, or for nodes the passes made, its IR op.
std::string SourceOp(const ir::Node& n) {
  return n.source_op.empty() ? "inserted " + n.op : n.source_op;
}

struct NodeCode {
  const ir::Node* node;
  KernelMember kernel;
  std::string member;
};

bool ChecksInputs(const std::vector<NodeCode>& nodes) {
  for (const NodeCode& n : nodes) {
    if (n.kernel.checks_input) return true;
  }
  return false;
}

bool Allocates(const std::vector<NodeCode>& nodes) {
  for (const NodeCode& n : nodes) {
    if (n.kernel.allocates) return true;
  }
  return false;
}

bool UsesOnednn(const std::vector<NodeCode>& nodes) {
  for (const NodeCode& n : nodes) {
    if (n.kernel.has_backend && (n.kernel.backend == kernels::Backend::kOnednn ||
                                 n.kernel.backend == kernels::Backend::kOnednnWinograd)) {
      return true;
    }
  }
  return false;
}

std::string Namespaces(const CppClassName& c, bool open) {
  std::ostringstream out;
  if (open) {
    for (const auto& ns : c.namespaces) out << "namespace " << ns << " {\n";
    if (!c.namespaces.empty()) out << "\n";
  } else {
    for (auto it = c.namespaces.rbegin(); it != c.namespaces.rend(); ++it) {
      out << "}  // namespace " << *it << "\n";
    }
  }
  return out.str();
}

// The holes every file's banner and class name share.
TemplateHoles CommonHoles(const CodegenOptions& o) {
  return {{"NAME", o.name},
          {"NEOC_VERSION", kCompilerVersion},
          {"PROVENANCE", CommentText(o.provenance)},
          {"TARGET", o.target},
          {"CLASS", o.cpp_class.name}};
}

// What the header says about heap allocation in Run().
std::string AllocationNote(bool uses_onednn, bool allocates) {
  if (allocates) {
    return uses_onednn ? "// Run() heap-allocates: libjpeg-turbo's working memory for each JPEG, and a few\n"
                         "// small allocations per oneDNN primitive.\n"
                       : "// Run() heap-allocates libjpeg-turbo's working memory for each JPEG.\n";
  }
  return uses_onednn ? "// Run() allocates no memory of its own; oneDNN's execute call makes a few small\n"
                       "// heap allocations per primitive (compile with allocation_free_run for none).\n"
                     : "// Run() makes no heap allocation.\n";
}

// The usage example's input line: copy numbers in, or point an encoded input at bytes.
std::string UsageInput(const std::string& cls, const std::vector<Port>& inputs) {
  if (inputs.empty()) return "//   (the model takes no inputs)\n";
  if (inputs[0].value->dtype == ir::DType::kBytes) {
    return "//   *model." + inputs[0].accessor + "() = {jpeg, jpeg_size};  // kept alive through Run()\n";
  }
  return "//   std::copy(in, in + " + cls + "::kInput0Elements, model." + inputs[0].accessor + "());\n";
}

std::string Header(const CodegenOptions& o, const std::vector<Port>& inputs,
                   const std::vector<Port>& outputs, size_t arena_bytes, size_t weight_bytes,
                   bool uses_onednn, bool checks_inputs, bool allocates) {
  const std::string& cls = o.cpp_class.name;
  std::ostringstream constants, accessors;
  auto declare_shapes = [&](const std::vector<Port>& ports, const char* kind) {
    for (size_t i = 0; i < ports.size(); ++i) {
      const ir::Value& v = *ports[i].value;
      constants << "\n  // " << kind << " " << i << ": \"" << CommentText(ports[i].name) << "\", "
                << ir::DTypeName(v.dtype) << " " << ir::ShapeToString(v.shape) << ports[i].note
                << ", " << ports[i].layout
                << (v.dtype == ir::DType::kBytes ? "" : ", " + std::to_string(v.byte_size()) + " bytes")
                << ".\n"
                << "  static constexpr int k" << kind << i << "Rank = " << v.shape.size() << ";\n"
                << "  static constexpr int64_t k" << kind << i << "Shape[] = {"
                << ShapeList(v.shape) << "};\n"
                << "  static constexpr size_t k" << kind << i << "Elements = " << v.num_elements()
                << ";\n"
                << "  static constexpr size_t k" << kind << i << "Bytes = " << v.byte_size()
                << ";\n"
                << "  static constexpr char k" << kind << i << "Layout[] = \"" << ports[i].layout
                << "\";\n";
    }
  };
  declare_shapes(inputs, "Input");
  declare_shapes(outputs, "Output");
  for (const Port& p : inputs) {
    accessors << "  " << CppType(p.value->dtype) << "* " << p.accessor << "();\n";
  }
  for (const Port& p : outputs) {
    accessors << "  const " << CppType(p.value->dtype) << "* " << p.accessor << "() const;\n";
  }
  TemplateHoles h = CommonHoles(o);
  h["DIGEST_LINE"] = DigestLine(o.source_sha256);
  h["QUALIFIED_CLASS"] = o.cpp_class.Qualified();
  h["RUN_ALLOCATION_NOTE"] = AllocationNote(uses_onednn, allocates);
  h["USAGE_INPUT"] = UsageInput(cls, inputs);
  h["USAGE_RUN_STATUS"] =
      checks_inputs ? "//   if (!model.run_status().ok()) Report(model.run_status().message());  // bad JPEG\n" : "";
  h["RUN_STATUS_DECLARATION"] =
      checks_inputs ? "  // Whether Run() could decode its JPEG input(s); see neo::Model.\n"
                      "  neo::Status run_status() const override;\n"
                    : "";
  h["USAGE_OUTPUT_TYPE"] = CppType(outputs[0].value->dtype);
  h["USAGE_OUTPUT_ACCESSOR"] = outputs[0].accessor;
  h["GUARD"] = Guard(o);
  h["OPEN_NAMESPACES"] = Namespaces(o.cpp_class, true);
  h["CLOSE_NAMESPACES"] = Namespaces(o.cpp_class, false);
  h["NUM_INPUTS"] = std::to_string(inputs.size());
  h["NUM_OUTPUTS"] = std::to_string(outputs.size());
  h["ARENA_BYTES"] = std::to_string(arena_bytes);
  h["WEIGHT_BYTES"] = std::to_string(weight_bytes);
  h["PORT_CONSTANTS"] = constants.str();
  h["PORT_ACCESSORS"] = accessors.str();
  return FillTemplate(templates::kHeader, h);
}

// Kernel headers beyond those every generated .cc includes, only where the model uses
// them (so the code of models without them stays as it was).
std::string KernelIncludes(const std::vector<NodeCode>& nodes) {
  static const char* const kAlwaysIncluded[] = {
      "kernels/arena.h",   "kernels/backend.h",         "kernels/binary.h",
      "kernels/context.h", "kernels/conv2d.h",          "kernels/data_movement.h",
      "kernels/fully_connected.h", "kernels/pooling.h", "kernels/softmax.h",
      "kernels/unary.h"};
  std::vector<std::string> extra;
  for (const NodeCode& n : nodes) {
    const std::string& inc = n.kernel.include;
    if (inc.empty() || std::find(extra.begin(), extra.end(), inc) != extra.end()) continue;
    if (std::find(std::begin(kAlwaysIncluded), std::end(kAlwaysIncluded), inc) !=
        std::end(kAlwaysIncluded)) {
      continue;
    }
    extra.push_back(inc);
  }
  std::sort(extra.begin(), extra.end());
  std::string out;
  for (const std::string& inc : extra) out += "#include \"" + inc + "\"\n";
  return out;
}

// kInputs / kOutputs (neo::TensorInfo per port) and their arena offsets.
std::string InfoTable(const std::string& cls, const std::vector<Port>& ports, const char* table,
                      const char* kind) {
  std::ostringstream out;
  if (ports.empty()) {
    // No zero-length arrays in C++: a model without inputs has a one-entry placeholder
    // that num_inputs() == 0 keeps anyone from reading.
    out << "\nconst neo::TensorInfo " << table << "[] = {{\"\", neo::ElementType::kFloat32, 0, "
        << "nullptr, 0, 0, \"\"}};\nconst size_t " << table << "Offsets[] = {0};\n";
    return out.str();
  }
  out << "\nconst neo::TensorInfo " << table << "[] = {\n";
  for (size_t i = 0; i < ports.size(); ++i) {
    const ir::Value& v = *ports[i].value;
    out << "    {" << StringLiteral(ports[i].name) << ", " << ElementTypeCode(v.dtype) << ", "
        << cls << "::k" << kind << i << "Rank, " << cls << "::k" << kind << i << "Shape, "
        << cls << "::k" << kind << i << "Elements, " << cls << "::k" << kind << i << "Bytes, "
        << cls << "::k" << kind << i << "Layout},\n";
  }
  out << "};\n";
  out << "\nconst size_t " << table << "Offsets[] = {";
  for (size_t i = 0; i < ports.size(); ++i) out << (i ? ", " : "") << ports[i].offset;
  out << "};\n";
  return out.str();
}

std::string Source(const CodegenOptions& o, const std::vector<NodeCode>& nodes,
                   const std::vector<Port>& inputs, const std::vector<Port>& outputs,
                   bool uses_weights) {
  const std::string& cls = o.cpp_class.name;
  const std::string symbol = WeightsSymbol(o);
  std::ostringstream params, members, initializers, ports, run, names, cases, implementations;
  for (const NodeCode& n : nodes) {
    const KernelMember& k = n.kernel;
    if (k.params_type.empty()) continue;
    params << "\n// " << CommentText(n.node->name) << " (" << CommentText(SourceOp(*n.node))
           << "): " << CommentText(k.summary) << ".\n"
           << "neo::kernels::" << k.params_type << " " << n.member << "_params() {\n"
           << k.params_body << "}\n";
  }
  int steps = 0;
  bool serial = false;  // whether Run() is between BeginSerialSteps and EndSerialSteps
  for (const NodeCode& n : nodes) {
    const KernelMember& k = n.kernel;
    if (k.type.empty()) {
      run << "  // " << CommentText(n.node->name) << ": " << CommentText(k.summary) << ".\n";
      continue;
    }
    members << "  " << k.type << " " << n.member << ";\n";
    initializers << ",\n      " << n.member << (k.serial ? "(context.serial()" : "(context");
    if (k.serial != serial) {
      run << (k.serial ? "  impl_->context.BeginSerialSteps();  // small steps: one thread\n"
                       : "  impl_->context.EndSerialSteps();\n");
      serial = k.serial;
    }
    if (!k.params_type.empty()) initializers << ", " << n.member << "_params()";
    if (k.has_backend) initializers << ", " << kernels::BackendEnumerator(k.backend);
    for (const auto& arg : k.pointer_args) initializers << ", " << arg;
    initializers << ")";
    run << "  impl_->" << n.member << ".Run();  // " << CommentText(n.node->name);
    if (k.has_backend) run << " [" << kernels::BackendName(k.backend) << "]";
    run << "\n";
    std::string name = k.summary;
    if (k.has_backend) {
      name += std::string(" [") + kernels::BackendName(k.backend) + (k.serial ? ", 1 thread]" : "]");
    }
    names << "      " << StringLiteral(name + " " + n.node->name) << ",\n";
    implementations << "    case " << steps
                    << ":\n      return neo::kernels::ImplementationOf(impl_->" << n.member
                    << ");\n";
    if (k.serial) {
      cases << "    case " << steps++ << ":\n      impl_->context.BeginSerialSteps();\n      impl_->"
            << n.member << ".Run();\n      impl_->context.EndSerialSteps();\n      break;\n";
    } else {
      cases << "    case " << steps++ << ":\n      impl_->" << n.member << ".Run();\n      break;\n";
    }
  }
  if (serial) run << "  impl_->context.EndSerialSteps();\n";
  if (steps == 0) names << "      \"\",\n";
  for (const Port& p : inputs) {
    ports << CppType(p.value->dtype) << "* " << cls << "::" << p.accessor << "() {\n"
          << "  return impl_->arena.at<" << CppType(p.value->dtype) << ">(" << p.offset
          << ");\n}\n";
  }
  for (const Port& p : outputs) {
    ports << "const " << CppType(p.value->dtype) << "* " << cls << "::" << p.accessor
          << "() const {\n"
          << "  return impl_->arena.at<" << CppType(p.value->dtype) << ">(" << p.offset
          << ");\n}\n";
  }
  TemplateHoles h = CommonHoles(o);
  h["HEADER_PATH"] = o.header_path;
  h["KERNEL_INCLUDES"] = KernelIncludes(nodes);
  h["WEIGHTS_SYMBOL"] = symbol;
  h["WEIGHTS_ACCESSOR"] =
      uses_weights ? "\nconst float* W(size_t offset) {\n  return reinterpret_cast<const float*>(" +
                         symbol + " + offset);\n}\n"
                   : "";
  h["OPEN_NAMESPACES"] = Namespaces(o.cpp_class, true);
  h["CLOSE_NAMESPACES"] = Namespaces(o.cpp_class, false);
  h["KERNEL_PARAMS"] = params.str();
  h["INPUT_TABLE"] = InfoTable(cls, inputs, "kInputs", "Input");
  h["OUTPUT_TABLE"] = InfoTable(cls, outputs, "kOutputs", "Output");
  h["IMPL_MEMBERS"] = members.str();
  h["CONTEXT_ARGS"] =
      std::string("num_threads") + (UsesOnednn(nodes) ? ", /*xnnpack_on_calling_thread=*/true" : "");
  h["MEMBER_INITIALIZERS"] = initializers.str();
  h["PORT_DEFINITIONS"] = ports.str();
  h["RUN_STEPS"] = run.str();
  h["RUN_STATUS_DEFINITION"] =
      ChecksInputs(nodes) ? "\nneo::Status " + cls + "::run_status() const {\n"
                            "  return impl_->context.run_status();\n}\n"
                          : "";
  h["NUM_STEPS"] = std::to_string(steps);
  h["STEP_NAMES"] = names.str();
  h["STEP_CASES"] = cases.str();
  h["STEP_IMPLEMENTATIONS"] = implementations.str();
  return FillTemplate(templates::kSource, h);
}

// FNV-1a, 64 bits: a fingerprint of the weights for the .S (see templates::kAssembly).
uint64_t Fingerprint(const std::vector<uint8_t>& bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

std::string Assembly(const CodegenOptions& o, const std::vector<uint8_t>& weights) {
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof(fingerprint), "%016llx",
                static_cast<unsigned long long>(Fingerprint(weights)));
  return FillTemplate(templates::kAssembly, {{"NAME", o.name},
                                             {"NEOC_VERSION", kCompilerVersion},
                                             {"WEIGHTS_SYMBOL", WeightsSymbol(o)},
                                             {"WEIGHT_BYTES", std::to_string(weights.size())},
                                             {"FINGERPRINT", fingerprint},
                                             {"INCBIN_PATH", StringLiteral(o.incbin_path)}});
}

}  // namespace

GeneratedCode GenerateCode(const ir::Graph& graph, const ArenaLayout& arena,
                           const CodegenOptions& options) {
  WeightLayout weights = LayOutWeights(graph);
  Addresses addresses(graph, weights, arena);
  std::vector<std::string> taken;
  std::vector<Port> inputs =
      Ports(graph, graph.inputs(), arena, "input_", options.input_layouts, taken);
  std::vector<Port> outputs =
      Ports(graph, graph.outputs(), arena, "output_", options.output_layouts, taken);
  if (outputs.empty()) throw std::logic_error("codegen: a model needs at least one output");

  CodegenOptions resolved = options;
  BackendPolicy& policy = resolved.policy;
  std::vector<ir::KernelCall> calls;
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    calls.push_back(ir::KernelFor(graph, i));
    const ir::KernelCall& call = calls.back();
    // Heavy kernels are not light, so this choice does not depend on openmp_model.
    if (call.heavy && call.params) {
      const kernels::Backend b = ChooseBackend(call, policy);
      if (b == kernels::Backend::kOnednn || b == kernels::Backend::kOnednnWinograd) {
        policy.openmp_model = true;
      }
    }
  }
  policy.serial_model = RunsSerially(calls, policy);
  std::vector<NodeCode> nodes;
  std::vector<NodeChoice> choices;
  std::ostringstream report;
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    const ir::Node& n = graph.nodes()[i];
    NodeCode code{&n, EmitKernel(graph, n, calls[i], addresses, policy), ""};
    std::string lower = n.op;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    code.member = "op" + std::to_string(i) + "_" + lower;
    report << code.member << "  " << code.kernel.summary;
    if (code.kernel.has_backend) report << "  [" << kernels::BackendName(code.kernel.backend) << "]";
    report << "  " << n.name << "\n";
    NodeChoice choice{code.member, n.op, n.name, code.kernel.summary,
                      code.kernel.has_backend ? kernels::BackendName(code.kernel.backend) : "",
                      calls[i].macs, {}, n.outputs};
    for (ir::ValueId v : n.inputs) {
      if (v != ir::kNoValue) choice.inputs.push_back(v);
    }
    choices.push_back(std::move(choice));
    nodes.push_back(std::move(code));
  }

  // An encoded input is a neo::Bytes whose meaning is the kernel that checks it.
  for (Port& p : inputs) {
    if (p.value->dtype != ir::DType::kBytes) continue;
    p.note = ": one neo::Bytes";
    for (const NodeCode& n : nodes) {
      const auto& ins = n.node->inputs;
      if (n.kernel.checks_input && std::find(ins.begin(), ins.end(), p.id) != ins.end()) {
        p.note += ", read by " + n.kernel.summary;
        break;
      }
    }
  }

  GeneratedCode out;
  out.header = Header(options, inputs, outputs, arena.bytes, weights.blob.size(),
                      UsesOnednn(nodes), ChecksInputs(nodes), Allocates(nodes));
  out.source = Source(options, nodes, inputs, outputs, addresses.used_weights());
  out.assembly = Assembly(options, weights.blob);
  out.weights = std::move(weights.blob);
  out.report = report.str();
  out.nodes = std::move(choices);
  return out;
}

}  // namespace neo::codegen
