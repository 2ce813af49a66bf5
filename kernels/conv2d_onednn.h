// oneDNN convolution and inner product (direct/brgemm and Winograd algorithms).
#ifndef NEO_KERNELS_CONV2D_ONEDNN_H_
#define NEO_KERNELS_CONV2D_ONEDNN_H_

#include <memory>

#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Whether oneDNN creates a primitive for this convolution (it is asked, not guessed).
bool OnednnConv2DSupports(const Conv2DParams& p, bool winograd);
std::unique_ptr<Op> MakeOnednnConv2D(Context& context, const Conv2DParams& p, bool winograd,
                                     const float* filter, const float* bias,
                                     const float* input, float* output);

bool OnednnFullyConnectedSupports(const FullyConnectedParams& p);
std::unique_ptr<Op> MakeOnednnFullyConnected(Context& context, const FullyConnectedParams& p,
                                             const float* filter, const float* bias,
                                             const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_ONEDNN_H_
