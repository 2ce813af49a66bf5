// oneDNN's binary primitive: add, sub, mul, div, max, min with a fused clamp, so models
// whose convolutions run on oneDNN keep their element-wise operators on OpenMP's threads.
#ifndef NEO_KERNELS_BINARY_ONEDNN_H_
#define NEO_KERNELS_BINARY_ONEDNN_H_

#include <memory>

#include "kernels/binary.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Expects Broadcastable params (binary.cc checks first).
bool OnednnBinarySupports(const BinaryParams& p);
std::unique_ptr<Op> MakeOnednnBinary(Context& context, const BinaryParams& p, const float* a,
                                     const float* b, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_BINARY_ONEDNN_H_
