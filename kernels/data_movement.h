// Operators that only move data: concatenation, transposition, copies.
#ifndef NEO_KERNELS_DATA_MOVEMENT_H_
#define NEO_KERNELS_DATA_MOVEMENT_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// Concatenation along `axis` of tensors that agree on every other dimension.
struct ConcatParams {
  int axis;
  Dims output_shape;
  std::vector<Dims> input_shapes;
  size_t element_size = 4;
};

inline void VisitFields(const ConcatParams& p, FieldVisitor& v) {
  v.Int("axis", p.axis);
  v.Shape("output_shape", p.output_shape);
  v.Shapes("input_shapes", p.input_shapes);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

bool ConcatSupports(Backend backend, const ConcatParams& p);

class Concat : public Kernel {
 public:
  Concat(Context& context, const ConcatParams& params, Backend backend,
         std::vector<const void*> inputs, void* output);
};

// output = input.transpose(perm): output dimension i is input dimension perm[i].
struct TransposeParams {
  Dims input_shape;
  Dims perm;
  size_t element_size = 4;
};

inline void VisitFields(const TransposeParams& p, FieldVisitor& v) {
  v.Shape("input_shape", p.input_shape);
  v.Shape("perm", p.perm);
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

bool TransposeSupports(Backend backend, const TransposeParams& p);

class Transpose : public Kernel {
 public:
  Transpose(Context& context, const TransposeParams& params, Backend backend,
            const void* input, void* output);
};

// A plain copy of `bytes` bytes (a reshape whose input and output cannot share memory).
class Copy {
 public:
  Copy(Context& context, size_t bytes, const void* input, void* output);
  void Run();

 private:
  size_t bytes_;
  const void* input_;
  void* output_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_DATA_MOVEMENT_H_
