// Reference Slice (see kernels/slice.h).
#ifndef NEO_KERNELS_REFERENCE_SLICE_H_
#define NEO_KERNELS_REFERENCE_SLICE_H_

#include "kernels/slice.h"

namespace neo::kernels::reference {

bool SliceValid(const SliceParams& p);
void Slice(const SliceParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_SLICE_H_
