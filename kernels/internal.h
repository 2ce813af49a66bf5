// Shared by the kernel implementations (not part of the API generated code uses).
#ifndef NEO_KERNELS_INTERNAL_H_
#define NEO_KERNELS_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "kernels/activation.h"

namespace neo::kernels::internal {

// The first 64-byte boundary at or after p (a cache line, one AVX-512 vector): callers
// allocate 16 floats more than they use.
inline float* AlignTo64(float* p) {
  const uintptr_t a = (reinterpret_cast<uintptr_t>(p) + 63) & ~uintptr_t{63};
  return reinterpret_cast<float*>(a);
}

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

// The clamp bounds a layer with a fused activation and clamp (Conv2DParams,
// FullyConnectedParams) gives its XNNPACK operator: XNNPACK clamps its own output, before
// anything runs after it, so with an activation it gets no clamp and
// WithActivationAfter applies the activation, then the clamp.
template <typename Params>
std::pair<float, float> XnnpackClamp(const Params& p) {
  if (p.activation == Activation::kNone) return {p.output_min, p.output_max};
  return {-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
}

// `op` as is without an activation, else followed by the activation and the clamp over
// the n floats at `output`.
template <typename Params>
std::unique_ptr<Op> WithActivationAfter(std::unique_ptr<Op> op, const Params& p, float* output,
                                        size_t n) {
  if (p.activation == Activation::kNone) return op;
  return WithActivation(std::move(op), p.activation, p.activation_alpha, p.activation_beta,
                        p.output_min, p.output_max, output, n);
}

// Throws std::invalid_argument: a kernel asked of a backend that cannot run it.
[[noreturn]] void Unsupported(const char* family, const char* backend_name);
// Throws std::runtime_error naming the library call that failed.
[[noreturn]] void LibraryFailure(const std::string& what);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_INTERNAL_H_
