// Operators that take parts of tensors or join them: slice, select, narrow, chunk,
// split, unbind (Slice, plus Reshape to drop a dimension); cat, stack (Concat).
#include <algorithm>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

// x[..., start:end:step, ...] along `dim`, with start/end already clamped to [0, size].
ir::ValueId SliceDim(NodeLowering& n, ir::ValueId x, int64_t dim, int64_t start, int64_t end,
                     int64_t step) {
  const ir::Shape s = n.Shape(x);
  if (start == 0 && end == s[static_cast<size_t>(dim)] && step == 1) return x;
  std::vector<int64_t> starts(s.size(), 0), ends(s.begin(), s.end()), steps(s.size(), 1);
  starts[static_cast<size_t>(dim)] = start;
  ends[static_cast<size_t>(dim)] = std::max(start, end);
  steps[static_cast<size_t>(dim)] = step;
  ir::Attributes a;
  a.set("starts", starts);
  a.set("ends", ends);
  a.set("steps", steps);
  return n.Emit(ir::op::kSlice, {x}, a, n.graph().value(x).dtype);
}

// Python's slice bounds: None is the end, negatives count from the end, then clamp.
int64_t Bound(NodeLowering& n, size_t i, const std::string& what, int64_t none, int64_t size) {
  if (i >= n.num_inputs() || n.IsNone(i)) return none;
  int64_t v = n.Int(i, what);
  if (v < 0) v += size;
  return std::min(std::max<int64_t>(v, 0), size);
}

ir::ValueId Select(NodeLowering& n, ir::ValueId x, int64_t dim, int64_t index) {
  ir::Shape s = n.Shape(x);
  const int64_t size = s[static_cast<size_t>(dim)];
  if (index < -size || index >= size) {
    n.NotValid("index", "is out of range for a dimension of size " + std::to_string(size));
  }
  if (index < 0) index += size;
  const ir::ValueId part = SliceDim(n, x, dim, index, index + 1, 1);
  s.erase(s.begin() + dim);
  return n.Reshape(part, s);
}

void SetList(NodeLowering& n, const std::vector<ir::ValueId>& parts) {
  Slot list;
  list.kind = Slot::Kind::kList;
  for (ir::ValueId p : parts) list.elements.push_back(Slot::Tensor(p));
  n.SetOutput(0, list);
}

// Pieces of `sizes` along `dim`.
std::vector<ir::ValueId> SplitSizes(NodeLowering& n, ir::ValueId x, int64_t dim,
                                    const std::vector<int64_t>& sizes) {
  std::vector<ir::ValueId> parts;
  int64_t at = 0;
  for (int64_t size : sizes) {
    parts.push_back(SliceDim(n, x, dim, at, at + size, 1));
    at += size;
  }
  return parts;
}

}  // namespace

// slice(x, dim=0, start=None, end=None, step=1)
void LowerSlice(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
  const int64_t size = s[static_cast<size_t>(dim)];
  const int64_t step = n.num_inputs() > 4 ? n.Int(4, "step") : 1;
  if (step <= 0) n.NotValid("step", "must be positive");
  n.SetOutput(0, SliceDim(n, x, dim, Bound(n, 2, "start", 0, size), Bound(n, 3, "end", size, size), step));
}

// select(x, dim, index)
void LowerSelect(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  n.SetOutput(0, Select(n, x, NormalizeDim(n, "dim", n.Int(1, "dim"), rank), n.Int(2, "index")));
}

// narrow(x, dim, start, length)
void LowerNarrow(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
  const int64_t size = s[static_cast<size_t>(dim)];
  int64_t start = n.Int(2, "start");
  if (start < 0) start += size;
  const int64_t length = n.Int(3, "length");
  if (start < 0 || length < 0 || start + length > size) n.NotValid("length", "runs past the end");
  n.SetOutput(0, SliceDim(n, x, dim, start, start + length, 1));
}

// chunk(x, chunks, dim=0): pieces of ceil(size / chunks), the last one smaller.
void LowerChunk(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t chunks = n.Int(1, "chunks");
  if (chunks <= 0) n.NotValid("chunks", "must be positive");
  const int64_t dim = NormalizeDim(n, "dim", n.Int(2, "dim"), static_cast<int64_t>(s.size()));
  const int64_t size = s[static_cast<size_t>(dim)];
  const int64_t piece = std::max<int64_t>((size + chunks - 1) / chunks, 1);
  std::vector<int64_t> sizes;
  for (int64_t at = 0; at < size; at += piece) sizes.push_back(std::min(piece, size - at));
  if (sizes.empty()) sizes.push_back(0);
  SetList(n, SplitSizes(n, x, dim, sizes));
}

// split(x, split_size, dim=0) with an int (equal pieces, the last smaller) or a list of
// sizes; split_with_sizes(x, sizes, dim=0).
void LowerSplit(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(2, "dim"), static_cast<int64_t>(s.size()));
  const int64_t size = s[static_cast<size_t>(dim)];
  const Slot& arg = n.input(1);
  std::vector<int64_t> sizes;
  if (arg.kind == Slot::Kind::kConstant && arg.constant.isInt()) {
    const int64_t piece = arg.constant.toInt();
    if (piece <= 0) n.NotValid("split_size", "must be positive");
    for (int64_t at = 0; at < size; at += piece) sizes.push_back(std::min(piece, size - at));
  } else {
    sizes = n.Ints(1, "split_sizes");
    int64_t total = 0;
    for (int64_t v : sizes) {
      if (v < 0) n.NotValid("split_sizes", "cannot be negative");
      total += v;
    }
    if (total != size) n.NotValid("split_sizes", "must add up to the dimension's size");
  }
  SetList(n, SplitSizes(n, x, dim, sizes));
}

// unbind(x, dim=0)
void LowerUnbind(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
  std::vector<ir::ValueId> parts;
  for (int64_t i = 0; i < s[static_cast<size_t>(dim)]; ++i) parts.push_back(Select(n, x, dim, i));
  SetList(n, parts);
}

// cat(tensors, dim=0)
void LowerCat(NodeLowering& n) {
  std::vector<ir::ValueId> parts = n.TensorList(0);
  if (parts.empty()) n.NotValid("tensors", "cannot be empty");
  const int64_t rank = static_cast<int64_t>(n.Shape(parts[0]).size());
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), rank);
  // PyTorch skips empty 1-D tensors in cat.
  parts.erase(std::remove_if(parts.begin(), parts.end(),
                             [&](ir::ValueId v) { return n.Shape(v) == ir::Shape{0} && rank != 1; }),
              parts.end());
  if (parts.size() == 1) {
    n.SetOutput(0, parts[0]);
    return;
  }
  ir::Attributes a;
  a.set("axis", dim);
  n.SetOutput(0, n.Emit(ir::op::kConcat, parts, a, n.graph().value(parts[0]).dtype));
}

// stack(tensors, dim=0): cat of the tensors each with a new dimension at dim.
void LowerStack(NodeLowering& n) {
  std::vector<ir::ValueId> parts = n.TensorList(0);
  if (parts.empty()) n.NotValid("tensors", "cannot be empty");
  const ir::Shape s = n.Shape(parts[0]);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()) + 1);
  ir::Shape expanded = s;
  expanded.insert(expanded.begin() + dim, 1);
  for (ir::ValueId& p : parts) {
    if (n.Shape(p) != s) n.NotValid("tensors", "must all have the same shape");
    p = n.Reshape(p, expanded);
  }
  if (parts.size() == 1) {
    n.SetOutput(0, parts[0]);
    return;
  }
  ir::Attributes a;
  a.set("axis", dim);
  n.SetOutput(0, n.Emit(ir::op::kConcat, parts, a, n.graph().value(parts[0]).dtype));
}

}  // namespace neo::pytorch_frontend
