// Which backend runs each kernel: the registry entry's preference order (KernelCall::
// backends), adjusted by the build's policy, then the first backend whose capability
// function accepts the parameters. Pure: the same graph, target and policy give the same
// choice on every build machine.
#ifndef NEO_COMPILER_CODEGEN_BACKEND_CHOICE_H_
#define NEO_COMPILER_CODEGEN_BACKEND_CHOICE_H_

#include <cstdint>
#include <vector>

#include "compiler/ir/kernel_call.h"
#include "kernels/backend.h"

namespace neo::codegen {

// How convolutions pick their algorithm. kAuto takes the registry's order (the Winograd
// backend first on the 3x3 stride-1 layers where it measured faster, ops/conv.cc: our own
// F(4x4, 3x3) where kernels::Conv2DWinogradF4Applies, oneDNN's elsewhere);
// kDirect never uses Winograd; kWinograd tries it first wherever it applies. Targets
// without AVX-512 never get Winograd (the driver refuses an explicit kWinograd for them).
enum class ConvAlgorithm { kAuto, kDirect, kWinograd };

// The target CPU as the backend choice sees it: which libraries have fast paths there.
//   kX86Avx512  oneDNN's JIT kernels, Winograd included; XNNPACK.
//   kX86Avx2    the same but no Winograd (oneDNN 2.6 has it for AVX-512 only).
//   kAArch64    XNNPACK's NEON kernels. oneDNN 2.6.3 as Debian builds it for arm64 has
//               JIT convolutions for 512-bit SVE only (A64FX; none for NEON, Graviton3's
//               256-bit SVE or Compute Library), so elsewhere its convolutions and
//               matrix products are its reference and gemm loops: XNNPACK goes first
//               for every operator, oneDNN only runs what XNNPACK cannot.
enum class CpuFamily { kX86Avx512, kX86Avx2, kAArch64 };

struct BackendPolicy {
  CpuFamily cpu_family = CpuFamily::kX86Avx512;
  ConvAlgorithm conv_algorithm = ConvAlgorithm::kAuto;
  bool reference_only = false;  // every node on the reference kernels (debugging, oracles)
  // Only backends whose Run() allocates nothing. oneDNN's execute call builds a small
  // argument map on the heap per primitive, so this leaves convolutions to XNNPACK.
  bool allocation_free_run = false;
  // Set by GenerateCode when the model has heavy kernels (KernelCall::heavy) that run on
  // oneDNN: then the light ones prefer oneDNN, or our own loops (which use OpenMP's team
  // in such models), so one OpenMP team does all the work.
  // (On the calling thread alone they would run beside OpenMP's spin-waiting idle worker,
  // which halves their speed when the two threads share a core.)
  bool openmp_model = false;
  // Set by GenerateCode from RunsSerially: every step runs on one thread.
  bool serial_model = false;
};

// Whether a model runs on one thread whatever thread count it is given
// (Context::serial()): when its steps average under 800K multiply-adds (KernelCall::macs
// over every node), each step's work is too small for what waking, splitting and joining
// a second thread costs, and the light steps between pay for the data being spread over
// two cores' caches. Pure, like the backend choice.
bool RunsSerially(const std::vector<ir::KernelCall>& calls, const BackendPolicy& policy);

// The backend for `call` (which must have parameters): the reference when no library
// backend takes it.
kernels::Backend ChooseBackend(const ir::KernelCall& call, const BackendPolicy& policy);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_BACKEND_CHOICE_H_
