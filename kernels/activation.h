// A point-wise activation that a Conv2D or FullyConnected applies to its result, before
// its clamp: y = clamp(activation(conv + bias), output_min, output_max). Fused so that
// the layer's output is written once instead of being read back by an element-wise
// kernel (and, for Swish, twice more by a sigmoid and a multiply).
#ifndef NEO_KERNELS_ACTIVATION_H_
#define NEO_KERNELS_ACTIVATION_H_

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "kernels/params_fields.h"

namespace neo::kernels {

enum class Activation {
  kNone,
  kSigmoid,      // 1 / (1 + exp(-x))
  kSwish,        // x * sigmoid(x) (SiLU)
  kHardSwish,    // x * max(0, min(1, x / 6 + 1/2))
  kHardSigmoid,  // max(0, min(1, alpha * x + beta))
};

inline const char* EnumeratorName(Activation a) {
  switch (a) {
    case Activation::kNone: return "kNone";
    case Activation::kSigmoid: return "kSigmoid";
    case Activation::kSwish: return "kSwish";
    case Activation::kHardSwish: return "kHardSwish";
    case Activation::kHardSigmoid: return "kHardSigmoid";
  }
  return "";
}

// The fields of a layer's fused activation; written only when there is one, so that
// layers without one keep the parameter text they always had.
inline void VisitActivation(Activation a, float alpha, float beta, FieldVisitor& v) {
  if (a == Activation::kNone) return;
  v.Enum("activation", "neo::kernels::Activation", EnumeratorName(a));
  if (a == Activation::kHardSigmoid) {
    v.Float("activation_alpha", alpha);
    v.Float("activation_beta", beta);
  }
}

// The definition every backend must match (the reference kernels use it directly).
inline float ApplyActivation(Activation a, float alpha, float beta, float x) {
  switch (a) {
    case Activation::kNone: return x;
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-x));
    case Activation::kSwish: return x / (1.0f + std::exp(-x));
    case Activation::kHardSwish: return x * std::max(0.0f, std::min(1.0f, x / 6.0f + 0.5f));
    case Activation::kHardSigmoid: return std::max(0.0f, std::min(1.0f, alpha * x + beta));
  }
  return x;
}

// Activation then clamp over `n` floats in place.
inline void ApplyActivationAndClamp(Activation a, float alpha, float beta, float lo, float hi,
                                    float* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    data[i] = std::min(std::max(ApplyActivation(a, alpha, beta, data[i]), lo), hi);
  }
}

}  // namespace neo::kernels

#endif  // NEO_KERNELS_ACTIVATION_H_
