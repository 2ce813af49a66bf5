// linear, addmm, matmul, mm, bmm. With constant weights (every classifier head) they
// become FullyConnected, whose kernels pack the weights once; the rest BatchMatMul.
#include "compiler/frontends/pytorch/linear.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

bool IsFloat(NodeLowering& n, ir::ValueId v) {
  return n.graph().value(v).dtype == ir::DType::kFloat32;
}

// A constant [K, N] matrix as the [N, K] weights FullyConnected takes, times `alpha`.
ir::ValueId TransposedWeights(NodeLowering& n, ir::ValueId b, double alpha) {
  const ir::Value& v = n.graph().value(b);
  const int64_t k = v.shape[0], cols = v.shape[1];
  std::vector<float> w(static_cast<size_t>(k * cols));
  const float* src = v.data_as<float>();
  for (int64_t i = 0; i < cols; ++i) {
    for (int64_t j = 0; j < k; ++j) w[i * k + j] = static_cast<float>(alpha * src[j * cols + i]);
  }
  return n.FloatConstant("weights", {cols, k}, w);
}

// alpha * product + beta * c, the tail of addmm and baddbmm (beta 0 ignores c).
ir::ValueId ScaledSum(NodeLowering& n, ir::ValueId product, ir::ValueId c, double alpha, double beta) {
  ir::ValueId y = product;
  if (alpha != 1.0) y = n.Emit(ir::op::kMul, {y, n.FloatConstant("alpha", {}, {static_cast<float>(alpha)})});
  if (beta == 0.0) return y;
  ir::ValueId cc = c;
  if (beta != 1.0) cc = n.Emit(ir::op::kMul, {c, n.FloatConstant("beta", {}, {static_cast<float>(beta)})});
  return n.Emit(ir::op::kAdd, {y, cc});
}

ir::ValueId Transpose2D(NodeLowering& n, ir::ValueId w) {
  ir::Attributes a;
  a.set("perm", std::vector<int64_t>{1, 0});
  return n.Emit(ir::op::kTranspose, {w}, a);
}

}  // namespace

ir::ValueId FullyConnected(NodeLowering& n, ir::ValueId x, ir::ValueId w, ir::ValueId bias) {
  const ir::Shape xs = n.Shape(x), ws = n.Shape(w);
  if (xs.empty() || xs.back() != ws[1]) n.NotValid("weight", "does not match the input's last dimension");
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < xs.size(); ++d) rows *= xs[d];
  std::vector<ir::ValueId> inputs = {n.Reshape(x, {rows, ws[1]}), w};
  if (bias != ir::kNoValue) inputs.push_back(bias);
  const ir::ValueId y = n.Emit(ir::op::kFullyConnected, inputs);
  ir::Shape ys(xs.begin(), xs.end() - 1);
  ys.push_back(ws[0]);
  return n.Reshape(y, ys);
}

ir::ValueId MatMul(NodeLowering& n, ir::ValueId a, ir::ValueId b) {
  const ir::Shape as = n.Shape(a), bs = n.Shape(b);
  if (as.empty() || bs.empty()) n.NotValid("input", "must have at least one dimension");
  const ir::ValueId a2 = as.size() == 1 ? n.Reshape(a, {1, as[0]}) : a;
  const ir::ValueId b2 = bs.size() == 1 ? n.Reshape(b, {bs[0], 1}) : b;
  ir::ValueId y = n.Emit(ir::op::kBatchMatMul, {a2, b2});
  ir::Shape ys = n.Shape(y);
  if (bs.size() == 1) ys.pop_back();
  if (as.size() == 1) ys.erase(ys.end() - (bs.size() == 1 ? 1 : 2));
  return n.Reshape(y, ys);
}

// linear(x, weight[N, K], bias[N]?)
void LowerLinear(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0), w = n.Tensor(1);
  if (!IsFloat(n, x) || !IsFloat(n, w)) n.NotSupported("input that is not float32");
  if (n.Shape(w).size() != 2) n.NotValid("weight", "must be a matrix");
  const ir::ValueId bias = n.IsNone(2) ? ir::kNoValue : n.Tensor(2);
  if (n.IsConstant(1) && (bias == ir::kNoValue || n.IsConstant(2)) &&
      (bias == ir::kNoValue || n.Shape(bias) == ir::Shape{n.Shape(w)[0]})) {
    n.SetOutput(0, FullyConnected(n, x, w, bias));
    return;
  }
  ir::ValueId y = MatMul(n, x, Transpose2D(n, w));
  if (bias != ir::kNoValue) y = n.Emit(ir::op::kAdd, {y, bias});
  n.SetOutput(0, y);
}

// addmm(self, mat1[M, K], mat2[K, N], beta=1, alpha=1) = beta * self + alpha * mat1 mat2
void LowerAddmm(NodeLowering& n) {
  const ir::ValueId c = n.Tensor(0), a = n.Tensor(1), b = n.Tensor(2);
  const double beta = n.num_inputs() > 3 ? n.Float(3, "beta") : 1.0;
  const double alpha = n.num_inputs() > 4 ? n.Float(4, "alpha") : 1.0;
  if (n.Shape(a).size() != 2 || n.Shape(b).size() != 2) n.NotValid("mat1", "must be a matrix");
  const int64_t out_n = n.Shape(b)[1];
  const ir::Shape cs = n.Shape(c);
  const bool bias_like = n.IsConstant(0) && beta == 1.0 &&
                         (cs == ir::Shape{out_n} || cs == ir::Shape{1, out_n});
  if (n.IsConstant(2) && IsFloat(n, b)) {
    const ir::ValueId w = TransposedWeights(n, b, alpha);
    if (bias_like) {
      const ir::ValueId bias = n.Reshape(c, {out_n});
      n.SetOutput(0, FullyConnected(n, a, w, bias));
      return;
    }
    // alpha is already in the weights.
    n.SetOutput(0, ScaledSum(n, FullyConnected(n, a, w, ir::kNoValue), c, 1.0, beta));
    return;
  }
  n.SetOutput(0, ScaledSum(n, MatMul(n, a, b), c, alpha, beta));
}

// baddbmm(self, batch1, batch2, beta=1, alpha=1) = beta * self + alpha * batch1 @ batch2:
// the slow path of MultiheadAttention adds a float mask with it.
void LowerBaddbmm(NodeLowering& n) {
  const ir::ValueId c = n.Tensor(0), a = n.Tensor(1), b = n.Tensor(2);
  if (n.Shape(a).size() != 3 || n.Shape(b).size() != 3) n.NotValid("batch1", "must be of rank 3");
  const double beta = n.num_inputs() > 3 ? n.Float(3, "beta") : 1.0;
  const double alpha = n.num_inputs() > 4 ? n.Float(4, "alpha") : 1.0;
  n.SetOutput(0, ScaledSum(n, MatMul(n, a, b), c, alpha, beta));
}

// matmul(a, b) (numpy semantics), mm(a, b), bmm(a, b)
void LowerMatmul(NodeLowering& n) {
  const ir::ValueId a = n.Tensor(0), b = n.Tensor(1);
  if (!IsFloat(n, a) || !IsFloat(n, b)) n.NotSupported("input that is not float32");
  if (n.IsConstant(1) && n.Shape(b).size() == 2 && n.Shape(a).size() >= 2) {
    n.SetOutput(0, FullyConnected(n, a, TransposedWeights(n, b, 1.0), ir::kNoValue));
    return;
  }
  n.SetOutput(0, MatMul(n, a, b));
}

}  // namespace neo::pytorch_frontend
