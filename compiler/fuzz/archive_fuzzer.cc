// The tarball loader: unpacking (gzip or plain tar) and each framework's rules for which
// members a model needs.
#include <vector>

#include "compiler/fuzz/fuzz_target.h"
#include "compiler/load/archive.h"
#include "compiler/load/model_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  fuzz::ExpectNeoErrorsOnly([&] {
    ArchiveLimits limits;
    limits.max_total_bytes = 64 << 20;  // the fuzzer's memory, not the default's 4 GiB
    const ArchiveContents contents = ReadTarGz(fuzz::Bytes(data, size), "fuzz.tar.gz", limits);
    for (Framework fw : {Framework::kOnnx, Framework::kPyTorch, Framework::kTensorFlow,
                         Framework::kMXNet, Framework::kXGBoost}) {
      fuzz::ExpectNeoErrorsOnly([&] { SelectModelFiles(contents, fw); });
    }
  });
  return 0;
}
