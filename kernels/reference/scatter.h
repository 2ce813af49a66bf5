// Reference ScatterND and ScatterElements (see kernels/scatter.h).
#ifndef NEO_KERNELS_REFERENCE_SCATTER_H_
#define NEO_KERNELS_REFERENCE_SCATTER_H_

#include "kernels/scatter.h"

namespace neo::kernels::reference {

bool ScatterNDValid(const ScatterNDParams& p);
bool ScatterElementsValid(const ScatterElementsParams& p);
void ScatterND(const ScatterNDParams& p, const void* data, const void* indices,
               const void* updates, void* output);
void ScatterElements(const ScatterElementsParams& p, const void* data, const void* indices,
                     const void* updates, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_SCATTER_H_
