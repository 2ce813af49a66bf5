#include "kernels/reference/scatter.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/reference/cast.h"
#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

namespace {

template <typename T>
T Combine(ScatterReduction r, T old, T update) {
  switch (r) {
    case ScatterReduction::kNone: return update;
    case ScatterReduction::kAdd: return static_cast<T>(old + update);
    case ScatterReduction::kMul: return static_cast<T>(old * update);
    case ScatterReduction::kMax: return std::max(old, update);
    case ScatterReduction::kMin: return std::min(old, update);
  }
  return update;
}

// Calls fn(T()) with T the C++ type of `t`.
template <typename Fn>
void WithType(ElementType t, Fn fn) {
  switch (t) {
    case ElementType::kFloat32: return fn(float());
    case ElementType::kInt64: return fn(int64_t());
    case ElementType::kInt32: return fn(int32_t());
    case ElementType::kInt8: return fn(int8_t());
    case ElementType::kBool:
    case ElementType::kUInt8: return fn(uint8_t());
    default: return;
  }
}

bool ValidTypes(ElementType type, ScatterReduction r, size_t index_size) {
  if (index_size != 4 && index_size != 8) return false;
  if (type == ElementType::kBytes) return false;
  return type != ElementType::kBool || r == ScatterReduction::kNone;
}

}  // namespace

bool ScatterNDValid(const ScatterNDParams& p) {
  if (!ValidTypes(p.type, p.reduction, p.index_size) || p.indices_shape.rank < 1) return false;
  const int64_t k = p.indices_shape[p.indices_shape.rank - 1];
  if (k < 1 || k > p.data_shape.rank) return false;
  for (int d = 0; d < k; ++d) {
    if (p.data_shape[d] == 0 && p.indices_shape.num_elements() != 0) return false;
  }
  return true;
}

bool ScatterElementsValid(const ScatterElementsParams& p) {
  if (!ValidTypes(p.type, p.reduction, p.index_size)) return false;
  if (p.axis < 0 || p.axis >= p.data_shape.rank || p.indices_shape.rank != p.data_shape.rank) return false;
  for (int d = 0; d < p.data_shape.rank; ++d) {
    if (d != p.axis && p.indices_shape[d] > p.data_shape[d]) return false;
  }
  return p.data_shape[p.axis] > 0 || p.indices_shape.num_elements() == 0;
}

void ScatterND(const ScatterNDParams& p, const void* data, const void* indices,
               const void* updates, void* output) {
  const size_t e = ElementSize(p.type);
  const int64_t total = p.data_shape.num_elements();
  if (total == 0) return;  // empty buffers may be null, which memcpy must not see
  if (output != data) std::memcpy(output, data, static_cast<size_t>(total) * e);
  const int k = static_cast<int>(p.indices_shape[p.indices_shape.rank - 1]);
  const int64_t tuples = p.indices_shape.num_elements() / k;
  int64_t strides[Dims::kMaxRank];
  RowMajorStrides(p.data_shape, strides);
  // Each index tuple addresses a slice of `slice` contiguous elements.
  const int64_t slice = k == 0 ? total : strides[k - 1];
  WithType(p.type, [&](auto zero) {
    using T = decltype(zero);
    T* out = static_cast<T*>(output);
    const T* upd = static_cast<const T*>(updates);
    for (int64_t t = 0; t < tuples; ++t) {
      int64_t offset = 0;
      for (int d = 0; d < k; ++d) {
        offset += ResolveIndex(IndexAt(indices, p.index_size, t * k + d), p.data_shape[d]) * strides[d];
      }
      for (int64_t j = 0; j < slice; ++j) {
        out[offset + j] = Combine(p.reduction, out[offset + j], upd[t * slice + j]);
      }
    }
  });
}

void ScatterElements(const ScatterElementsParams& p, const void* data, const void* indices,
                     const void* updates, void* output) {
  const size_t e = ElementSize(p.type);
  if (p.data_shape.num_elements() == 0) return;  // empty buffers may be null
  if (output != data) std::memcpy(output, data, static_cast<size_t>(p.data_shape.num_elements()) * e);
  int64_t strides[Dims::kMaxRank];
  RowMajorStrides(p.data_shape, strides);
  WithType(p.type, [&](auto zero) {
    using T = decltype(zero);
    T* out = static_cast<T*>(output);
    const T* upd = static_cast<const T*>(updates);
    ForEachIndex(p.indices_shape, [&](const int64_t* index, int64_t n) {
      int64_t offset = 0;
      for (int d = 0; d < p.data_shape.rank; ++d) {
        const int64_t i = d == p.axis ? ResolveIndex(IndexAt(indices, p.index_size, n), p.data_shape[d])
                                      : index[d];
        offset += i * strides[d];
      }
      out[offset] = Combine(p.reduction, out[offset], upd[n]);
    });
  });
}

}  // namespace neo::kernels::reference
