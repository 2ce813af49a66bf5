// The cases of one conformance suite binary: a generated .cc (testdata/onnx_node/suite.bzl)
// defines SuiteCases() with one entry per `pass` case, each constructing its own compiled
// model class. Linking all of a suite's models into one test binary costs one link
// instead of one per case.
#ifndef NEO_TOOLS_CONFORMANCE_SUITE_REGISTRY_H_
#define NEO_TOOLS_CONFORMANCE_SUITE_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "kernels/model.h"

namespace neo {
namespace conformance {

struct SuiteCase {
  const char* name;                                   // e.g. "test_abs"
  std::unique_ptr<neo::Model> (*create)(int threads);  // a fresh instance
  std::vector<std::string> inputs;   // .npy per model input, runfiles-relative
  std::vector<std::string> goldens;  // .npy per model output (ONNX's output_*.pb)
};

const std::vector<SuiteCase>& SuiteCases();

}  // namespace conformance
}  // namespace neo

#endif  // NEO_TOOLS_CONFORMANCE_SUITE_REGISTRY_H_
