// How an IR node runs: which kernel of //kernels, with which parameter struct, reading and
// writing which of the node's values. Each operator's registry entry (ops/*.cc) builds one
// from a node; codegen writes it out as a member of the generated class, and the
// compiler's evaluator (constant folding, the test interpreter) runs the same parameters
// on the reference kernels. So the generated code and the compile-time oracle can never
// disagree about what a node means.
#ifndef NEO_COMPILER_IR_KERNEL_CALL_H_
#define NEO_COMPILER_IR_KERNEL_CALL_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernels/backend.h"
#include "kernels/params_fields.h"

namespace neo::ir {

// A kernel's parameter struct with its type erased.
class KernelParams {
 public:
  virtual ~KernelParams() = default;
  // The struct's name in neo::kernels, e.g. "Conv2DParams".
  virtual const char* type_name() const = 0;
  virtual void Visit(kernels::FieldVisitor& visitor) const = 0;
  // Whether `backend` runs these parameters (the pure capability functions: the same
  // answer on every build machine).
  virtual bool Supports(kernels::Backend backend) const = 0;
};

template <typename Params>
class KernelParamsOf final : public KernelParams {
 public:
  using SupportsFn = bool (*)(kernels::Backend, const Params&);
  KernelParamsOf(const char* type_name, Params params, SupportsFn supports)
      : type_name_(type_name), params_(std::move(params)), supports_(supports) {}
  const char* type_name() const override { return type_name_; }
  void Visit(kernels::FieldVisitor& v) const override { VisitFields(params_, v); }
  bool Supports(kernels::Backend b) const override { return supports_(b, params_); }
  const Params& params() const { return params_; }

 private:
  const char* type_name_;
  Params params_;
  SupportsFn supports_;
};

// One pointer argument of the kernel's constructor (after context, params and backend).
struct Operand {
  enum class Kind {
    kInput,      // node input `index`
    kOutput,     // node output `index`
    kAbsent,     // nullptr (an optional input the node does not have)
    kAllInputs,  // node inputs from `index` on, as a std::vector<const void*> (Concat)
    kByteSize,   // the byte size of node output `index`, as a number (Copy)
  };
  Kind kind;
  int index = 0;

  static Operand Input(int i) { return {Kind::kInput, i}; }
  static Operand Output(int i) { return {Kind::kOutput, i}; }
  static Operand Absent() { return {Kind::kAbsent, 0}; }
  static Operand AllInputs() { return {Kind::kAllInputs, 0}; }
  static Operand AllInputsFrom(int first) { return {Kind::kAllInputs, first}; }
  static Operand ByteSize(int output) { return {Kind::kByteSize, output}; }
};

// The node's tensors for a reference run: inputs per node input (null where absent),
// outputs per node output.
struct ReferenceBuffers {
  std::vector<const void*> inputs;
  std::vector<void*> outputs;
  template <typename T>
  const T* in(size_t i) const {
    return i < inputs.size() ? static_cast<const T*>(inputs[i]) : nullptr;
  }
  template <typename T>
  T* out(size_t i) const {
    return static_cast<T*>(outputs.at(i));
  }
};

struct KernelCall {
  // The kernel class in neo::kernels ("Conv2D") and its header; empty: the node has no
  // run-time kernel (see not_compiled).
  std::string kernel;
  std::string header;
  // Null when the kernel takes no parameter struct (Copy).
  std::shared_ptr<const KernelParams> params;
  std::vector<Operand> operands;
  // Library backends worth trying, best first; the reference kernel runs whatever none of
  // them supports. Empty: the reference only.
  std::vector<kernels::Backend> backends;
  // XNNPACK and oneDNN both run it well: which goes first follows the model's threads.
  bool light = false;
  // Compute-bound (convolutions, matrix products): when such kernels run on oneDNN, the
  // model's threads are OpenMP's and the light operators follow them there.
  bool heavy = false;
  // Multiply-adds per run of a heavy kernel (0 for the others, whose cost is the bytes
  // they read and write): what the choice of threads per step weighs.
  int64_t macs = 0;
  // Output 0 is input 0's bytes: nothing runs when the memory plan gave both one buffer.
  bool identity = false;
  // Its Run() may reject the input (a JPEG that does not decode): the generated model
  // then has run_status() (kernels/model.h).
  bool checks_input = false;
  // Its Run() heap-allocates (libjpeg's working memory): not for allocation_free_run.
  bool allocates = false;
  // Why the node cannot run in generated code (e.g. a BatchNorm whose parameters are not
  // constants); codegen reports it as OperatorAttributeNotImplemented. The reference
  // still evaluates such nodes.
  std::string not_compiled;
  // One line for generated comments and `neoc --report`.
  std::string summary;
  // Runs the node on the reference kernels (//kernels/reference).
  std::function<void(const ReferenceBuffers&)> reference;
};

// A KernelCall for kernel `kernel` (class in neo::kernels, declared in `header`) with the
// parameter struct `params`.
template <typename Params>
KernelCall MakeKernelCall(const char* kernel, const char* header, const char* params_type,
                          const Params& params,
                          typename KernelParamsOf<Params>::SupportsFn supports) {
  KernelCall k;
  k.kernel = kernel;
  k.header = header;
  k.params = std::make_shared<KernelParamsOf<Params>>(params_type, params, supports);
  return k;
}

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_KERNEL_CALL_H_
