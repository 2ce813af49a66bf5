// Reference Gather (see kernels/gather.h).
#ifndef NEO_KERNELS_REFERENCE_GATHER_H_
#define NEO_KERNELS_REFERENCE_GATHER_H_

#include "kernels/gather.h"

namespace neo::kernels::reference {

bool GatherValid(const GatherParams& p);
void Gather(const GatherParams& p, const void* data, const void* indices, void* output);
bool GatherElementsValid(const GatherElementsParams& p);
void GatherElements(const GatherElementsParams& p, const void* data, const void* indices,
                    void* output);
bool GatherNDValid(const GatherNDParams& p);
void GatherND(const GatherNDParams& p, const void* data, const void* indices, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_GATHER_H_
