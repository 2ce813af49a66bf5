// Reference BatchMatMul (see kernels/batch_matmul.h).
#ifndef NEO_KERNELS_REFERENCE_BATCH_MATMUL_H_
#define NEO_KERNELS_REFERENCE_BATCH_MATMUL_H_

#include "kernels/batch_matmul.h"

namespace neo::kernels::reference {

bool BatchMatMulValid(const BatchMatMulParams& p);
void BatchMatMul(const BatchMatMulParams& p, const float* a, const float* b, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_BATCH_MATMUL_H_
