#include "kernels/reference/gather.h"

#include <cstring>

namespace neo::kernels::reference {

bool GatherValid(const GatherParams& p) {
  if (p.axis < 0 || p.axis >= p.data_shape.rank || p.num_indices < 0) return false;
  if (p.index_size != 4 && p.index_size != 8) return false;
  if (p.element_size != 1 && p.element_size != 2 && p.element_size != 4 &&
      p.element_size != 8) {
    return false;
  }
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p.data_shape.rank; ++i) {
    if (i < p.axis) outer *= p.data_shape[i];
    if (i > p.axis) inner *= p.data_shape[i];
  }
  const bool output_empty = outer * inner * p.num_indices == 0;
  return p.data_shape[p.axis] > 0 || output_empty;
}

void Gather(const GatherParams& p, const void* data, const void* indices, void* output) {
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p.data_shape.rank; ++i) {
    if (i < p.axis) outer *= p.data_shape[i];
    if (i > p.axis) inner *= p.data_shape[i];
  }
  const int64_t n = p.data_shape[p.axis];
  if (n == 0) return;  // then the output is empty (GatherValid)
  const size_t row = static_cast<size_t>(inner) * p.element_size;
  const auto* src = static_cast<const unsigned char*>(data);
  auto* dst = static_cast<unsigned char*>(output);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < p.num_indices; ++j) {
      int64_t k = p.index_size == 8 ? static_cast<const int64_t*>(indices)[j]
                                    : static_cast<const int32_t*>(indices)[j];
      if (k < 0) k += n;
      if (k < 0) k = 0;          // out of range: undefined in ONNX, clamped here
      if (k >= n) k = n - 1;
      std::memcpy(dst, src + (o * n + k) * row, row);
      dst += row;
    }
  }
}

}  // namespace neo::kernels::reference
