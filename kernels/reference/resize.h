// Reference Resize (see kernels/resize.h).
#ifndef NEO_KERNELS_REFERENCE_RESIZE_H_
#define NEO_KERNELS_REFERENCE_RESIZE_H_

#include <cstdint>
#include <vector>

#include "kernels/resize.h"

namespace neo::kernels::reference {

bool ResizeValid(const ResizeParams& p);

// What one output coordinate reads along one dimension: up to four input elements (as
// offsets, index * stride) and their weights, or `outside` where tf_crop_and_resize maps
// it beyond the input.
struct ResizeTaps {
  int count = 0;
  bool outside = false;
  int64_t offset[4] = {};
  double weight[4] = {};
};

// Each dimension's taps for every output coordinate: everything Resize works out from the
// parameters alone. The Resize kernel makes its plan at construction, so Run() allocates
// nothing.
struct ResizePlan {
  std::vector<ResizeTaps> taps[Dims::kMaxRank];
};
ResizePlan MakeResizePlan(const ResizeParams& p);

void Resize(const ResizeParams& p, const ResizePlan& plan, const void* input, void* output);
// Makes the plan and runs it (allocates: for the compiler's evaluator and tests).
void Resize(const ResizeParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_RESIZE_H_
