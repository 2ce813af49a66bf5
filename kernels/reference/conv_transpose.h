// Reference ConvTranspose2D (see kernels/conv_transpose.h).
#ifndef NEO_KERNELS_REFERENCE_CONV_TRANSPOSE_H_
#define NEO_KERNELS_REFERENCE_CONV_TRANSPOSE_H_

#include "kernels/conv_transpose.h"

namespace neo::kernels::reference {

bool ConvTranspose2DValid(const ConvTranspose2DParams& p);
void ConvTranspose2D(const ConvTranspose2DParams& p, const float* filter, const float* bias,
                     const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_CONV_TRANSPOSE_H_
