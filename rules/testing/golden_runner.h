// Drives any neo::Model against .npy inputs and goldens: the body of every
// neo_model_test. Kept apart from main() so it can be tested with a fake model.
#ifndef NEO_RULES_TESTING_GOLDEN_RUNNER_H_
#define NEO_RULES_TESTING_GOLDEN_RUNNER_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "kernels/model.h"
#include "rules/testing/compare.h"
#include "rules/testing/npy.h"

namespace neo {
namespace testing {

struct GoldenTestConfig {
  // One file per model input, in model order: a .npy, or for an input of JPEG bytes
  // (ElementType::kBytes) the .jpg itself.
  std::vector<std::string> inputs;
  // The goldens, in one of two forms (not both): `goldens`, one .npy per model output in
  // model order; or `named_goldens`, (output name, .npy) pairs for any subset of the
  // outputs. Outputs without a golden are logged as not checked.
  std::vector<std::string> goldens;
  std::vector<std::pair<std::string, std::string>> named_goldens;
  Tolerance tolerance;
};

// Loads the inputs (dtype and shape must match input_info; float64 data is rounded to a
// float32 input; a kBytes input is pointed at its file's bytes), runs the model, fails
// when run_status() is not ok, compares each output with its golden by numpy.allclose
// rules and logs one line per output; then runs again and requires every output to be
// bit-for-bit identical to the first run. Returns true iff everything passed. Problems
// with the files themselves are logged as failures, never thrown.
//
// The model keeps pointing at the kBytes inputs' bytes: they are left in
// `encoded_inputs` for runs after this one. Without it, those inputs are emptied before
// returning (a later Run() then reports an empty input rather than read freed memory).
bool RunGoldenTest(neo::Model& model, const GoldenTestConfig& config, std::ostream& log,
                   std::vector<std::string>* encoded_inputs = nullptr);

// The .npy dtype that holds a model tensor of `type` ('<f4' for kFloat32, ...).
NpyType NpyTypeFor(neo::ElementType type);

}  // namespace testing
}  // namespace neo

#endif  // NEO_RULES_TESTING_GOLDEN_RUNNER_H_
