// Indexing and tensor construction as transformers trace them: embedding (Gather of rows),
// gather (GatherElements), roll (two Slices and a Concat per dimension: Swin's shifted
// windows), the new_* factories (constants once the shape is known) and fill_ on such
// constants (Swin builds its attention mask by filling slices of new_zeros; the walker
// runs those with libtorch, views and all).
#include <ATen/Functions.h>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

at::ScalarType ScalarTypeOf(ir::DType t) {
  switch (t) {
    case ir::DType::kInt64: return at::kLong;
    case ir::DType::kInt32: return at::kInt;
    case ir::DType::kBool: return at::kBool;
    case ir::DType::kUInt8: return at::kByte;
    case ir::DType::kInt8: return at::kChar;
    default: return at::kFloat;
  }
}

ir::ValueId SliceAxis(NodeLowering& n, ir::ValueId x, int64_t axis, int64_t start, int64_t end) {
  const ir::Shape xs = n.Shape(x);
  std::vector<int64_t> starts(xs.size(), 0), ends(xs.begin(), xs.end()), steps(xs.size(), 1);
  starts[static_cast<size_t>(axis)] = start;
  ends[static_cast<size_t>(axis)] = end;
  ir::Attributes a;
  a.set("starts", starts);
  a.set("ends", ends);
  a.set("steps", steps);
  return n.Emit(ir::op::kSlice, {x}, a, n.graph().value(x).dtype);
}

ir::ValueId RollAxis(NodeLowering& n, ir::ValueId x, int64_t axis, int64_t shift) {
  const int64_t size = n.Shape(x)[static_cast<size_t>(axis)];
  shift = ((shift % size) + size) % size;
  if (shift == 0) return x;
  // The last `shift` elements come first.
  const ir::ValueId tail = SliceAxis(n, x, axis, size - shift, size);
  const ir::ValueId head = SliceAxis(n, x, axis, 0, size - shift);
  ir::Attributes a;
  a.set("axis", axis);
  return n.Emit(ir::op::kConcat, {tail, head}, a, n.graph().value(x).dtype);
}

}  // namespace

// embedding(weight[V, D], indices, padding_idx, scale_grad_by_freq, sparse): rows of the
// table; padding_idx only matters to training.
void LowerEmbedding(NodeLowering& n) {
  const ir::ValueId weight = n.Tensor(0), indices = n.Tensor(1);
  const ir::DType t = n.graph().value(indices).dtype;
  if (t != ir::DType::kInt64 && t != ir::DType::kInt32) n.NotValid("indices", "must hold integers");
  if (n.Shape(weight).size() != 2) n.NotValid("weight", "must be a matrix");
  ir::Attributes a;
  a.set("axis", int64_t{0});
  n.SetOutput(0, n.Emit(ir::op::kGather, {weight, indices}, a, n.graph().value(weight).dtype));
}

// gather(x, dim, index, sparse_grad)
void LowerGather(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0), index = n.Tensor(2);
  const ir::DType t = n.graph().value(index).dtype;
  if (t != ir::DType::kInt64 && t != ir::DType::kInt32) n.NotValid("index", "must hold integers");
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  if (static_cast<int64_t>(n.Shape(index).size()) != rank) n.NotValid("index", "must have the input's rank");
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), rank);
  // GatherElements wants the index's other dimensions equal to the input's; PyTorch only
  // asks that they not exceed them, and reads the leading part.
  ir::ValueId data = x;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t want = n.Shape(index)[static_cast<size_t>(d)];
    if (d == dim || n.Shape(data)[static_cast<size_t>(d)] == want) continue;
    if (want > n.Shape(data)[static_cast<size_t>(d)]) n.NotValid("index", "is larger than the input");
    data = SliceAxis(n, data, d, 0, want);
  }
  ir::Attributes a;
  a.set("axis", dim);
  n.SetOutput(0, n.Emit(ir::op::kGatherElements, {data, index}, a, n.graph().value(x).dtype));
}

// roll(x, shifts, dims): with no dims, over the flattened tensor.
void LowerRoll(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  const std::vector<int64_t> shifts = n.Ints(1, "shifts");
  const std::vector<int64_t> dims = n.num_inputs() > 2 ? n.Ints(2, "dims") : std::vector<int64_t>{};
  if (dims.empty()) {
    if (shifts.size() != 1) n.NotValid("shifts", "must hold one shift when dims is empty");
    const ir::ValueId flat = n.Reshape(x, {ir::NumElements(xs)});
    n.SetOutput(0, n.Reshape(RollAxis(n, flat, 0, shifts[0]), xs));
    return;
  }
  if (dims.size() != shifts.size()) n.NotValid("shifts", "must hold one shift per dimension");
  ir::ValueId y = x;
  for (size_t i = 0; i < dims.size(); ++i) {
    y = RollAxis(n, y, NormalizeDim(n, "dims", dims[i], static_cast<int64_t>(xs.size())), shifts[i]);
  }
  n.SetOutput(0, y);
}

// new_zeros / new_ones / new_empty(self, size, dtype, ...), new_full(self, size, fill, ...):
// constants of self's type unless dtype says otherwise (new_empty is zeros: any value is
// right, and zeros are reproducible).
void LowerNewFactory(NodeLowering& n) {
  const std::string op = n.op();
  const std::vector<int64_t> size = n.Ints(1, "size");
  double fill = op == "aten::new_ones" ? 1.0 : 0.0;
  size_t dtype_index = 2;
  if (op == "aten::new_full") {
    fill = n.Float(2, "fill_value");
    dtype_index = 3;
  }
  at::ScalarType type = ScalarTypeOf(n.graph().value(n.Tensor(0)).dtype);
  if (n.num_inputs() > dtype_index && !n.IsNone(dtype_index)) {
    type = static_cast<at::ScalarType>(n.Int(dtype_index, "dtype"));
  }
  n.SetOutput(0, Slot::Constant(at::full(size, fill, at::TensorOptions().dtype(type))));
}

// fill_(x, value) on a tensor computed at run time. (On a constant, such as a slice of
// new_zeros, the walker runs libtorch's own fill_ so that the view writes through.)
void LowerFill(NodeLowering& n) {
  n.NotSupported("filling a tensor computed at run time in place");
}

}  // namespace neo::pytorch_frontend

namespace neo::pytorch_frontend {

// index(x, indices): x[..., idx, ...] with one integer index tensor and the dimensions
// before it taken whole (None): a Gather. Boolean masks select a data-dependent number
// of elements; several index tensors broadcast together (not compiled).
void LowerIndex(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const Slot& list = n.input(1);
  std::vector<Slot> entries;
  if (list.kind == Slot::Kind::kList) entries = list.elements;
  if (list.kind == Slot::Kind::kConstant && list.constant.isList()) {
    for (const c10::IValue& v : list.constant.toListRef()) entries.push_back(Slot::Constant(v));
  }
  int64_t axis = -1;
  for (size_t i = 0; i < entries.size(); ++i) {
    const bool none = entries[i].kind == Slot::Kind::kConstant && entries[i].constant.isNone();
    if (none) continue;
    if (axis >= 0) n.NotSupported("indexing with more than one index tensor");
    axis = static_cast<int64_t>(i);
  }
  if (axis < 0) n.NotValid("indices", "must hold an index tensor");
  ir::ValueId index;
  const Slot& e = entries[static_cast<size_t>(axis)];
  if (e.kind == Slot::Kind::kTensor) {
    index = e.tensor;
  } else if (e.kind == Slot::Kind::kConstant && e.constant.isTensor()) {
    index = n.graph().AddValue(IrConstant(e.constant.toTensor(), n.graph().UniqueName("index")));
  } else {
    n.NotValid("indices", "must be tensors");
  }
  const ir::DType t = n.graph().value(index).dtype;
  if (t == ir::DType::kBool || t == ir::DType::kUInt8) {
    n.NotSupported("a boolean mask index (its output's shape depends on the data)");
  }
  if (t != ir::DType::kInt64 && t != ir::DType::kInt32) n.NotValid("indices", "must hold integers");
  ir::Attributes a;
  a.set("axis", axis);
  n.SetOutput(0, n.Emit(ir::op::kGather, {x, index}, a, n.graph().value(x).dtype));
}

}  // namespace neo::pytorch_frontend
