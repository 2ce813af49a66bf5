// Shape and data-movement operators. TensorFlow passes shapes, axes and paddings as
// tensors; they must be constants by the time they are read (folding made Shape ->
// StridedSlice -> Pack chains constant already), else the operator is reported with
// "non-constant <what>".
#include <cmath>
#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {
namespace {

ir::ValueId Int32Constant(NodeLowering& n, const ir::Shape& shape, const std::vector<int64_t>& v,
                          const std::string& suffix) {
  std::vector<uint8_t> bytes(v.size() * 4);
  for (size_t i = 0; i < v.size(); ++i) {
    const int32_t x = static_cast<int32_t>(v[i]);
    std::memcpy(bytes.data() + 4 * i, &x, 4);
  }
  return n.Constant(ir::DType::kInt32, shape, std::move(bytes), suffix);
}

// A shape-valued result in TensorFlow's out_type (int32 unless it says int64).
ir::ValueId ShapeConstant(NodeLowering& n, const ir::Shape& shape, const std::vector<int64_t>& v) {
  if (n.TypeAttr("out_type", tensorflow::DT_INT32) == tensorflow::DT_INT64) {
    return n.Int64Constant(shape, v, "value");
  }
  return Int32Constant(n, shape, v, "value");
}

}  // namespace

// Identity, CheckNumerics, StopGradient: the output is the input.
void LowerIdentity(NodeLowering& n) {
  if (n.num_inputs() < 1) n.RequireInputs(1, 1);
  n.SetOutput(0, n.input(0));
}

void LowerReshape(NodeLowering& n) {
  n.RequireInputs(2, 2);
  std::vector<int64_t> shape = n.ConstantInts(1, "shape");
  const int64_t total = n.input_value(0).num_elements();
  int64_t known = 1, unknown = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (unknown >= 0) n.NotValid("shape", "has more than one -1");
      unknown = static_cast<int64_t>(i);
    } else if (shape[i] < 0) {
      n.NotValid("shape", "cannot be negative");
    } else {
      known *= shape[i];
    }
  }
  if (unknown >= 0) {
    if (known == 0 || total % known != 0) n.NotValid("shape", "does not fit the input's size");
    shape[static_cast<size_t>(unknown)] = total / known;
  }
  n.SetOutput(0, n.Reshape(n.input(0), shape));
}

void LowerExpandDims(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const std::vector<int64_t> dim = n.ConstantInts(1, "dim");
  if (dim.size() != 1) n.NotValid("dim", "must be a single value");
  ir::Shape s = n.input_shape(0);
  const int64_t axis = NormalizeAxis(n, "dim", dim[0], static_cast<int64_t>(s.size()) + 1);
  s.insert(s.begin() + axis, 1);
  n.SetOutput(0, n.Reshape(n.input(0), s));
}

void LowerSqueeze(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape s = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(s.size());
  std::vector<bool> drop(s.size(), false);
  const std::vector<int64_t> dims = n.IntsAttr("squeeze_dims", n.IntsAttr("axis", {}));
  if (dims.empty()) {
    for (size_t i = 0; i < s.size(); ++i) drop[i] = s[i] == 1;
  }
  for (int64_t d : dims) {
    const int64_t a = NormalizeAxis(n, "squeeze_dims", d, rank);
    if (s[static_cast<size_t>(a)] != 1) n.NotValid("squeeze_dims", "names a dimension that is not 1");
    drop[static_cast<size_t>(a)] = true;
  }
  ir::Shape out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!drop[i]) out.push_back(s[i]);
  }
  n.SetOutput(0, n.Reshape(n.input(0), out));
}

void LowerTranspose(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const std::vector<int64_t> perm = n.ConstantInts(1, "perm");
  const int64_t rank = n.input_rank(0);
  if (static_cast<int64_t>(perm.size()) != rank) n.NotValid("perm", "must have one entry per dimension");
  std::vector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[static_cast<size_t>(p)]) n.NotValid("perm", "is not a permutation");
    seen[static_cast<size_t>(p)] = true;
  }
  n.SetOutput(0, n.Transpose(n.input(0), perm));
}

// ConcatV2(values..., axis) and the older Concat(axis, values...).
void LowerConcat(NodeLowering& n) {
  if (n.num_inputs() < 2) n.RequireInputs(2, 2);
  const bool v2 = n.op() == "ConcatV2";
  const int axis_input = v2 ? n.num_inputs() - 1 : 0;
  const std::vector<int64_t> axis = n.ConstantInts(axis_input, "axis");
  if (axis.size() != 1) n.NotValid("axis", "must be a single value");
  std::vector<ir::ValueId> values;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (i != axis_input) values.push_back(n.input(i));
  }
  const int64_t rank = static_cast<int64_t>(n.graph().value(values[0]).shape.size());
  ir::Attributes a;
  a.set("axis", NormalizeAxis(n, "axis", axis[0], rank));
  n.SetOutput(0, values.size() == 1 ? n.EmitLike("Identity", values)
                                    : n.EmitLike("Concat", values, a));
}

// Pack(values..., axis): each value gains a dimension of 1 at `axis`, then they join.
void LowerPack(NodeLowering& n) {
  if (n.num_inputs() < 1) n.RequireInputs(1, 1);
  ir::Shape s = n.input_shape(0);
  // TensorFlow.js writes some scalar constants as [1] and packs them with true scalars
  // (Shape -> StridedSlice shrink): single elements are packed as scalars, as it does.
  bool all_single = true, same = true;
  for (int i = 0; i < n.num_inputs(); ++i) {
    all_single = all_single && n.input_value(i).num_elements() == 1;
    same = same && n.input_shape(i) == s;
  }
  all_single = all_single && !same;
  if (all_single) s = {};
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 0),
                                     static_cast<int64_t>(s.size()) + 1);
  ir::Shape expanded = s;
  expanded.insert(expanded.begin() + axis, 1);
  std::vector<ir::ValueId> parts;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (!all_single && n.input_shape(i) != s) n.NotValid("values", "must all have the same shape");
    parts.push_back(n.Reshape(n.input(i), expanded));
  }
  ir::Attributes a;
  a.set("axis", axis);
  n.SetOutput(0, parts.size() == 1 ? parts[0] : n.EmitLike("Concat", parts, a));
}

// Unpack(value, num, axis): output k is value[..., k, ...] along `axis`, that axis gone.
void LowerUnpack(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape s = n.input_shape(0);
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 0), static_cast<int64_t>(s.size()));
  const int64_t num = n.IntAttr("num", s[static_cast<size_t>(axis)]);
  if (num != s[static_cast<size_t>(axis)]) n.NotValid("num", "must equal the unpacked dimension");
  ir::Shape out = s;
  out.erase(out.begin() + axis);
  for (int64_t k = 0; k < num; ++k) {
    std::vector<int64_t> starts(s.size(), 0), ends(s.begin(), s.end()), steps(s.size(), 1);
    starts[static_cast<size_t>(axis)] = k;
    ends[static_cast<size_t>(axis)] = k + 1;
    ir::Attributes a;
    a.set("starts", starts);
    a.set("ends", ends);
    a.set("steps", steps);
    n.SetOutput(static_cast<int>(k), n.Reshape(n.EmitLike("Slice", {n.input(0)}, a), out));
  }
}

// Pad(x, paddings[rank, 2]) and PadV2(x, paddings, constant_values).
void LowerPad(NodeLowering& n) {
  n.RequireInputs(n.op() == "PadV2" ? 3 : 2, n.op() == "PadV2" ? 3 : 2);
  const std::vector<int64_t> p = n.ConstantInts(1, "paddings");
  const size_t rank = n.input_shape(0).size();
  if (p.size() != 2 * rank) n.NotValid("paddings", "must be [rank, 2]");
  std::vector<int64_t> pads(2 * rank);
  for (size_t d = 0; d < rank; ++d) {
    if (p[2 * d] < 0 || p[2 * d + 1] < 0) n.NotValid("paddings", "cannot be negative");
    pads[d] = p[2 * d];
    pads[rank + d] = p[2 * d + 1];
  }
  ir::Attributes a;
  a.set("pads", pads);
  a.set("mode", std::string("constant"));
  if (n.op() == "PadV2") {
    const std::vector<float> v = n.ConstantFloats(2, "constant_values");
    if (v.size() != 1) n.NotValid("constant_values", "must be a scalar");
    a.set("value", static_cast<double>(v[0]));
  }
  n.SetOutput(0, n.EmitLike("Pad", {n.input(0)}, a));
}

void LowerGatherV2(NodeLowering& n) {
  n.RequireInputs(3, 3);
  if (n.IntAttr("batch_dims", 0) != 0) n.NotSupported("batch_dims");
  const std::vector<int64_t> axis = n.ConstantInts(2, "axis");
  if (axis.size() != 1) n.NotValid("axis", "must be a single value");
  ir::Attributes a;
  a.set("axis", NormalizeAxis(n, "axis", axis[0], n.input_rank(0)));
  n.SetOutput(0, n.EmitLike("Gather", {n.input(0), n.input(1)}, a));
}

// GatherNd(params, indices[..., K]): each index row picks params[i0, ..., iK-1] (a slice
// when K < rank). Rows become flat offsets into params reshaped to [prod(dims[:K]),
// dims[K:]...], then one Gather along axis 0.
void LowerGatherNd(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const ir::Shape p = n.input_shape(0), idx = n.input_shape(1);
  if (idx.empty()) n.NotValid("indices", "must have rank 1 or more");
  const int64_t k = idx.back();
  if (k < 1 || k > static_cast<int64_t>(p.size())) n.NotValid("indices", "rows must have 1 to rank(params) entries");
  const ir::DType it = n.input_value(1).dtype;
  if (it != ir::DType::kInt32 && it != ir::DType::kInt64) n.NotValid("Tindices", "must be int32 or int64");
  ir::Attributes to;
  to.set("to", std::string(ir::DTypeName(it)));
  ir::Shape rows(idx.begin(), idx.end() - 1);
  ir::ValueId flat = ir::kNoValue;
  int64_t stride = 1;
  for (int64_t j = k - 1; j >= 0; --j) {
    std::vector<int64_t> starts(idx.size(), 0), ends(idx.begin(), idx.end()), steps(idx.size(), 1);
    starts.back() = j;
    ends.back() = j + 1;
    ir::Attributes a;
    a.set("starts", starts);
    a.set("ends", ends);
    a.set("steps", steps);
    ir::ValueId column = n.Reshape(n.EmitLike("Slice", {n.input(1)}, a), rows);
    if (stride != 1) {
      const ir::ValueId s = n.Emit("Cast", {n.Int64Constant({}, {stride}, "stride")}, to, it);
      column = n.EmitLike("Mul", {column, s});
    }
    flat = flat == ir::kNoValue ? column : n.EmitLike("Add", {flat, column});
    stride *= p[static_cast<size_t>(j)];
  }
  ir::Shape table = {stride};
  table.insert(table.end(), p.begin() + k, p.end());
  ir::Attributes g;
  g.set("axis", int64_t{0});
  n.SetOutput(0, n.EmitLike("Gather", {n.Reshape(n.input(0), table), flat}, g));
}

void LowerCast(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::DType to = IrDType(n.TypeAttr("DstT", tensorflow::DT_INVALID), "DstT", n.op());
  if (to == n.input_value(0).dtype) {
    n.SetOutput(0, n.input(0));
    return;
  }
  ir::Attributes a;
  a.set("to", std::string(ir::DTypeName(to)));
  n.SetOutput(0, n.Emit("Cast", {n.input(0)}, a, to));
}

void LowerShape(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape s = n.input_shape(0);
  n.SetOutput(0, ShapeConstant(n, {static_cast<int64_t>(s.size())}, s));
}

void LowerRank(NodeLowering& n) {
  n.RequireInputs(1, 1);
  n.SetOutput(0, Int32Constant(n, {}, {n.input_rank(0)}, "value"));
}

void LowerFill(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const std::vector<int64_t> dims = n.ConstantInts(0, "dims");
  for (int64_t d : dims) {
    if (d < 0) n.NotValid("dims", "cannot be negative");
  }
  if (n.input_value(1).num_elements() != 1 || n.input_rank(1) != 0) {
    n.NotValid("value", "must be a scalar");
  }
  n.SetOutput(0, n.Broadcast(n.input(1), dims));
}

// Range(start, limit, delta): always a constant here (its operands are).
void LowerRange(NodeLowering& n) {
  n.RequireInputs(3, 3);
  const std::vector<float> start = n.ConstantFloats(0, "start");
  const std::vector<float> limit = n.ConstantFloats(1, "limit");
  const std::vector<float> delta = n.ConstantFloats(2, "delta");
  if (start.size() != 1 || limit.size() != 1 || delta.size() != 1) {
    n.NotValid("start", "limit and delta must be scalars");
  }
  if (delta[0] == 0) n.NotValid("delta", "cannot be zero");
  const ir::DType dtype = n.input_value(0).dtype;
  const bool integral = dtype != ir::DType::kFloat32;
  const double s = start[0], l = limit[0], d = delta[0];
  const double count_d = integral ? std::ceil(std::fabs(l - s) / std::fabs(d))
                                  : std::ceil(std::fabs((l - s) / d));
  const int64_t count = (d > 0 ? l > s : l < s) ? static_cast<int64_t>(count_d) : 0;
  if (count > (int64_t{1} << 24)) n.NotValid("limit", "makes a range of more than 2^24 elements");
  if (integral) {
    std::vector<int64_t> v(static_cast<size_t>(count));
    const std::vector<int64_t> si = n.ConstantInts(0, "start"), di = n.ConstantInts(2, "delta");
    for (int64_t i = 0; i < count; ++i) v[static_cast<size_t>(i)] = si[0] + i * di[0];
    if (dtype == ir::DType::kInt64) {
      n.SetOutput(0, n.Int64Constant({count}, v, "value"));
    } else {
      n.SetOutput(0, Int32Constant(n, {count}, v, "value"));
    }
    return;
  }
  std::vector<float> v(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) v[static_cast<size_t>(i)] = static_cast<float>(s + i * d);
  n.SetOutput(0, n.FloatConstant({count}, v, "value"));
}

}  // namespace neo::tf_frontend
