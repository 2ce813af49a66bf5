// A .pth file as neoc itself reads it before handing it to libtorch: the zip directory
// and the TorchScript check (libtorch's own parser is libtorch's to fuzz).
#include "compiler/frontends/pytorch/pth_file.h"
#include "compiler/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  const std::string bytes = fuzz::Bytes(data, size);
  fuzz::ExpectNeoErrorsOnly([&] { pytorch_frontend::ZipMemberNames(bytes); });
  fuzz::ExpectNeoErrorsOnly([&] { pytorch_frontend::ClassifyPth(bytes); });
  fuzz::ExpectNeoErrorsOnly([&] { pytorch_frontend::CheckIsTorchScript(bytes, "fuzz.pth"); });
  return 0;
}
