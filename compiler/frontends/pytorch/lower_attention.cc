// Attention as libtorch's fast paths record it: nn.MultiheadAttention in eval mode traces
// to aten::_native_multi_head_attention (ViT), a whole nn.TransformerEncoderLayer to
// aten::_transformer_encoder_layer_fwd (BERT-style encoders).
//
// Both fast paths become the IR's own operators: FullyConnected projections with the
// packed q/k/v weights split at compile time (1/sqrt(head_dim) folded into q's), per-head
// BatchMatMuls, a mask applied with Where (bool, True = masked) or Add (float), Softmax,
// LayerNorm and the feed-forward FullyConnecteds.
#include <cmath>
#include <limits>

#include <ATen/Functions.h>

#include "compiler/frontends/pytorch/linear.h"
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

at::Tensor ConstantArg(NodeLowering& n, size_t i, const std::string& what) {
  if (!n.IsConstant(i) || !n.input(i).constant.isTensor()) {
    n.NotSupported(what + " computed at run time (only a model's own weights)");
  }
  return n.input(i).constant.toTensor().to(at::kFloat).contiguous();
}

ir::ValueId Weight(NodeLowering& n, const at::Tensor& t, const std::string& name) {
  return n.graph().AddValue(IrConstant(t.contiguous(), n.graph().UniqueName(name)));
}

ir::ValueId Permute(NodeLowering& n, ir::ValueId x, std::vector<int64_t> perm) {
  ir::Attributes a;
  a.set("perm", std::move(perm));
  return n.Emit(ir::op::kTranspose, {x}, a, n.graph().value(x).dtype);
}

struct AttentionWeights {
  at::Tensor qkv_weight, qkv_bias, proj_weight, proj_bias;
};

// Multi-head attention of q_in [B, L, E] over k_in, v_in [B, S, E]. `mask` is
// kNoValue, a bool mask (True: not attended) or a float mask added to the scores, shaped
// [L, S] (mask_type 0) or [B, S] (mask_type 1, key padding). `head_weights`, when not
// null, gets the attention weights averaged over the heads, [B, L, S].
ir::ValueId Attention(NodeLowering& n, ir::ValueId q_in, ir::ValueId k_in, ir::ValueId v_in,
                      int64_t heads, const AttentionWeights& w, ir::ValueId mask, int64_t mask_type,
                      bool average_weights, ir::ValueId* head_weights) {
  const ir::Shape qs = n.Shape(q_in), ks = n.Shape(k_in);
  if (qs.size() != 3 || ks.size() != 3) n.NotSupported("query, key or value not of rank 3");
  const int64_t b = qs[0], l = qs[1], e = qs[2], s = ks[1];
  if (heads <= 0 || e % heads != 0) n.NotValid("num_head", "must divide the embedding dimension");
  if (w.qkv_weight.sizes() != at::IntArrayRef({3 * e, e})) n.NotValid("qkv_weight", "must be [3E, E]");
  const int64_t d = e / heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  auto project = [&](ir::ValueId x, int64_t part, double factor, const char* name) {
    const at::Tensor wp = w.qkv_weight.slice(0, part * e, (part + 1) * e).mul(factor);
    const at::Tensor bp = w.qkv_bias.slice(0, part * e, (part + 1) * e).mul(factor);
    return FullyConnected(n, x, Weight(n, wp, std::string(name) + "_weight"),
                          Weight(n, bp, std::string(name) + "_bias"));
  };
  auto split_heads = [&](ir::ValueId x, int64_t len) {  // [B, len, E] -> [B, H, len, D]
    return Permute(n, n.Reshape(x, {b, len, heads, d}), {0, 2, 1, 3});
  };
  const ir::ValueId q = split_heads(project(q_in, 0, scale, "q"), l);
  const ir::ValueId k = split_heads(project(k_in, 1, 1.0, "k"), s);
  const ir::ValueId v = split_heads(project(v_in, 2, 1.0, "v"), s);
  ir::ValueId scores = MatMul(n, q, Permute(n, k, {0, 1, 3, 2}));  // [B, H, L, S]
  if (mask != ir::kNoValue) {
    const ir::Shape ms = n.Shape(mask);
    ir::ValueId m = mask;
    if (mask_type == 1) {
      if (ms != ir::Shape{b, s}) n.NotValid("mask", "must be [batch, source length] for a key padding mask");
      m = n.Reshape(mask, {b, 1, 1, s});
    } else if (ms.size() > 4) {
      n.NotValid("mask", "must broadcast to [batch, heads, target length, source length]");
    }
    if (n.graph().value(m).dtype == ir::DType::kBool) {
      const ir::ValueId minus_inf =
          n.FloatConstant("masked", {}, {-std::numeric_limits<float>::infinity()});
      scores = n.Emit(ir::op::kWhere, {m, minus_inf, scores});
    } else {
      scores = n.Emit(ir::op::kAdd, {scores, m});
    }
  }
  ir::Attributes axis;
  axis.set("axis", int64_t{3});
  const ir::ValueId p = n.Emit(ir::op::kSoftmax, {scores}, axis);
  if (head_weights != nullptr) {
    if (average_weights) {
      ir::Attributes r;
      r.set("kind", std::string("mean"));
      r.set("axes", std::vector<int64_t>{1});
      r.set("keepdims", int64_t{0});
      *head_weights = n.Emit(ir::op::kReduce, {p}, r);
    } else {
      *head_weights = p;
    }
  }
  const ir::ValueId o = Permute(n, MatMul(n, p, v), {0, 2, 1, 3});  // [B, L, H, D]
  return FullyConnected(n, n.Reshape(o, {b, l, e}), Weight(n, w.proj_weight, "out_proj_weight"),
                        Weight(n, w.proj_bias, "out_proj_bias"));
}

ir::ValueId OptionalMask(NodeLowering& n, size_t i) {
  if (i >= n.num_inputs() || n.IsNone(i)) return ir::kNoValue;
  return n.Tensor(i);
}

int64_t MaskType(NodeLowering& n, size_t i) {
  if (i >= n.num_inputs() || n.IsNone(i)) return 0;
  const int64_t t = n.Int(i, "mask_type");
  if (t != 0 && t != 1) n.NotSupported("mask_type " + std::to_string(t));
  return t;
}

ir::ValueId LayerNorm(NodeLowering& n, ir::ValueId x, const at::Tensor& weight, const at::Tensor& bias,
                      double eps) {
  ir::Attributes a;
  a.set("axis", static_cast<int64_t>(n.Shape(x).size() - 1));
  a.set("epsilon", eps);
  return n.Emit(ir::op::kLayerNorm, {x, Weight(n, weight, "norm_weight"), Weight(n, bias, "norm_bias")}, a);
}

}  // namespace

// _native_multi_head_attention(query, key, value, embed_dim, num_head, qkv_weight,
//     qkv_bias, proj_weight, proj_bias, mask=None, need_weights=True,
//     average_attn_weights=True, mask_type=None) -> (output, weights)
void LowerNativeMultiHeadAttention(NodeLowering& n) {
  const ir::ValueId q = n.Tensor(0), k = n.Tensor(1), v = n.Tensor(2);
  if (n.Int(3, "embed_dim") != n.Shape(q).back()) n.NotValid("embed_dim", "must be the query's last dimension");
  const AttentionWeights w{ConstantArg(n, 5, "qkv_weight"), ConstantArg(n, 6, "qkv_bias"),
                           ConstantArg(n, 7, "proj_weight"), ConstantArg(n, 8, "proj_bias")};
  const bool need_weights = n.num_inputs() > 10 && n.Bool(10, "need_weights") && n.OutputUsed(1);
  const bool average = n.num_inputs() <= 11 || n.Bool(11, "average_attn_weights");
  ir::ValueId weights = ir::kNoValue;
  n.SetOutput(0, Attention(n, q, k, v, n.Int(4, "num_head"), w, OptionalMask(n, 9), MaskType(n, 12),
                           average, need_weights ? &weights : nullptr));
  if (n.OutputUsed(1)) {
    if (weights == ir::kNoValue) n.NotSupported("reading the attention weights with need_weights=False");
    n.SetOutput(1, weights);
  }
}

// _transformer_encoder_layer_fwd(src, embed_dim, num_heads, qkv_weight, qkv_bias,
//     proj_weight, proj_bias, use_gelu, norm_first, eps, norm_weight_1, norm_bias_1,
//     norm_weight_2, norm_bias_2, ffn_weight_1, ffn_bias_1, ffn_weight_2, ffn_bias_2,
//     mask=None, mask_type=None): nn.TransformerEncoderLayer's forward, post-norm
//     LN1(x + SA(x)), LN2(x + FF(x)) or pre-norm x + SA(LN1(x)), x + FF(LN2(x)).
void LowerTransformerEncoderLayer(NodeLowering& n) {
  const ir::ValueId src = n.Tensor(0);
  if (n.Int(1, "embed_dim") != n.Shape(src).back()) n.NotValid("embed_dim", "must be the input's last dimension");
  const AttentionWeights w{ConstantArg(n, 3, "qkv_weight"), ConstantArg(n, 4, "qkv_bias"),
                           ConstantArg(n, 5, "proj_weight"), ConstantArg(n, 6, "proj_bias")};
  const bool gelu = n.Bool(7, "use_gelu"), norm_first = n.Bool(8, "norm_first");
  const double eps = n.Float(9, "eps");
  const at::Tensor n1w = ConstantArg(n, 10, "norm_weight_1"), n1b = ConstantArg(n, 11, "norm_bias_1");
  const at::Tensor n2w = ConstantArg(n, 12, "norm_weight_2"), n2b = ConstantArg(n, 13, "norm_bias_2");
  const ir::ValueId w1 = Weight(n, ConstantArg(n, 14, "ffn_weight_1"), "ffn_weight_1");
  const ir::ValueId b1 = Weight(n, ConstantArg(n, 15, "ffn_bias_1"), "ffn_bias_1");
  const ir::ValueId w2 = Weight(n, ConstantArg(n, 16, "ffn_weight_2"), "ffn_weight_2");
  const ir::ValueId b2 = Weight(n, ConstantArg(n, 17, "ffn_bias_2"), "ffn_bias_2");
  const ir::ValueId mask = OptionalMask(n, 18);
  const int64_t mask_type = MaskType(n, 19);
  const int64_t heads = n.Int(2, "num_heads");
  auto self_attention = [&](ir::ValueId x) {
    return Attention(n, x, x, x, heads, w, mask, mask_type, true, nullptr);
  };
  auto feed_forward = [&](ir::ValueId x) {
    const ir::ValueId h = FullyConnected(n, x, w1, b1);
    return FullyConnected(n, n.Emit(gelu ? ir::op::kGelu : ir::op::kRelu, {h}), w2, b2);
  };
  ir::ValueId x = src;
  if (norm_first) {
    x = n.Emit(ir::op::kAdd, {x, self_attention(LayerNorm(n, x, n1w, n1b, eps))});
    x = n.Emit(ir::op::kAdd, {x, feed_forward(LayerNorm(n, x, n2w, n2b, eps))});
  } else {
    x = LayerNorm(n, n.Emit(ir::op::kAdd, {x, self_attention(x)}), n1w, n1b, eps);
    x = LayerNorm(n, n.Emit(ir::op::kAdd, {x, feed_forward(x)}), n2w, n2b, eps);
  }
  n.SetOutput(0, x);
}

}  // namespace neo::pytorch_frontend
