// Element-wise binary operators with numpy broadcasting and a fused clamp.
#ifndef NEO_KERNELS_BINARY_H_
#define NEO_KERNELS_BINARY_H_

#include <limits>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/model.h"

namespace neo::kernels {

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kPow, kMaximum, kMinimum, kPRelu };

struct BinaryParams {
  BinaryOp op;
  Dims a_shape, b_shape;  // numpy-broadcastable
  Dims output_shape;      // the broadcast shape
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
  // `b` is a constant (a weight): a backend may copy it at construction. XNNPACK's PRelu
  // packs its slopes, so it runs PRelu only when this is set.
  bool b_constant = false;
  // Element type of a, b and the output. Integer types (int8, uint8, int32, int64) run on
  // the reference backend only, with numpy's semantics: Add/Sub/Mul wrap around, Div
  // truncates toward zero (and gives 0 for a zero divisor instead of trapping), Pow with a
  // non-negative exponent multiplies exactly in the type. The clamp bounds round inward
  // to the type's values.
  ElementType type = ElementType::kFloat32;
};

bool BinarySupports(Backend backend, const BinaryParams& p);

class Binary {
 public:
  // `a` or `b` may point into the model's weights (a constant operand). The pointers hold
  // elements of `params.type`.
  Binary(Context& context, const BinaryParams& params, Backend backend, const void* a,
         const void* b, void* output);
  ~Binary();
  Binary(const Binary&) = delete;
  Binary& operator=(const Binary&) = delete;
  void Run();
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BINARY_H_
