// Reduce, ArgReduce and TopK: which backend runs which reduction (pure; see conv2d.cc).
#include "kernels/reduce.h"
#include "kernels/reference/reduce.h"

namespace neo::kernels {

bool ReduceSupports(Backend backend, const ReduceParams& p) {
  if (!reference::ReduceValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // oneDNN 2.6.3 reduction over plain tensors of rank 1..6 (our limit): its reference
    // implementation takes every non-empty one whose output differs from the input
    // (reduction_desc_init refuses the identity, i.e. reducing only size-1 axes).
    case Backend::kOnednn: {
      const Dims& in = p.input_shape;
      if (in.rank < 1 || in.rank > 6 || p.axes.rank < 1 || in.num_elements() == 0) {
        return false;
      }
      for (int i = 0; i < p.axes.rank; ++i)
        if (in[p.axes[i]] != 1) return true;
      return false;
    }
    default: return false;
  }
}

// oneDNN 2.6 has no arg-reduction.
bool ArgReduceSupports(Backend backend, const ArgReduceParams& p) {
  return backend == Backend::kReference && reference::ArgReduceValid(p);
}

bool TopKSupports(Backend backend, const TopKParams& p) {
  return backend == Backend::kReference && reference::TopKValid(p);
}

}  // namespace neo::kernels
