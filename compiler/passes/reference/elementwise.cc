// Unary and broadcasting binary operators, and the fused clamp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace op = ir::op;

void ApplyActivation(const ir::Node& node, Tensor& t) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  float lo = static_cast<float>(node.attrs.GetFloat("act_min", -kInf));
  float hi = static_cast<float>(node.attrs.GetFloat("act_max", kInf));
  for (float& v : t.data) v = std::min(std::max(v, lo), hi);
}

Tensor Unary(const ir::Node& node, const Tensor& x) {
  const std::string& o = node.op;
  const auto& a = node.attrs;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Tensor y{x.shape, std::vector<float>(x.data.size())};
  for (size_t i = 0; i < x.data.size(); ++i) {
    double v = x.data[i];
    double r;
    if (o == op::kClamp) {
      r = std::min(std::max(v, a.GetFloat("min", -kInf)), a.GetFloat("max", kInf));
    } else if (o == op::kRelu) {
      r = v > 0 ? v : 0;
    } else if (o == op::kSigmoid) {
      r = 1 / (1 + std::exp(-v));
    } else if (o == op::kTanh) {
      r = std::tanh(v);
    } else if (o == op::kExp) {
      r = std::exp(v);
    } else if (o == op::kLog) {
      r = std::log(v);
    } else if (o == op::kAbs) {
      r = std::fabs(v);
    } else if (o == op::kNeg) {
      r = -v;
    } else if (o == op::kSqrt) {
      r = std::sqrt(v);
    } else if (o == op::kReciprocal) {
      r = 1 / v;
    } else if (o == op::kFloor) {
      r = std::floor(v);
    } else if (o == op::kCeil) {
      r = std::ceil(v);
    } else if (o == op::kElu) {
      r = v >= 0 ? v : a.GetFloat("alpha", 1.0) * (std::exp(v) - 1);
    } else if (o == op::kLeakyRelu) {
      r = v >= 0 ? v : a.GetFloat("alpha", 0.01) * v;
    } else if (o == op::kSelu) {
      double alpha = a.GetFloat("alpha", 1.67326319217681884765625);
      double gamma = a.GetFloat("gamma", 1.05070102214813232421875);
      r = gamma * (v > 0 ? v : alpha * (std::exp(v) - 1));
    } else if (o == op::kHardSigmoid) {
      r = std::min(1.0, std::max(0.0, a.GetFloat("alpha", 0.2) * v + a.GetFloat("beta", 0.5)));
    } else if (o == op::kSoftplus) {
      r = std::log1p(std::exp(v));
    } else if (o == op::kSoftsign) {
      r = v / (1 + std::fabs(v));
    } else if (o == op::kThresholdedRelu) {
      r = v > a.GetFloat("alpha", 1.0) ? v : 0;
    } else {
      throw std::logic_error("reference: not a unary operator: " + o);
    }
    y.data[i] = static_cast<float>(r);
  }
  return y;
}

namespace {

// Offset into a tensor of `shape` for output index `idx` under broadcasting.
int64_t BroadcastOffset(const std::vector<int64_t>& idx, const ir::Shape& shape,
                        const std::vector<int64_t>& strides) {
  size_t lead = idx.size() - shape.size();
  int64_t off = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] != 1) off += idx[lead + d] * strides[d];
  }
  return off;
}

float Apply(const std::string& o, float x, float y) {
  if (o == op::kAdd) return x + y;
  if (o == op::kSub) return x - y;
  if (o == op::kMul) return x * y;
  if (o == op::kDiv) return x / y;
  if (o == op::kPow) return std::pow(x, y);
  if (o == op::kMaximum) return std::max(x, y);
  if (o == op::kMinimum) return std::min(x, y);
  if (o == op::kPRelu) return x >= 0 ? x : x * y;
  throw std::logic_error("reference: not a binary operator: " + o);
}

}  // namespace

Tensor Binary(const ir::Node& node, const Tensor& a, const Tensor& b) {
  ir::Shape out_shape;
  if (!BroadcastShapes(a.shape, b.shape, &out_shape)) {
    throw std::logic_error("reference: shapes do not broadcast in " + node.op);
  }
  std::vector<int64_t> sa = StridesOf(a.shape), sb = StridesOf(b.shape);
  int64_t n = ir::NumElements(out_shape);
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(n))};
  std::vector<int64_t> idx(out_shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    float x0 = a.data[static_cast<size_t>(BroadcastOffset(idx, a.shape, sa))];
    float x1 = b.data[static_cast<size_t>(BroadcastOffset(idx, b.shape, sb))];
    y.data[static_cast<size_t>(i)] = Apply(node.op, x0, x1);
    for (size_t d = out_shape.size(); d-- > 0;) {
      if (++idx[d] < out_shape[d]) break;
      idx[d] = 0;
    }
  }
  ApplyActivation(node, y);
  return y;
}

}  // namespace neo::passes::reference

namespace neo::passes::reference {

// Cast on float-held data: integer targets truncate toward zero and wrap to their
// width (as C++ conversion through int64 does), bool is x != 0.
float CastValue(float v, ir::DType to) {
  switch (to) {
    case ir::DType::kFloat32: return v;
    case ir::DType::kBool: return v != 0.0f ? 1.0f : 0.0f;
    case ir::DType::kInt64: return static_cast<float>(static_cast<int64_t>(v));
    case ir::DType::kInt32: return static_cast<float>(static_cast<int32_t>(static_cast<int64_t>(v)));
    case ir::DType::kUInt8: return static_cast<float>(static_cast<uint8_t>(static_cast<int64_t>(v)));
    case ir::DType::kInt8: return static_cast<float>(static_cast<int8_t>(static_cast<int64_t>(v)));
  }
  return v;
}

Tensor Cast(const ir::Node& node, const Tensor& x) {
  ir::DType to = ir::DType::kFloat32;
  if (!DTypeFromName(node.attrs.GetString("to"), &to)) {
    throw std::logic_error("reference: Cast to " + node.attrs.GetString("to"));
  }
  Tensor y{x.shape, x.data};
  for (float& v : y.data) v = CastValue(v, to);
  return y;
}

}  // namespace neo::passes::reference
