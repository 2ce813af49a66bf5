#include "kernels/backend.h"

namespace neo::kernels {

const char* BackendName(Backend b) {
  switch (b) {
    case Backend::kReference: return "reference";
    case Backend::kXnnpack: return "xnnpack";
    case Backend::kOnednn: return "onednn";
    case Backend::kOnednnWinograd: return "onednn_winograd";
  }
  return "unknown";
}

const char* BackendEnumerator(Backend b) {
  switch (b) {
    case Backend::kReference: return "neo::kernels::Backend::kReference";
    case Backend::kXnnpack: return "neo::kernels::Backend::kXnnpack";
    case Backend::kOnednn: return "neo::kernels::Backend::kOnednn";
    case Backend::kOnednnWinograd: return "neo::kernels::Backend::kOnednnWinograd";
  }
  return "unknown";
}

}  // namespace neo::kernels
