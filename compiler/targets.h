// Neo's target names (ml_c5, ml_m5, ml_c6g, ...) and what they mean to this compiler.
#ifndef NEO_COMPILER_TARGETS_H_
#define NEO_COMPILER_TARGETS_H_

#include <string>
#include <vector>

namespace neo {

enum class TargetArch { kX86_64, kAArch64 };

struct Target {
  std::string name;         // "ml_c5", or "host"
  TargetArch arch;
  std::string description;  // "Intel Xeon Platinum (AVX-512)", for the generated banner
  bool avx512;              // oneDNN's Winograd and brgemm kernels need it
};

// The CPU targets neoc compiles for, in a stable order; "host" is the default: any x86-64
// CPU, the same choices on every build machine.
const std::vector<Target>& KnownTargets();

// Resolves a --target value ("" = host). An unknown or unsupported name (a GPU or
// Inferentia target) is a Malformed input error listing the supported names.
Target ResolveTarget(const std::string& name);

}  // namespace neo

#endif  // NEO_COMPILER_TARGETS_H_
