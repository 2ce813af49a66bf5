// Reference integer matrix products (see kernels/quantized_matmul.h).
#ifndef NEO_KERNELS_REFERENCE_QUANTIZED_MATMUL_H_
#define NEO_KERNELS_REFERENCE_QUANTIZED_MATMUL_H_

#include "kernels/quantized_matmul.h"

namespace neo::kernels::reference {

bool QuantizedMatMulValid(const QuantizedMatMulParams& p);

void QuantizedMatMul(const QuantizedMatMulParams& p, const void* a, const void* a_zero_point,
                     const void* b, const void* b_zero_point, const float* a_scale,
                     const float* b_scale, const float* y_scale, const void* y_zero_point,
                     void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_QUANTIZED_MATMUL_H_
