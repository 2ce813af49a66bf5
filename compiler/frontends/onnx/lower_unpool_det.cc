// MaxUnpool and Det.
//  - MaxUnpool scatters X into zeros at MaxPool's flat indices (over the whole default
//    N x C x H x W output), then pads at the end to output_shape when given, as ONNX
//    Runtime places them. The zeros are made at run time from the indices (a constant
//    would put the whole output in the weights).
//  - Det is Gaussian elimination with partial pivoting, unrolled over the M columns (M is
//    fixed): per column the first largest |pivot| is swapped up (flipping the sign), the
//    rows below are eliminated, and the pivots multiply into the determinant. A zero
//    pivot column makes the determinant 0; its elimination divides by 1 instead, so no
//    NaN reaches the later columns.
#include <cmath>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

ir::ValueId SliceOf(NodeLowering& n, ir::ValueId x, std::vector<int64_t> starts, std::vector<int64_t> ends,
                    const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  ir::Node& s = n.Emit(ir::op::kSlice, {x}, {y});
  s.attrs.set("steps", std::vector<int64_t>(starts.size(), 1));
  s.attrs.set("starts", std::move(starts));
  s.attrs.set("ends", std::move(ends));
  return y;
}

}  // namespace

void LowerMaxUnpool(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  if (n.input_shape(1) != x) n.NotValid("I", "must have X's shape");
  const size_t spatial = x.size() - 2;
  if (x.size() < 3) n.NotValid("X", "must be N x C x spatial dimensions");
  const std::vector<int64_t> kernel = n.IntsAttr("kernel_shape");
  if (kernel.size() != spatial) n.NotValid("kernel_shape", "must give one size per spatial dimension");
  const std::vector<int64_t> strides = n.IntsAttr("strides", std::vector<int64_t>(spatial, 1));
  const std::vector<int64_t> pads = n.IntsAttr("pads", std::vector<int64_t>(2 * spatial, 0));
  if (strides.size() != spatial || pads.size() != 2 * spatial) n.NotValid("strides", "and pads must match kernel_shape");
  ir::Shape unpooled = {x[0], x[1]};
  for (size_t d = 0; d < spatial; ++d) {
    unpooled.push_back((x[d + 2] - 1) * strides[d] + kernel[d] - pads[d] - pads[d + spatial]);
    if (unpooled.back() < 1) n.NotValid("pads", "leave no output");
  }
  ir::Shape out = unpooled;
  if (n.has_input(2)) {
    out = n.ConstantInts(2, "output_shape");
    if (out.size() != unpooled.size()) n.NotValid("output_shape", "must have X's rank");
    for (size_t d = 0; d < out.size(); ++d) {
      if (out[d] < unpooled[d] || (d < 2 && out[d] != unpooled[d])) {
        n.NotValid("output_shape", "must be at least the unpooled shape " + ir::ShapeToString(unpooled));
      }
    }
  }
  const int64_t total = ir::NumElements(unpooled), count = ir::NumElements(x);
  const ir::ValueId index = EmitReshape(n, n.input(1), {count}, "flat_indices");
  const ir::ValueId zero_index = EmitBinary(n, ir::op::kMul, SliceOf(n, index, {0}, {1}, "first_index"),
                                            Int64Scalar(n, 0, "zero"), "zero_at_run_time");
  const ir::ValueId zeros = n.NewValue("zeros");
  ir::Value& zv = n.graph().value(zeros);
  zv.shape = {total};
  zv.has_shape = true;
  n.Emit(ir::op::kBroadcast, {EmitCast(n, zero_index, ir::DType::kFloat32, "zero_float")}, {zeros});
  const ir::ValueId scattered = n.NewValue("scattered");
  ir::Node& s = n.Emit(ir::op::kScatterElements, {zeros, index, EmitReshape(n, n.input(0), {count}, "flat_values")},
                       {scattered});
  s.attrs.set("axis", int64_t{0});
  s.attrs.set("reduction", std::string("none"));
  const ir::ValueId shaped = EmitReshape(n, scattered, unpooled, "unpooled");
  if (out == unpooled) {
    n.Emit(ir::op::kIdentity, {shaped}, {n.output(0)});
    return;
  }
  std::vector<int64_t> grow(2 * out.size(), 0);
  for (size_t d = 0; d < out.size(); ++d) grow[out.size() + d] = out[d] - unpooled[d];
  ir::Node& p = n.Emit(ir::op::kPad, {shaped}, {n.output(0)});
  p.attrs.set("pads", grow);
  p.attrs.set("mode", std::string("constant"));
  p.attrs.set("value", 0.0);
}

void LowerDet(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 2 || x[x.size() - 1] != x[x.size() - 2]) n.NotValid("X", "must be [..., M, M]");
  const int64_t m = x.back();
  const int64_t batch = ir::NumElements(x) / (m * m);
  ir::ValueId a = EmitReshape(n, n.input(0), {batch, m, m}, "matrices");
  ir::Graph& g = n.graph();
  std::vector<int64_t> rows(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) rows[static_cast<size_t>(i)] = i;
  const ir::ValueId row_id = g.AddInt64Constant(g.UniqueName(n.node().output(0) + "/row"), {1, m, 1}, rows);
  const ir::ValueId one = FloatScalar(n, 1.0f, "one"), zero = FloatScalar(n, 0.0f, "zero");
  ir::ValueId det = ir::kNoValue;
  for (int64_t j = 0; j < m; ++j) {
    const std::string c = std::to_string(j);
    // The first largest |a[i, j]| for i >= j.
    const ir::ValueId column = EmitUnary(n, ir::op::kAbs, SliceOf(n, a, {0, j, j}, {batch, m, j + 1}, "column" + c), "magnitude" + c);
    const ir::ValueId offset = n.NewValue("pivot_offset" + c, ir::DType::kInt64);
    ir::Node& arg = n.Emit(ir::op::kArgReduce, {column}, {offset});
    arg.attrs.set("kind", std::string("max"));
    arg.attrs.set("axis", int64_t{1});
    arg.attrs.set("keepdims", int64_t{1});  // [batch, 1, 1]
    const ir::ValueId pivot_row = EmitBinary(n, ir::op::kAdd, offset, Int64Scalar(n, j, "j" + c), "pivot_row" + c);
    // Swap rows j and pivot_row: each row reads from its partner.
    const ir::ValueId is_j = EmitCompare(n, ir::op::kEqual, row_id, Int64Scalar(n, j, "row_j" + c), "is_j" + c);
    const ir::ValueId is_pivot = EmitCompare(n, ir::op::kEqual, row_id, pivot_row, "is_pivot" + c);
    const ir::ValueId source = EmitWhere(n, is_j, pivot_row, EmitWhere(n, is_pivot, Int64Scalar(n, j, "to_j" + c), row_id, "from_j" + c), "source" + c);
    const ir::ValueId source_full = n.NewValue("source_rows" + c, ir::DType::kInt64);
    ir::Value& sv = g.value(source_full);
    sv.shape = {batch, m, m};
    sv.has_shape = true;
    n.Emit(ir::op::kBroadcast, {source}, {source_full});
    const ir::ValueId swapped = n.NewValue("swapped" + c);
    n.Emit(ir::op::kGatherElements, {a, source_full}, {swapped}).attrs.set("axis", int64_t{1});
    const ir::ValueId flip = EmitWhere(n, EmitCompare(n, ir::op::kNotEqual, offset, Int64Scalar(n, 0, "no_swap" + c), "moved" + c),
                                       FloatScalar(n, -1.0f, "minus_one" + c), one, "sign" + c);
    const ir::ValueId pivot = SliceOf(n, swapped, {0, j, j}, {batch, j + 1, j + 1}, "pivot" + c);  // [batch, 1, 1]
    const ir::ValueId factor = EmitBinary(n, ir::op::kMul, pivot, flip, "signed_pivot" + c);
    det = det == ir::kNoValue ? factor : EmitBinary(n, ir::op::kMul, det, factor, "det" + c);
    if (j + 1 == m) break;
    const ir::ValueId safe = EmitWhere(n, EmitCompare(n, ir::op::kEqual, pivot, zero, "zero_pivot" + c), one, pivot, "safe_pivot" + c);
    // Rows below j lose (a[i, j] / pivot) times row j; rows above and row j stay.
    const ir::ValueId below = EmitCast(n, EmitCompare(n, ir::op::kGreater, row_id, Int64Scalar(n, j, "below_j" + c), "is_below" + c),
                                       ir::DType::kFloat32, "below" + c);
    const ir::ValueId ratio = EmitBinary(n, ir::op::kMul, EmitBinary(n, ir::op::kDiv, SliceOf(n, swapped, {0, 0, j}, {batch, m, j + 1}, "col" + c), safe, "ratio_all" + c),
                                         below, "ratio" + c);  // [batch, m, 1]
    const ir::ValueId pivot_row_values = SliceOf(n, swapped, {0, j, 0}, {batch, j + 1, m}, "row" + c);  // [batch, 1, m]
    a = EmitBinary(n, ir::op::kSub, swapped, EmitBinary(n, ir::op::kMul, ratio, pivot_row_values, "update" + c), "eliminated" + c);
  }
  ir::Shape out(x.begin(), x.end() - 2);
  n.Emit(ir::op::kReshape, {det}, {n.output(0)}).attrs.set("shape", out);
}

}  // namespace neo::onnx_frontend
