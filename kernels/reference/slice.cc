#include "kernels/reference/slice.h"

#include <cstring>

namespace neo::kernels::reference {

bool SliceValid(const SliceParams& p) {
  const int r = p.input_shape.rank;
  if (p.output_shape.rank != r || p.starts.rank != r || p.steps.rank != r) return false;
  if (p.element_size < 1) return false;
  if (p.output_shape.num_elements() == 0) return true;
  for (int i = 0; i < r; ++i) {
    if (p.steps[i] == 0 || p.output_shape[i] < 0) return false;
    const int64_t last = p.starts[i] + (p.output_shape[i] - 1) * p.steps[i];
    if (p.starts[i] < 0 || p.starts[i] >= p.input_shape[i] || last < 0 ||
        last >= p.input_shape[i]) {
      return false;
    }
  }
  return true;
}

void Slice(const SliceParams& p, const void* input, void* output) {
  const int r = p.input_shape.rank;
  const int64_t total = p.output_shape.num_elements();
  if (total == 0) return;
  // Input strides in elements.
  int64_t stride[Dims::kMaxRank];
  int64_t s = 1;
  for (int i = r; i-- > 0;) {
    stride[i] = s;
    s *= p.input_shape[i];
  }
  int64_t index[Dims::kMaxRank] = {};
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  for (int64_t n = 0; n < total; ++n) {
    int64_t offset = 0;
    for (int i = 0; i < r; ++i) offset += (p.starts[i] + index[i] * p.steps[i]) * stride[i];
    std::memcpy(dst + n * p.element_size, src + offset * p.element_size, p.element_size);
    for (int i = r; i-- > 0;) {
      if (++index[i] < p.output_shape[i]) break;
      index[i] = 0;
    }
  }
}

}  // namespace neo::kernels::reference
