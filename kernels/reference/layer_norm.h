// Reference layer normalization (see kernels/layer_norm.h).
#ifndef NEO_KERNELS_REFERENCE_LAYER_NORM_H_
#define NEO_KERNELS_REFERENCE_LAYER_NORM_H_

#include "kernels/layer_norm.h"

namespace neo::kernels::reference {

bool LayerNormValid(const LayerNormParams& p);

// scale and bias are read only where p.has_scale / p.has_bias say so.
void LayerNorm(const LayerNormParams& p, const float* input, const float* scale,
               const float* bias, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_LAYER_NORM_H_
