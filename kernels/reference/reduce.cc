#include "kernels/reference/reduce.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace neo::kernels::reference {

namespace {

float Identity(ReduceKind k) {
  switch (k) {
    case ReduceKind::kSum:
    case ReduceKind::kMean: return 0.0f;
    case ReduceKind::kProd: return 1.0f;
    case ReduceKind::kMax: return -std::numeric_limits<float>::infinity();
    case ReduceKind::kMin: return std::numeric_limits<float>::infinity();
  }
  return 0.0f;
}

float Combine(ReduceKind k, float acc, float x) {
  switch (k) {
    case ReduceKind::kSum:
    case ReduceKind::kMean: return acc + x;
    case ReduceKind::kProd: return acc * x;
    // NaN propagates, as in numpy.
    case ReduceKind::kMax: return (x > acc || std::isnan(x)) && !std::isnan(acc) ? x : acc;
    case ReduceKind::kMin: return (x < acc || std::isnan(x)) && !std::isnan(acc) ? x : acc;
  }
  return acc;
}

}  // namespace

bool ReduceValid(const ReduceParams& p) {
  for (int i = 0; i < p.axes.rank; ++i) {
    if (p.axes[i] < 0 || p.axes[i] >= p.input_shape.rank) return false;
    if (i > 0 && p.axes[i] <= p.axes[i - 1]) return false;
  }
  return true;
}

void Reduce(const ReduceParams& p, const float* input, float* output) {
  const int r = p.input_shape.rank;
  bool reduced[Dims::kMaxRank] = {};
  for (int i = 0; i < p.axes.rank; ++i) reduced[p.axes[i]] = true;
  // Output strides per input dimension (0 on reduced ones).
  int64_t stride[Dims::kMaxRank] = {};
  int64_t outputs = 1, count = 1;
  for (int i = r; i-- > 0;) {
    if (reduced[i]) {
      count *= p.input_shape[i];
    } else {
      stride[i] = outputs;
      outputs *= p.input_shape[i];
    }
  }
  for (int64_t o = 0; o < outputs; ++o) output[o] = Identity(p.kind);
  const int64_t total = p.input_shape.num_elements();
  int64_t index[Dims::kMaxRank] = {};
  int64_t offset = 0;
  for (int64_t n = 0; n < total; ++n) {
    output[offset] = Combine(p.kind, output[offset], input[n]);
    for (int i = r; i-- > 0;) {
      offset += stride[i];
      if (++index[i] < p.input_shape[i]) break;
      offset -= stride[i] * index[i];
      index[i] = 0;
    }
  }
  if (p.kind == ReduceKind::kMean) {
    for (int64_t o = 0; o < outputs; ++o) output[o] /= static_cast<float>(count);
  }
}

bool ArgReduceValid(const ArgReduceParams& p) {
  if (p.axis < 0 || p.axis >= p.input_shape.rank) return false;
  Dims out = p.input_shape;
  out[p.axis] = 1;
  return p.input_shape[p.axis] > 0 || out.num_elements() == 0;
}

void ArgReduce(const ArgReduceParams& p, const float* input, int64_t* output) {
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p.input_shape.rank; ++i) {
    if (i < p.axis) outer *= p.input_shape[i];
    if (i > p.axis) inner *= p.input_shape[i];
  }
  const int64_t n = p.input_shape[p.axis];
  const bool max = p.kind == ArgReduceKind::kMax;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      const float* x = input + o * n * inner + in;
      int64_t best = 0;
      for (int64_t k = 1; k < n; ++k) {
        const float b = x[best * inner], v = x[k * inner];
        if (std::isnan(b)) break;  // the first NaN wins, as numpy's argmax
        const bool better = std::isnan(v) || (max ? v > b : v < b) ||
                            (p.select_last_index && v == b);
        if (better) best = k;
      }
      output[o * inner + in] = best;
    }
  }
}

bool TopKValid(const TopKParams& p) {
  if (p.axis < 0 || p.axis >= p.input_shape.rank) return false;
  return p.k >= 1 && p.k <= p.input_shape[p.axis];
}

void TopK(const TopKParams& p, const float* input, int64_t* indices) {
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p.input_shape.rank; ++i) {
    if (i < p.axis) outer *= p.input_shape[i];
    if (i > p.axis) inner *= p.input_shape[i];
  }
  const int64_t n = p.input_shape[p.axis], k = p.k;
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      const float* x = input + o * n * inner + in;
      // A strict weak order: NaN first when taking the largest, last when the smallest;
      // ties by index.
      auto before = [&](int64_t a, int64_t b) {
        const float va = x[a * inner], vb = x[b * inner];
        const bool na = std::isnan(va), nb = std::isnan(vb);
        if (na || nb) {
          if (na && nb) return a < b;
          return p.largest ? na : nb;
        }
        if (va != vb) return p.largest ? va > vb : va < vb;
        return a < b;
      };
      for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
      std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
      for (int64_t j = 0; j < k; ++j) {
        indices[(o * k + j) * inner + in] = order[static_cast<size_t>(j)];
      }
    }
  }
}

}  // namespace neo::kernels::reference
