#include "kernels/transpose_blocked.h"

#include <algorithm>
#include <cstring>

namespace neo::kernels {

bool AsBatchedTranspose(const TransposeParams& p, BatchedTranspose* out) {
  // Merge runs of input dimensions that stay adjacent and in order in the output, and
  // drop size-1 dimensions: what remains is the permutation that really moves data.
  const int rank = p.input_shape.rank;
  int64_t dims[Dims::kMaxRank];
  int perm[Dims::kMaxRank];
  int n = 0;  // merged output dimensions
  int last_input = -2;
  for (int i = 0; i < rank; ++i) {
    const int d = static_cast<int>(p.perm[i]);
    if (p.input_shape[d] == 1) continue;
    if (n > 0 && d == last_input + 1) {
      dims[n - 1] *= p.input_shape[d];
    } else {
      dims[n] = p.input_shape[d];
      perm[n] = d;
      ++n;
    }
    last_input = d;
  }
  // perm[] holds the first input dimension of each merged output dimension; rank them.
  int order[Dims::kMaxRank];
  for (int i = 0; i < n; ++i) {
    order[i] = 0;
    for (int j = 0; j < n; ++j) order[i] += perm[j] < perm[i];
  }
  BatchedTranspose t;
  t.element_size = p.element_size;
  if (n <= 1) {
    t.inner = n == 1 ? dims[0] : 1;
    *out = t;
    return true;
  }
  // Output order must be: identity prefix, then the two swapped, then at most one
  // identity suffix dimension.
  int k = 0;
  while (k < n && order[k] == k) ++k;
  if (k + 1 >= n || order[k] != k + 1 || order[k + 1] != k) return false;
  for (int i = k + 2; i < n; ++i) {
    if (order[i] != i) return false;
  }
  if (n - (k + 2) > 1) return false;
  for (int i = 0; i < k; ++i) t.batch *= dims[i];
  t.cols = dims[k];      // output's outer of the two = input's inner
  t.rows = dims[k + 1];  // output's inner of the two = input's outer
  t.inner = n > k + 2 ? dims[k + 2] : 1;
  *out = t;
  return true;
}

namespace {

// One matrix: in is rows x cols, out is cols x rows (4-byte elements).
void TransposeMatrix32(const uint32_t* in, uint32_t* out, int64_t rows, int64_t cols) {
  constexpr int64_t kTile = 16;
  for (int64_t r0 = 0; r0 < rows; r0 += kTile) {
    const int64_t r1 = std::min(rows, r0 + kTile);
    for (int64_t c0 = 0; c0 < cols; c0 += kTile) {
      const int64_t c1 = std::min(cols, c0 + kTile);
      for (int64_t c = c0; c < c1; ++c) {
        for (int64_t r = r0; r < r1; ++r) out[c * rows + r] = in[r * cols + c];
      }
    }
  }
}

}  // namespace

void RunBatchedTranspose(const BatchedTranspose& t, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t chunk = static_cast<size_t>(t.inner) * t.element_size;
  const size_t matrix = static_cast<size_t>(t.rows * t.cols) * chunk;
  if (t.rows == 1 || t.cols == 1) {
    std::memcpy(out, in, matrix * static_cast<size_t>(t.batch));
    return;
  }
  for (int64_t b = 0; b < t.batch; ++b) {
    const uint8_t* src = in + static_cast<size_t>(b) * matrix;
    uint8_t* dst = out + static_cast<size_t>(b) * matrix;
    if (chunk == 4) {
      TransposeMatrix32(reinterpret_cast<const uint32_t*>(src), reinterpret_cast<uint32_t*>(dst),
                        t.rows, t.cols);
      continue;
    }
    // input[r][c] is `chunk` bytes at (r * cols + c) * chunk.
    for (int64_t c = 0; c < t.cols; ++c) {
      for (int64_t r = 0; r < t.rows; ++r) {
        std::memcpy(dst + static_cast<size_t>(c * t.rows + r) * chunk,
                    src + static_cast<size_t>(r * t.cols + c) * chunk, chunk);
      }
    }
  }
}

}  // namespace neo::kernels
