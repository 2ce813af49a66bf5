// Broadcast: numpy.broadcast_to(x, output_shape) as a copy, any element size.
#ifndef NEO_KERNELS_BROADCAST_H_
#define NEO_KERNELS_BROADCAST_H_

#include <cstddef>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// input_shape aligns with output_shape's trailing dimensions; each is equal or 1.
struct BroadcastParams {
  Dims input_shape;
  Dims output_shape;
  size_t element_size = 4;
};

inline void VisitFields(const BroadcastParams& p, FieldVisitor& v) {
  v.Shape("input_shape", p.input_shape);
  v.Shape("output_shape", p.output_shape);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

// Reference only; declines shapes numpy would not broadcast this way.
bool BroadcastSupports(Backend backend, const BroadcastParams& p);

class Broadcast : public Kernel {
 public:
  Broadcast(Context& context, const BroadcastParams& params, Backend backend,
            const void* input, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BROADCAST_H_
