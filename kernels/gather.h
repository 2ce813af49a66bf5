// Gather: numpy.take(data, indices, axis) for elements of any size and int32/int64
// indices. Indices are computed tensors in general, so they are checked at Run(): a
// negative index counts from the end and one still out of range (ONNX leaves that
// undefined) is clamped into range rather than read out of bounds.
#ifndef NEO_KERNELS_GATHER_H_
#define NEO_KERNELS_GATHER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// data viewed as [outer, axis, inner]; the output is [outer, num_indices, inner].
struct GatherParams {
  Dims data_shape;
  int axis = 0;
  int64_t num_indices = 0;
  size_t element_size = 4;  // 1, 2, 4 or 8
  size_t index_size = 8;    // 4 (int32) or 8 (int64)
};

inline void VisitFields(const GatherParams& p, FieldVisitor& v) {
  v.Shape("data_shape", p.data_shape);
  v.Int("axis", p.axis);
  v.Int("num_indices", p.num_indices);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
  v.Int("index_size", static_cast<int64_t>(p.index_size));
}

// Reference only. Declines an axis outside the data's rank and gathering from an empty
// axis (no index can be valid) when there is anything to gather.
bool GatherSupports(Backend backend, const GatherParams& p);

class Gather : public Kernel {
 public:
  Gather(Context& context, const GatherParams& params, Backend backend, const void* data,
         const void* indices, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_GATHER_H_
