#include <algorithm>
#include <cmath>

#include "kernels/reference/elementwise.h"

namespace neo::kernels::reference {

float BinaryScalar(BinaryOp op, float a, float b) {
  switch (op) {
    case BinaryOp::kAdd: return a + b;
    case BinaryOp::kSub: return a - b;
    case BinaryOp::kMul: return a * b;
    case BinaryOp::kDiv: return a / b;
    case BinaryOp::kPow: return std::pow(a, b);
    case BinaryOp::kMaximum: return std::max(a, b);
    case BinaryOp::kMinimum: return std::min(a, b);
    case BinaryOp::kPRelu: return a < 0.0f ? a * b : a;
  }
  return 0.0f;
}

void Binary(const BinaryParams& p, const float* a, const float* b, float* output) {
  const int rank = p.output_shape.rank;
  // Element strides of a and b in output coordinates: 0 along broadcast dimensions.
  int64_t a_stride[Dims::kMaxRank] = {}, b_stride[Dims::kMaxRank] = {};
  int64_t sa = 1, sb = 1;
  for (int i = rank - 1; i >= 0; --i) {
    const int ia = i - (rank - p.a_shape.rank), ib = i - (rank - p.b_shape.rank);
    const int64_t da = ia >= 0 ? p.a_shape[ia] : 1, db = ib >= 0 ? p.b_shape[ib] : 1;
    a_stride[i] = da == 1 ? 0 : sa;
    b_stride[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  const int64_t total = p.output_shape.num_elements();
  int64_t index[Dims::kMaxRank] = {};
  int64_t ao = 0, bo = 0;
  for (int64_t e = 0; e < total; ++e) {
    const float v = BinaryScalar(p.op, a[ao], b[bo]);
    output[e] = std::min(std::max(v, p.output_min), p.output_max);
    // Odometer increment of the output index, keeping the operand offsets in step.
    for (int i = rank - 1; i >= 0; --i) {
      ao += a_stride[i];
      bo += b_stride[i];
      if (++index[i] < p.output_shape[i]) break;
      ao -= a_stride[i] * index[i];
      bo -= b_stride[i] * index[i];
      index[i] = 0;
    }
  }
}

}  // namespace neo::kernels::reference
