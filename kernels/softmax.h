// Softmax and LogSoftmax over one axis.
#ifndef NEO_KERNELS_SOFTMAX_H_
#define NEO_KERNELS_SOFTMAX_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// The tensor viewed as [outer, axis, inner]: the reduction runs over the middle one.
struct SoftmaxParams {
  bool log = false;
  int outer, axis, inner;
};

inline void VisitFields(const SoftmaxParams& p, FieldVisitor& v) {
  v.Bool("log", p.log);
  v.Int("outer", p.outer);
  v.Int("axis", p.axis);
  v.Int("inner", p.inner);
}

bool SoftmaxSupports(Backend backend, const SoftmaxParams& p);

class Softmax : public Kernel {
 public:
  Softmax(Context& context, const SoftmaxParams& params, Backend backend, const float* input,
          float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_SOFTMAX_H_
