// Shape arithmetic every part of the compiler shares: broadcasting, permutations,
// strides, slices, and dtypes by name.
#ifndef NEO_COMPILER_IR_SHAPE_UTIL_H_
#define NEO_COMPILER_IR_SHAPE_UTIL_H_

#include <string>
#include <vector>

#include "compiler/ir/dtype.h"
#include "compiler/ir/graph.h"

namespace neo::ir {

// out[i] = in[perm[i]], the shape a Transpose with `perm` produces.
Shape PermuteShape(const Shape& in, const std::vector<int64_t>& perm);
// Row-major element strides.
std::vector<int64_t> StridesOf(const Shape& shape);
// numpy broadcasting; false when the shapes are incompatible.
bool BroadcastShapes(const Shape& a, const Shape& b, Shape* out);
// Elements a Slice takes along one dimension (start, end, step resolved as in ops/indexing.h).
int64_t SliceLength(int64_t start, int64_t end, int64_t step);
// The dtype a name from DTypeName stands for; false for an unknown name.
bool DTypeFromName(const std::string& name, DType* dtype);

// The permutations between the source layout (NCHW) and the one the spatial operators
// run in after the layout pass (NHWC).
extern const std::vector<int64_t> kNchwToNhwc;  // {0, 2, 3, 1}
extern const std::vector<int64_t> kNhwcToNchw;  // {0, 3, 1, 2}

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_SHAPE_UTIL_H_
