// MatMulInteger and QLinearMatMul by their definition: every product
// sum_k (a[m, k] - a_zp) * (b[k, n] - b_zp) accumulated in int32 (exact: 8-bit
// differences are at most 255 in magnitude, so K up to 33000 cannot overflow), then for
// QLinearMatMul requantized per output element (reference/quantization_math.h).
//
// This loop is also what runs these operators in generated code (no library computes
// them exactly so, see QuantizedMatMulSupports), so it is written to vectorize: the
// element types are template parameters, and each row accumulates a block of columns
// (b's rows are contiguous) in a fixed array on the stack, never on the heap.
#include "kernels/reference/quantized_matmul.h"

#include <algorithm>

#include "kernels/batch_matmul.h"
#include "kernels/reference/batch_matmul.h"
#include "kernels/reference/quantization_math.h"

namespace neo::kernels::reference {

namespace {

bool IsByteType(ElementType t) { return t == ElementType::kUInt8 || t == ElementType::kInt8; }

// Element stride of each output batch dimension in `x` (0 where x broadcasts).
void BatchStrides(const Dims& x, const Dims& out, int64_t* strides) {
  const int batch = out.rank - 2, shift = out.rank - x.rank;
  int64_t s = x[x.rank - 2] * x[x.rank - 1];
  for (int i = batch; i-- > 0;) {
    const int xi = i - shift;
    strides[i] = (xi < 0 || x[xi] == 1) ? 0 : s;
    if (xi >= 0) s *= x[xi];
  }
}

constexpr int64_t kColumnBlock = 64;

struct Operands {
  const void* a_zero_point;
  const void* b_zero_point;
  const float* a_scale;
  const float* b_scale;
  const float* y_scale;
  const void* y_zero_point;
  void* output;
};

// One [M, K] x [K, N] product (a and b already offset to the batch's matrices), written
// at output element `out_offset`.
template <typename A, typename B>
void MatrixProduct(const QuantizedMatMulParams& p, const A* a, const B* b, const Operands& x,
                   int64_t m, int64_t n, int64_t k, int64_t out_offset) {
  const bool requantize = Requantizes(p);
  const QuantRange range = RangeOf(p.output_type);
  const int32_t y_zp = requantize ? LoadInt(x.y_zero_point, p.output_type, 0) : 0;
  int32_t acc[kColumnBlock];
  int32_t b_zp[kColumnBlock];
  for (int64_t j0 = 0; j0 < n; j0 += kColumnBlock) {
    const int64_t cols = std::min(kColumnBlock, n - j0);
    for (int64_t j = 0; j < cols; ++j) {
      b_zp[j] = x.b_zero_point
                    ? LoadInt(x.b_zero_point, p.b_type, p.b_zero_point_per_column ? j0 + j : 0)
                    : 0;
    }
    for (int64_t i = 0; i < m; ++i) {
      const int32_t a_zp =
          x.a_zero_point ? LoadInt(x.a_zero_point, p.a_type, p.a_zero_point_per_row ? i : 0) : 0;
      std::fill(acc, acc + cols, 0);
      for (int64_t q = 0; q < k; ++q) {
        const int32_t av = static_cast<int32_t>(a[i * k + q]) - a_zp;
        const B* row = b + q * n + j0;
        for (int64_t j = 0; j < cols; ++j) acc[j] += av * (static_cast<int32_t>(row[j]) - b_zp[j]);
      }
      const int64_t at = out_offset + i * n + j0;
      for (int64_t j = 0; j < cols; ++j) {
        if (!requantize) {
          static_cast<int32_t*>(x.output)[at + j] = acc[j];
          continue;
        }
        const float multiplier = RequantizationMultiplier(
            x.a_scale[0], x.b_scale[p.b_scale_per_column ? j0 + j : 0], x.y_scale[0]);
        StoreInt(Requantize(acc[j], multiplier, y_zp, range), x.output, p.output_type, at + j);
      }
    }
  }
}

template <typename A, typename B>
void Batched(const QuantizedMatMulParams& p, const void* a_data, const void* b_data,
             const Operands& x) {
  const Dims& o = p.output_shape;
  const int batch = o.rank - 2;
  const int64_t m = o[o.rank - 2], n = o[o.rank - 1], k = p.a_shape[p.a_shape.rank - 1];
  int64_t sa[Dims::kMaxRank], sb[Dims::kMaxRank];
  BatchStrides(p.a_shape, o, sa);
  BatchStrides(p.b_shape, o, sb);
  int64_t batches = 1;
  for (int i = 0; i < batch; ++i) batches *= o[i];
  int64_t index[Dims::kMaxRank] = {};
  for (int64_t t = 0; t < batches; ++t) {
    int64_t oa = 0, ob = 0;
    for (int i = 0; i < batch; ++i) {
      oa += index[i] * sa[i];
      ob += index[i] * sb[i];
    }
    MatrixProduct(p, static_cast<const A*>(a_data) + oa, static_cast<const B*>(b_data) + ob, x,
                  m, n, k, t * m * n);
    for (int i = batch; i-- > 0;) {
      if (++index[i] < o[i]) break;
      index[i] = 0;
    }
  }
}

template <typename A>
void WithA(const QuantizedMatMulParams& p, const void* a, const void* b, const Operands& x) {
  if (p.b_type == ElementType::kUInt8) {
    Batched<A, uint8_t>(p, a, b, x);
  } else {
    Batched<A, int8_t>(p, a, b, x);
  }
}

}  // namespace

bool QuantizedMatMulValid(const QuantizedMatMulParams& p) {
  BatchMatMulParams shapes;
  shapes.a_shape = p.a_shape;
  shapes.b_shape = p.b_shape;
  shapes.output_shape = p.output_shape;
  return BatchMatMulValid(shapes) && IsByteType(p.a_type) && IsByteType(p.b_type) &&
         (p.output_type == ElementType::kInt32 || IsByteType(p.output_type));
}

void QuantizedMatMul(const QuantizedMatMulParams& p, const void* a, const void* a_zero_point,
                     const void* b, const void* b_zero_point, const float* a_scale,
                     const float* b_scale, const float* y_scale, const void* y_zero_point,
                     void* output) {
  const Operands x{a_zero_point, b_zero_point, a_scale, b_scale, y_scale, y_zero_point, output};
  if (p.a_type == ElementType::kUInt8) {
    WithA<uint8_t>(p, a, b, x);
  } else {
    WithA<int8_t>(p, a, b, x);
  }
}

}  // namespace neo::kernels::reference
