// What every fuzz target in this directory defines: libFuzzer's entry point. Under
// `--config=fuzz` libFuzzer calls it; otherwise smoke_main.cc runs it over seed files and
// deterministic mutations of them (the default test suite's short runs).
//
// The contract each target checks: any input either goes through or ends in a NeoError
// (the error a user sees). A crash, a sanitizer report, a hang, or any other exception
// escaping (which neoc would turn into Neo's System Error) is a finding.
#ifndef NEO_COMPILER_FUZZ_FUZZ_TARGET_H_
#define NEO_COMPILER_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diagnostics/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace neo::fuzz {

// Runs `f`; a NeoError is the expected end of a bad input, so it is swallowed.
template <typename F>
void ExpectNeoErrorsOnly(F&& f) {
  try {
    f();
  } catch (const NeoError&) {
  }
}

inline std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace neo::fuzz

#endif  // NEO_COMPILER_FUZZ_FUZZ_TARGET_H_
