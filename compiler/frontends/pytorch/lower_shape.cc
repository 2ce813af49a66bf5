// Shape queries (answered at compile time: shapes are static) and the operators that
// only move data: flatten/view/reshape/squeeze/unsqueeze (Reshape), transpose/permute/t
// (Transpose), expand (Broadcast).
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"

namespace neo::pytorch_frontend {

namespace {

// A view's shape with its one -1 resolved against `elements`.
ir::Shape ResolveShape(NodeLowering& n, std::vector<int64_t> shape, int64_t elements) {
  int64_t known = 1, unknown = -1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1 && unknown < 0) {
      unknown = static_cast<int64_t>(d);
    } else if (shape[d] < 0) {
      n.NotValid("size", "may hold one -1 and otherwise non-negative dimensions");
    } else {
      known *= shape[d];
    }
  }
  if (unknown >= 0) {
    if (known == 0 || elements % known != 0) {
      n.NotValid("size", "does not divide the input's " + std::to_string(elements) + " elements");
    }
    shape[static_cast<size_t>(unknown)] = elements / known;
  } else if (known != elements) {
    n.NotValid("size", "holds " + std::to_string(known) + " elements where the input has " +
                           std::to_string(elements));
  }
  return shape;
}

ir::ValueId Transpose(NodeLowering& n, ir::ValueId x, const std::vector<int64_t>& perm) {
  bool identity = true;
  for (size_t d = 0; d < perm.size(); ++d) identity = identity && perm[d] == static_cast<int64_t>(d);
  if (identity) return x;
  ir::Attributes a;
  a.set("perm", perm);
  return n.Emit(ir::op::kTranspose, {x}, a, n.graph().value(x).dtype);
}

}  // namespace

// size(x) -> int[]; size(x, dim) -> int
void LowerSize(NodeLowering& n) {
  const ir::Shape s = n.InputShape(0);
  if (n.num_inputs() == 1) {
    n.SetOutput(0, Slot::Constant(c10::IValue(std::vector<int64_t>(s.begin(), s.end()))));
    return;
  }
  const int64_t d = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
  n.SetOutput(0, Slot::Constant(s[static_cast<size_t>(d)]));
}

void LowerDim(NodeLowering& n) {
  n.SetOutput(0, Slot::Constant(static_cast<int64_t>(n.InputShape(0).size())));
}

void LowerNumel(NodeLowering& n) { n.SetOutput(0, Slot::Constant(ir::NumElements(n.InputShape(0)))); }

// flatten(x, start_dim=0, end_dim=-1)
void LowerFlatten(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t rank = static_cast<int64_t>(s.size());
  if (rank == 0) {
    n.SetOutput(0, n.Reshape(x, {1}));
    return;
  }
  const int64_t start = NormalizeDim(n, "start_dim", n.Int(1, "start_dim"), rank);
  const int64_t end = NormalizeDim(n, "end_dim", n.Int(2, "end_dim"), rank);
  if (start > end) n.NotValid("start_dim", "cannot come after end_dim");
  ir::Shape out(s.begin(), s.begin() + start);
  int64_t merged = 1;
  for (int64_t d = start; d <= end; ++d) merged *= s[static_cast<size_t>(d)];
  out.push_back(merged);
  out.insert(out.end(), s.begin() + end + 1, s.end());
  n.SetOutput(0, n.Reshape(x, out));
}

// view(x, size) / reshape(x, shape)
void LowerView(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  n.SetOutput(0, n.Reshape(x, ResolveShape(n, n.Ints(1, "size"), ir::NumElements(n.Shape(x)))));
}

// view_as(x, other) / reshape_as(x, other)
void LowerViewAs(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape target = n.InputShape(1);
  if (ir::NumElements(target) != ir::NumElements(n.Shape(x))) n.NotValid("other", "has another size");
  n.SetOutput(0, n.Reshape(x, target));
}

// squeeze(x) / squeeze(x, dim)
void LowerSqueeze(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  ir::Shape out;
  if (n.num_inputs() == 1) {
    for (int64_t d : s) {
      if (d != 1) out.push_back(d);
    }
  } else {
    const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
    for (size_t d = 0; d < s.size(); ++d) {
      if (static_cast<int64_t>(d) != dim || s[d] != 1) out.push_back(s[d]);
    }
  }
  n.SetOutput(0, n.Reshape(x, out));
}

// unsqueeze(x, dim)
void LowerUnsqueeze(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  ir::Shape s = n.Shape(x);
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()) + 1);
  s.insert(s.begin() + dim, 1);
  n.SetOutput(0, n.Reshape(x, s));
}

// transpose(x, dim0, dim1)
void LowerTranspose(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  const int64_t a = NormalizeDim(n, "dim0", n.Int(1, "dim0"), rank);
  const int64_t b = NormalizeDim(n, "dim1", n.Int(2, "dim1"), rank);
  std::vector<int64_t> perm(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d) perm[static_cast<size_t>(d)] = d;
  if (rank > 0) std::swap(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
  n.SetOutput(0, Transpose(n, x, perm));
}

// t(x): transpose of a matrix (a vector stays as it is).
void LowerT(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  if (n.Shape(x).size() < 2) {
    n.SetOutput(0, x);
    return;
  }
  if (n.Shape(x).size() > 2) n.NotValid("input", "must have at most 2 dimensions");
  n.SetOutput(0, Transpose(n, x, {1, 0}));
}

// permute(x, dims)
void LowerPermute(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  std::vector<int64_t> perm = n.Ints(1, "dims");
  if (static_cast<int64_t>(perm.size()) != rank) n.NotValid("dims", "must name every dimension once");
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t& d : perm) {
    d = NormalizeDim(n, "dims", d, rank);
    if (seen[static_cast<size_t>(d)]) n.NotValid("dims", "must name every dimension once");
    seen[static_cast<size_t>(d)] = true;
  }
  n.SetOutput(0, Transpose(n, x, perm));
}

// expand(x, size, implicit=False): -1 keeps a dimension.
void LowerExpand(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  std::vector<int64_t> size = n.Ints(1, "size");
  if (size.size() < s.size()) n.NotValid("size", "has fewer dimensions than the input");
  const size_t lead = size.size() - s.size();
  for (size_t d = 0; d < size.size(); ++d) {
    if (size[d] == -1) {
      if (d < lead) n.NotValid("size", "cannot use -1 for a new leading dimension");
      size[d] = s[d - lead];
    }
  }
  if (size == s) {
    n.SetOutput(0, x);
    return;
  }
  ir::Graph& g = n.graph();
  const ir::ValueId y = g.AddValue(n.node()->output(0)->debugName(), g.value(x).dtype);
  g.value(y).shape = size;
  g.value(y).has_shape = true;
  ir::Node& node = g.AddNode(ir::op::kBroadcast, {x}, {y});
  node.name = g.value(y).name;
  node.source_op = n.op();
  ir::InferNodeShape(g, g.nodes().size() - 1);  // checks that x broadcasts to size
  n.SetOutput(0, y);
}

}  // namespace neo::pytorch_frontend
