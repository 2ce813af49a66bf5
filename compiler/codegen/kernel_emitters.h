// One IR node -> the kernel object the generated class holds for it: its C++ type, the
// parameter struct (as code), the backend the compiler chose, and constructor arguments.
#ifndef NEO_COMPILER_CODEGEN_KERNEL_EMITTERS_H_
#define NEO_COMPILER_CODEGEN_KERNEL_EMITTERS_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "kernels/backend.h"

namespace neo::codegen {

// How convolutions pick their algorithm. kAuto uses oneDNN's Winograd on the 3x3
// stride-1 layers where it measured faster (WinogradPaysOff in emit_compute.cc) and its
// direct/brgemm convolution elsewhere.
enum class ConvAlgorithm { kAuto, kDirect, kWinograd };

struct BackendPolicy {
  ConvAlgorithm conv_algorithm = ConvAlgorithm::kAuto;
  bool reference_only = false;  // every node on the reference kernels (debugging, oracles)
  // Only backends whose Run() allocates nothing. oneDNN's execute call builds a small
  // argument map on the heap per primitive, so this leaves convolutions to XNNPACK.
  bool allocation_free_run = false;
  // Set by GenerateCode when the heavy operators run on oneDNN: then the light ones
  // prefer oneDNN too, so one OpenMP team does all the work. (On the calling thread
  // alone they would run beside OpenMP's spin-waiting idle worker, which halves their
  // speed when the two threads share a core.)
  bool openmp_model = false;
};

// Backend order for operators both libraries run (pooling, element-wise, softmax,
// concat, transpose): XNNPACK first, unless the model's threads are OpenMP's.
std::vector<kernels::Backend> LightOperatorBackends(const BackendPolicy& policy);

struct KernelMember {
  std::string type;         // e.g. "neo::kernels::Conv2D"; empty: the node needs no kernel
  std::string params_type;  // e.g. "Conv2DParams"; empty when the kernel takes none
  std::string params_body;  // see params_code.h
  bool has_backend = false;
  kernels::Backend backend = kernels::Backend::kReference;
  std::vector<std::string> pointer_args;  // after context, params, backend
  std::string summary;                    // one line for comments and the build report
  // The kernel's header when it is not one every generated .cc includes anyway.
  std::string include;
};

// Where tensors live, as C++ expressions inside the generated Impl.
class TensorAddresses {
 public:
  virtual ~TensorAddresses() = default;
  // "W(1024)" for a weight, "arena.f32(4096)" for an activation.
  virtual std::string Address(ir::ValueId v) const = 0;
  // Whether `a` and `b` share storage (an aliasing reshape).
  virtual bool SameStorage(ir::ValueId a, ir::ValueId b) const = 0;
};

// Throws NeoError (OperatorAttributeNotImplemented) for IR the kernels cannot run.
KernelMember EmitKernel(const ir::Graph& graph, const ir::Node& node,
                        const TensorAddresses& addresses, const BackendPolicy& policy);

// Families, one per file.
KernelMember EmitConv2D(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& p);
KernelMember EmitFullyConnected(const ir::Graph& g, const ir::Node& n,
                                const TensorAddresses& a, const BackendPolicy& p);
KernelMember EmitPooling(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                         const BackendPolicy& p);
KernelMember EmitGlobalPooling(const ir::Graph& g, const ir::Node& n,
                               const TensorAddresses& a, const BackendPolicy& p);
KernelMember EmitBinary(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& p);
KernelMember EmitUnary(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                       const BackendPolicy& p);
KernelMember EmitSoftmax(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                         const BackendPolicy& p);
KernelMember EmitDataMovement(const ir::Graph& g, const ir::Node& n,
                              const TensorAddresses& a, const BackendPolicy& p);
// Tensor operators (emit_tensor.cc).
KernelMember EmitConvTranspose2D(const ir::Graph& g, const ir::Node& n,
                                 const TensorAddresses& a, const BackendPolicy& p);
KernelMember EmitLrn(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                     const BackendPolicy& p);
KernelMember EmitReduce(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& p);
KernelMember EmitArgReduce(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                           const BackendPolicy& p);
KernelMember EmitCast(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                      const BackendPolicy& p);
KernelMember EmitGather(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& p);
KernelMember EmitSlice(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                       const BackendPolicy& p);
KernelMember EmitPad(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                     const BackendPolicy& p);
KernelMember EmitResize(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& p);
KernelMember EmitBatchMatMul(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                             const BackendPolicy& p);
KernelMember EmitBroadcast(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                           const BackendPolicy& p);

// The first backend of `preferred` that `supports` accepts (the reference always does).
template <typename Params, typename SupportsFn>
kernels::Backend ChooseBackend(std::vector<kernels::Backend> preferred, const Params& params,
                               SupportsFn supports, const BackendPolicy& policy) {
  if (!policy.reference_only) {
    for (kernels::Backend b : preferred) {
      if (policy.allocation_free_run && (b == kernels::Backend::kOnednn ||
                                         b == kernels::Backend::kOnednnWinograd)) {
        continue;
      }
      if (supports(b, params)) return b;
    }
  }
  return kernels::Backend::kReference;
}

// Helpers shared by the emitters.
int ToInt(int64_t v);
const ir::Shape& ShapeOf(const ir::Graph& g, ir::ValueId v);
void RequireLayout(const ir::Node& n, const char* layout);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_KERNEL_EMITTERS_H_
