#include "kernels/reference/slice.h"

#include <cstring>

#include "kernels/reference/index_walk.h"

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
  // An empty slice may have no buffer at all, and memcpy must not see a null pointer even
  // for zero bytes (UndefinedBehaviorSanitizer found this in constant folding).
  if (p.output_shape.num_elements() == 0) return;
  // Output index i reads input index starts + i * steps: a strided walk from the first
  // element the slice takes.
  int64_t in_strides[Dims::kMaxRank];
  RowMajorStrides(p.input_shape, in_strides);
  int64_t strides[1][Dims::kMaxRank];
  int64_t first = 0;
  for (int i = 0; i < p.input_shape.rank; ++i) {
    strides[0][i] = p.steps[i] * in_strides[i];
    first += p.starts[i] * in_strides[i];
  }
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  const int r = p.output_shape.rank;
  if (r > 0 && p.steps[r - 1] == 1) {
    // Rows of consecutive elements: one copy per row (Swin's window shifts and crops
    // are slices of whole channel rows).
    Dims rows = p.output_shape;
    rows.rank = r - 1;
    const size_t row_bytes = static_cast<size_t>(p.output_shape[r - 1]) * p.element_size;
    ForEachOffset(rows, strides, [&](int64_t n, const int64_t* offset) {
      std::memcpy(dst + n * row_bytes, src + (first + offset[0]) * p.element_size, row_bytes);
    });
    return;
  }
  ForEachOffset(p.output_shape, strides, [&](int64_t n, const int64_t* offset) {
    std::memcpy(dst + n * p.element_size, src + (first + offset[0]) * p.element_size,
                p.element_size);
  });
}

}  // namespace neo::kernels::reference
