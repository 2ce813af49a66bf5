// numpy.matmul of rank >= 2 float tensors with broadcast batch dimensions.
#ifndef NEO_KERNELS_BATCH_MATMUL_H_
#define NEO_KERNELS_BATCH_MATMUL_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"

namespace neo::kernels {

namespace internal {
class Op;
}

// a [..., M, K] times b [..., K, N] = output [..., M, N]; the batch dimensions of a and
// b broadcast (numpy rules) to the output's.
struct BatchMatMulParams {
  Dims a_shape;
  Dims b_shape;
  Dims output_shape;
};

// Reference: all. oneDNN (matmul primitive, batch broadcasting): output rank <= 12 and
// no empty dimension.
bool BatchMatMulSupports(Backend backend, const BatchMatMulParams& p);

class BatchMatMul {
 public:
  BatchMatMul(Context& context, const BatchMatMulParams& params, Backend backend,
              const float* a, const float* b, float* output);
  ~BatchMatMul();
  BatchMatMul(const BatchMatMul&) = delete;
  BatchMatMul& operator=(const BatchMatMul&) = delete;
  void Run();

 private:
  std::unique_ptr<internal::Op> op_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BATCH_MATMUL_H_
