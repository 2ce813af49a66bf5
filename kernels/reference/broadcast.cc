#include "kernels/reference/broadcast.h"

#include <cstring>

#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

bool BroadcastValid(const BroadcastParams& p) {
  return p.element_size >= 1 && BroadcastsTo(p.input_shape, p.output_shape);
}

void Broadcast(const BroadcastParams& p, const void* input, void* output) {
  int64_t strides[1][Dims::kMaxRank];
  BroadcastStrides(p.input_shape, p.output_shape, strides[0]);
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  ForEachOffset(p.output_shape, strides, [&](int64_t n, const int64_t* offset) {
    std::memcpy(dst + n * p.element_size, src + offset[0] * p.element_size, p.element_size);
  });
}

}  // namespace neo::kernels::reference
