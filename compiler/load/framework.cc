#include "compiler/load/framework.h"

#include <cctype>

#include "compiler/diagnostics/diagnostics.h"

namespace neo {
namespace {

constexpr Framework kAll[] = {Framework::kOnnx, Framework::kPyTorch, Framework::kTensorFlow,
                              Framework::kMXNet, Framework::kXGBoost};

}  // namespace

const char* FrameworkFlagName(Framework fw) {
  switch (fw) {
    case Framework::kOnnx: return "onnx";
    case Framework::kPyTorch: return "pytorch";
    case Framework::kTensorFlow: return "tensorflow";
    case Framework::kMXNet: return "mxnet";
    case Framework::kXGBoost: return "xgboost";
  }
  return "unknown";
}

const char* FrameworkDisplayName(Framework fw) {
  switch (fw) {
    case Framework::kOnnx: return "ONNX";
    case Framework::kPyTorch: return "PyTorch";
    case Framework::kTensorFlow: return "TensorFlow";
    case Framework::kMXNet: return "MXNet";
    case Framework::kXGBoost: return "XGBoost";
  }
  return "unknown";
}

Framework ParseFramework(const std::string& name) {
  std::string lower;
  for (unsigned char c : name) lower += static_cast<char>(std::tolower(c));
  for (Framework fw : kAll) {
    if (lower == FrameworkFlagName(fw)) return fw;
  }
  std::string accepted;
  for (Framework fw : kAll) {
    if (!accepted.empty()) accepted += ", ";
    accepted += FrameworkFlagName(fw);
  }
  throw MalformedInputError("unknown framework " + PythonQuote(name) +
                            "; expected one of: " + accepted);
}

}  // namespace neo
