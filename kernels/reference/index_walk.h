// Walking a tensor's elements in row-major order, for the reference kernels that map each
// output element to input elements (broadcasting, slicing, padding, resizing). One
// odometer here instead of one per kernel.
#ifndef NEO_KERNELS_REFERENCE_INDEX_WALK_H_
#define NEO_KERNELS_REFERENCE_INDEX_WALK_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/dims.h"

namespace neo::kernels::reference {

// Row-major element strides of `shape` (the last dimension's is 1).
inline void RowMajorStrides(const Dims& shape, int64_t* strides) {
  int64_t s = 1;
  for (int i = shape.rank; i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
}

// Whether numpy broadcasting (dimensions aligned at the end) stretches `input` to exactly
// `output`: every input dimension is 1 or the output's.
inline bool BroadcastsTo(const Dims& input, const Dims& output) {
  const int shift = output.rank - input.rank;
  if (shift < 0) return false;
  for (int i = 0; i < input.rank; ++i) {
    if (input[i] != 1 && input[i] != output[i + shift]) return false;
  }
  return true;
}

// Strides of `input`, numpy-broadcast to `output` (dimensions aligned at the end), in
// output coordinates: 0 along the dimensions where the input repeats.
inline void BroadcastStrides(const Dims& input, const Dims& output, int64_t* strides) {
  const int shift = output.rank - input.rank;
  int64_t s = 1;
  for (int i = output.rank; i-- > 0;) {
    const int64_t d = i >= shift ? input[i - shift] : 1;
    strides[i] = d == 1 ? 0 : s;
    s *= d;
  }
}

// Calls fn(index, n) for every multi-index of `shape` in row-major order: `index` holds
// shape.rank coordinates, n counts from 0.
template <typename Fn>
void ForEachIndex(const Dims& shape, Fn fn) {
  const int64_t total = shape.num_elements();
  int64_t index[Dims::kMaxRank] = {};
  for (int64_t n = 0; n < total; ++n) {
    fn(static_cast<const int64_t*>(index), n);
    for (int i = shape.rank; i-- > 0;) {
      if (++index[i] < shape[i]) break;
      index[i] = 0;
    }
  }
}

// Calls fn(n, offsets) for every element of `shape` in row-major order, where
// offsets[k] = sum over dimensions d of index[d] * strides[k][d], kept up to date
// incrementally (no per-element multiplication): the walk of broadcasting kernels.
template <int N, typename Fn>
void ForEachOffset(const Dims& shape, const int64_t (&strides)[N][Dims::kMaxRank], Fn fn) {
  const int64_t total = shape.num_elements();
  int64_t index[Dims::kMaxRank] = {};
  int64_t offsets[N] = {};
  for (int64_t n = 0; n < total; ++n) {
    fn(n, static_cast<const int64_t*>(offsets));
    for (int i = shape.rank; i-- > 0;) {
      for (int k = 0; k < N; ++k) offsets[k] += strides[k][i];
      if (++index[i] < shape[i]) break;
      for (int k = 0; k < N; ++k) offsets[k] -= strides[k][i] * index[i];
      index[i] = 0;
    }
  }
}

// Element k of an index tensor of int64 (index_size 8) or int32 (4) elements.
inline int64_t IndexAt(const void* indices, size_t index_size, int64_t k) {
  return index_size == 8 ? static_cast<const int64_t*>(indices)[k]
                         : static_cast<const int32_t*>(indices)[k];
}

// An index into a dimension of n > 0 elements: a negative one counts from the end, and
// one still outside [0, n) is clamped (undefined in ONNX and PyTorch; never a read or
// write out of bounds here). The gather and scatter kernels all resolve this way.
inline int64_t ResolveIndex(int64_t i, int64_t n) {
  if (i < 0) i += n;
  return std::min(std::max<int64_t>(i, 0), n - 1);
}

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_INDEX_WALK_H_
