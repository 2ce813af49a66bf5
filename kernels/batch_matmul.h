// numpy.matmul of rank >= 2 float tensors with broadcast batch dimensions.
#ifndef NEO_KERNELS_BATCH_MATMUL_H_
#define NEO_KERNELS_BATCH_MATMUL_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// a [..., M, K] times b [..., K, N] = output [..., M, N]; the batch dimensions of a and
// b broadcast (numpy rules) to the output's.
struct BatchMatMulParams {
  Dims a_shape;
  Dims b_shape;
  Dims output_shape;
};

inline void VisitFields(const BatchMatMulParams& p, FieldVisitor& v) {
  v.Shape("a_shape", p.a_shape);
  v.Shape("b_shape", p.b_shape);
  v.Shape("output_shape", p.output_shape);
}

// Reference: all. oneDNN (matmul primitive, batch broadcasting): output rank <= 12 and
// no empty dimension.
bool BatchMatMulSupports(Backend backend, const BatchMatMulParams& p);

class BatchMatMul : public Kernel {
 public:
  BatchMatMul(Context& context, const BatchMatMulParams& params, Backend backend,
              const float* a, const float* b, float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BATCH_MATMUL_H_
