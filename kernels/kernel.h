// What every kernel class (Conv2D, Binary, Pooling2D, ...) is: constructed once for one
// backend (the library's operator created and set up, weights packed, scratch allocated),
// then Run() any number of times without allocating anything of ours. A family's class
// only adds its constructor, which checks the backend with the family's Supports function
// and builds the operator. Not copyable: it owns that operator.
#ifndef NEO_KERNELS_KERNEL_H_
#define NEO_KERNELS_KERNEL_H_

#include <memory>
#include <type_traits>

namespace neo::kernels {

namespace internal {
class Op;
}

class Kernel {
 public:
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  void Run();

  // What runs, for logs and benchmarks: "reference", "xnnpack", or oneDNN's
  // implementation name (e.g. "brgconv:avx512_core", "jit_fp32_wino_2x3:...").
  const char* implementation() const;

 protected:
  Kernel();
  ~Kernel();

  // Set by the family's constructor.
  std::unique_ptr<internal::Op> op_;
};

// What a generated model's step_implementation reports for a kernel object: its
// implementation() where it has one (every Kernel), else "" (a plain Copy).
template <typename K>
const char* ImplementationOf(const K& kernel) {
  if constexpr (std::is_base_of_v<Kernel, K>) {
    return kernel.implementation();
  } else {
    (void)kernel;
    return "";
  }
}

}  // namespace neo::kernels

#endif  // NEO_KERNELS_KERNEL_H_
