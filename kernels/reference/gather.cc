#include "kernels/reference/gather.h"

#include <algorithm>
#include <cstring>

#include "kernels/reference/index_walk.h"

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
  if (row == 0) return;  // an empty output, perhaps without a buffer
  const auto* src = static_cast<const unsigned char*>(data);
  auto* dst = static_cast<unsigned char*>(output);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < p.num_indices; ++j) {
      const int64_t k = ResolveIndex(IndexAt(indices, p.index_size, j), n);
      std::memcpy(dst, src + (o * n + k) * row, row);
      dst += row;
    }
  }
}

namespace {

bool ValidSizes(size_t element_size, size_t index_size) {
  return (index_size == 4 || index_size == 8) &&
         (element_size == 1 || element_size == 2 || element_size == 4 || element_size == 8);
}

}  // namespace

bool GatherElementsValid(const GatherElementsParams& p) {
  if (!ValidSizes(p.element_size, p.index_size)) return false;
  if (p.axis < 0 || p.axis >= p.data_shape.rank || p.indices_shape.rank != p.data_shape.rank) return false;
  for (int d = 0; d < p.data_shape.rank; ++d) {
    if (d != p.axis && p.indices_shape[d] > p.data_shape[d]) return false;
  }
  return p.data_shape[p.axis] > 0 || p.indices_shape.num_elements() == 0;
}

void GatherElements(const GatherElementsParams& p, const void* data, const void* indices,
                    void* output) {
  int64_t strides[Dims::kMaxRank];
  RowMajorStrides(p.data_shape, strides);
  const auto* src = static_cast<const unsigned char*>(data);
  auto* dst = static_cast<unsigned char*>(output);
  const size_t e = p.element_size;
  ForEachIndex(p.indices_shape, [&](const int64_t* index, int64_t n) {
    int64_t offset = 0;
    for (int d = 0; d < p.data_shape.rank; ++d) {
      const int64_t i = d == p.axis ? ResolveIndex(IndexAt(indices, p.index_size, n), p.data_shape[d])
                                    : index[d];
      offset += i * strides[d];
    }
    std::memcpy(dst + n * e, src + offset * e, e);
  });
}

bool GatherNDValid(const GatherNDParams& p) {
  if (!ValidSizes(p.element_size, p.index_size) || p.indices_shape.rank < 1) return false;
  const int64_t k = p.indices_shape[p.indices_shape.rank - 1];
  const int b = p.batch_dims;
  if (b < 0 || b >= p.indices_shape.rank || k < 1 || b + k > p.data_shape.rank) return false;
  for (int d = 0; d < b; ++d) {
    if (p.indices_shape[d] != p.data_shape[d]) return false;
  }
  for (int d = b; d < b + k; ++d) {
    if (p.data_shape[d] == 0 && p.indices_shape.num_elements() != 0) return false;
  }
  return true;
}

void GatherND(const GatherNDParams& p, const void* data, const void* indices, void* output) {
  const int b = p.batch_dims;
  const int k = static_cast<int>(p.indices_shape[p.indices_shape.rank - 1]);
  int64_t strides[Dims::kMaxRank];
  RowMajorStrides(p.data_shape, strides);
  int64_t batches = 1;
  for (int d = 0; d < b; ++d) batches *= p.data_shape[d];
  // Per batch: `tuples` index tuples, each addressing `slice` contiguous elements.
  const int64_t tuples = batches == 0 ? 0 : p.indices_shape.num_elements() / k / batches;
  const int64_t slice = strides[b + k - 1];
  const int64_t batch_stride = b == 0 ? 0 : strides[b - 1];
  const size_t row = static_cast<size_t>(slice) * p.element_size;
  const auto* src = static_cast<const unsigned char*>(data);
  auto* dst = static_cast<unsigned char*>(output);
  for (int64_t batch = 0; batch < batches; ++batch) {
    for (int64_t t = 0; t < tuples; ++t) {
      const int64_t first = (batch * tuples + t) * k;
      int64_t offset = batch * batch_stride;
      for (int d = 0; d < k; ++d) {
        offset += ResolveIndex(IndexAt(indices, p.index_size, first + d), p.data_shape[b + d]) * strides[b + d];
      }
      std::memcpy(dst, src + offset * static_cast<int64_t>(p.element_size), row);
      dst += row;
    }
  }
}

}  // namespace neo::kernels::reference
