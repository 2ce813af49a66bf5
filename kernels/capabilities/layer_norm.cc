// LayerNorm: which backend runs which layer normalization (pure; see conv2d.cc).
#include "kernels/layer_norm.h"
#include "kernels/reference/layer_norm.h"

namespace neo::kernels {

bool LayerNormSupports(Backend backend, const LayerNormParams& p) {
  if (!reference::LayerNormValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // oneDNN 2.6.3 layer_normalization_forward (forward_inference, statistics computed,
    // use_scale / use_shift) over the plain 2-D [outer, inner] tensor: its descriptor
    // takes any rank-2 plain f32 tensor and any epsilon, and its implementations
    // (jit_uni on x86, simple and reference elsewhere) every non-empty one. Empty
    // tensors are left to the reference, which writes nothing.
    case Backend::kOnednn: return p.outer >= 1 && p.inner >= 1;
    default: return false;
  }
}

}  // namespace neo::kernels
