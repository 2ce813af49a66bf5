// Reference QuantizeLinear / DequantizeLinear (see kernels/quantize.h).
#ifndef NEO_KERNELS_REFERENCE_QUANTIZE_H_
#define NEO_KERNELS_REFERENCE_QUANTIZE_H_

#include "kernels/quantize.h"

namespace neo::kernels::reference {

bool QuantizeValid(const QuantizeParams& p);

void Quantize(const QuantizeParams& p, const void* input, const float* scale,
              const void* zero_point, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_QUANTIZE_H_
