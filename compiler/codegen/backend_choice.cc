#include "compiler/codegen/backend_choice.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace neo::codegen {

using kernels::Backend;

Backend ChooseBackend(const ir::KernelCall& call, const BackendPolicy& policy) {
  if (!call.params) throw std::logic_error("codegen: " + call.kernel + " takes no backend");
  if (policy.reference_only) return Backend::kReference;
  std::vector<Backend> order = call.backends;
  if (policy.cpu_family == CpuFamily::kAArch64) {
    std::stable_partition(order.begin(), order.end(),
                          [](Backend b) { return b == Backend::kXnnpack; });
  } else if (call.light && policy.openmp_model) {
    std::stable_partition(order.begin(), order.end(),
                          [](Backend b) { return b == Backend::kOnednn; });
  }
  auto winograd = std::find(order.begin(), order.end(), Backend::kOnednnWinograd);
  if (policy.cpu_family != CpuFamily::kX86Avx512) {
    if (winograd != order.end()) order.erase(winograd);
  } else if (policy.conv_algorithm == ConvAlgorithm::kDirect && winograd != order.end()) {
    order.erase(winograd);
  } else if (policy.conv_algorithm == ConvAlgorithm::kWinograd && winograd == order.end() &&
             call.params->Supports(Backend::kOnednnWinograd)) {
    order.insert(order.begin(), Backend::kOnednnWinograd);
  }
  for (Backend b : order) {
    if (policy.allocation_free_run && (b == Backend::kOnednn || b == Backend::kOnednnWinograd)) {
      continue;
    }
    if (call.params->Supports(b)) return b;
  }
  return Backend::kReference;
}

}  // namespace neo::codegen
