#include "kernels/reference/broadcast.h"

#include <cstring>

namespace neo::kernels::reference {

bool BroadcastValid(const BroadcastParams& p) {
  const int shift = p.output_shape.rank - p.input_shape.rank;
  if (shift < 0 || p.element_size < 1) return false;
  for (int i = 0; i < p.input_shape.rank; ++i) {
    if (p.input_shape[i] != 1 && p.input_shape[i] != p.output_shape[i + shift]) return false;
  }
  return true;
}

void Broadcast(const BroadcastParams& p, const void* input, void* output) {
  const int r = p.output_shape.rank, shift = r - p.input_shape.rank;
  const int64_t total = p.output_shape.num_elements();
  if (total == 0) return;
  // Input strides per output dimension; 0 where the input repeats.
  int64_t stride[Dims::kMaxRank] = {};
  int64_t s = 1;
  for (int i = p.input_shape.rank; i-- > 0;) {
    stride[i + shift] = p.input_shape[i] == 1 ? 0 : s;
    s *= p.input_shape[i];
  }
  int64_t index[Dims::kMaxRank] = {};
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  for (int64_t n = 0; n < total; ++n) {
    int64_t offset = 0;
    for (int i = 0; i < r; ++i) offset += index[i] * stride[i];
    std::memcpy(dst + n * p.element_size, src + offset * p.element_size, p.element_size);
    for (int i = r; i-- > 0;) {
      if (++index[i] < p.output_shape[i]) break;
      index[i] = 0;
    }
  }
}

}  // namespace neo::kernels::reference
