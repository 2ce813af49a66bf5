// Local response normalization across channels (ONNX LRN):
//   y = x / (bias + alpha / size * sum of x^2 over channels
//            [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)])^beta
#ifndef NEO_KERNELS_LRN_H_
#define NEO_KERNELS_LRN_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// The tensor viewed as [outer, channels, inner]: NHWC is inner == 1 (outer = N*H*W),
// NCHW is outer = N, inner = H*W.
struct LrnParams {
  int outer, channels, inner;
  int size;
  float alpha, beta, bias;
};

inline void VisitFields(const LrnParams& p, FieldVisitor& v) {
  v.Int("outer", p.outer);
  v.Int("channels", p.channels);
  v.Int("inner", p.inner);
  v.Int("size", p.size);
  v.Float("alpha", p.alpha);
  v.Float("beta", p.beta);
  v.Float("bias", p.bias);
}

// Reference: all. oneDNN (lrn_forward, across channels): odd sizes (its window for an
// even size is not ONNX's), non-empty tensors.
bool LrnSupports(Backend backend, const LrnParams& p);

class Lrn : public Kernel {
 public:
  Lrn(Context& context, const LrnParams& params, Backend backend, const float* input,
      float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_LRN_H_
