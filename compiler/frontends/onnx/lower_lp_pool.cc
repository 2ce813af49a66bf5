// Lp pooling and Caffe's region-of-interest max pooling, from the IR's pools, reductions
// and masks:
//  - LpPool: (sum over the window of |x|^p)^(1/p) is the window mean of |x|^p with the
//    padding counted (padded elements add 0 to the sum) times the window size; the mean
//    is ONNX's own AveragePool, lowered as that node would be.
//  - GlobalLpPool: the same sum over every spatial axis.
//  - MaxRoiPool: each bin's rows and columns are intervals computed from the run-time
//    rois, so the maximum is taken in two masked passes (rows, then columns), and an
//    empty bin is 0 as in Caffe's ROIPooling.
#include <cmath>
#include <limits>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void RequireFloat(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
}

int64_t PowerAttr(NodeLowering& n) {
  const int64_t p = n.IntAttr("p", 2);
  if (p < 1) n.NotValid("p", "must be 1 or more");
  return p;
}

// |x|^p, as exact as p allows.
ir::ValueId AbsPower(NodeLowering& n, ir::ValueId x, int64_t p) {
  const ir::ValueId a = EmitUnary(n, ir::op::kAbs, x, "abs");
  if (p == 1) return a;
  if (p == 2) return EmitBinary(n, ir::op::kMul, a, a, "square");
  return EmitBinary(n, ir::op::kPow, a, FloatScalar(n, static_cast<float>(p), "p"), "power");
}

// sum^(1/p) into `out`.
void Root(NodeLowering& n, ir::ValueId sum, int64_t p, ir::ValueId out) {
  if (p == 1) {
    n.Emit(ir::op::kIdentity, {sum}, {out});
  } else if (p == 2) {
    n.Emit(ir::op::kSqrt, {sum}, {out});
  } else {
    n.Emit(ir::op::kPow, {sum, FloatScalar(n, 1.0f / static_cast<float>(p), "inverse_p")}, {out});
  }
}

}  // namespace

void LowerLpPool(NodeLowering& n) {
  RequireFloat(n);
  const int64_t p = PowerAttr(n);
  const std::vector<int64_t> kernel = n.IntsAttr("kernel_shape");
  int64_t window = 1;
  for (int64_t k : kernel) window *= k;
  const std::string base = n.node().output(0);
  onnx::NodeProto mean;
  mean.set_op_type("AveragePool");
  mean.set_name(n.node().name().empty() ? base + "/window_mean" : n.node().name() + "/window_mean");
  mean.add_input(base + "/abs_power");
  mean.add_output(base + "/window_mean");
  for (const auto& a : n.node().attribute()) {
    if (a.name() != "p") *mean.add_attribute() = a;
  }
  auto* include = mean.add_attribute();
  include->set_name("count_include_pad");
  include->set_type(onnx::AttributeProto::INT);
  include->set_i(1);
  // The pool's lowering reads its input's shape, which shape inference has not set yet.
  const ir::ValueId powered = AbsPower(n, n.input(0), p);
  ir::Value& pv = n.graph().value(powered);
  pv.shape = n.input_shape(0);
  pv.has_shape = true;
  const ir::ValueId mean_value = n.NewValue("window_mean");
  n.LowerRewritten(mean, {{base + "/abs_power", powered}, {base + "/window_mean", mean_value}},
                   LowerAveragePool);
  const ir::ValueId sum = EmitBinary(n, ir::op::kMul, mean_value,
                                     FloatScalar(n, static_cast<float>(window), "window_size"), "window_sum");
  Root(n, sum, p, n.output(0));
}

void LowerGlobalLpPool(NodeLowering& n) {
  RequireFloat(n);
  const int64_t p = PowerAttr(n);
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  if (rank < 3) n.NotValid("input", "must be N x C x spatial dimensions");
  std::vector<int64_t> spatial;
  for (int64_t a = 2; a < rank; ++a) spatial.push_back(a);
  Root(n, EmitReduce(n, "sum", AbsPower(n, n.input(0), p), spatial, true, "sum"), p, n.output(0));
}

void LowerMaxRoiPool(NodeLowering& n) {
  RequireFloat(n);
  const ir::Shape x = n.input_shape(0), rois = n.input_shape(1);
  if (x.size() != 4) n.NotValid("X", "must be 4-D (NCHW)");
  if (rois.size() != 2 || rois[1] != 5) n.NotValid("rois", "must be [num_rois, 5]");
  const std::vector<int64_t> pooled = n.IntsAttr("pooled_shape");
  if (pooled.size() != 2 || pooled[0] < 1 || pooled[1] < 1) n.NotValid("pooled_shape", "must hold two positive sizes");
  const float scale = n.FloatAttr("spatial_scale", 1.0f);
  const int64_t r = rois[0], c = x[1], h = x[2], w = x[3];
  auto column = [&](int64_t k, const std::string& name) {
    const ir::ValueId v = n.NewValue(name);
    n.Emit(ir::op::kGather, {n.input(1), Int64Scalar(n, k, name + "_index")}, {v}).attrs.set("axis", int64_t{1});
    return EmitReshape(n, v, {r, 1}, name + "_column");
  };
  // Caffe rounds the scaled corners (half away from zero; corners are non-negative).
  auto rounded = [&](int64_t k, const std::string& name) {
    const ir::ValueId scaled = EmitBinary(n, ir::op::kMul, column(k, name), FloatScalar(n, scale, "scale"), name + "_scaled");
    return EmitUnary(n, ir::op::kFloor, EmitBinary(n, ir::op::kAdd, scaled, FloatScalar(n, 0.5f, "half"), name + "_half"),
                     name + "_rounded");
  };
  const ir::ValueId batch = EmitCast(n, EmitReshape(n, column(0, "batch"), {r}, "batch_flat"), ir::DType::kInt64, "batch_index");
  const ir::ValueId one = FloatScalar(n, 1.0f, "one"), zero = FloatScalar(n, 0.0f, "zero");
  // [start, end) of each bin along one axis: [r, bins] each, clamped to [0, size].
  auto bins = [&](int64_t start_col, int64_t end_col, int64_t count, int64_t size, const std::string& axis) {
    const ir::ValueId start = rounded(start_col, axis + "_start"), end = rounded(end_col, axis + "_end");
    const ir::ValueId length = EmitBinary(n, ir::op::kMaximum,
                                          EmitBinary(n, ir::op::kAdd, EmitBinary(n, ir::op::kSub, end, start, axis + "_span"), one, axis + "_length"),
                                          one, axis + "_positive_length");
    const ir::ValueId bin = EmitBinary(n, ir::op::kDiv, length, FloatScalar(n, static_cast<float>(count), axis + "_bins"), axis + "_bin");
    std::vector<float> index(static_cast<size_t>(count)), next(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      index[static_cast<size_t>(i)] = static_cast<float>(i);
      next[static_cast<size_t>(i)] = static_cast<float>(i + 1);
    }
    ir::Graph& g = n.graph();
    const ir::ValueId at = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/" + axis + "_bin_index"), {1, count}, index);
    const ir::ValueId after = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/" + axis + "_bin_next"), {1, count}, next);
    const ir::ValueId size_value = FloatScalar(n, static_cast<float>(size), axis + "_size");
    auto clamp = [&](ir::ValueId v, const std::string& name) {
      return EmitBinary(n, ir::op::kMinimum, EmitBinary(n, ir::op::kMaximum, v, zero, name + "_low"), size_value, name);
    };
    const ir::ValueId lo = clamp(EmitBinary(n, ir::op::kAdd, EmitUnary(n, ir::op::kFloor, EmitBinary(n, ir::op::kMul, at, bin, axis + "_lo_raw"), axis + "_lo_floor"), start, axis + "_lo_shift"), axis + "_lo");
    const ir::ValueId hi = clamp(EmitBinary(n, ir::op::kAdd, EmitUnary(n, ir::op::kCeil, EmitBinary(n, ir::op::kMul, after, bin, axis + "_hi_raw"), axis + "_hi_ceil"), start, axis + "_hi_shift"), axis + "_hi");
    return std::make_pair(lo, hi);
  };
  const auto [h_lo, h_hi] = bins(2, 4, pooled[0], h, "h");
  const auto [w_lo, w_hi] = bins(1, 3, pooled[1], w, "w");
  // inside[r, bins, positions] for one axis.
  auto inside = [&](ir::ValueId lo, ir::ValueId hi, int64_t count, int64_t size, const std::string& axis) {
    std::vector<float> pos(static_cast<size_t>(size));
    for (int64_t i = 0; i < size; ++i) pos[static_cast<size_t>(i)] = static_cast<float>(i);
    ir::Graph& g = n.graph();
    const ir::ValueId p = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/" + axis + "_positions"), {1, 1, size}, pos);
    const ir::ValueId lo3 = EmitReshape(n, lo, {r, count, 1}, axis + "_lo3"), hi3 = EmitReshape(n, hi, {r, count, 1}, axis + "_hi3");
    const ir::ValueId after_lo = EmitCompare(n, ir::op::kGreaterEqual, p, lo3, axis + "_after_lo");
    const ir::ValueId before_hi = EmitCompare(n, ir::op::kLess, p, hi3, axis + "_before_hi");
    const ir::ValueId in = n.NewValue(axis + "_inside", ir::DType::kBool);
    n.Emit(ir::op::kLogicalAnd, {after_lo, before_hi}, {in});
    return in;
  };
  const ir::ValueId h_in = inside(h_lo, h_hi, pooled[0], h, "h"), w_in = inside(w_lo, w_hi, pooled[1], w, "w");
  const ir::ValueId lowest = FloatScalar(n, -std::numeric_limits<float>::infinity(), "lowest");
  const ir::ValueId picked = n.NewValue("roi_features");
  n.Emit(ir::op::kGather, {n.input(0), batch}, {picked}).attrs.set("axis", int64_t{0});
  // Rows: [r, c, ph, h, w] masked by h_in [r, 1, ph, h, 1], max over h.
  const ir::ValueId rows_masked = EmitWhere(n, EmitReshape(n, h_in, {r, 1, pooled[0], h, 1}, "h_mask"),
                                            EmitReshape(n, picked, {r, c, 1, h, w}, "roi_rows"), lowest, "rows_masked");
  const ir::ValueId rows = EmitReduce(n, "max", rows_masked, {3}, false, "row_max");  // [r, c, ph, w]
  const ir::ValueId cols_masked = EmitWhere(n, EmitReshape(n, w_in, {r, 1, 1, pooled[1], w}, "w_mask"),
                                            EmitReshape(n, rows, {r, c, pooled[0], 1, w}, "roi_cols"), lowest, "cols_masked");
  const ir::ValueId pooled_max = EmitReduce(n, "max", cols_masked, {4}, false, "bin_max");  // [r, c, ph, pw]
  const ir::ValueId h_empty = EmitCompare(n, ir::op::kLessEqual, EmitReshape(n, h_hi, {r, 1, pooled[0], 1}, "h_hi4"),
                                          EmitReshape(n, h_lo, {r, 1, pooled[0], 1}, "h_lo4"), "h_empty");
  const ir::ValueId w_empty = EmitCompare(n, ir::op::kLessEqual, EmitReshape(n, w_hi, {r, 1, 1, pooled[1]}, "w_hi4"),
                                          EmitReshape(n, w_lo, {r, 1, 1, pooled[1]}, "w_lo4"), "w_empty");
  const ir::ValueId empty = n.NewValue("empty", ir::DType::kBool);
  n.Emit(ir::op::kLogicalOr, {h_empty, w_empty}, {empty});
  n.Emit(ir::op::kWhere, {empty, zero, pooled_max}, {n.output(0)});
}

}  // namespace neo::onnx_frontend
