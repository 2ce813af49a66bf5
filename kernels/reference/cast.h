// Reference Cast (see kernels/cast.h), and element conversions other kernels share.
#ifndef NEO_KERNELS_REFERENCE_CAST_H_
#define NEO_KERNELS_REFERENCE_CAST_H_

#include <cstddef>
#include <cstdint>

#include "kernels/cast.h"

namespace neo::kernels::reference {

size_t ElementSize(ElementType t);
void CastElements(ElementType from, ElementType to, const void* input, void* output,
                  int64_t count);
// One element of type `t` holding `v` converted as Cast converts a float.
void StoreDouble(double v, ElementType t, void* out);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_CAST_H_
