// BatchMatMul: which backend runs which batched matrix product (pure; see conv2d.cc).
#include "kernels/batch_matmul.h"
#include "kernels/reference/batch_matmul.h"

namespace neo::kernels {

bool BatchMatMulSupports(Backend backend, const BatchMatMulParams& p) {
  if (!reference::BatchMatMulValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // oneDNN 2.6.3 matmul with both operands described at the output's rank (at most
    // Dims::kMaxRank = 8, within its 12): matmul_desc_init takes numpy's batch
    // broadcasting of non-empty dimensions, and its reference implementation every such
    // descriptor. So: no empty tensor.
    case Backend::kOnednn:
      return p.output_shape.num_elements() != 0 && p.a_shape.num_elements() != 0 &&
             p.b_shape.num_elements() != 0;
    default: return false;
  }
}

}  // namespace neo::kernels
