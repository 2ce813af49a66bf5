// One IR node -> the kernel object the generated class holds for it: its C++ type, the
// parameter struct (as code), the backend the compiler chose, and constructor arguments.
#ifndef NEO_COMPILER_CODEGEN_KERNEL_MEMBER_H_
#define NEO_COMPILER_CODEGEN_KERNEL_MEMBER_H_

#include <string>
#include <vector>

#include "compiler/codegen/backend_choice.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/kernel_call.h"
#include "kernels/backend.h"

namespace neo::codegen {

struct KernelMember {
  std::string type;         // e.g. "neo::kernels::Conv2D"; empty: the node needs no kernel
  std::string params_type;  // e.g. "Conv2DParams"; empty when the kernel takes none
  std::string params_body;  // see params_code.h
  bool has_backend = false;
  kernels::Backend backend = kernels::Backend::kReference;
  std::vector<std::string> pointer_args;  // after context, params, backend
  std::string summary;                    // one line for comments and the build report
  std::string include;                    // the kernel's header
  bool checks_input = false;              // may reject its input at Run() (run_status)
  bool allocates = false;                 // its Run() heap-allocates
  bool serial = false;                    // runs on one thread (BackendPolicy::serial_model)
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

// The member for `node`, which `call` (its registry entry's KernelCall) runs. Throws
// NeoError (OperatorAttributeNotImplemented) for a node with no run-time kernel, and for
// one whose Run() allocates when the policy is allocation_free_run.
KernelMember EmitKernel(const ir::Graph& graph, const ir::Node& node, const ir::KernelCall& call,
                        const TensorAddresses& addresses, const BackendPolicy& policy);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_KERNEL_MEMBER_H_
