// Element-wise unary operators (activations and math functions).
#ifndef NEO_KERNELS_UNARY_H_
#define NEO_KERNELS_UNARY_H_

#include <cstddef>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class UnaryOp {
  kClamp,            // min(max(x, alpha), beta)
  kRelu,
  kSigmoid,
  kTanh,
  kExp,
  kLog,
  kAbs,
  kNeg,
  kSqrt,
  kReciprocal,
  kFloor,
  kCeil,
  kElu,              // x < 0 ? alpha * (exp(x) - 1) : x
  kLeakyRelu,        // x < 0 ? alpha * x : x
  kSelu,             // gamma * (x <= 0 ? alpha * (exp(x) - 1) : x)
  kHardSigmoid,      // max(0, min(1, alpha * x + beta))
  kSoftplus,         // log(1 + exp(x))
  kSoftsign,         // x / (1 + |x|)
  kThresholdedRelu,  // x > alpha ? x : 0
  kHardSwish,        // x * max(0, min(1, x / 6 + 1/2))
  kGelu,             // x / 2 * (1 + erf(x / sqrt(2))), the exact (erf) form
  // Math beyond Neo's list (ONNX opsets 7-12), on the reference kernel.
  kErf,             // erf(x)
  kSin,             // sin(x)
  kCos,             // cos(x)
  kTan,             // tan(x)
  kAsin,            // asin(x)
  kAcos,            // acos(x)
  kAtan,            // atan(x)
  kSinh,            // sinh(x)
  kCosh,            // cosh(x)
  kAsinh,           // asinh(x)
  kAcosh,           // acosh(x)
  kAtanh,           // atanh(x)
  kSign,            // -1, 0 or 1 by the sign of x (0 for NaN)
  kRound,           // x rounded to the nearest integer, halves to even
  kShrink,          // x < -alpha ? x + beta : x > alpha ? x - beta : 0 (lambd, bias)
  kCelu,            // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
};

struct UnaryParams {
  UnaryOp op;
  size_t size;  // elements
  float alpha = 0.0f;
  float beta = 0.0f;
  float gamma = 0.0f;
  // Element type of input and output. Integer types (int8, uint8, int32, int64) run kClamp
  // only, on the reference backend; alpha/beta round inward to the type's values.
  ElementType type = ElementType::kFloat32;
};

inline const char* EnumeratorName(UnaryOp op) {
  switch (op) {
    case UnaryOp::kClamp: return "kClamp";
    case UnaryOp::kRelu: return "kRelu";
    case UnaryOp::kSigmoid: return "kSigmoid";
    case UnaryOp::kTanh: return "kTanh";
    case UnaryOp::kExp: return "kExp";
    case UnaryOp::kLog: return "kLog";
    case UnaryOp::kAbs: return "kAbs";
    case UnaryOp::kNeg: return "kNeg";
    case UnaryOp::kSqrt: return "kSqrt";
    case UnaryOp::kReciprocal: return "kReciprocal";
    case UnaryOp::kFloor: return "kFloor";
    case UnaryOp::kCeil: return "kCeil";
    case UnaryOp::kElu: return "kElu";
    case UnaryOp::kLeakyRelu: return "kLeakyRelu";
    case UnaryOp::kSelu: return "kSelu";
    case UnaryOp::kHardSigmoid: return "kHardSigmoid";
    case UnaryOp::kSoftplus: return "kSoftplus";
    case UnaryOp::kSoftsign: return "kSoftsign";
    case UnaryOp::kThresholdedRelu: return "kThresholdedRelu";
    case UnaryOp::kHardSwish: return "kHardSwish";
    case UnaryOp::kGelu: return "kGelu";
    case UnaryOp::kErf: return "kErf";
    case UnaryOp::kSin: return "kSin";
    case UnaryOp::kCos: return "kCos";
    case UnaryOp::kTan: return "kTan";
    case UnaryOp::kAsin: return "kAsin";
    case UnaryOp::kAcos: return "kAcos";
    case UnaryOp::kAtan: return "kAtan";
    case UnaryOp::kSinh: return "kSinh";
    case UnaryOp::kCosh: return "kCosh";
    case UnaryOp::kAsinh: return "kAsinh";
    case UnaryOp::kAcosh: return "kAcosh";
    case UnaryOp::kAtanh: return "kAtanh";
    case UnaryOp::kSign: return "kSign";
    case UnaryOp::kRound: return "kRound";
    case UnaryOp::kShrink: return "kShrink";
    case UnaryOp::kCelu: return "kCelu";
  }
  return "";
}

// type is listed only when it is not float32.
inline void VisitFields(const UnaryParams& p, FieldVisitor& v) {
  v.Enum("op", "neo::kernels::UnaryOp", EnumeratorName(p.op));
  v.Int("size", static_cast<int64_t>(p.size));
  v.Float("alpha", p.alpha);
  v.Float("beta", p.beta);
  v.Float("gamma", p.gamma);
  if (p.type != ElementType::kFloat32) VisitElementType("type", p.type, v);
}

bool UnarySupports(Backend backend, const UnaryParams& p);

class Unary : public Kernel {
 public:
  // `output` may equal `input`.
  // The pointers hold elements of `params.type`.
  Unary(Context& context, const UnaryParams& params, Backend backend, const void* input,
        void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_UNARY_H_
