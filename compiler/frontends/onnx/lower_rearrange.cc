// Operators that only rearrange elements, lowered to Reshape / Broadcast / Transpose /
// GatherElements: Tile, DepthToSpace, SpaceToDepth and ReverseSequence. They run on every
// element type the IR holds.
#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

ir::ValueId EmitBroadcastTo(NodeLowering& n, ir::ValueId x, const ir::Shape& shape,
                            const std::string& suffix) {
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  ir::Value& v = n.graph().value(y);
  v.shape = shape;
  v.has_shape = true;
  n.Emit(ir::op::kBroadcast, {x}, {y});
  return y;
}

int64_t BlockSize(NodeLowering& n) {
  const int64_t b = n.IntAttr("blocksize");
  if (b < 1) n.NotValid("blocksize", "must be positive");
  return b;
}

void RequireRank4(NodeLowering& n) {
  if (n.input_shape(0).size() != 4) n.NotValid("input", "must be 4-D (NCHW)");
}

}  // namespace

// A dimension repeated r times is a new axis of r in front of it, broadcast, then merged.
void LowerTile(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const std::vector<int64_t> repeats = n.ConstantInts(1, "repeats");
  if (repeats.size() != x.size()) n.NotValid("repeats", "must hold one count per input dimension");
  ir::Shape split, expanded, out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (repeats[i] < 1) n.NotSupported("a repeat count below 1 (a zero-size output)");
    if (repeats[i] > 1) {
      split.push_back(1);
      expanded.push_back(repeats[i]);
    }
    split.push_back(x[i]);
    expanded.push_back(x[i]);
    out.push_back(x[i] * repeats[i]);
  }
  const ir::ValueId lifted = EmitReshape(n, n.input(0), split, "split");
  const ir::ValueId tiled = EmitBroadcastTo(n, lifted, expanded, "tiled");
  n.Emit(ir::op::kReshape, {tiled}, {n.output(0)}).attrs.set("shape", out);
}

// DCR reads the channel as (block row, block column, depth); CRD as (depth, row, column).
void LowerDepthToSpace(NodeLowering& n) {
  RequireRank4(n);
  const ir::Shape x = n.input_shape(0);
  const int64_t b = BlockSize(n);
  if (x[1] % (b * b) != 0) n.NotValid("blocksize", "squared must divide the channel count");
  const std::string mode = n.StringAttr("mode", "DCR");
  const int64_t c = x[1] / (b * b);
  ir::ValueId blocks;
  std::vector<int64_t> perm;
  if (mode == "DCR") {
    blocks = EmitReshape(n, n.input(0), {x[0], b, b, c, x[2], x[3]}, "blocks");
    perm = {0, 3, 4, 1, 5, 2};
  } else if (mode == "CRD") {
    blocks = EmitReshape(n, n.input(0), {x[0], c, b, b, x[2], x[3]}, "blocks");
    perm = {0, 1, 4, 2, 5, 3};
  } else {
    n.NotValid("mode", "must be DCR or CRD");
  }
  const ir::ValueId moved = EmitTranspose(n, blocks, perm, "interleaved");
  n.Emit(ir::op::kReshape, {moved}, {n.output(0)}).attrs.set("shape", ir::Shape{x[0], c, x[2] * b, x[3] * b});
}

void LowerSpaceToDepth(NodeLowering& n) {
  RequireRank4(n);
  const ir::Shape x = n.input_shape(0);
  const int64_t b = BlockSize(n);
  if (x[2] % b != 0 || x[3] % b != 0) n.NotValid("blocksize", "must divide the height and width");
  const ir::ValueId blocks = EmitReshape(n, n.input(0), {x[0], x[1], x[2] / b, b, x[3] / b, b}, "blocks");
  const ir::ValueId moved = EmitTranspose(n, blocks, {0, 3, 5, 1, 2, 4}, "stacked");
  n.Emit(ir::op::kReshape, {moved}, {n.output(0)})
      .attrs.set("shape", ir::Shape{x[0], x[1] * b * b, x[2] / b, x[3] / b});
}

// sequence_lens is run-time data, so the reversal is a gather along the time axis with
// source index len - 1 - t inside each sequence and t past its end.
void LowerReverseSequence(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 2) n.NotValid("input", "must have rank 2 or more");
  const int64_t time_axis = n.IntAttr("time_axis", 0), batch_axis = n.IntAttr("batch_axis", 1);
  if ((time_axis != 0 && time_axis != 1) || batch_axis != 1 - time_axis) {
    n.NotValid("time_axis", "and batch_axis must be 0 and 1 in either order");
  }
  const ir::DType lt = n.input_value(1).dtype;
  if (lt != ir::DType::kInt64 && lt != ir::DType::kInt32) {
    n.NotValid("sequence_lens", std::string("has type ") + ir::DTypeName(lt) + " where int64 is expected");
  }
  const int64_t rank = static_cast<int64_t>(x.size());
  ir::Shape len_shape(x.size(), 1);
  len_shape[static_cast<size_t>(batch_axis)] = x[static_cast<size_t>(batch_axis)];
  const ir::ValueId len = EmitReshape(
      n, EmitCast(n, n.input(1), ir::DType::kInt64, "lens_int64"), len_shape, "lens");
  const ir::ValueId t = IotaAlong(n, x[static_cast<size_t>(time_axis)], time_axis, rank, "time");
  const ir::ValueId inside = EmitCompare(n, ir::op::kLess, t, len, "inside");
  const ir::ValueId last = EmitBinary(n, ir::op::kSub, len, Int64Scalar(n, 1, "one"), "last");
  const ir::ValueId mirrored = EmitBinary(n, ir::op::kSub, last, t, "mirrored");
  const ir::ValueId source = EmitWhere(n, inside, mirrored, t, "source_time");
  const ir::ValueId index = EmitBroadcastTo(n, source, x, "source_index");
  n.Emit(ir::op::kGatherElements, {n.input(0), index}, {n.output(0)}).attrs.set("axis", time_axis);
}

}  // namespace neo::onnx_frontend
