#include "kernels/capabilities/rules.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

#include "kernels/reference/pooling.h"

namespace neo::kernels::capabilities {
namespace {

int Overlap(int begin, int end, int lo, int hi) {
  return std::max(0, std::min(end, hi) - std::max(begin, lo));
}

// `shape` aligned on its last dimension to `rank` dimensions (leading 1s), as oneDNN's
// binary is given it; a rank-0 shape becomes [1].
Dims Aligned(const Dims& shape, int rank) {
  if (shape.rank > std::max(rank, 1)) return shape;  // never equal to the output's
  Dims out;
  out.rank = std::max(rank, 1);
  for (int i = 0; i < out.rank; ++i) out[i] = 1;
  for (int i = 0; i < shape.rank; ++i) out[out.rank - shape.rank + i] = shape[i];
  return out;
}

bool SameDims(const Dims& a, const Dims& b) {
  if (a.rank != b.rank) return false;
  for (int i = 0; i < a.rank; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace

OnednnClamp OnednnClampKind(float lo, float hi) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (lo == 0.0f && hi == kInf) return OnednnClamp::kRelu;
  if (lo == -kInf && hi == kInf) return OnednnClamp::kNone;
  return OnednnClamp::kClip;
}

bool OnednnClampAccepted(float lo, float hi) {
  return OnednnClampKind(lo, hi) != OnednnClamp::kClip || hi >= lo;
}

bool PoolingWindowsTouchInput(const Pooling2DParams& p, int dh, int dw) {
  const int eh = (p.kernel_height - 1) * dh + 1, ew = (p.kernel_width - 1) * dw + 1;
  if (p.output_height !=
          (p.input_height + p.pad_top + p.pad_bottom - eh) / p.stride_height + 1 ||
      p.output_width != (p.input_width + p.pad_left + p.pad_right - ew) / p.stride_width + 1) {
    return false;
  }
  for (int oy = 0; oy < p.output_height; ++oy) {
    const int y0 = oy * p.stride_height - p.pad_top;
    if (Overlap(y0, y0 + eh, 0, p.input_height) == 0) return false;
  }
  for (int ox = 0; ox < p.output_width; ++ox) {
    const int x0 = ox * p.stride_width - p.pad_left;
    if (Overlap(x0, x0 + ew, 0, p.input_width) == 0) return false;
  }
  return true;
}

OnednnAverage OnednnAverageDivisor(const Pooling2DParams& p) {
  bool include = true, exclude = true;
  for (int oy = 0; oy < p.output_height && (include || exclude); ++oy) {
    for (int ox = 0; ox < p.output_width; ++ox) {
      const int y0 = oy * p.stride_height - p.pad_top, x0 = ox * p.stride_width - p.pad_left;
      const int want = reference::AveragePoolingDivisor(p, oy, ox);
      include = include && want == p.kernel_height * p.kernel_width;
      exclude = exclude && want == Overlap(y0, y0 + p.kernel_height, 0, p.input_height) *
                                       Overlap(x0, x0 + p.kernel_width, 0, p.input_width);
    }
  }
  if (exclude) return OnednnAverage::kExcludePadding;
  if (include) return OnednnAverage::kIncludePadding;
  return OnednnAverage::kNone;
}

bool XnnpackAverageDivisorMatches(const Pooling2DParams& p) {
  const bool padded = p.pad_top || p.pad_left || p.pad_bottom || p.pad_right;
  for (int oy = 0; oy < p.output_height; ++oy) {
    for (int ox = 0; ox < p.output_width; ++ox) {
      const int y0 = oy * p.stride_height - p.pad_top, x0 = ox * p.stride_width - p.pad_left;
      const int xnn = padded ? Overlap(y0, y0 + p.kernel_height, 0, p.input_height) *
                                   Overlap(x0, x0 + p.kernel_width, 0, p.input_width)
                             : p.kernel_height * p.kernel_width;
      if (xnn != reference::AveragePoolingDivisor(p, oy, ox)) return false;
    }
  }
  return true;
}

namespace {

// The broadcasts oneDNN 2.6's JIT binary kernels take (its broadcasting strategies
// no_broadcast, scalar, per_oc and per_w on plain tensors; per_mb_spatial and per_mb_w
// are left out: with unit dimensions oneDNN does not always recognise them, the
// agreement test found).
// Any other falls to its reference implementation, "ref:any", measured 150 to 375 times
// slower than XNNPACK on a LayerNorm's x - mean ([1,56,56,16] - [1,56,56,1]) and Swin's
// attention mask ([1,64,2,49,49] + [1,64,1,49,49]): //kernels:onednn_ops_benchmark.
bool JitBroadcast(const Dims& src1, const Dims& out) {
  const int rank = out.rank;
  auto only = [&](std::initializer_list<int> kept) {
    for (int i = 0; i < rank; ++i) {
      const bool keep = std::find(kept.begin(), kept.end(), i) != kept.end();
      if (src1[i] != (keep ? out[i] : 1)) return false;
    }
    return true;
  };
  if (SameDims(src1, out) || only({})) return true;  // no broadcast, scalar
  if (rank >= 2 && only({1})) return true;            // per_oc
  return only({rank - 1});                            // per_w
}

}  // namespace

OnednnBinaryOrder OnednnBinaryOperandOrder(const BinaryParams& p) {
  const int rank = p.output_shape.rank;
  const Dims out = Aligned(p.output_shape, rank);
  const Dims a = Aligned(p.a_shape, rank), b = Aligned(p.b_shape, rank);
  if (SameDims(a, out)) return JitBroadcast(b, out) ? OnednnBinaryOrder::kAsIs : OnednnBinaryOrder::kNone;
  const bool commutative = p.op == BinaryOp::kAdd || p.op == BinaryOp::kMul ||
                           p.op == BinaryOp::kMaximum || p.op == BinaryOp::kMinimum;
  if (commutative && SameDims(b, out) && JitBroadcast(a, out)) return OnednnBinaryOrder::kSwapped;
  return OnednnBinaryOrder::kNone;
}

}  // namespace neo::kernels::capabilities
