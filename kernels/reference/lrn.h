// Reference LRN (see kernels/lrn.h).
#ifndef NEO_KERNELS_REFERENCE_LRN_H_
#define NEO_KERNELS_REFERENCE_LRN_H_

#include "kernels/lrn.h"

namespace neo::kernels::reference {

bool LrnValid(const LrnParams& p);
void Lrn(const LrnParams& p, const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_LRN_H_
