// Reference Resize (see kernels/resize.h).
#ifndef NEO_KERNELS_REFERENCE_RESIZE_H_
#define NEO_KERNELS_REFERENCE_RESIZE_H_

#include "kernels/resize.h"

namespace neo::kernels::reference {

bool ResizeValid(const ResizeParams& p);
void Resize(const ResizeParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_RESIZE_H_
