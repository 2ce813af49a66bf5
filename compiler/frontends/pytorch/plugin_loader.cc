#include "compiler/frontends/pytorch/plugin_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <mutex>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/plugin_api.h"

namespace neo::pytorch_frontend {

namespace {

std::string ExecutableDir() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return "";
  std::string path(buf, static_cast<size_t>(n));
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool Exists(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

const PluginApi* OpenPlugin(const std::string& explicit_path) {
  // One plugin per process: it holds libtorch, which is never unloaded.
  static std::mutex mu;
  static const PluginApi* api = nullptr;
  std::lock_guard<std::mutex> lock(mu);
  if (api != nullptr) return api;

  const std::vector<std::string> candidates = PluginCandidates(explicit_path);
  std::string tried;
  for (const std::string& path : candidates) {
    tried += (tried.empty() ? "" : ", ") + path;
    if (!Exists(path)) continue;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      throw LoadError("The PyTorch frontend " + path + " cannot be loaded: " +
                      (why ? why : "unknown error"));
    }
    using Entry = const PluginApi* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, kPluginEntryPoint));
    const PluginApi* found = entry ? entry() : nullptr;
    if (found == nullptr || found->version != kPluginApiVersion) {
      throw LoadError("The PyTorch frontend " + path +
                      " is not the one built with this neoc (rebuild "
                      "//compiler/frontends/pytorch:libneo_pytorch_frontend.so).");
    }
    api = found;
    return api;
  }
  throw LoadError(std::string("The PyTorch frontend ") + kPluginFileName +
                  " was not found (looked for " + tried +
                  "); build //compiler/frontends/pytorch:libneo_pytorch_frontend.so "
                  "(or //compiler:neoc_all) and pass --pytorch_frontend=<path>.");
}

}  // namespace

std::vector<std::string> PluginCandidates(const std::string& explicit_path) {
  if (!explicit_path.empty()) return {explicit_path};
  const char* env = std::getenv("NEOC_PYTORCH_FRONTEND");
  if (env != nullptr && *env != '\0') return {env};
  const std::string dir = ExecutableDir();
  if (dir.empty()) return {};
  // Bazel's output tree, beside neoc, and an installed prefix's lib/neo (//:install).
  return {dir + "/frontends/pytorch/" + kPluginFileName, dir + "/" + kPluginFileName,
          dir + "/../lib/neo/" + kPluginFileName};
}

std::unique_ptr<PytorchModel> LoadPytorchModelWithPlugin(const std::string& explicit_path,
                                                         const std::string& bytes,
                                                         const std::string& file_name) {
  return OpenPlugin(explicit_path)->load(bytes, file_name);
}

std::vector<std::string> PytorchOperatorsWithPlugin(const std::string& explicit_path) {
  return OpenPlugin(explicit_path)->operators();
}

}  // namespace neo::pytorch_frontend
