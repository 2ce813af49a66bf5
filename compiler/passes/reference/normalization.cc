// BatchNorm (inference form) and (Log)Softmax over one axis.
#include <algorithm>
#include <cmath>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

Tensor BatchNorm(const ir::Node& node, const Tensor& x, const Tensor& scale, const Tensor& bias,
                 const Tensor& mean, const Tensor& var) {
  double eps = node.attrs.GetFloat("epsilon", 1e-5);
  // Channels are axis 1 ("NCHW", also for rank 2 and 3) or the last axis ("NHWC").
  size_t axis = IsNHWC(node) ? x.shape.size() - 1 : 1;
  int64_t inner = 1;
  for (size_t d = axis + 1; d < x.shape.size(); ++d) inner *= x.shape[d];
  int64_t C = x.shape[axis];
  Tensor y{x.shape, std::vector<float>(x.data.size())};
  for (size_t i = 0; i < x.data.size(); ++i) {
    size_t c = static_cast<size_t>((static_cast<int64_t>(i) / inner) % C);
    double s = scale.data[c] / std::sqrt(static_cast<double>(var.data[c]) + eps);
    y.data[i] = static_cast<float>((x.data[i] - mean.data[c]) * s + bias.data[c]);
  }
  return y;
}

Tensor Softmax(const ir::Node& node, const Tensor& x) {
  bool log = node.op == ir::op::kLogSoftmax;
  size_t axis = static_cast<size_t>(node.attrs.GetInt("axis", static_cast<int64_t>(x.shape.size()) - 1));
  int64_t outer = 1, inner = 1, len = x.shape[axis];
  for (size_t d = 0; d < axis; ++d) outer *= x.shape[d];
  for (size_t d = axis + 1; d < x.shape.size(); ++d) inner *= x.shape[d];
  Tensor y{x.shape, std::vector<float>(x.data.size())};
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      auto idx = [&](int64_t j) { return static_cast<size_t>((o * len + j) * inner + in); };
      double mx = x.data[idx(0)];
      for (int64_t j = 1; j < len; ++j) mx = std::max<double>(mx, x.data[idx(j)]);
      double sum = 0;
      for (int64_t j = 0; j < len; ++j) sum += std::exp(x.data[idx(j)] - mx);
      for (int64_t j = 0; j < len; ++j) {
        double v = x.data[idx(j)] - mx;
        y.data[idx(j)] = static_cast<float>(log ? v - std::log(sum) : std::exp(v) / sum);
      }
    }
  }
  return y;
}

}  // namespace neo::passes::reference

namespace neo::passes::reference {

// LRN across channels: y = x / (bias + alpha / size * sum of x^2 over the window)^beta,
// the window [c - (size-1)/2, c + ceil((size-1)/2)] clipped to the channels.
Tensor LRN(const ir::Node& node, const Tensor& x) {
  const int64_t size = node.attrs.GetInt("size");
  const double alpha = node.attrs.GetFloat("alpha", 1e-4), beta = node.attrs.GetFloat("beta", 0.75);
  const double bias = node.attrs.GetFloat("bias", 1.0);
  const size_t axis = IsNHWC(node) ? x.shape.size() - 1 : 1;
  int64_t inner = 1;
  for (size_t d = axis + 1; d < x.shape.size(); ++d) inner *= x.shape[d];
  const int64_t C = x.shape[axis];
  const int64_t lo = (size - 1) / 2, hi = size - 1 - lo;
  Tensor y{x.shape, std::vector<float>(x.data.size())};
  for (size_t i = 0; i < x.data.size(); ++i) {
    const int64_t c = (static_cast<int64_t>(i) / inner) % C;
    double sum = 0;
    for (int64_t k = std::max<int64_t>(0, c - lo); k <= std::min<int64_t>(C - 1, c + hi); ++k) {
      const double v = x.data[static_cast<size_t>(static_cast<int64_t>(i) + (k - c) * inner)];
      sum += v * v;
    }
    y.data[i] = static_cast<float>(x.data[i] / std::pow(bias + alpha / static_cast<double>(size) * sum, beta));
  }
  return y;
}

}  // namespace neo::passes::reference
