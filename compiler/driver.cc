#include "compiler/driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <stdexcept>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/trees/tree_codegen.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/mx_import.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/frontends/pytorch/plugin_loader.h"
#include "compiler/frontends/tensorflow/saved_model.h"
#include "compiler/frontends/tensorflow/tf_import.h"
#include "compiler/frontends/xgboost/xgboost_import.h"
#include "compiler/load/data_shape.h"
#include "compiler/load/framework.h"
#include "compiler/load/model_files.h"
#include "compiler/passes/interface_layout.h"
#include "compiler/passes/memory_plan.h"
#include "compiler/passes/pipeline.h"
#include "compiler/report/graph_dot.h"
#include "compiler/targets.h"

namespace neo {

void MaybeInjectFault(const char* stage) {
  const char* wanted = std::getenv("NEOC_INJECT_FAULT");
  if (wanted && std::strcmp(wanted, stage) == 0) {
    throw std::runtime_error(std::string("injected fault in stage ") + stage);
  }
}

namespace {

void CheckName(const std::string& name) {
  bool ok = !name.empty();
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok) {
    throw MalformedInputError("--name '" + name +
                              "' must be letters, digits and underscores (it names the files).");
  }
}

// Shapes come from files: a few bytes (an Expand, a Fill) can describe a tensor larger
// than any machine's memory, or one whose size overflows. Such a model is refused before
// the memory planner adds up offsets.
void CheckTensorSizes(const ir::Graph& graph) {
  constexpr size_t kMaxTensorBytes = size_t{1} << 40;
  for (const ir::Node& node : graph.nodes()) {
    for (ir::ValueId id : node.outputs) {
      if (id == ir::kNoValue) continue;
      const ir::Value& v = graph.value(id);
      if (!v.has_shape || v.byte_size() <= kMaxTensorBytes) continue;
      const std::string& op = node.source_op.empty() ? node.op : node.source_op;
      throw MalformedInputError("node '" + node.name + "' (" + op + ") makes tensor '" +
                                v.name + "' of shape " + ir::ShapeToString(v.shape) +
                                ", more than the 2^40 bytes neoc compiles for one tensor.");
    }
  }
}

// The model's inputs as the shape checker sees them, plus the lowering it feeds.
struct Frontend {
  std::vector<ModelInputSpec> inputs;
  std::function<ir::Graph(const std::vector<InputShape>&)> lower;
  // Checks made with the data shape before the general matching, for a message that
  // knows the framework (may be empty).
  std::function<void(const DataShape&)> check_data_shape;
};

Frontend OnnxFrontend(const ModelFiles& files, const ProtobufLimits& limits) {
  auto model = onnx_frontend::ParseOnnxModel(files.model.contents, files.model.name, limits);
  Frontend f;
  for (const auto& in : onnx_frontend::OnnxModelInputs(*model)) {
    ModelInputSpec spec;
    spec.name = in.name;
    spec.rank = in.has_rank ? static_cast<int>(in.dims.size()) : -1;
    spec.dims = in.dims;
    f.inputs.push_back(spec);
  }
  f.lower = [model](const std::vector<InputShape>& inputs) {
    std::vector<ir::Shape> shapes;
    for (const InputShape& s : inputs) shapes.push_back(s.dims);
    return onnx_frontend::LowerOnnxModel(*model, shapes);
  };
  return f;
}

// TorchScript records no input names or shapes: forward()'s tensor inputs are input0,
// input1, ... of unknown rank, and the data shape's entries are matched in order.
Frontend PytorchFrontend(const ModelFiles& files, const std::string& plugin) {
  std::shared_ptr<pytorch_frontend::PytorchModel> model =
      pytorch_frontend::LoadPytorchModelWithPlugin(plugin, files.model.contents, files.model.name);
  Frontend f;
  for (size_t i = 0; i < model->num_inputs(); ++i) {
    ModelInputSpec spec;
    spec.name = "input" + std::to_string(i);
    f.inputs.push_back(spec);
  }
  f.lower = [model](const std::vector<InputShape>& inputs) {
    std::vector<std::string> names;
    std::vector<ir::Shape> shapes;
    for (const InputShape& s : inputs) {
      names.push_back(s.name);
      shapes.push_back(s.dims);
    }
    return model->Lower(names, shapes);
  };
  return f;
}

// TensorFlow names inputs by Placeholder (frozen graph) or signature key (SavedModel).
Frontend TensorFlowFrontend(const ModelFiles& files, const std::string& signature,
                            const ProtobufLimits& limits) {
  auto graph = std::make_shared<tf_frontend::FrozenGraph>(
      files.tensorflow_format == TensorFlowFormat::kSavedModel
          ? tf_frontend::FreezeSavedModel(files, signature, limits)
          : tf_frontend::FreezeGraphDef(tf_frontend::ParseGraphDef(
                files.model.contents, files.model.name, files.text_proto, limits)));
  tf_frontend::CheckOperators(*graph);
  Frontend f;
  for (const auto& in : tf_frontend::TfModelInputs(*graph)) {
    ModelInputSpec spec;
    spec.name = in.key;
    spec.rank = in.rank;
    spec.dims = in.dims;
    f.inputs.push_back(spec);
  }
  f.lower = [graph](const std::vector<InputShape>& inputs) {
    std::vector<ir::Shape> shapes;
    for (const InputShape& s : inputs) shapes.push_back(s.dims);
    return tf_frontend::LowerTfModel(*graph, shapes);
  };
  return f;
}

// MXNet's inputs are the variables no parameter gives a value (NCHW, by name).
Frontend MxnetFrontend(const ModelFiles& files) {
  auto model = std::make_shared<mx_frontend::MxModel>(mx_frontend::ReadMxModel(
      files.model.contents, files.model.name, files.params.contents, files.params.name));
  mx_frontend::CheckOperators(*model);
  Frontend f;
  for (const auto& in : mx_frontend::MxModelInputs(*model)) {
    ModelInputSpec spec;
    spec.name = in.name;
    f.inputs.push_back(spec);
  }
  f.check_data_shape = [model](const DataShape& shape) {
    std::vector<std::string> named;
    for (const InputShape& s : shape.inputs) named.push_back(s.name);
    if (!shape.list_form) mx_frontend::CheckInputsNamed(*model, named);
  };
  f.lower = [model](const std::vector<InputShape>& inputs) {
    std::vector<ir::Shape> shapes;
    for (const InputShape& s : inputs) shapes.push_back(s.dims);
    return mx_frontend::LowerMxModel(*model, shapes);
  };
  return f;
}

// TensorFlow users often write a tensor name ("input:0") where the input's name is
// meant; such a name is read as the input's.
void StripTensorSuffixes(DataShape& shape, const std::vector<ModelInputSpec>& inputs) {
  for (InputShape& s : shape.inputs) {
    const size_t colon = s.name.rfind(':');
    if (colon == std::string::npos || s.name.substr(colon) != ":0") continue;
    const std::string base = s.name.substr(0, colon);
    for (const ModelInputSpec& in : inputs) {
      if (in.name == base) s.name = base;
    }
  }
}

Frontend SelectFrontend(Framework fw, const ModelFiles& files, const CompileOptions& o) {
  if (fw == Framework::kOnnx) return OnnxFrontend(files, o.protobuf_limits);
  if (fw == Framework::kPyTorch) return PytorchFrontend(files, o.pytorch_frontend);
  if (fw == Framework::kTensorFlow) {
    return TensorFlowFrontend(files, o.signature, o.protobuf_limits);
  }
  if (fw == Framework::kMXNet) return MxnetFrontend(files);
  throw LoadError(std::string("The ") + FrameworkDisplayName(fw) +
                  " frontend is not part of this version of neoc; the tarball itself is valid.");
}

// Writes all files or none: each goes to a temporary name first and is renamed into
// place only when every one was written.
class OutputWriter {
 public:
  explicit OutputWriter(std::string dir) : dir_(std::move(dir)) {}
  ~OutputWriter() {
    for (const auto& t : temps_) ::unlink(t.c_str());
  }
  void Add(const std::string& file, const void* data, size_t size) {
    AddAt(dir_ + "/" + file, data, size);
  }
  // A file outside the output folder (neoc --graph), committed with the rest.
  void AddAt(const std::string& path, const void* data, size_t size) {
    const std::string temp = path + ".tmp" + std::to_string(::getpid());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) Fail(errno, path);
    temps_.push_back(temp);
    const char* p = static_cast<const char*>(data);
    size_t left = size;
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int err = errno;
        ::close(fd);
        Fail(err, path);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    if (::close(fd) != 0) Fail(errno, path);
    finals_.push_back(path);
  }
  void Commit() {
    for (size_t i = 0; i < temps_.size(); ++i) {
      if (::rename(temps_[i].c_str(), finals_[i].c_str()) != 0) Fail(errno, finals_[i]);
    }
    temps_.clear();
  }

 private:
  [[noreturn]] static void Fail(int err, const std::string& path) {
    if (err == EACCES || err == EPERM || err == EROFS) {
      throw PermissionError("Access Denied when writing " + path);
    }
    throw MalformedInputError("Cannot write " + path + ": " + std::strerror(err));
  }
  std::string dir_;
  std::vector<std::string> temps_, finals_;
};

// Wall time per phase, for the report; with `progress`, each phase's end on stderr too.
class PhaseClock {
 public:
  PhaseClock(std::vector<std::pair<std::string, double>>* phases, bool progress)
      : phases_(phases), progress_(progress), last_(std::chrono::steady_clock::now()) {}
  void Lap(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    phases_->emplace_back(phase, ms);
    last_ = now;
    if (progress_) std::fprintf(stderr, "neoc: %s done (%.0f ms)\n", phase, ms);
  }
  void Note(const std::string& what) {
    if (progress_) std::fprintf(stderr, "neoc: %s\n", what.c_str());
  }

 private:
  std::vector<std::pair<std::string, double>>* phases_;
  bool progress_;
  std::chrono::steady_clock::time_point last_;
};

// The report files, without times: they must be as reproducible as the code.
void AddReportFiles(const CompileOptions& o, const report::CompileReport& r, OutputWriter* w) {
  if (!o.write_report) return;
  const std::string text = report::ReportText(r, /*with_times=*/false);
  const std::string json = report::ReportJson(r, /*with_times=*/false);
  w->Add(o.name + "_report.txt", text.data(), text.size());
  w->Add(o.name + "_report.json", json.data(), json.size());
}

// neoc --graph: the compiled graph for Graphviz, coloured by o.graph_profile if given.
void AddGraphFile(const CompileOptions& o, const report::DotGraph& g, OutputWriter* w) {
  if (o.graph_path.empty()) return;
  std::map<std::string, double> profile;
  if (!o.graph_profile.empty()) {
    std::ifstream in(o.graph_profile);
    if (!in) throw MalformedInputError("Cannot read --graph_profile " + o.graph_profile + ".");
    profile = report::ParseProfile(std::string(std::istreambuf_iterator<char>(in), {}));
    if (profile.empty()) {
      throw MalformedInputError("--graph_profile " + o.graph_profile + " holds no profile "
                                "lines (\"  0.123 ms  4.5%  op3_conv2d\", as a benchmark's "
                                "--profile prints them)");
    }
  }
  const std::string dot = report::GraphDot(g, profile);
  w->AddAt(o.graph_path, dot.data(), dot.size());
}

report::NodeLine LineOf(const codegen::NodeChoice& c) {
  return {c.member, c.op, c.name, c.kernel, c.backend, c.macs};
}

report::DotGraph DotGraphOf(const ir::Graph& graph, const passes::MemoryPlan& plan,
                            const report::CompileReport& r,
                            const std::vector<codegen::NodeChoice>& choices) {
  report::DotGraph d;
  d.title = r.model;
  d.passes = r.passes;
  std::vector<bool> input(graph.num_values(), false), output(graph.num_values(), false);
  for (ir::ValueId v : graph.inputs()) input[static_cast<size_t>(v)] = true;
  for (ir::ValueId v : graph.outputs()) output[static_cast<size_t>(v)] = true;
  for (size_t v = 0; v < graph.num_values(); ++v) {
    const ir::Value& value = graph.value(static_cast<ir::ValueId>(v));
    report::DotValue dv;
    dv.name = value.name;
    dv.type = std::string(ir::DTypeName(value.dtype)) + " " + ir::ShapeToString(value.shape);
    dv.kind = input[v] ? report::DotValue::Kind::kInput
              : value.is_constant() ? report::DotValue::Kind::kConstant
                                    : report::DotValue::Kind::kTensor;
    dv.offset = v < plan.offsets.size() ? plan.offsets[v] : -1;
    dv.graph_output = output[v];
    d.values.push_back(std::move(dv));
  }
  for (const codegen::NodeChoice& c : choices) {
    d.nodes.push_back({LineOf(c), {c.inputs.begin(), c.inputs.end()},
                       {c.outputs.begin(), c.outputs.end()}});
  }
  return d;
}

// XGBoost: a tree ensemble, no graph passes; the code is a header, a source and
// o.shards tree files.
void CompileTrees(const CompileOptions& o, const ModelFiles& files,
                  const codegen::CodegenOptions& cg, const Target& target, PhaseClock* clock,
                  report::CompileReport* r) {
  if (o.shards < 1 || o.shards > 256) {
    throw MalformedInputError("--shards must be between 1 and 256, not " +
                              std::to_string(o.shards) + ".");
  }
  MaybeInjectFault("frontend");
  const ir::TreeEnsemble ensemble =
      xgboost_frontend::ReadXgboostModel(files.model.contents, files.model.name);
  clock->Lap("frontend");
  MaybeInjectFault("codegen");
  codegen::trees::TreeCodegenOptions t;
  t.name = o.name;
  t.cpp_class = cg.cpp_class;
  t.header_path = o.header_path.empty() ? o.name + ".h" : o.header_path;
  t.provenance = o.model_path.substr(o.model_path.find_last_of('/') + 1) + " (xgboost)";
  t.source_sha256 = files.sha256;
  t.target = target.name;
  t.shards = o.shards;
  const auto out = codegen::trees::GenerateTreeCode(ensemble, t);
  r->trees = std::to_string(ensemble.trees.size()) + " trees (" + ensemble.objective + ") in " +
             std::to_string(o.shards) + " shard(s)";
  clock->Lap("codegen");
  MaybeInjectFault("write");
  OutputWriter writer(o.output_dir);
  for (const auto& f : out) writer.Add(f.name, f.contents.data(), f.contents.size());
  AddReportFiles(o, *r, &writer);
  // The graph of a tree ensemble: one step, Predict.
  report::DotGraph g;
  g.title = r->model;
  g.nodes.push_back({{"Predict", "TreeEnsemble", files.model.name, r->trees, "", 0}, {}, {}});
  AddGraphFile(o, g, &writer);
  writer.Commit();
  clock->Lap("write");
}

// Where in the input the compile is: filled in as it gets there, so an error can say it.
struct Location {
  std::string file, member;
};

CompileResult CompileModel(const CompileOptions& o, Location* at) {
  const Framework fw = ParseFramework(o.framework);
  CheckName(o.name);
  const Target target = ResolveTarget(o.target);
  if (o.policy.conv_algorithm == codegen::ConvAlgorithm::kWinograd &&
      target.family != codegen::CpuFamily::kX86Avx512) {
    throw MalformedInputError("--conv_algorithm=winograd needs an AVX-512 target; " +
                              target.name + " is " + CpuFamilyName(target.family) + ".");
  }
  codegen::CodegenOptions cg;
  cg.name = o.name;
  cg.cpp_class = codegen::ParseCppClass(o.cpp_class.empty() ? codegen::CamelCase(o.name)
                                                            : o.cpp_class);
  if (o.output_dir.empty()) throw MalformedInputError("--output_dir is required.");
  struct stat st;
  if (::stat(o.output_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw MalformedInputError("Output directory " + o.output_dir + " does not exist.");
  }

  CompileResult result;
  report::CompileReport& r = result.report;
  PhaseClock clock(&r.phase_ms, o.progress);
  clock.Note("compiling " + o.model_path + " for " + target.name);
  MaybeInjectFault("load");
  at->file = o.model_path;
  ModelFiles files = LoadModelArchive(o.model_path, fw, o.archive_limits);
  // MXNet's two files are read by one frontend call, so an error there names neither.
  if (fw != Framework::kMXNet) at->member = files.model.name;
  DataShape data_shape = ParseDataShape(o.data_shape, fw);
  r.model = o.model_path.substr(o.model_path.find_last_of('/') + 1);
  r.framework = FrameworkFlagName(fw);
  r.target = target.name;
  r.sha256 = files.sha256;
  clock.Lap("load");
  if (fw == Framework::kXGBoost) {
    CompileTrees(o, files, cg, target, &clock, &r);
    return result;
  }

  MaybeInjectFault("frontend");
  Frontend frontend = SelectFrontend(fw, files, o);
  // PyTorch takes the dictionary form "in order" (spec): its names name the generated
  // API's inputs rather than select the model's.
  std::vector<std::string> pytorch_names;
  if (fw == Framework::kPyTorch && !data_shape.list_form) {
    for (const InputShape& s : data_shape.inputs) pytorch_names.push_back(s.name);
    data_shape.list_form = true;
  }
  if (fw == Framework::kTensorFlow) StripTensorSuffixes(data_shape, frontend.inputs);
  if (frontend.check_data_shape) frontend.check_data_shape(data_shape);
  std::vector<InputShape> inputs = CheckDataShape(data_shape, frontend.inputs);
  for (size_t i = 0; i < pytorch_names.size(); ++i) inputs[i].name = pytorch_names[i];
  ir::Graph graph = frontend.lower(inputs);
  CheckTensorSizes(graph);
  for (const ir::Node& n : graph.nodes()) ++r.frontend_ops[n.op];
  clock.Lap("frontend");
  clock.Note(std::to_string(graph.nodes().size()) + " nodes from the frontend");

  // The source model's layouts, before the passes move spatial operators to NHWC.
  const passes::InterfaceLayouts layouts = passes::FindInterfaceLayouts(graph);
  cg.input_layouts = layouts.inputs;
  cg.output_layouts = layouts.outputs;

  MaybeInjectFault("passes");
  std::vector<passes::PassStep> steps;
  passes::PassOptions pass_options;
  pass_options.onednn_convolutions =
      target.family != codegen::CpuFamily::kAArch64 && !o.policy.allocation_free_run;
  passes::RunStandardPasses(graph, &steps, pass_options);
  for (passes::PassStep& s : steps) {
    if (!s.change.empty()) r.passes.push_back({s.pass, std::move(s.change)});
  }
  clock.Lap("passes");
  const passes::MemoryPlan plan = passes::PlanMemory(graph);
  clock.Lap("memory plan");

  MaybeInjectFault("codegen");
  codegen::ArenaLayout arena;
  arena.offsets = plan.offsets;
  arena.bytes = plan.total_bytes;
  cg.header_path = o.header_path.empty() ? o.name + ".h" : o.header_path;
  cg.incbin_path = o.incbin_path.empty() ? o.name + "_weights.bin" : o.incbin_path;
  std::string base = o.model_path.substr(o.model_path.find_last_of('/') + 1);
  cg.provenance = base + " (" + FrameworkFlagName(fw) + ")";
  cg.source_sha256 = files.sha256;
  cg.target = target.name;
  cg.policy = o.policy;
  cg.policy.cpu_family = target.family;
  codegen::GeneratedCode code = codegen::GenerateCode(graph, arena, cg);
  for (const codegen::NodeChoice& c : code.nodes) r.nodes.push_back(LineOf(c));
  r.arena_bytes = arena.bytes;
  r.weight_bytes = code.weights.size();
  clock.Lap("codegen");

  MaybeInjectFault("write");
  OutputWriter writer(o.output_dir);
  writer.Add(o.name + ".h", code.header.data(), code.header.size());
  writer.Add(o.name + ".cc", code.source.data(), code.source.size());
  writer.Add(o.name + "_weights.S", code.assembly.data(), code.assembly.size());
  writer.Add(o.name + "_weights.bin", code.weights.data(), code.weights.size());
  AddReportFiles(o, r, &writer);
  AddGraphFile(o, DotGraphOf(graph, plan, r, code.nodes), &writer);
  writer.Commit();
  clock.Lap("write");
  return result;
}

}  // namespace

CompileResult Compile(const CompileOptions& o) {
  Location at;
  try {
    return CompileModel(o, &at);
  } catch (NeoError& e) {
    if (e.file().empty()) e.set_file(at.file);
    if (e.member().empty()) e.set_member(at.member);
    throw;
  }
}

}  // namespace neo
