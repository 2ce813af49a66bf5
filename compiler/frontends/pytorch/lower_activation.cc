// Element-wise activations and other one-input operators. PyTorch's composite
// activations (silu, gelu, mish) become the IR operators they are made of; hardswish is one.
#include <cmath>
#include <limits>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

ir::Attributes Floats(std::initializer_list<std::pair<const char*, double>> values) {
  ir::Attributes a;
  for (const auto& [k, v] : values) a.set(k, v);
  return a;
}

void Unary(NodeLowering& n, const char* ir_op, ir::Attributes attrs = {}) {
  const ir::ValueId x = n.Tensor(0);
  n.SetOutput(0, n.Emit(ir_op, {x}, std::move(attrs)));
}

ir::ValueId Clamp(NodeLowering& n, ir::ValueId x, double lo, double hi) {
  ir::Attributes a;
  if (lo > -std::numeric_limits<double>::infinity()) a.set("min", lo);
  if (hi < std::numeric_limits<double>::infinity()) a.set("max", hi);
  return n.Emit(ir::op::kClamp, {x}, a);
}

double OptionalBound(NodeLowering& n, size_t i, double none) {
  return i < n.num_inputs() && !n.IsNone(i) ? n.Float(i, i == 1 ? "min" : "max") : none;
}

}  // namespace

void LowerRelu(NodeLowering& n) { Unary(n, ir::op::kRelu); }
void LowerSigmoid(NodeLowering& n) { Unary(n, ir::op::kSigmoid); }
void LowerTanh(NodeLowering& n) { Unary(n, ir::op::kTanh); }
void LowerExp(NodeLowering& n) { Unary(n, ir::op::kExp); }
void LowerLog(NodeLowering& n) { Unary(n, ir::op::kLog); }
void LowerAbs(NodeLowering& n) { Unary(n, ir::op::kAbs); }
void LowerNeg(NodeLowering& n) { Unary(n, ir::op::kNeg); }
void LowerSqrt(NodeLowering& n) { Unary(n, ir::op::kSqrt); }
void LowerReciprocal(NodeLowering& n) { Unary(n, ir::op::kReciprocal); }
void LowerFloor(NodeLowering& n) { Unary(n, ir::op::kFloor); }
void LowerCeil(NodeLowering& n) { Unary(n, ir::op::kCeil); }
void LowerSoftsign(NodeLowering& n) { Unary(n, ir::op::kSoftsign); }

void LowerRsqrt(NodeLowering& n) {
  const ir::ValueId s = n.Emit(ir::op::kSqrt, {n.Tensor(0)});
  n.SetOutput(0, n.Emit(ir::op::kReciprocal, {s}));
}

// relu6(x) == hardtanh(x, 0, 6)
void LowerRelu6(NodeLowering& n) { n.SetOutput(0, Clamp(n, n.Tensor(0), 0.0, 6.0)); }

// hardtanh(x, min_val=-1, max_val=1)
void LowerHardtanh(NodeLowering& n) {
  const double lo = n.num_inputs() > 1 ? n.Float(1, "min_val") : -1.0;
  const double hi = n.num_inputs() > 2 ? n.Float(2, "max_val") : 1.0;
  if (lo > hi) n.NotValid("min_val", "cannot exceed max_val");
  n.SetOutput(0, Clamp(n, n.Tensor(0), lo, hi));
}

// clamp(x, min=None, max=None) with numbers; clamp with tensor bounds is max/min.
void LowerClamp(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const bool tensor_bounds = (n.num_inputs() > 1 && n.IsTensor(1)) ||
                             (n.num_inputs() > 2 && n.IsTensor(2));
  if (!tensor_bounds) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    n.SetOutput(0, Clamp(n, x, OptionalBound(n, 1, -kInf), OptionalBound(n, 2, kInf)));
    return;
  }
  ir::ValueId y = x;
  if (!n.IsNone(1)) y = n.Emit(ir::op::kMaximum, {y, n.Tensor(1, x)});
  if (n.num_inputs() > 2 && !n.IsNone(2)) y = n.Emit(ir::op::kMinimum, {y, n.Tensor(2, x)});
  n.SetOutput(0, y);
}

void LowerClampMin(NodeLowering& n) {
  n.SetOutput(0, Clamp(n, n.Tensor(0), n.Float(1, "min"), std::numeric_limits<double>::infinity()));
}

void LowerClampMax(NodeLowering& n) {
  n.SetOutput(0, Clamp(n, n.Tensor(0), -std::numeric_limits<double>::infinity(), n.Float(1, "max")));
}

// hardsigmoid(x) = relu6(x + 3) / 6 = clamp(x / 6 + 1/2, 0, 1)
void LowerHardsigmoid(NodeLowering& n) {
  Unary(n, ir::op::kHardSigmoid, Floats({{"alpha", 1.0 / 6.0}, {"beta", 0.5}}));
}

// hardswish(x) = x * hardsigmoid(x)
void LowerHardswish(NodeLowering& n) { Unary(n, ir::op::kHardSwish); }

// silu(x) = x * sigmoid(x)
void LowerSilu(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  n.SetOutput(0, n.Emit(ir::op::kMul, {x, n.Emit(ir::op::kSigmoid, {x})}));
}

// mish(x) = x * tanh(softplus(x))
void LowerMish(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::ValueId t = n.Emit(ir::op::kTanh, {n.Emit(ir::op::kSoftplus, {x})});
  n.SetOutput(0, n.Emit(ir::op::kMul, {x, t}));
}

// gelu(x, approximate): 0.5 x (1 + erf(x / sqrt 2)), or with approximate='tanh'
// gelu(x, approximate): the exact form is the IR's Gelu, x / 2 (1 + erf(x / sqrt 2));
// "tanh" is 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), built as PyTorch computes it.
void LowerGelu(NodeLowering& n) {
  const std::string approximate = n.num_inputs() > 1 ? n.String(1, "approximate") : "none";
  const ir::ValueId x = n.Tensor(0);
  if (approximate == "none") {
    n.SetOutput(0, n.Emit(ir::op::kGelu, {x}));
    return;
  }
  if (approximate != "tanh") n.NotValid("approximate", "must be 'none' or 'tanh'");
  auto k = [&](const char* name, double v) {
    return n.FloatConstant(name, {}, {static_cast<float>(v)});
  };
  const ir::ValueId x3 = n.Emit(ir::op::kMul, {n.Emit(ir::op::kMul, {x, x}), x});
  const ir::ValueId s = n.Emit(ir::op::kAdd, {x, n.Emit(ir::op::kMul, {x3, k("c", 0.044715)})});
  const ir::ValueId inner =
      n.Emit(ir::op::kTanh, {n.Emit(ir::op::kMul, {s, k("sqrt_2_over_pi", std::sqrt(2.0 / M_PI))})});
  const ir::ValueId half_x = n.Emit(ir::op::kMul, {x, k("half", 0.5)});
  n.SetOutput(0, n.Emit(ir::op::kMul, {half_x, n.Emit(ir::op::kAdd, {inner, k("one", 1.0)})}));
}

// leaky_relu(x, negative_slope=0.01)
void LowerLeakyRelu(NodeLowering& n) {
  const double slope = n.num_inputs() > 1 ? n.Float(1, "negative_slope") : 0.01;
  Unary(n, ir::op::kLeakyRelu, Floats({{"alpha", slope}}));
}

// elu(x, alpha=1, scale=1, input_scale=1)
void LowerElu(NodeLowering& n) {
  const double alpha = n.num_inputs() > 1 ? n.Float(1, "alpha") : 1.0;
  if ((n.num_inputs() > 2 && n.Float(2, "scale") != 1.0) ||
      (n.num_inputs() > 3 && n.Float(3, "input_scale") != 1.0)) {
    n.NotSupported("scale or input_scale other than 1");
  }
  Unary(n, ir::op::kElu, Floats({{"alpha", alpha}}));
}

void LowerSelu(NodeLowering& n) {
  Unary(n, ir::op::kSelu, Floats({{"alpha", 1.6732632423543772}, {"gamma", 1.0507009873554805}}));
}

// softplus(x, beta=1, threshold=20): above the threshold PyTorch returns x, which
// log(1 + e^x) equals in float32 there.
void LowerSoftplus(NodeLowering& n) {
  if (n.num_inputs() > 1 && n.Float(1, "beta") != 1.0) n.NotSupported("beta other than 1");
  Unary(n, ir::op::kSoftplus);
}

// dropout(x, p, train) and its variants: the identity in inference.
void LowerDropout(NodeLowering& n) {
  // Dropout with p = 0 is the identity even in training mode (torchvision's Swin calls
  // F.dropout(attn, p=0.0) without training=False).
  if (n.num_inputs() > 2 && n.Bool(2, "train") && n.Float(1, "p") != 0.0) n.NotSupported("train=True");
  n.SetOutput(0, n.Tensor(0));
}

// contiguous, clone, detach and other copies that change nothing the IR represents.
void LowerIdentity(NodeLowering& n) { n.SetOutput(0, n.Tensor(0)); }

}  // namespace neo::pytorch_frontend
