// Pad: constant, reflect or edge padding of any rank; negative pads crop.
#ifndef NEO_KERNELS_PAD_H_
#define NEO_KERNELS_PAD_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class PadMode { kConstant, kReflect, kEdge };

// Output dimension i is input_shape[i] + begin[i] + end[i] (>= 0). Reflect mirrors
// without repeating the border element (numpy's "reflect"); edge repeats it.
struct PadParams {
  PadMode mode = PadMode::kConstant;
  Dims input_shape;
  Dims begin;
  Dims end;
  double value = 0.0;  // constant mode, converted to `type`
  ElementType type = ElementType::kFloat32;
};

inline const char* EnumeratorName(PadMode m) {
  switch (m) {
    case PadMode::kConstant: return "kConstant";
    case PadMode::kReflect: return "kReflect";
    case PadMode::kEdge: return "kEdge";
  }
  return "";
}

inline void VisitFields(const PadParams& p, FieldVisitor& v) {
  v.Enum("mode", "neo::kernels::PadMode", EnumeratorName(p.mode));
  v.Shape("input_shape", p.input_shape);
  v.Shape("begin", p.begin);
  v.Shape("end", p.end);
  v.Double("value", p.value);
  VisitElementType("type", p.type, v);
}

// Reference only. Declines negative output sizes, and reflect/edge padding that would
// read from an empty dimension.
bool PadSupports(Backend backend, const PadParams& p);

class Pad : public Kernel {
 public:
  Pad(Context& context, const PadParams& params, Backend backend, const void* input,
      void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_PAD_H_
