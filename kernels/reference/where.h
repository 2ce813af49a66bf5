// Reference Where (see kernels/where.h).
#ifndef NEO_KERNELS_REFERENCE_WHERE_H_
#define NEO_KERNELS_REFERENCE_WHERE_H_

#include "kernels/where.h"

namespace neo::kernels::reference {

bool WhereValid(const WhereParams& p);
void Where(const WhereParams& p, const void* condition, const void* x, const void* y,
           void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_WHERE_H_
