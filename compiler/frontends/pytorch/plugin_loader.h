// Loads the PyTorch frontend plugin (libneo_pytorch_frontend.so) into neoc on demand.
//
// libtorch costs about a second of start-up (its operator registry) and a long link, so
// neoc does not link it: ONNX compilations never load it, and Bazel builds the plugin
// only for neo_model_library targets with framework = "pytorch".
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_LOADER_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "compiler/frontends/pytorch/pytorch_frontend.h"

namespace neo::pytorch_frontend {

// Where the plugin is looked for, in order: `explicit_path` when not empty (neoc's
// --pytorch_frontend), else $NEOC_PYTORCH_FRONTEND, else beside the running executable
// as Bazel lays it out (<dir>/frontends/pytorch/libneo_pytorch_frontend.so, then
// <dir>/libneo_pytorch_frontend.so).
std::vector<std::string> PluginCandidates(const std::string& explicit_path);

// LoadPytorchModel (pytorch_frontend.h) through the plugin. Throws Load Error when no
// candidate exists or it cannot be loaded, naming the paths tried and how to build it.
std::unique_ptr<PytorchModel> LoadPytorchModelWithPlugin(const std::string& explicit_path,
                                                         const std::string& bytes,
                                                         const std::string& file_name);

// PytorchOperators (pytorch_frontend.h) through the plugin; Load Error as above.
std::vector<std::string> PytorchOperatorsWithPlugin(const std::string& explicit_path);

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_LOADER_H_
