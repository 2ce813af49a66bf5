#include "compiler/targets.h"

#include "compiler/diagnostics/diagnostics.h"

namespace neo {

const std::vector<Target>& KnownTargets() {
  static const std::vector<Target> targets = {
      // The default. What the generated code does must not depend on the machine that
      // ran neoc (a remote build executor, another workstation, a cache shared between
      // them), so "host" is not the build machine's CPU: it is any x86-64 CPU, with the
      // AVX-512 choices (Winograd), which the kernels turn into their direct algorithm
      // at run time on a CPU without AVX-512.
      {"host", TargetArch::kX86_64, "any x86-64 CPU", true},
      {"ml_c4", TargetArch::kX86_64, "Intel Xeon E5-2666 v3 (AVX2)", false},
      {"ml_c5", TargetArch::kX86_64, "Intel Xeon Platinum (AVX-512)", true},
      {"ml_c6i", TargetArch::kX86_64, "Intel Xeon Ice Lake (AVX-512)", true},
      {"ml_m4", TargetArch::kX86_64, "Intel Xeon E5-2686 v4 (AVX2)", false},
      {"ml_m5", TargetArch::kX86_64, "Intel Xeon Platinum (AVX-512)", true},
      {"ml_m6i", TargetArch::kX86_64, "Intel Xeon Ice Lake (AVX-512)", true},
      {"ml_r5", TargetArch::kX86_64, "Intel Xeon Platinum (AVX-512)", true},
      {"ml_c6g", TargetArch::kAArch64, "AWS Graviton2 (Neoverse N1)", false},
      {"ml_m6g", TargetArch::kAArch64, "AWS Graviton2 (Neoverse N1)", false},
      {"ml_r6g", TargetArch::kAArch64, "AWS Graviton2 (Neoverse N1)", false},
      {"ml_c7g", TargetArch::kAArch64, "AWS Graviton3 (Neoverse V1)", false},
  };
  return targets;
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
