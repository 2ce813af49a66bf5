// LRN: which backend runs which local response normalization (pure; see conv2d.cc).
#include "kernels/lrn.h"
#include "kernels/reference/lrn.h"

namespace neo::kernels {

bool LrnSupports(Backend backend, const LrnParams& p) {
  if (!reference::LrnValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // oneDNN 2.6.3 lrn_forward across channels over the plain [outer, channels, 1, inner]
    // tensor: its reference implementation takes every non-empty one, any alpha, beta
    // and k. Our condition: an odd size (its window for an even size is not ONNX's).
    case Backend::kOnednn:
      return p.outer >= 1 && p.channels >= 1 && p.inner >= 1 && p.size % 2 == 1;
    default: return false;
  }
}

}  // namespace neo::kernels
