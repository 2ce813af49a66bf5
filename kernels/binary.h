// Element-wise binary operators with numpy broadcasting and a fused clamp.
#ifndef NEO_KERNELS_BINARY_H_
#define NEO_KERNELS_BINARY_H_

#include <limits>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kPow, kMaximum, kMinimum, kPRelu,
  // Remainders: kFloorMod's result has the divisor's sign (Python's %, ONNX Mod with
  // fmod=0), kTruncateMod's the dividend's (C's fmod, ONNX Mod with fmod=1). An integer
  // zero divisor gives 0, as numpy does, instead of trapping.
  kFloorMod, kTruncateMod,
  // Comparisons: the output is bool (one byte, 0 or 1) whatever `type` is, and unclamped.
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  // Logical operators: bool operands (type kBool; any non-zero byte is true) and output.
  kLogicalAnd, kLogicalOr, kLogicalXor,
};

inline bool IsComparison(BinaryOp op) {
  return op >= BinaryOp::kEqual && op <= BinaryOp::kGreaterEqual;
}
inline bool IsLogical(BinaryOp op) { return op >= BinaryOp::kLogicalAnd; }
// The operators whose output is bool whatever their operands are.
inline bool HasBoolOutput(BinaryOp op) { return IsComparison(op) || IsLogical(op); }

struct BinaryParams {
  BinaryOp op;
  Dims a_shape, b_shape;  // numpy-broadcastable
  Dims output_shape;      // the broadcast shape
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
  // `b` is a constant (a weight): a backend may copy it at construction. XNNPACK's PRelu
  // packs its slopes, so it runs PRelu only when this is set.
  bool b_constant = false;
  // Element type of a and b, and of the output except for comparisons. Integer types (int8, uint8, int32, int64) run on
  // the reference backend only, with numpy's semantics: Add/Sub/Mul wrap around, Div
  // truncates toward zero (and gives 0 for a zero divisor instead of trapping), Pow with a
  // non-negative exponent multiplies exactly in the type. The clamp bounds round inward
  // to the type's values. Comparisons also take bool operands.
  ElementType type = ElementType::kFloat32;
};

inline const char* EnumeratorName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "kAdd";
    case BinaryOp::kSub: return "kSub";
    case BinaryOp::kMul: return "kMul";
    case BinaryOp::kDiv: return "kDiv";
    case BinaryOp::kPow: return "kPow";
    case BinaryOp::kMaximum: return "kMaximum";
    case BinaryOp::kMinimum: return "kMinimum";
    case BinaryOp::kPRelu: return "kPRelu";
    case BinaryOp::kFloorMod: return "kFloorMod";
    case BinaryOp::kTruncateMod: return "kTruncateMod";
    case BinaryOp::kEqual: return "kEqual";
    case BinaryOp::kNotEqual: return "kNotEqual";
    case BinaryOp::kLess: return "kLess";
    case BinaryOp::kLessEqual: return "kLessEqual";
    case BinaryOp::kGreater: return "kGreater";
    case BinaryOp::kGreaterEqual: return "kGreaterEqual";
    case BinaryOp::kLogicalAnd: return "kLogicalAnd";
    case BinaryOp::kLogicalOr: return "kLogicalOr";
    case BinaryOp::kLogicalXor: return "kLogicalXor";
  }
  return "";
}

// b_constant and type are listed only when they differ from their defaults, so the
// generated code of float models names just what matters.
inline void VisitFields(const BinaryParams& p, FieldVisitor& v) {
  v.Enum("op", "neo::kernels::BinaryOp", EnumeratorName(p.op));
  v.Shape("a_shape", p.a_shape);
  v.Shape("b_shape", p.b_shape);
  v.Shape("output_shape", p.output_shape);
  v.Float("output_min", p.output_min);
  v.Float("output_max", p.output_max);
  if (p.b_constant) v.Bool("b_constant", true);
  if (p.type != ElementType::kFloat32) VisitElementType("type", p.type, v);
}

bool BinarySupports(Backend backend, const BinaryParams& p);

class Binary : public Kernel {
 public:
  // `a` or `b` may point into the model's weights (a constant operand). The pointers hold
  // elements of `params.type`.
  Binary(Context& context, const BinaryParams& params, Backend backend, const void* a,
         const void* b, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BINARY_H_
