// QuantizedMatMul: which backend runs which integer matrix product (pure; see conv2d.cc).
#include "kernels/quantized_matmul.h"
#include "kernels/reference/quantization_math.h"
#include "kernels/reference/quantized_matmul.h"

namespace neo::kernels {

namespace {

// QuantizedConv2D's XNNPACK rule for the 1x1 convolution the product becomes: int8
// throughout, static, symmetric; b one matrix shared by every row of a (rank 2, so the
// product is [rows of a, K] x [K, N]); a's zero point one value.
bool Xnnpack(const QuantizedMatMulParams& p) {
  return p.a_type == ElementType::kInt8 && p.b_type == ElementType::kInt8 &&
         p.output_type == ElementType::kInt8 && p.b_shape.rank == 2 &&
         !p.a_zero_point_per_row && p.static_quantization && p.symmetric_weights &&
         p.output_shape.num_elements() > 0 && p.a_shape[p.a_shape.rank - 1] > 0;
}

}  // namespace

bool QuantizedMatMulSupports(Backend backend, const QuantizedMatMulParams& p) {
  if (!reference::QuantizedMatMulValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return Xnnpack(p);
    default: return false;
  }
}

bool QuantizedMatMulSymmetricWeights(const QuantizedMatMulParams& p, const void* b_zero_point) {
  if (!b_zero_point) return true;
  const int64_t n = p.b_zero_point_per_column ? p.b_shape[p.b_shape.rank - 1] : 1;
  for (int64_t c = 0; c < n; ++c) {
    if (reference::LoadInt(b_zero_point, p.b_type, c) != 0) return false;
  }
  return true;
}

}  // namespace neo::kernels
