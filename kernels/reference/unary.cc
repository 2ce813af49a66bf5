#include <algorithm>
#include <cmath>

#include "kernels/reference/elementwise.h"
#include "kernels/reference/elementwise_math.h"

namespace neo::kernels::reference {

float UnaryScalar(const UnaryParams& p, float x) {
  const float alpha = p.alpha, beta = p.beta;
  switch (p.op) {
    case UnaryOp::kClamp: return std::min(std::max(x, alpha), beta);
    case UnaryOp::kRelu: return x > 0.0f ? x : 0.0f;
    case UnaryOp::kSigmoid: return 1.0f / (1.0f + std::exp(-x));
    case UnaryOp::kTanh: return std::tanh(x);
    case UnaryOp::kExp: return std::exp(x);
    case UnaryOp::kLog: return std::log(x);
    case UnaryOp::kAbs: return std::fabs(x);
    case UnaryOp::kNeg: return -x;
    case UnaryOp::kSqrt: return std::sqrt(x);
    case UnaryOp::kReciprocal: return 1.0f / x;
    case UnaryOp::kFloor: return std::floor(x);
    case UnaryOp::kCeil: return std::ceil(x);
    case UnaryOp::kElu: return x < 0.0f ? alpha * std::expm1(x) : x;
    case UnaryOp::kLeakyRelu: return x < 0.0f ? alpha * x : x;
    case UnaryOp::kSelu: return p.gamma * (x <= 0.0f ? alpha * std::expm1(x) : x);
    case UnaryOp::kHardSigmoid: return std::max(0.0f, std::min(1.0f, alpha * x + beta));
    // log1p(exp(x)) overflows for large x, where the answer is x itself.
    case UnaryOp::kSoftplus: return x > 20.0f ? x : std::log1p(std::exp(x));
    case UnaryOp::kSoftsign: return x / (1.0f + std::fabs(x));
    case UnaryOp::kThresholdedRelu: return x > alpha ? x : 0.0f;
    case UnaryOp::kHardSwish: return x * std::max(0.0f, std::min(1.0f, x / 6.0f + 0.5f));
    // 1 + erf(x / sqrt 2) written as erfc(-x / sqrt 2), in double: the sum cancels for
    // very negative x (MXNet's float32 0.5f * x * (1 + erff(x / sqrt 2)) is 0 below about
    // -5.5 and has few correct bits before that; an absolute error below 1e-6).
    case UnaryOp::kGelu: {
      const double t = x;
      return static_cast<float>(0.5 * t * std::erfc(-t / std::sqrt(2.0)));
    }
    case UnaryOp::kErf: return std::erf(x);
    case UnaryOp::kSin: return std::sin(x);
    case UnaryOp::kCos: return std::cos(x);
    case UnaryOp::kTan: return std::tan(x);
    case UnaryOp::kAsin: return std::asin(x);
    case UnaryOp::kAcos: return std::acos(x);
    case UnaryOp::kAtan: return std::atan(x);
    case UnaryOp::kSinh: return std::sinh(x);
    case UnaryOp::kCosh: return std::cosh(x);
    case UnaryOp::kAsinh: return std::asinh(x);
    case UnaryOp::kAcosh: return std::acosh(x);
    case UnaryOp::kAtanh: return std::atanh(x);
    case UnaryOp::kSign: return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
    case UnaryOp::kRound: return std::nearbyint(x);
    case UnaryOp::kShrink: return x < -alpha ? x + beta : x > alpha ? x - beta : 0.0f;
    // alpha * expm1(x / alpha): ONNX's alpha * (exp(x / alpha) - 1) without its
    // cancellation near 0.
    case UnaryOp::kCelu: return std::max(0.0f, x) + std::min(0.0f, alpha * std::expm1(x / alpha));
  }
  return 0.0f;
}

namespace {

template <typename T>
void IntegerClamp(const UnaryParams& p, const void* input_data, void* output_data) {
  const T* input = static_cast<const T*>(input_data);
  T* output = static_cast<T*>(output_data);
  const T lo = elementwise_math::LowerBound<T>(p.alpha);
  const T hi = elementwise_math::UpperBound<T>(p.beta);
  for (size_t i = 0; i < p.size; ++i) output[i] = elementwise_math::Clamp(input[i], lo, hi);
}

}  // namespace

void Unary(const UnaryParams& p, const void* input_data, void* output_data) {
  switch (p.type) {
    case ElementType::kFloat32: {
      const float* input = static_cast<const float*>(input_data);
      float* output = static_cast<float*>(output_data);
      for (size_t i = 0; i < p.size; ++i) output[i] = UnaryScalar(p, input[i]);
      return;
    }
    // Integer tensors: kClamp only (UnarySupports).
    case ElementType::kInt8: return IntegerClamp<int8_t>(p, input_data, output_data);
    case ElementType::kUInt8: return IntegerClamp<uint8_t>(p, input_data, output_data);
    case ElementType::kInt32: return IntegerClamp<int32_t>(p, input_data, output_data);
    case ElementType::kInt64: return IntegerClamp<int64_t>(p, input_data, output_data);
    default: return;
  }
}

void Softmax(const SoftmaxParams& p, const float* input, float* output) {
  for (int o = 0; o < p.outer; ++o) {
    for (int in = 0; in < p.inner; ++in) {
      const size_t base = static_cast<size_t>(o) * p.axis * p.inner + in;
      auto at = [&](int i) { return base + static_cast<size_t>(i) * p.inner; };
      // Subtracting the maximum keeps exp() finite; it cancels in the ratio.
      float max = input[at(0)];
      for (int i = 1; i < p.axis; ++i) max = std::max(max, input[at(i)]);
      double sum = 0.0;
      for (int i = 0; i < p.axis; ++i) sum += std::exp(static_cast<double>(input[at(i)]) - max);
      for (int i = 0; i < p.axis; ++i) {
        const double shifted = static_cast<double>(input[at(i)]) - max;
        output[at(i)] = static_cast<float>(p.log ? shifted - std::log(sum)
                                                 : std::exp(shifted) / sum);
      }
    }
  }
}

}  // namespace neo::kernels::reference
