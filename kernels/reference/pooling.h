// Reference pooling kernels (see kernels/pooling.h for the exact semantics).
#ifndef NEO_KERNELS_REFERENCE_POOLING_H_
#define NEO_KERNELS_REFERENCE_POOLING_H_

#include "kernels/pooling.h"

namespace neo::kernels::reference {

void Pooling2D(const Pooling2DParams& p, const float* input, float* output);

// The divisor average pooling uses at output (oy, ox): exposed so backends can check
// whether their own divisor rule agrees with it.
int AveragePoolingDivisor(const Pooling2DParams& p, int oy, int ox);

void GlobalPooling(const GlobalPoolingParams& p, const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_POOLING_H_
