// The source frameworks Neo compiles, and their names as users and the spec write them.
#ifndef NEO_COMPILER_LOAD_FRAMEWORK_H_
#define NEO_COMPILER_LOAD_FRAMEWORK_H_

#include <string>

namespace neo {

enum class Framework { kOnnx, kPyTorch, kTensorFlow, kMXNet, kXGBoost };

// Parses a --framework value: "onnx", "pytorch", "tensorflow", "mxnet", "xgboost",
// case-insensitive (Neo's API spells them in capitals, the DESIGN in lower case).
// Anything else is a Malformed input error listing the accepted names.
Framework ParseFramework(const std::string& name);

// The lower-case flag spelling: "onnx", "pytorch", ...
const char* FrameworkFlagName(Framework fw);

// The spelling used in Neo's messages: "ONNX", "PyTorch", "TensorFlow", "MXNet", "XGBoost".
const char* FrameworkDisplayName(Framework fw);

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_FRAMEWORK_H_
