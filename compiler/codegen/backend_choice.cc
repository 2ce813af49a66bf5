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
    // Our own loops (kReference) split their rows over OpenMP's team too
    // (kernels/parallel_rows.h), so where a light kernel lists one first it stays first.
    std::stable_partition(order.begin(), order.end(), [](Backend b) {
      return b == Backend::kOnednn || b == Backend::kReference;
    });
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

// Measured on AMD Zen 5 (AVX-512, 2 cores, 2026-12-05): the torchvision and ONNX zoo
// models at 1 and 2 threads. Splitting a step costs a wake-up and a join of the other
// thread, a few microseconds each; models of a few million multiply-adds (vit_mini,
// gpt_mini, text_encoder: 0.04-0.3 ms) ran 1.2 to 7 times slower on two threads, while
// every model above 100 million (MobileNets, ShuffleNet) gained. Choosing per step
// instead lost more than it gained: a one-thread step between two split ones lets the
// other thread go idle, and waking it again costs more than the step saved.
bool RunsSerially(const std::vector<ir::KernelCall>& calls, const BackendPolicy& policy) {
  (void)policy;  // the same rule for every CPU family so far
  // Measured on AMD Zen 5, 2 cores: Swin (566K per step) and MaxViT (533K) were 13% and
  // 21% slower on two threads, ShuffleNetV2 (1.22M) 4% faster, MobileNetV3 (2.3M) 30%.
  constexpr int64_t kSerialBelowMacsPerStep = 800'000;
  if (calls.empty()) return true;
  int64_t macs = 0;
  for (const ir::KernelCall& c : calls) macs += c.macs;
  return macs < kSerialBelowMacsPerStep * static_cast<int64_t>(calls.size());
}

}  // namespace neo::codegen
