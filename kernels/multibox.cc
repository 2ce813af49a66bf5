#include "kernels/multibox.h"

#include <memory>

#include "kernels/internal.h"
#include "kernels/reference/multibox.h"

namespace neo::kernels {

MultiBoxPrior::MultiBoxPrior(Context&, const MultiBoxPriorParams& params, Backend backend,
                             const void*, void* output) {
  if (!MultiBoxPriorSupports(backend, params)) {
    internal::Unsupported("MultiBoxPrior", BackendName(backend));
  }
  float* out = static_cast<float*>(output);
  op_ = internal::MakeOp([params, out] { reference::MultiBoxPrior(params, out); });
}

MultiBoxDetection::MultiBoxDetection(Context&, const MultiBoxDetectionParams& params,
                                     Backend backend, const void* cls_prob,
                                     const void* loc_pred, const void* anchors, void* output) {
  if (!MultiBoxDetectionSupports(backend, params)) {
    internal::Unsupported("MultiBoxDetection", BackendName(backend));
  }
  // The working memory lives as long as the kernel: allocated once here, so Run() does
  // not allocate. (The model's arena holds activations only; kernels own their scratch,
  // as the oneDNN ones own their scratchpads.) Held in a shared_ptr since MakeOp copies
  // the callable.
  const size_t words = (reference::MultiBoxDetectionScratchBytes(params) + 3) / 4;
  std::shared_ptr<float[]> scratch(new float[words]);
  const float* cls = static_cast<const float*>(cls_prob);
  const float* loc = static_cast<const float*>(loc_pred);
  const float* anc = static_cast<const float*>(anchors);
  float* out = static_cast<float*>(output);
  op_ = internal::MakeOp([params, cls, loc, anc, out, scratch] {
    reference::MultiBoxDetection(params, cls, loc, anc, out, scratch.get());
  });
}

}  // namespace neo::kernels
