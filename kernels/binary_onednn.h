// oneDNN's binary primitive: add, sub, mul, div, max, min with a fused clamp, so models
// whose convolutions run on oneDNN keep their element-wise operators on OpenMP's threads.
#ifndef NEO_KERNELS_BINARY_ONEDNN_H_
#define NEO_KERNELS_BINARY_ONEDNN_H_

#include <dnnl.hpp>
#include <memory>
#include <optional>

#include "kernels/binary.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

struct OnednnBinaryPlan {
  bool swap;  // src0 = b, src1 = a
  dnnl::binary::primitive_desc pd;
};

// What the runtime builds for float params BinarySupports accepts as broadcastable: none
// where oneDNN cannot run them (exposed for the test that checks BinarySupports against
// oneDNN).
std::optional<OnednnBinaryPlan> MakeOnednnBinaryPlan(const dnnl::engine& engine,
                                                     const BinaryParams& p);
std::unique_ptr<Op> MakeOnednnBinary(Context& context, const BinaryParams& p, const float* a,
                                     const float* b, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_BINARY_ONEDNN_H_
