// Reference ChannelAffine: the loop as the definition states it.
#ifndef NEO_KERNELS_REFERENCE_CHANNEL_AFFINE_H_
#define NEO_KERNELS_REFERENCE_CHANNEL_AFFINE_H_

#include "kernels/channel_affine.h"

namespace neo::kernels::reference {

bool ChannelAffineValid(const ChannelAffineParams& p);

void ChannelAffine(const ChannelAffineParams& p, const float* scale, const float* shift,
                   const float* const* inputs, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_CHANNEL_AFFINE_H_
