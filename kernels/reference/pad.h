// Reference Pad (see kernels/pad.h).
#ifndef NEO_KERNELS_REFERENCE_PAD_H_
#define NEO_KERNELS_REFERENCE_PAD_H_

#include "kernels/pad.h"

namespace neo::kernels::reference {

bool PadValid(const PadParams& p);
void Pad(const PadParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_PAD_H_
