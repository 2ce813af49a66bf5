#include "kernels/reference/data_movement.h"

#include <cstdint>
#include <cstring>

namespace neo::kernels::reference {

void Concat(const ConcatParams& p, const void* const* inputs, void* output) {
  int64_t outer = 1;
  for (int i = 0; i < p.axis; ++i) outer *= p.output_shape[i];
  ConcatRows(p, inputs, 0, outer, output);
}

void ConcatRows(const ConcatParams& p, const void* const* inputs, int64_t begin, int64_t end,
                void* output) {
  // Viewed as [outer, axis, inner]: each outer slice is the inputs' slices back to back.
  int64_t inner = p.element_size;
  for (int i = p.axis + 1; i < p.output_shape.rank; ++i) inner *= p.output_shape[i];
  auto* out = static_cast<uint8_t*>(output) + begin * p.output_shape[p.axis] * inner;
  for (int64_t o = begin; o < end; ++o) {
    for (size_t k = 0; k < p.input_shapes.size(); ++k) {
      const size_t bytes = static_cast<size_t>(p.input_shapes[k][p.axis] * inner);
      // An empty input may have no buffer, and memcpy must not see a null pointer even
      // for zero bytes.
      if (bytes == 0) continue;
      std::memcpy(out, static_cast<const uint8_t*>(inputs[k]) + o * bytes, bytes);
      out += bytes;
    }
  }
}

void Transpose(const TransposeParams& p, const void* input, void* output) {
  const int rank = p.input_shape.rank;
  int64_t in_stride[Dims::kMaxRank];
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; --i) {
    in_stride[i] = s;
    s *= p.input_shape[i];
  }
  // Walk the output in order; output dimension i steps input dimension perm[i].
  int64_t out_dim[Dims::kMaxRank], step[Dims::kMaxRank], index[Dims::kMaxRank] = {};
  for (int i = 0; i < rank; ++i) {
    out_dim[i] = p.input_shape[p.perm[i]];
    step[i] = in_stride[p.perm[i]];
  }
  const int64_t total = p.input_shape.num_elements();
  const size_t es = p.element_size;
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  int64_t offset = 0;
  for (int64_t e = 0; e < total; ++e) {
    std::memcpy(out + e * es, in + offset * es, es);
    for (int i = rank - 1; i >= 0; --i) {
      offset += step[i];
      if (++index[i] < out_dim[i]) break;
      offset -= step[i] * index[i];
      index[i] = 0;
    }
  }
}

}  // namespace neo::kernels::reference
