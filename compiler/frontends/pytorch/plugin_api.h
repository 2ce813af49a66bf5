// The one symbol libneo_pytorch_frontend.so exports, and what it returns.
//
// neoc and the plugin are built from the same sources by the same toolchain in one Bazel
// build, so C++ types cross the boundary: the version number only guards against a
// plugin from another build being picked up by path.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_API_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_API_H_

#include <memory>
#include <string>
#include <vector>

#include "compiler/frontends/pytorch/pytorch_frontend.h"

namespace neo::pytorch_frontend {

inline constexpr int kPluginApiVersion = 3;
inline constexpr char kPluginEntryPoint[] = "neo_pytorch_frontend_plugin";
inline constexpr char kPluginFileName[] = "libneo_pytorch_frontend.so";

struct PluginApi {
  int version;
  std::unique_ptr<PytorchModel> (*load)(const std::string& bytes, const std::string& file_name);
  // The operator table's names ("aten::conv2d", ...), sorted.
  std::vector<std::string> (*operators)();
};

}  // namespace neo::pytorch_frontend

extern "C" const neo::pytorch_frontend::PluginApi* neo_pytorch_frontend_plugin();

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_PLUGIN_API_H_
