// Layer normalization over the trailing axes (ONNX LayerNormalization, opset 17, with
// float32 statistics): each row of `inner` elements becomes
//   y = (x - mean) / sqrt(var + epsilon) * scale + bias
// with mean and the biased variance of that row. InstanceNormalization, GroupNormalization
// and PyTorch's layer_norm reach it too (the frontends reshape around it).
#ifndef NEO_KERNELS_LAYER_NORM_H_
#define NEO_KERNELS_LAYER_NORM_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// The tensor viewed as [outer, inner]: `outer` independent rows of `inner` normalized
// elements. scale and bias, when present, hold `inner` elements each and apply to every
// row alike (element i of a row is multiplied by scale[i]).
struct LayerNormParams {
  int outer, inner;
  float epsilon;
  bool has_scale = false, has_bias = false;
};

inline void VisitFields(const LayerNormParams& p, FieldVisitor& v) {
  v.Int("outer", p.outer);
  v.Int("inner", p.inner);
  v.Float("epsilon", p.epsilon);
  v.Bool("has_scale", p.has_scale);
  v.Bool("has_bias", p.has_bias);
}

// Reference: every non-negative shape, epsilon >= 0.
// oneDNN (layer_normalization_forward, forward_inference over the plain [outer, inner]
// tensor, scale and shift as separate vectors): non-empty tensors.
bool LayerNormSupports(Backend backend, const LayerNormParams& p);

class LayerNorm : public Kernel {
 public:
  // scale and bias: `inner` floats each where the params say so, else ignored (may be
  // null).
  LayerNorm(Context& context, const LayerNormParams& params, Backend backend,
            const float* input, const float* scale, const float* bias, float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_LAYER_NORM_H_
