// Pure rules shared by the capability functions (kernels/capabilities/*.cc) and the
// runtime, for the decisions both must make the same way: which oneDNN post-op a fused
// clamp becomes and whether oneDNN 2.6.3 accepts it, which of oneDNN's average-pooling
// divisors matches pooling.h's, which window geometries the libraries compute as
// pooling.h defines them, and which operand order oneDNN's binary primitive gets.
// Nothing here calls a library or looks at the CPU.
#ifndef NEO_KERNELS_CAPABILITIES_RULES_H_
#define NEO_KERNELS_CAPABILITIES_RULES_H_

#include "kernels/binary.h"
#include "kernels/pooling.h"

namespace neo::kernels::capabilities {

// How the runtime hands a fused clamp [lo, hi] to oneDNN (onednn_op.cc, ClampPostOps).
enum class OnednnClamp {
  kNone,  // (-inf, +inf): no post-op
  kRelu,  // [0, +inf): eltwise_relu with alpha 0
  kClip,  // anything else: eltwise_clip(lo, hi)
};
OnednnClamp OnednnClampKind(float lo, float hi);

// Whether oneDNN 2.6.3 accepts that post-op: eltwise_clip needs hi >= lo
// (math::is_eltwise_ok), so never a NaN bound; none and relu always.
bool OnednnClampAccepted(float lo, float hi);

// Windows of `p` (with dilation dh x dw) as oneDNN's and XNNPACK's pooling see them: the
// output size is the floor formula over the padded input, and every window touches at
// least one input pixel (where pooling.h defines an all-padding window, both libraries
// would give something else). Requires positive kernel, stride and dilation.
bool PoolingWindowsTouchInput(const Pooling2DParams& p, int dh, int dw);

// oneDNN's average pooling divides by the whole window (include_padding) or by the
// window's pixels inside the input (exclude_padding). The one that equals
// reference::AveragePoolingDivisor at every output, exclude first (both agree when no
// window touches padding), or none.
enum class OnednnAverage { kNone, kExcludePadding, kIncludePadding };
OnednnAverage OnednnAverageDivisor(const Pooling2DParams& p);

// XNNPACK divides by the whole window when the operator has no padding and by the
// window's pixels inside the input when it has any: whether that equals pooling.h's
// divisor at every output.
bool XnnpackAverageDivisorMatches(const Pooling2DParams& p);

// oneDNN's binary primitive broadcasts its second source only, and dst has the first
// source's shape. kAsIs: `a` has the output shape; kSwapped: `b` has it and the operator
// commutes, so b is passed first; kNone: neither.
enum class OnednnBinaryOrder { kNone, kAsIs, kSwapped };
OnednnBinaryOrder OnednnBinaryOperandOrder(const BinaryParams& p);

}  // namespace neo::kernels::capabilities

#endif  // NEO_KERNELS_CAPABILITIES_RULES_H_
