// Reference MultiBoxPrior and MultiBoxDetection (see kernels/multibox.h).
#ifndef NEO_KERNELS_REFERENCE_MULTIBOX_H_
#define NEO_KERNELS_REFERENCE_MULTIBOX_H_

#include <cstddef>

#include "kernels/multibox.h"

namespace neo::kernels::reference {

bool MultiBoxPriorValid(const MultiBoxPriorParams& p);
bool MultiBoxDetectionValid(const MultiBoxDetectionParams& p);

// Writes height * width * (num_sizes + num_ratios - 1) * 4 floats.
void MultiBoxPrior(const MultiBoxPriorParams& p, float* output);

// The detection's working memory, in bytes: the caller provides it (the kernel class
// allocates it at construction, the compiler's evaluator per call), so the detection
// itself never allocates. Aligned for float and int.
size_t MultiBoxDetectionScratchBytes(const MultiBoxDetectionParams& p);

void MultiBoxDetection(const MultiBoxDetectionParams& p, const float* cls_prob,
                       const float* loc_pred, const float* anchors, float* output,
                       void* scratch);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_MULTIBOX_H_
