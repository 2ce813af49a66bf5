// Cast between float32, int64, int32, bool, uint8 and int8 with ONNX's (numpy's)
// semantics: float -> integer truncates toward zero, anything -> bool is `!= 0`, bool
// is stored as one byte 0/1, integer -> narrower integer wraps (two's complement).
// A float that is NaN or outside the target's range (undefined in ONNX, undefined
// behaviour in C++) gives the x86 "integer indefinite" value (the minimum) instead.
#ifndef NEO_KERNELS_CAST_H_
#define NEO_KERNELS_CAST_H_

#include <cstdint>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

struct CastParams {
  ElementType from = ElementType::kFloat32;
  ElementType to = ElementType::kFloat32;
  int64_t count = 0;
};

inline void VisitFields(const CastParams& p, FieldVisitor& v) {
  VisitElementType("from", p.from, v);
  VisitElementType("to", p.to, v);
  v.Int("count", p.count);
}

// Reference only; every pair of the six types.
bool CastSupports(Backend backend, const CastParams& p);

class Cast : public Kernel {
 public:
  Cast(Context& context, const CastParams& params, Backend backend, const void* input,
       void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CAST_H_
