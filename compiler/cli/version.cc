#include "compiler/cli/version.h"

#include <cstring>
#include <iomanip>
#include <sstream>

#include "compiler/version.h"
#include "system_versions.h"

namespace neo::cli {

namespace {

struct Library {
  const char* name;
  const char* package;  // Debian's -dev package (third_party/repositories.bzl lists it)
  const char* use;
};

// neoc links the first group; the generated code links the second.
constexpr Library kCompilerLibraries[] = {
    {"protobuf", "libprotobuf-dev", "ONNX and TensorFlow files"},
    {"ONNX", "libonnx-dev", "the ONNX schema and checker"},
    {"libarchive", "libarchive-dev", "model tarballs"},
    {"gflags", "libgflags-dev", "flags"},
    {"nlohmann-json", "nlohmann-json3-dev", "data shapes, MXNet symbols, XGBoost JSON"},
    {"libtorch", "libtorch-dev", "the PyTorch frontend plugin"},
};
constexpr Library kKernelLibraries[] = {
    {"oneDNN", "libdnnl-dev", "convolution, matmul and pooling kernels"},
    {"XNNPACK", "libxnnpack-dev", "kernels for small and depthwise layers"},
    {"pthreadpool", "libpthreadpool-dev", "XNNPACK's threads"},
    {"libjpeg-turbo", "libjpeg62-turbo-dev", "models with JPEG inputs"},
};

const char* PackageVersion(const char* package) {
  for (const SystemPackage& p : kSystemPackages) {
    if (std::strcmp(p.name, package) == 0) return p.version;
  }
  return "unknown";
}

template <size_t N>
void PrintLibraries(std::ostringstream& out, const Library (&libraries)[N]) {
  for (const Library& l : libraries) {
    out << "  " << std::left << std::setw(15) << l.name << std::setw(28)
        << PackageVersion(l.package) << l.package << ": " << l.use << "\n";
  }
}

}  // namespace

std::string VersionText() {
  std::ostringstream out;
  out << "neoc " << kCompilerVersion << "\n"
      << "neoc links (Debian package versions when it was built):\n";
  PrintLibraries(out, kCompilerLibraries);
  out << "generated code links:\n";
  PrintLibraries(out, kKernelLibraries);
  return out.str();
}

}  // namespace neo::cli
