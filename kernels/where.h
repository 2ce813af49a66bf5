// Where: numpy.where(condition, x, y) with numpy broadcasting of all three, any element
// size (condition is bool: one byte, non-zero is true).
#ifndef NEO_KERNELS_WHERE_H_
#define NEO_KERNELS_WHERE_H_

#include <cstddef>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// Each shape aligns with output_shape's trailing dimensions, each dimension equal or 1.
struct WhereParams {
  Dims condition_shape;
  Dims x_shape;
  Dims y_shape;
  Dims output_shape;
  size_t element_size = 4;  // x's, y's and the output's
};

inline void VisitFields(const WhereParams& p, FieldVisitor& v) {
  v.Shape("condition_shape", p.condition_shape);
  v.Shape("x_shape", p.x_shape);
  v.Shape("y_shape", p.y_shape);
  v.Shape("output_shape", p.output_shape);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

// Reference only; declines shapes that do not broadcast to output_shape.
bool WhereSupports(Backend backend, const WhereParams& p);

class Where : public Kernel {
 public:
  Where(Context& context, const WhereParams& params, Backend backend, const void* condition,
        const void* x, const void* y, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_WHERE_H_
