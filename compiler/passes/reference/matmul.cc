// FullyConnected (x * w^T + b) and numpy-style MatMul.
#include <stdexcept>

#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

Tensor FullyConnected(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias) {
  int64_t M = x.shape[0], K = x.shape[1], N = w.shape[0];
  Tensor y{{M, N}, std::vector<float>(static_cast<size_t>(M * N))};
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t n = 0; n < N; ++n) {
      double acc = bias ? bias->data[static_cast<size_t>(n)] : 0.0;
      for (int64_t k = 0; k < K; ++k) {
        acc += static_cast<double>(x.data[static_cast<size_t>(m * K + k)]) *
               w.data[static_cast<size_t>(n * K + k)];
      }
      y.data[static_cast<size_t>(m * N + n)] = static_cast<float>(acc);
    }
  }
  ApplyActivation(node, y);
  return y;
}

Tensor MatMul(const Tensor& a, const Tensor& b, const ir::Shape& out_shape) {
  // Promote 1-D operands as numpy does, then broadcast the batch dimensions.
  ir::Shape sa = a.shape, sb = b.shape;
  if (sa.size() == 1) sa.insert(sa.begin(), 1);
  if (sb.size() == 1) sb.push_back(1);
  int64_t M = sa[sa.size() - 2], K = sa.back(), N = sb.back();
  ir::Shape ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2), batch;
  if (!BroadcastShapes(ba, bb, &batch)) throw std::logic_error("reference: MatMul batch");
  std::vector<int64_t> stride_a = StridesOf(ba), stride_b = StridesOf(bb);
  int64_t nb = ir::NumElements(batch);
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(nb * M * N))};
  std::vector<int64_t> idx(batch.size(), 0);
  for (int64_t i = 0; i < nb; ++i) {
    int64_t oa = 0, ob = 0;
    for (size_t d = 0; d < ba.size(); ++d) {
      if (ba[d] != 1) oa += idx[batch.size() - ba.size() + d] * stride_a[d];
    }
    for (size_t d = 0; d < bb.size(); ++d) {
      if (bb[d] != 1) ob += idx[batch.size() - bb.size() + d] * stride_b[d];
    }
    for (int64_t m = 0; m < M; ++m) {
      for (int64_t n = 0; n < N; ++n) {
        double acc = 0;
        for (int64_t k = 0; k < K; ++k) {
          acc += static_cast<double>(a.data[static_cast<size_t>(oa * M * K + m * K + k)]) *
                 b.data[static_cast<size_t>(ob * K * N + k * N + n)];
        }
        y.data[static_cast<size_t>((i * M + m) * N + n)] = static_cast<float>(acc);
      }
    }
    for (size_t d = batch.size(); d-- > 0;) {
      if (++idx[d] < batch[d]) break;
      idx[d] = 0;
    }
  }
  return y;
}

}  // namespace neo::passes::reference
