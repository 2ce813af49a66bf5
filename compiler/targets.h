// Neo's target names (ml_c5, ml_m5, ml_c6g, ...) and what they mean to this compiler.
//
// The table is the compiler's half of tools/platforms/targets.bzl (the Bazel platforms
// and their instruction-set flags); //tools/platforms:targets_agree_test keeps the two
// equal. Everything neoc decides for a target comes from here, never from the CPU that
// runs neoc.
#ifndef NEO_COMPILER_TARGETS_H_
#define NEO_COMPILER_TARGETS_H_

#include <string>
#include <vector>

#include "compiler/codegen/backend_choice.h"

namespace neo {

struct Target {
  std::string name;         // "ml_c5", or "host"
  codegen::CpuFamily family;
  std::string isa;          // the -march/-mcpu the target's C++ is compiled with
  std::string description;  // "Intel Xeon Platinum (AVX-512)", for the generated banner
};

// The CPU targets neoc compiles for, in a stable order; "host" is the default: any x86-64
// CPU, the same choices on every build machine.
const std::vector<Target>& KnownTargets();

// Resolves a --target value ("" = host). An unknown or unsupported name (a GPU or
// Inferentia target) is a Malformed input error listing the supported names.
Target ResolveTarget(const std::string& name);

// "x86_64 AVX-512", "x86_64 AVX2", "aarch64".
const char* CpuFamilyName(codegen::CpuFamily family);

}  // namespace neo

#endif  // NEO_COMPILER_TARGETS_H_
