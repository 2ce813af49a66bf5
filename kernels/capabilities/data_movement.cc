// Concat and Transpose: which backend runs which (pure; see conv2d.cc). Copy has no
// backend choice.
#include "kernels/data_movement.h"

namespace neo::kernels {
namespace {

// Our limit for oneDNN's plain descriptors here (its own is 12 dimensions).
constexpr int kOnednnMaxRank = 6;

bool ValidConcat(const ConcatParams& p) {
  const Dims& o = p.output_shape;
  if (p.axis < 0 || p.axis >= o.rank || p.input_shapes.empty()) return false;
  int64_t total = 0;
  for (const Dims& in : p.input_shapes) {
    if (in.rank != o.rank) return false;
    for (int i = 0; i < o.rank; ++i)
      if (i != p.axis && in[i] != o[i]) return false;
    total += in[p.axis];
  }
  return total == o[p.axis];
}

bool ValidTranspose(const TransposeParams& p) {
  if (p.perm.rank != p.input_shape.rank) return false;
  bool seen[Dims::kMaxRank] = {};
  for (int i = 0; i < p.perm.rank; ++i) {
    if (p.perm[i] < 0 || p.perm[i] >= p.perm.rank || seen[p.perm[i]]) return false;
    seen[p.perm[i]] = true;
  }
  return true;
}

// The element type is described to oneDNN as f32 whatever it is (both primitives only
// move bits), so 4-byte elements; plain descriptors of rank 1..6; oneDNN rejects empty
// memories in a concat (and a transpose of nothing needs no primitive).
bool OnednnDescribable(const Dims& d) {
  return d.rank >= 1 && d.rank <= kOnednnMaxRank && d.num_elements() > 0;
}

}  // namespace

bool ConcatSupports(Backend backend, const ConcatParams& p) {
  if (!ValidConcat(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // concat: simple_concat or ref_concat (reorders into the output) take every
    // concatenation of same-rank, same-type plain tensors along one axis.
    case Backend::kOnednn: {
      if (p.element_size != 4 || !OnednnDescribable(p.output_shape)) return false;
      for (const Dims& in : p.input_shapes)
        if (!OnednnDescribable(in)) return false;
      return true;
    }
    default: return false;
  }
}

bool TransposeSupports(Backend backend, const TransposeParams& p) {
  if (!ValidTranspose(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // reorder from the plain layout to the permuted strides: every reorder of plain
    // f32 strides has an implementation (the reference one at worst).
    case Backend::kOnednn: return p.element_size == 4 && OnednnDescribable(p.input_shape);
    default: return false;
  }
}

}  // namespace neo::kernels
