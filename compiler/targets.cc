#include "compiler/targets.h"

#include "compiler/diagnostics/diagnostics.h"

namespace neo {

using codegen::CpuFamily;

const std::vector<Target>& KnownTargets() {
  static const std::vector<Target> targets = {
      // The default. What the generated code does must not depend on the machine that
      // ran neoc (a remote build executor, another workstation, a cache shared between
      // them), so "host" is not the build machine's CPU: it is any x86-64 CPU, with the
      // AVX-512 choices (Winograd), which the kernels turn into their direct algorithm
      // at run time on a CPU without AVX-512.
      {"host", CpuFamily::kX86Avx512, "x86-64", "any x86-64 CPU"},
      {"ml_c4", CpuFamily::kX86Avx2, "haswell", "Intel Xeon E5-2666 v3 (AVX2)"},
      {"ml_c5", CpuFamily::kX86Avx512, "skylake-avx512", "Intel Xeon Platinum (AVX-512)"},
      {"ml_c6i", CpuFamily::kX86Avx512, "icelake-server", "Intel Xeon Ice Lake (AVX-512)"},
      {"ml_m4", CpuFamily::kX86Avx2, "haswell", "Intel Xeon E5-2686 v4 (AVX2)"},
      {"ml_m5", CpuFamily::kX86Avx512, "skylake-avx512", "Intel Xeon Platinum (AVX-512)"},
      {"ml_m6i", CpuFamily::kX86Avx512, "icelake-server", "Intel Xeon Ice Lake (AVX-512)"},
      {"ml_r5", CpuFamily::kX86Avx512, "skylake-avx512", "Intel Xeon Platinum (AVX-512)"},
      {"ml_c6g", CpuFamily::kAArch64, "neoverse-n1", "AWS Graviton2 (Neoverse N1)"},
      {"ml_m6g", CpuFamily::kAArch64, "neoverse-n1", "AWS Graviton2 (Neoverse N1)"},
      {"ml_r6g", CpuFamily::kAArch64, "neoverse-n1", "AWS Graviton2 (Neoverse N1)"},
      {"ml_c7g", CpuFamily::kAArch64, "neoverse-v1", "AWS Graviton3 (Neoverse V1)"},
      {"rasp4b", CpuFamily::kAArch64, "cortex-a72", "Raspberry Pi 4 Model B (Cortex-A72)"},
  };
  return targets;
}

const char* CpuFamilyName(CpuFamily family) {
  switch (family) {
    case CpuFamily::kX86Avx512: return "x86_64 AVX-512";
    case CpuFamily::kX86Avx2: return "x86_64 AVX2";
    case CpuFamily::kAArch64: return "aarch64";
  }
  return "?";
}

Target ResolveTarget(const std::string& name) {
  const std::string wanted = name.empty() ? "host" : name;
  for (const Target& t : KnownTargets()) {
    if (t.name == wanted) return t;
  }
  std::string known;
  for (const Target& t : KnownTargets()) known += (known.empty() ? "" : ", ") + t.name;
  const bool accelerator = wanted.rfind("ml_p", 0) == 0 || wanted.rfind("ml_g4", 0) == 0 ||
                           wanted.rfind("ml_inf", 0) == 0 || wanted.rfind("ml_eia", 0) == 0;
  throw MalformedInputError("Target '" + wanted + "' is not supported" +
                            (accelerator ? " (GPU and accelerator targets need another compiler)"
                                         : "") +
                            "; supported targets: " + known + ".");
}

}  // namespace neo
