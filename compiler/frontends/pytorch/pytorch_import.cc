// LoadPytorchModel: the TorchScript archive through libtorch to a frozen forward graph.
#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/serialization/import.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/graph_lowering.h"
#include "compiler/frontends/pytorch/pth_file.h"
#include "compiler/frontends/pytorch/pytorch_frontend.h"
#include "compiler/frontends/pytorch/storage_check.h"

namespace neo::pytorch_frontend {

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string Trimmed(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

// libtorch's message fit for a headline: its first non-blank line (TorchScript compile
// errors start with a newline and end the line with ':' before quoting the source),
// without the memory addresses compile errors carry and without an internal assert's
// source location and plea to report a PyTorch bug, which are not the user's business.
std::string TorchMessage(const std::string& what) {
  std::string line;
  for (size_t at = 0; at <= what.size() && line.empty();) {
    const size_t end = std::min(what.find('\n', at), what.size());
    line = Trimmed(what.substr(at, end - at));
    at = end + 1;
  }
  if (!line.empty() && line.back() == ':') line.pop_back();
  const std::string kUnit = " (of Python compilation unit at: 0x";
  for (size_t at; (at = line.find(kUnit)) != std::string::npos;) {
    const size_t close = line.find(')', at);
    if (close == std::string::npos) break;
    line.erase(at, close + 1 - at);
  }
  const size_t assert_at = line.find(" INTERNAL ASSERT FAILED at ");
  if (assert_at != std::string::npos) {
    const std::string kPlea = "please report a bug to PyTorch.";
    const size_t plea = line.find(kPlea, assert_at);
    const std::string rest =
        plea == std::string::npos ? "" : Trimmed(line.substr(plea + kPlea.size()));
    line = rest.empty() ? "check " + line.substr(0, assert_at) + " failed" : rest;
  }
  return line;
}

// Runs `step` (libtorch work on the model); an exception from libtorch becomes Load Error
// "<head>: <libtorch's message>". NeoErrors pass through.
template <typename Step>
auto Guarded(const std::string& head, Step step) -> decltype(step()) {
  try {
    return step();
  } catch (const NeoError&) {
    throw;
  } catch (const c10::Error& e) {
    throw LoadError(head + ": " + TorchMessage(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    // TorchScript compile errors (torch::jit::ErrorReport), std::out_of_range from a
    // malformed pickle, std::bad_alloc, ...
    throw LoadError(head + ": " + TorchMessage(e.what()));
  }
}

class TorchScriptModel : public PytorchModel {
 public:
  explicit TorchScriptModel(std::shared_ptr<torch::jit::Graph> graph)
      : graph_(std::move(graph)), num_inputs_(TensorInputs(*graph_).size()) {}

  size_t num_inputs() const override { return num_inputs_; }

  ir::Graph Lower(const std::vector<std::string>& input_names,
                  const std::vector<ir::Shape>& input_shapes) const override {
    try {
      GraphLowering lowering(graph_);
      return lowering.Run(input_names, input_shapes);
    } catch (const c10::Error& e) {
      // Only NeoError and the standard exceptions leave the frontend.
      throw std::runtime_error("libtorch: " + FirstLine(e.what_without_backtrace()));
    }
  }

 private:
  std::shared_ptr<torch::jit::Graph> graph_;
  size_t num_inputs_;
};

// Throws Load Error for a code file that defines a class or function twice: libtorch
// keeps the last definition without a word, so which code runs would be an accident of
// the file's order.
void CheckCodeDefinitions(const std::string& bytes, const std::string& file_name) {
  std::istringstream in(bytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  for (const std::string& record : reader.getAllRecords()) {
    if (record.rfind("code/", 0) != 0 || record.size() < 3 ||
        record.compare(record.size() - 3, 3, ".py") != 0) {
      continue;
    }
    at::DataPtr data;
    size_t size = 0;
    std::tie(data, size) = reader.getRecord(record);
    std::istringstream code(std::string(static_cast<const char*>(data.get()), size));
    std::set<std::string> defined;
    // TorchScript's printer writes top-level definitions at column 0, methods indented.
    for (std::string line; std::getline(code, line);) {
      for (const std::string kind : {"class", "def"}) {
        if (line.rfind(kind + " ", 0) != 0) continue;
        const std::string name = Trimmed(
            line.substr(kind.size() + 1, line.find_first_of("(:") - kind.size() - 1));
        if (!defined.insert(name).second) {
          throw LoadError(file_name + " is corrupt: its code file " + PythonQuote(record) +
                          " defines " + (kind == "def" ? "function " : "class ") + name +
                          " twice.");
        }
      }
    }
  }
}

torch::jit::Module LoadModule(const std::string& bytes, const std::string& file_name) {
  // The file passed CheckIsTorchScript: it has TorchScript's layout, so libtorch failing
  // to read it (a bad pickle, impossible sizes) means its contents are damaged.
  const std::string corrupt = file_name + " is corrupt: libtorch cannot read its TorchScript "
                                          "archive";
  // Before torch::jit::load: the module's __setstate__ methods, eval() and freeze() read
  // its tensors.
  Guarded(corrupt, [&] {
    CheckCodeDefinitions(bytes, file_name);
    CheckTensorStorage(bytes, file_name);
  });
  try {
    std::istringstream in(bytes);
    return torch::jit::load(in, c10::Device(c10::kCPU));
  } catch (const c10::Error& e) {
    throw LoadError(corrupt + ": " + TorchMessage(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    // Most often a compile error in the archive's code.
    throw LoadError(file_name + " cannot be loaded as a TorchScript model: " +
                    TorchMessage(e.what()));
  }
}

std::shared_ptr<torch::jit::Graph> FrozenForward(const std::string& bytes,
                                                 const std::string& file_name) {
  torch::jit::Module module = LoadModule(bytes, file_name);
  if (!Guarded(file_name + " cannot be loaded as a TorchScript model",
               [&] { return module.find_method("forward").has_value(); })) {
    throw LoadError(file_name + " is a TorchScript archive without a forward() method.");
  }
  // Inference form: dropout off, BatchNorm on its running statistics; freezing makes the
  // weights constants and inlines every submodule call into one graph.
  return Guarded(file_name + " cannot be frozen for inference", [&] {
    module.eval();
    torch::jit::Module frozen = torch::jit::freeze(module);
    std::shared_ptr<torch::jit::Graph> graph = frozen.get_method("forward").graph()->copy();
    torch::jit::Inline(*graph);
    // In-place operators (relu_, add_) become their functional forms where no alias sees
    // the difference; the walker treats the rest as writing a new version of their input.
    torch::jit::RemoveTensorMutation(graph);
    return graph;
  });
}

}  // namespace

std::unique_ptr<PytorchModel> LoadPytorchModel(const std::string& bytes,
                                               const std::string& file_name) {
  CheckIsTorchScript(bytes, file_name);
  std::shared_ptr<torch::jit::Graph> graph = FrozenForward(bytes, file_name);
  return Guarded(file_name + " cannot be read as a TorchScript model", [&] {
    CheckOperators(*graph);
    return std::make_unique<TorchScriptModel>(graph);
  });
}

}  // namespace neo::pytorch_frontend
