// ScatterND and ScatterElements: a copy of `data` with `updates` written (or combined by
// a reduction) at the places `indices` name, as ONNX defines them. Indices are computed
// tensors in general, so they are checked at Run() the way Gather's are: a negative index
// counts from the end, one still out of range is clamped into range. Duplicate indices
// without a reduction: the last update wins (ONNX leaves the order undefined).
#ifndef NEO_KERNELS_SCATTER_H_
#define NEO_KERNELS_SCATTER_H_

#include <cstddef>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class ScatterReduction { kNone, kAdd, kMul, kMax, kMin };

inline const char* EnumeratorName(ScatterReduction r) {
  switch (r) {
    case ScatterReduction::kNone: return "kNone";
    case ScatterReduction::kAdd: return "kAdd";
    case ScatterReduction::kMul: return "kMul";
    case ScatterReduction::kMax: return "kMax";
    case ScatterReduction::kMin: return "kMin";
  }
  return "";
}

// ScatterND: indices [..., k] address data's first k dimensions; updates has shape
// indices.shape[:-1] + data.shape[k:].
struct ScatterNDParams {
  Dims data_shape;
  Dims indices_shape;
  ScatterReduction reduction = ScatterReduction::kNone;
  ElementType type = ElementType::kFloat32;  // data's and updates'
  size_t index_size = 8;                     // 4 (int32) or 8 (int64)
};

// ScatterElements: for every element of indices (and updates, of the same shape),
// output[i with i[axis] = indices[i]] = updates[i].
struct ScatterElementsParams {
  Dims data_shape;
  Dims indices_shape;
  int axis = 0;
  ScatterReduction reduction = ScatterReduction::kNone;
  ElementType type = ElementType::kFloat32;
  size_t index_size = 8;
};

inline void VisitFields(const ScatterNDParams& p, FieldVisitor& v) {
  v.Shape("data_shape", p.data_shape);
  v.Shape("indices_shape", p.indices_shape);
  v.Enum("reduction", "neo::kernels::ScatterReduction", EnumeratorName(p.reduction));
  VisitElementType("type", p.type, v);
  v.Int("index_size", static_cast<int64_t>(p.index_size));
}

inline void VisitFields(const ScatterElementsParams& p, FieldVisitor& v) {
  v.Shape("data_shape", p.data_shape);
  v.Shape("indices_shape", p.indices_shape);
  v.Int("axis", p.axis);
  v.Enum("reduction", "neo::kernels::ScatterReduction", EnumeratorName(p.reduction));
  VisitElementType("type", p.type, v);
  v.Int("index_size", static_cast<int64_t>(p.index_size));
}

// Reference only. Declines shapes that do not fit together, reductions of bool (only
// kNone) and scatters into an empty dimension.
bool ScatterNDSupports(Backend backend, const ScatterNDParams& p);
bool ScatterElementsSupports(Backend backend, const ScatterElementsParams& p);

class ScatterND : public Kernel {
 public:
  ScatterND(Context& context, const ScatterNDParams& params, Backend backend, const void* data,
            const void* indices, const void* updates, void* output);
};

class ScatterElements : public Kernel {
 public:
  ScatterElements(Context& context, const ScatterElementsParams& params, Backend backend,
                  const void* data, const void* indices, const void* updates, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_SCATTER_H_
