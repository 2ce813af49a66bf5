// Reductions over a set of axes (ReduceSum/Mean/Max/Min/Prod) and ArgMax/ArgMin over one
// axis. keepdims only changes the output's shape, not its memory, so it is not a
// parameter here.
#ifndef NEO_KERNELS_REDUCE_H_
#define NEO_KERNELS_REDUCE_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class ReduceKind { kSum, kMean, kMax, kMin, kProd };

// The output holds the input's non-reduced dimensions in order. Reducing an empty set
// gives the identity (0, 1, -inf, +inf; mean 0/0 = NaN as numpy); no axes is a copy.
struct ReduceParams {
  ReduceKind kind = ReduceKind::kSum;
  Dims input_shape;
  Dims axes;  // sorted, distinct, in [0, rank)
};

inline const char* EnumeratorName(ReduceKind k) {
  switch (k) {
    case ReduceKind::kSum: return "kSum";
    case ReduceKind::kMean: return "kMean";
    case ReduceKind::kMax: return "kMax";
    case ReduceKind::kMin: return "kMin";
    case ReduceKind::kProd: return "kProd";
  }
  return "";
}

inline void VisitFields(const ReduceParams& p, FieldVisitor& v) {
  v.Enum("kind", "neo::kernels::ReduceKind", EnumeratorName(p.kind));
  v.Shape("input_shape", p.input_shape);
  v.Shape("axes", p.axes);
}

// Reference: all. oneDNN (reduction primitive): rank 1..6, no empty tensors, at least
// one axis.
bool ReduceSupports(Backend backend, const ReduceParams& p);

class Reduce : public Kernel {
 public:
  Reduce(Context& context, const ReduceParams& params, Backend backend, const float* input,
         float* output);
};

enum class ArgReduceKind { kMax, kMin };

// int64 indices along `axis` of the first (or, select_last_index, the last) extreme
// value; a NaN counts as the extreme, as in numpy.
struct ArgReduceParams {
  ArgReduceKind kind = ArgReduceKind::kMax;
  Dims input_shape;
  int axis = 0;
  bool select_last_index = false;
};

inline void VisitFields(const ArgReduceParams& p, FieldVisitor& v) {
  v.Enum("kind", "neo::kernels::ArgReduceKind", p.kind == ArgReduceKind::kMax ? "kMax" : "kMin");
  v.Shape("input_shape", p.input_shape);
  v.Int("axis", p.axis);
  v.Bool("select_last_index", p.select_last_index);
}

// Reference only; declines an empty reduced axis unless the output is empty too.
bool ArgReduceSupports(Backend backend, const ArgReduceParams& p);

class ArgReduce : public Kernel {
 public:
  // `output` holds int64_t values.
  ArgReduce(Context& context, const ArgReduceParams& params, Backend backend,
            const float* input, void* output);
};

// The int64 indices along `axis` of the k largest (or smallest) values, in order, equal
// values by lower index first (ONNX TopK, torch.topk). NaN ranks above every
// number when taking the largest and below every number when taking the smallest, as
// numpy's sort places it last.
struct TopKParams {
  Dims input_shape;
  int axis = 0;
  int64_t k = 1;
  bool largest = true;
};

inline void VisitFields(const TopKParams& p, FieldVisitor& v) {
  v.Shape("input_shape", p.input_shape);
  v.Int("axis", p.axis);
  v.Int("k", p.k);
  v.Bool("largest", p.largest);
}

// Reference only; declines k outside [1, the axis' size].
bool TopKSupports(Backend backend, const TopKParams& p);

class TopK : public Kernel {
 public:
  // `indices` holds int64_t values: input_shape with k along axis. (The values are a
  // gather of these; the IR keeps to one output per node.)
  TopK(Context& context, const TopKParams& params, Backend backend, const float* input,
       void* indices);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_REDUCE_H_
