// Gemm and MatMul. With constant weights (every trained classifier head) both become
// FullyConnected, whose kernels pack the weights once; any other MatMul becomes
// BatchMatMul.
#include <algorithm>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// W[N, K] from a constant B that is [K, N] (transposed = false) or [N, K].
std::vector<float> WeightsNK(const ir::Value& b, bool b_is_nk, float alpha, int64_t* n_out,
                             int64_t* k_out) {
  const float* src = b.data_as<float>();
  const int64_t rows = b.shape[0], cols = b.shape[1];
  const int64_t n = b_is_nk ? rows : cols, k = b_is_nk ? cols : rows;
  std::vector<float> w(static_cast<size_t>(n * k));
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < k; ++j) {
      w[static_cast<size_t>(i * k + j)] = alpha * (b_is_nk ? src[i * k + j] : src[j * n + i]);
    }
  }
  *n_out = n;
  *k_out = k;
  return w;
}

}  // namespace

namespace {

// Y = alpha * A' * B' + beta * C for a B known only at run time (pytorch's mm/addmm of
// two inputs): a BatchMatMul of the (transposed) operands, then the scalings and C.
void EmitRuntimeGemm(NodeLowering& n, ir::ValueId a, int64_t m, float alpha, float beta) {
  const ir::Shape b_shape = n.input_shape(1);
  const int64_t trans_b = n.IntAttr("transB", 0);
  ir::ValueId b = n.input(1);
  if (trans_b) {
    ir::ValueId t = n.NewValue("transposed_b");
    n.Emit(ir::op::kTranspose, {b}, {t}).attrs.set("perm", std::vector<int64_t>{1, 0});
    b = t;
  }
  const int64_t out_n = trans_b ? b_shape[0] : b_shape[1];
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  const bool has_c = n.has_input(2) && beta != 0.0f;
  ir::ValueId product = (alpha == 1.0f && !has_c) ? n.output(0) : n.NewValue("product");
  n.Emit(ir::op::kBatchMatMul, {a, b}, {product});
  ir::ValueId scaled = product;
  if (alpha != 1.0f) {
    scaled = has_c ? n.NewValue("scaled_product") : n.output(0);
    ir::ValueId k = g.AddFloatConstant(g.UniqueName(base + "/alpha"), {}, {alpha});
    n.Emit(ir::op::kMul, {product, k}, {scaled});
  }
  if (!has_c) return;
  const ir::Shape cs = n.input_shape(2);
  const int64_t c_rows = cs.size() == 2 ? cs[0] : 1, c_cols = cs.empty() ? 1 : cs.back();
  if (cs.size() > 2 || (c_rows != 1 && c_rows != m) || (c_cols != 1 && c_cols != out_n)) {
    n.NotValid("C", "does not broadcast to [M, N]");
  }
  ir::ValueId c = n.input(2);
  if (beta != 1.0f) {
    ir::ValueId k = g.AddFloatConstant(g.UniqueName(base + "/beta"), {}, {beta});
    ir::ValueId cb = n.NewValue("scaled_c");
    n.Emit(ir::op::kMul, {c, k}, {cb});
    c = cb;
  }
  n.Emit(ir::op::kAdd, {scaled, c}, {n.output(0)});
}

}  // namespace

void LowerGemm(NodeLowering& n) {
  const float alpha = n.FloatAttr("alpha", 1.0f);
  const float beta = n.FloatAttr("beta", 1.0f);
  const int64_t trans_a = n.IntAttr("transA", 0), trans_b = n.IntAttr("transB", 0);
  const ir::Shape a_shape = n.input_shape(0);
  const ir::Value& b = n.input_value(1);
  if (a_shape.size() != 2 || b.shape.size() != 2) n.NotValid("A", "must be a matrix");
  for (int i = 0; i < 3; ++i) {
    if (n.has_input(i) && n.input_value(i).dtype != ir::DType::kFloat32) {
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
    }
  }
  const int64_t m = trans_a ? a_shape[1] : a_shape[0];
  const int64_t k_a = trans_a ? a_shape[0] : a_shape[1];
  if ((trans_b ? b.shape[1] : b.shape[0]) != k_a) n.NotValid("B", "does not match A's inner dimension");
  // Before opset 7, C broadcasts only when asked; otherwise it must already be [M, N].
  if (n.opset() < 7 && n.has_input(2) && n.IntAttr("broadcast", 0) == 0) {
    const ir::Shape cs = n.input_shape(2);
    const int64_t out_n = trans_b ? b.shape[0] : b.shape[1];
    if (cs != ir::Shape{m, out_n}) n.NotValid("broadcast", "must be 1 when C is not [M, N]");
  }

  ir::ValueId a = n.input(0);
  if (trans_a) {
    ir::ValueId t = n.NewValue("transposed_a");
    n.Emit(ir::op::kTranspose, {a}, {t}).attrs.set("perm", std::vector<int64_t>{1, 0});
    a = t;
  }
  if (!b.is_constant() || (n.has_input(2) && beta != 0.0f && !n.input_value(2).is_constant())) {
    EmitRuntimeGemm(n, a, m, alpha, beta);
    return;
  }
  int64_t out_n = 0, k = 0;
  std::vector<float> w = WeightsNK(b, trans_b != 0, alpha, &out_n, &k);
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  ir::ValueId w_id = g.AddFloatConstant(g.UniqueName(base + "/weights"), {out_n, k}, w);

  // C broadcasts to [M, N]; a per-column C (the usual bias) becomes the FC's bias.
  ir::ValueId bias = ir::kNoValue, row_term = ir::kNoValue;
  if (n.has_input(2) && beta != 0.0f) {
    std::vector<float> cv = n.ConstantFloats(2, "C");
    const ir::Shape cs = n.input_shape(2);
    const int64_t c_rows = cs.size() == 2 ? cs[0] : 1;
    const int64_t c_cols = cs.empty() ? 1 : cs.back();
    if (cs.size() > 2 || (c_rows != 1 && c_rows != m) || (c_cols != 1 && c_cols != out_n)) {
      n.NotValid("C", "does not broadcast to [M, N]");
    }
    if (c_rows == 1 || m == 1) {
      std::vector<float> bv(static_cast<size_t>(out_n));
      for (int64_t j = 0; j < out_n; ++j) bv[j] = beta * cv[c_cols == 1 ? 0 : j];
      bias = g.AddFloatConstant(g.UniqueName(base + "/bias"), {out_n}, bv);
    } else {
      for (float& v : cv) v *= beta;
      row_term = g.AddFloatConstant(g.UniqueName(base + "/c"), cs, cv);
    }
  }
  std::vector<ir::ValueId> inputs = {a, w_id};
  if (bias != ir::kNoValue) inputs.push_back(bias);
  if (row_term == ir::kNoValue) {
    n.Emit(ir::op::kFullyConnected, inputs, {n.output(0)});
  } else {
    ir::ValueId fc = n.NewValue("fc");
    n.Emit(ir::op::kFullyConnected, inputs, {fc});
    n.Emit(ir::op::kAdd, {fc, row_term}, {n.output(0)});
  }
}

namespace {

// numpy.matmul of anything else: BatchMatMul on rank >= 2 operands, a rank-1 operand
// made a matrix ([K] -> [1, K] for A, [K, 1] for B) and its unit axis dropped after.
void EmitBatchMatMul(NodeLowering& n) {
  ir::Shape a = n.input_shape(0), b = n.input_shape(1);
  if (a.empty() || b.empty()) n.NotValid("A", "cannot be a scalar");
  ir::ValueId av = n.input(0), bv = n.input(1);
  const bool a_vec = a.size() == 1, b_vec = b.size() == 1;
  if (a_vec) {
    a = {1, a[0]};
    av = n.NewValue("a_matrix");
    n.Emit(ir::op::kReshape, {n.input(0)}, {av}).attrs.set("shape", a);
  }
  if (b_vec) {
    b = {b[0], 1};
    bv = n.NewValue("b_matrix");
    n.Emit(ir::op::kReshape, {n.input(1)}, {bv}).attrs.set("shape", b);
  }
  if (a.back() != b[b.size() - 2]) n.NotValid("B", "does not match A's inner dimension");
  if (!a_vec && !b_vec) {
    n.Emit(ir::op::kBatchMatMul, {av, bv}, {n.output(0)});
    return;
  }
  // The result without the unit axis: broadcast batch dimensions, then M and/or N.
  const size_t batch = std::max(a.size(), b.size()) - 2;
  ir::Shape out(batch, 1);
  for (size_t i = 0; i < batch; ++i) {
    const int64_t da = i + a.size() >= batch + 2 ? a[i + a.size() - batch - 2] : 1;
    const int64_t db = i + b.size() >= batch + 2 ? b[i + b.size() - batch - 2] : 1;
    if (da != db && da != 1 && db != 1) n.NotValid("B", "has batch dimensions that do not broadcast with A's");
    out[i] = da == 1 ? db : da;
  }
  if (!a_vec) out.push_back(a[a.size() - 2]);
  if (!b_vec) out.push_back(b.back());
  ir::ValueId y = n.NewValue("matrix_product");
  n.Emit(ir::op::kBatchMatMul, {av, bv}, {y});
  n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", out);
}

}  // namespace

void LowerMatMul(NodeLowering& n) {
  for (int i = 0; i < 2; ++i) {
    if (n.input_value(i).dtype != ir::DType::kFloat32) {
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
    }
  }
  const ir::Shape a_shape = n.input_shape(0);
  const ir::Value b = n.input_value(1);
  if (!b.is_constant() || b.shape.size() != 2 || a_shape.size() < 2) {
    EmitBatchMatMul(n);
    return;
  }
  int64_t out_n = 0, k = 0;
  std::vector<float> w = WeightsNK(b, false, 1.0f, &out_n, &k);
  if (a_shape.back() != k) n.NotValid("B", "does not match A's inner dimension");
  ir::Graph& g = n.graph();
  ir::ValueId w_id =
      g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/weights"), {out_n, k}, w);
  if (a_shape.size() == 2) {
    n.Emit(ir::op::kFullyConnected, {n.input(0), w_id}, {n.output(0)});
    return;
  }
  // [..., K] x [K, N]: the leading dimensions fold into the rows.
  const int64_t rows = ir::NumElements(a_shape) / k;
  ir::ValueId flat = n.NewValue("rows");
  n.Emit(ir::op::kReshape, {n.input(0)}, {flat}).attrs.set("shape", std::vector<int64_t>{rows, k});
  ir::ValueId fc = n.NewValue("fc");
  n.Emit(ir::op::kFullyConnected, {flat, w_id}, {fc});
  ir::Shape out = a_shape;
  out.back() = out_n;
  n.Emit(ir::op::kReshape, {fc}, {n.output(0)}).attrs.set("shape", out);
}

}  // namespace neo::onnx_frontend
