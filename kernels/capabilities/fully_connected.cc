// FullyConnected: which backend runs which layer (pure; see conv2d.cc).
#include "kernels/capabilities/rules.h"
#include "kernels/fully_connected.h"

namespace neo::kernels {

bool FullyConnectedSupports(Backend backend, const FullyConnectedParams& p) {
  if (p.batch < 1 || p.input_channels < 1 || p.output_channels < 1) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return p.output_min < p.output_max;
    // inner_product_forward: ip_desc_init takes any non-empty [m, k] x [n, k] and the
    // reference implementation any eltwise post-op; only the clamp's can be refused.
    case Backend::kOnednn: return capabilities::OnednnClampAccepted(p.output_min, p.output_max);
    case Backend::kOnednnWinograd: return false;
  }
  return false;
}

}  // namespace neo::kernels
