#include "compiler/ir/shape_util.h"

#include <algorithm>

namespace neo::ir {

const std::vector<int64_t> kNchwToNhwc = {0, 2, 3, 1};
const std::vector<int64_t> kNhwcToNchw = {0, 3, 1, 2};

Shape PermuteShape(const Shape& in, const std::vector<int64_t>& perm) {
  Shape out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = in.at(static_cast<size_t>(perm[i]));
  return out;
}

std::vector<int64_t> StridesOf(const Shape& shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
  return s;
}

bool BroadcastShapes(const Shape& a, const Shape& b, Shape* out) {
  size_t rank = std::max(a.size(), b.size());
  Shape r(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return false;
    r[i] = da == 1 ? db : da;
  }
  *out = r;
  return true;
}

int64_t SliceLength(int64_t start, int64_t end, int64_t step) {
  if (step > 0) return end > start ? (end - start + step - 1) / step : 0;
  return start > end ? (start - end - step - 1) / -step : 0;
}

bool DTypeFromName(const std::string& name, DType* dtype) {
  for (DType t : {DType::kFloat32, DType::kInt64, DType::kInt32, DType::kBool, DType::kUInt8,
                  DType::kInt8}) {
    if (name == DTypeName(t)) {
      *dtype = t;
      return true;
    }
  }
  return false;
}

}  // namespace neo::ir
