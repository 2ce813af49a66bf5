// LoadPytorchModel: the TorchScript archive through libtorch to a frozen forward graph.
#include <sstream>

#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/serialization/import.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/graph_lowering.h"
#include "compiler/frontends/pytorch/pth_file.h"
#include "compiler/frontends/pytorch/pytorch_frontend.h"

namespace neo::pytorch_frontend {

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

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

std::shared_ptr<torch::jit::Graph> FrozenForward(const std::string& bytes,
                                                 const std::string& file_name) {
  torch::jit::Module module;
  try {
    std::istringstream in(bytes);
    module = torch::jit::load(in, c10::Device(c10::kCPU));
  } catch (const c10::Error& e) {
    throw LoadError(file_name + " cannot be loaded as a TorchScript model: " +
                    FirstLine(e.what_without_backtrace()) + " " + kSaveTorchScriptAdvice);
  }
  if (!module.find_method("forward")) {
    throw LoadError(file_name + " is a TorchScript archive without a forward() method.");
  }
  // Inference form: dropout off, BatchNorm on its running statistics; freezing makes the
  // weights constants and inlines every submodule call into one graph.
  module.eval();
  torch::jit::Module frozen;
  try {
    frozen = torch::jit::freeze(module);
  } catch (const c10::Error& e) {
    throw LoadError(file_name + " cannot be frozen for inference: " +
                    FirstLine(e.what_without_backtrace()));
  }
  std::shared_ptr<torch::jit::Graph> graph = frozen.get_method("forward").graph()->copy();
  torch::jit::Inline(*graph);
  // In-place operators (relu_, add_) become their functional forms where no alias sees
  // the difference; the walker treats the rest as writing a new version of their input.
  torch::jit::RemoveTensorMutation(graph);
  return graph;
}

}  // namespace

std::unique_ptr<PytorchModel> LoadPytorchModel(const std::string& bytes,
                                               const std::string& file_name) {
  CheckIsTorchScript(bytes, file_name);
  try {
    std::shared_ptr<torch::jit::Graph> graph = FrozenForward(bytes, file_name);
    CheckOperators(*graph);
    return std::make_unique<TorchScriptModel>(graph);
  } catch (const c10::Error& e) {
    throw LoadError(file_name + " cannot be read as a TorchScript model: " +
                    FirstLine(e.what_without_backtrace()));
  }
}

}  // namespace neo::pytorch_frontend
