#include "kernels/reference/batch_matmul.h"

#include <algorithm>

namespace neo::kernels::reference {

namespace {

// Element stride of each output batch dimension in `x` (0 where x broadcasts).
void BatchStrides(const Dims& x, const Dims& out, int64_t* strides) {
  const int batch = out.rank - 2, shift = out.rank - x.rank;
  int64_t s = x[x.rank - 2] * x[x.rank - 1];
  for (int i = batch; i-- > 0;) {
    const int xi = i - shift;
    strides[i] = (xi < 0 || x[xi] == 1) ? 0 : s;
    if (xi >= 0) s *= x[xi];
  }
}

}  // namespace

bool BatchMatMulValid(const BatchMatMulParams& p) {
  const Dims &a = p.a_shape, &b = p.b_shape, &o = p.output_shape;
  if (a.rank < 2 || b.rank < 2 || o.rank != std::max(a.rank, b.rank)) return false;
  if (a[a.rank - 1] != b[b.rank - 2] || o[o.rank - 2] != a[a.rank - 2] ||
      o[o.rank - 1] != b[b.rank - 1]) {
    return false;
  }
  for (int i = 0; i < o.rank - 2; ++i) {
    const int ai = i - (o.rank - a.rank), bi = i - (o.rank - b.rank);
    const int64_t da = ai >= 0 ? a[ai] : 1, db = bi >= 0 ? b[bi] : 1;
    int64_t want;
    if (da == db || db == 1) {
      want = da;
    } else if (da == 1) {
      want = db;
    } else {
      return false;
    }
    if (o[i] != want) return false;
  }
  return true;
}

void BatchMatMul(const BatchMatMulParams& p, const float* a, const float* b, float* output) {
  const Dims& o = p.output_shape;
  const int batch = o.rank - 2;
  const int64_t m = o[o.rank - 2], n = o[o.rank - 1], k = p.a_shape[p.a_shape.rank - 1];
  int64_t sa[Dims::kMaxRank], sb[Dims::kMaxRank];
  BatchStrides(p.a_shape, o, sa);
  BatchStrides(p.b_shape, o, sb);
  int64_t batches = 1;
  for (int i = 0; i < batch; ++i) batches *= o[i];
  int64_t index[Dims::kMaxRank] = {};
  for (int64_t t = 0; t < batches; ++t) {
    int64_t oa = 0, ob = 0;
    for (int i = 0; i < batch; ++i) {
      oa += index[i] * sa[i];
      ob += index[i] * sb[i];
    }
    float* y = output + t * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        float sum = 0.0f;
        for (int64_t q = 0; q < k; ++q) sum += a[oa + i * k + q] * b[ob + q * n + j];
        y[i * n + j] = sum;
      }
    }
    for (int i = batch; i-- > 0;) {
      if (++index[i] < o[i]) break;
      index[i] = 0;
    }
  }
}

}  // namespace neo::kernels::reference
