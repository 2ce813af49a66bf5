// Reference (plain loop) kernels: the oracle in tests and the kReference backend.
// Each function reads its parameters exactly as the matching kernels/*.h documents them.
#ifndef NEO_KERNELS_REFERENCE_CONV2D_H_
#define NEO_KERNELS_REFERENCE_CONV2D_H_

#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"

namespace neo::kernels::reference {

// NHWC input/output, OIHW filter ([O, I / groups, kh, kw]), optional bias. For
// p.scaled_input, `filter` is already scaled (ScaleFilterInputChannels).
void Conv2D(const Conv2DParams& p, const float* filter, const float* bias, const float* input,
            float* output);

// scaled[o, c, kh, kw] = filter[o, c, kh, kw] * scale[c] for an ungrouped OIHW filter: a
// convolution with these weights is the convolution of the input with channel c
// multiplied by scale[c] (Conv2DParams::scaled_input).
void ScaleFilterInputChannels(const Conv2DParams& p, const float* filter, const float* scale,
                              float* scaled);

// output[m, n] = clamp(sum_k input[m, k] * filter[n, k] + bias[n]).
void FullyConnected(const FullyConnectedParams& p, const float* filter, const float* bias,
                    const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_CONV2D_H_
