// Gather: numpy.take(data, indices, axis), and ONNX's GatherElements and GatherND, for elements of any size and int32/int64
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

// GatherElements: output[i] = data[i with i[axis] = indices[i]]; the output has indices'
// shape (equal to data's rank, at most data's size off the axis).
struct GatherElementsParams {
  Dims data_shape;
  Dims indices_shape;
  int axis = 0;
  size_t element_size = 4;
  size_t index_size = 8;
};

// GatherND: indices [..., k] address data's dimensions from batch_dims on (after the
// batch_dims leading dimensions both share); the output is indices.shape[:-1] +
// data.shape[batch_dims + k:].
struct GatherNDParams {
  Dims data_shape;
  Dims indices_shape;
  int batch_dims = 0;
  size_t element_size = 4;
  size_t index_size = 8;
};

inline void VisitFields(const GatherElementsParams& p, FieldVisitor& v) {
  v.Shape("data_shape", p.data_shape);
  v.Shape("indices_shape", p.indices_shape);
  v.Int("axis", p.axis);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
  v.Int("index_size", static_cast<int64_t>(p.index_size));
}

inline void VisitFields(const GatherNDParams& p, FieldVisitor& v) {
  v.Shape("data_shape", p.data_shape);
  v.Shape("indices_shape", p.indices_shape);
  v.Int("batch_dims", p.batch_dims);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
  v.Int("index_size", static_cast<int64_t>(p.index_size));
}

// Reference only, like Gather; decline shapes that do not fit together.
bool GatherElementsSupports(Backend backend, const GatherElementsParams& p);
bool GatherNDSupports(Backend backend, const GatherNDParams& p);

// Reference only. Declines an axis outside the data's rank and gathering from an empty
// axis (no index can be valid) when there is anything to gather.
bool GatherSupports(Backend backend, const GatherParams& p);

class Gather : public Kernel {
 public:
  Gather(Context& context, const GatherParams& params, Backend backend, const void* data,
         const void* indices, void* output);
};

class GatherElements : public Kernel {
 public:
  GatherElements(Context& context, const GatherElementsParams& params, Backend backend,
                 const void* data, const void* indices, void* output);
};

class GatherND : public Kernel {
 public:
  GatherND(Context& context, const GatherNDParams& params, Backend backend, const void* data,
           const void* indices, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_GATHER_H_
