// The data shape JSON: parsing in each framework's flavour, then matching against a
// model's declared inputs.
#include <vector>

#include "compiler/fuzz/fuzz_target.h"
#include "compiler/load/data_shape.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  if (size == 0) return 0;
  // The first byte picks the framework, the rest is the JSON.
  static const Framework kFrameworks[] = {Framework::kOnnx, Framework::kPyTorch,
                                          Framework::kTensorFlow, Framework::kMXNet,
                                          Framework::kXGBoost};
  const Framework fw = kFrameworks[data[0] % 5];
  fuzz::ExpectNeoErrorsOnly([&] {
    const DataShape shape = ParseDataShape(fuzz::Bytes(data + 1, size - 1), fw);
    ModelInputSpec image{"data", 4, {1, 3, -1, -1}};
    ModelInputSpec unknown{"input1", -1, {}};
    CheckDataShape(shape, {image, unknown});
  });
  return 0;
}
