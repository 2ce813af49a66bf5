// Slice: a strided window of a tensor, one (start, step) per dimension, of any element
// size. The compiler resolves ONNX's starts/ends/axes/steps (negative values, clamping)
// into the output shape and a first index per dimension; steps may be negative.
#ifndef NEO_KERNELS_SLICE_H_
#define NEO_KERNELS_SLICE_H_

#include <cstddef>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// output[i_0, ..., i_r] = input[starts[0] + i_0 * steps[0], ...].
struct SliceParams {
  Dims input_shape;
  Dims output_shape;
  Dims starts;
  Dims steps;  // non-zero
  size_t element_size = 4;
};

inline void VisitFields(const SliceParams& p, FieldVisitor& v) {
  v.Shape("input_shape", p.input_shape);
  v.Shape("output_shape", p.output_shape);
  v.Shape("starts", p.starts);
  v.Shape("steps", p.steps);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

// Reference only: every index the output reads must lie inside the input.
bool SliceSupports(Backend backend, const SliceParams& p);

class Slice : public Kernel {
 public:
  Slice(Context& context, const SliceParams& params, Backend backend, const void* input,
        void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_SLICE_H_
