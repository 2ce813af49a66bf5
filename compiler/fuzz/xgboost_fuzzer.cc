// An XGBoost model file, legacy binary or JSON (the reader tells them apart).
#include "compiler/frontends/xgboost/xgboost_import.h"
#include "compiler/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  fuzz::ExpectNeoErrorsOnly(
      [&] { xgboost_frontend::ReadXgboostModel(fuzz::Bytes(data, size), "fuzz.model"); });
  return 0;
}
