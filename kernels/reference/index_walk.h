// Walking a tensor's elements in row-major order, for the reference kernels that map each
// output element to input elements (broadcasting, slicing, padding, resizing). One
// odometer here instead of one per kernel.
#ifndef NEO_KERNELS_REFERENCE_INDEX_WALK_H_
#define NEO_KERNELS_REFERENCE_INDEX_WALK_H_

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

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_INDEX_WALK_H_
