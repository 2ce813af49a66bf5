// Shared by the kernel implementations (not part of the API generated code uses).
#ifndef NEO_KERNELS_INTERNAL_H_
#define NEO_KERNELS_INTERNAL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "kernels/activation.h"

namespace neo::kernels::internal {

// One created, set-up operator of some backend; Run() only executes it.
class Op {
 public:
  virtual ~Op() = default;
  virtual void Run() = 0;
  // The library's name for what runs (see Conv2D::implementation()).
  virtual const char* implementation() const { return "reference"; }
};

// An Op whose Run() is a callable holding everything it needs (captured at construction,
// so running it allocates nothing).
template <typename F>
class LambdaOp final : public Op {
 public:
  explicit LambdaOp(F f) : f_(std::move(f)) {}
  void Run() override { f_(); }

 private:
  F f_;
};

template <typename F>
std::unique_ptr<Op> MakeOp(F f) {
  return std::make_unique<LambdaOp<F>>(std::move(f));
}

// `op` followed by an activation and clamp over the `n` floats at `output`, on the calling
// thread: how the libraries without the activation as a post-op (XNNPACK) run a layer
// that has one.
std::unique_ptr<Op> WithActivation(std::unique_ptr<Op> op, Activation activation, float alpha,
                                   float beta, float lo, float hi, float* output, size_t n);

// Throws std::invalid_argument: a kernel asked of a backend that cannot run it.
[[noreturn]] void Unsupported(const char* family, const char* backend_name);
// Throws std::runtime_error naming the library call that failed.
[[noreturn]] void LibraryFailure(const std::string& what);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_INTERNAL_H_
