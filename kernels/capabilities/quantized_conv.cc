// QuantizedConv2D: which backend runs which integer convolution (pure; see conv2d.cc).
#include "kernels/quantized_conv.h"
#include "kernels/reference/quantized_conv.h"

namespace neo::kernels {

bool QuantizedConv2DSupports(Backend backend, const QuantizedConv2DParams& p) {
  if (!reference::QuantizedConv2DValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    default: return false;
  }
}

}  // namespace neo::kernels
