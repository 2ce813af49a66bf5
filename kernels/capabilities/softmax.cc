// Softmax: which backend runs which softmax (pure; see conv2d.cc).
#include "kernels/softmax.h"

namespace neo::kernels {

bool SoftmaxSupports(Backend backend, const SoftmaxParams& p) {
  if (p.outer < 1 || p.axis < 1 || p.inner < 1) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // XNNPACK's softmax runs over contiguous rows and has no log variant.
    case Backend::kXnnpack: return p.inner == 1 && !p.log;
    // oneDNN 2.6.3's softmax_forward and logsoftmax_forward over axis 1 of the plain
    // [outer, axis, inner] tensor: its reference implementation takes every such shape.
    case Backend::kOnednn: return true;
    default: return false;
  }
}

}  // namespace neo::kernels
