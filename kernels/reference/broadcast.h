// Reference Broadcast (see kernels/broadcast.h).
#ifndef NEO_KERNELS_REFERENCE_BROADCAST_H_
#define NEO_KERNELS_REFERENCE_BROADCAST_H_

#include "kernels/broadcast.h"

namespace neo::kernels::reference {

bool BroadcastValid(const BroadcastParams& p);
void Broadcast(const BroadcastParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_BROADCAST_H_
