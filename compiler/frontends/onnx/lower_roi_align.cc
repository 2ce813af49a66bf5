// RoiAlign as gathers from X: with a fixed sampling_ratio every output bin reads the same
// number of sample points, so the sample coordinates are element-wise functions of the
// run-time rois and the bilinear neighbours one Gather from X laid out as [N*H*W, C].
// Rules follow ONNX's reference (onnxruntime's kernel): samples beyond [-1, size] on either
// axis contribute 0, the others are clamped into the map; mode max takes, per bin, the
// largest weighted neighbour value of any sample.
#include <string>
#include <vector>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// The two neighbours of each sample along one axis of the feature map: for each roi, bin
// and sample, the lower neighbour's index and weight, then the upper neighbour's (the last
// axis holds the samples' lower neighbours followed by their upper ones). An out-of-range
// sample keeps clamped indices but weight 0.
struct AxisNeighbours {
  ir::ValueId index;   // int64 [rois, bins, 2 * samples]
  ir::ValueId weight;  // float32 [rois, bins, 2 * samples]
};

class RoiAlignLowering {
 public:
  RoiAlignLowering(NodeLowering& n, int64_t num_rois, float spatial_scale, bool half_pixel)
      : n_(n), num_rois_(num_rois), spatial_scale_(spatial_scale), half_pixel_(half_pixel) {}

  // `start_col`, `end_col`: this axis's columns of rois (x1, y1, x2, y2).
  AxisNeighbours Axis(const std::string& name, int64_t start_col, int64_t end_col, int64_t bins,
                      int64_t samples, int64_t size) {
    const ir::ValueId start = RoiEdge(name + "_start", start_col);
    ir::ValueId extent =
        EmitBinary(n_, ir::op::kSub, RoiEdge(name + "_end", end_col), start, name + "_extent");
    // Without the half-pixel shift ONNX forces degenerate rois to span one pixel.
    if (!half_pixel_) {
      extent = EmitBinary(n_, ir::op::kMaximum, extent, FloatScalar(n_, 1.0f, name + "_one"),
                          name + "_extent_min1");
    }
    const ir::ValueId bin = EmitBinary(n_, ir::op::kDiv, extent,
                                       FloatScalar(n_, static_cast<float>(bins), name + "_bins"),
                                       name + "_bin_size");
    // Sample s of bin b sits (b + (s + 0.5) / samples) bins from the roi's start.
    std::vector<float> offsets;
    for (int64_t b = 0; b < bins; ++b) {
      for (int64_t s = 0; s < samples; ++s) {
        offsets.push_back(static_cast<float>(b) +
                          (static_cast<float>(s) + 0.5f) / static_cast<float>(samples));
      }
    }
    ir::Graph& g = n_.graph();
    const ir::ValueId grid = g.AddFloatConstant(
        g.UniqueName(n_.node().output(0) + "/" + name + "_sample_offsets"), {1, bins * samples},
        offsets);
    const ir::ValueId pos = EmitBinary(
        n_, ir::op::kAdd, start, EmitBinary(n_, ir::op::kMul, bin, grid, name + "_scaled"),
        name + "_sample");

    const ir::ValueId inside = EmitCast(
        n_,
        EmitCompare(n_, ir::op::kLogicalAnd,
                    EmitCompare(n_, ir::op::kGreaterEqual, pos,
                                FloatScalar(n_, -1.0f, name + "_lo"), name + "_above_lo"),
                    EmitCompare(n_, ir::op::kLessEqual, pos,
                                FloatScalar(n_, static_cast<float>(size), name + "_hi"),
                                name + "_below_hi"),
                    name + "_inside"),
        ir::DType::kFloat32, name + "_inside_f");
    const ir::ValueId clamped = n_.NewValue(name + "_clamped");
    ir::Node& c = n_.Emit(ir::op::kClamp, {pos}, {clamped});
    c.attrs.set("min", 0.0);
    c.attrs.set("max", static_cast<double>(size - 1));
    const ir::ValueId low = EmitUnary(n_, ir::op::kFloor, clamped, name + "_low");
    const ir::ValueId high = EmitBinary(
        n_, ir::op::kMinimum,
        EmitBinary(n_, ir::op::kAdd, low, FloatScalar(n_, 1.0f, name + "_step"), name + "_next"),
        FloatScalar(n_, static_cast<float>(size - 1), name + "_last"), name + "_high");
    const ir::ValueId frac = EmitBinary(n_, ir::op::kSub, clamped, low, name + "_frac");
    const ir::ValueId w_low = EmitBinary(
        n_, ir::op::kMul,
        EmitBinary(n_, ir::op::kSub, FloatScalar(n_, 1.0f, name + "_unit"), frac,
                   name + "_cofrac"),
        inside, name + "_w_low");
    const ir::ValueId w_high = EmitBinary(n_, ir::op::kMul, frac, inside, name + "_w_high");

    const ir::Shape per_bin = {num_rois_, bins, samples};
    auto pair = [&](ir::ValueId a, ir::ValueId b, const std::string& what) {
      const ir::ValueId out = n_.NewValue(name + "_" + what, n_.graph().value(a).dtype);
      n_.Emit(ir::op::kConcat,
              {EmitReshape(n_, a, per_bin, name + "_" + what + "_low_bins"),
               EmitReshape(n_, b, per_bin, name + "_" + what + "_high_bins")},
              {out})
          .attrs.set("axis", int64_t{2});
      return out;
    };
    AxisNeighbours r;
    r.index = EmitCast(n_, pair(low, high, "coords"), ir::DType::kInt64, name + "_index");
    r.weight = pair(w_low, w_high, "weight");
    return r;
  }

 private:
  // Column `col` of rois [num_rois, 4] in feature-map coordinates, [num_rois, 1].
  ir::ValueId RoiEdge(const std::string& name, int64_t col) {
    const ir::ValueId column = n_.NewValue(name + "_roi");
    ir::Node& s = n_.Emit(ir::op::kSlice, {n_.input(1)}, {column});
    s.attrs.set("starts", std::vector<int64_t>{0, col});
    s.attrs.set("ends", std::vector<int64_t>{num_rois_, col + 1});
    s.attrs.set("steps", std::vector<int64_t>{1, 1});
    ir::ValueId v = EmitBinary(n_, ir::op::kMul, column,
                               FloatScalar(n_, spatial_scale_, name + "_scale"), name + "_scaled");
    if (half_pixel_) {
      v = EmitBinary(n_, ir::op::kSub, v, FloatScalar(n_, 0.5f, name + "_half"), name + "_shifted");
    }
    return v;
  }

  NodeLowering& n_;
  int64_t num_rois_;
  float spatial_scale_;
  bool half_pixel_;
};

}  // namespace

void LowerRoiAlign(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  const ir::Shape rois = n.input_shape(1);
  if (x.size() != 4) n.NotValid("X", "must have rank 4 (N, C, H, W)");
  if (rois.size() != 2 || rois[1] != 4) n.NotValid("rois", "must have shape [num_rois, 4]");
  if (n.input_shape(2).size() != 1 || n.input_shape(2)[0] != rois[0]) {
    n.NotValid("batch_indices", "must have shape [num_rois]");
  }
  const std::string mode = n.StringAttr("mode", "avg");
  if (mode != "avg" && mode != "max") n.NotValid("mode", "must be avg or max");
  // Opset 10 had no coordinate_transformation_mode and behaved as output_half_pixel.
  const std::string transform = n.StringAttr(
      "coordinate_transformation_mode", n.opset() >= 16 ? "half_pixel" : "output_half_pixel");
  if (transform != "half_pixel" && transform != "output_half_pixel") {
    n.NotValid("coordinate_transformation_mode", "must be half_pixel or output_half_pixel");
  }
  const int64_t out_h = n.IntAttr("output_height", 1);
  const int64_t out_w = n.IntAttr("output_width", 1);
  if (out_h < 1) n.NotValid("output_height", "must be positive");
  if (out_w < 1) n.NotValid("output_width", "must be positive");
  const int64_t sampling_ratio = n.IntAttr("sampling_ratio", 0);
  if (sampling_ratio < 0) n.NotValid("sampling_ratio", "must not be negative");
  if (sampling_ratio == 0) {
    n.NotSupported("sampling_ratio 0 (adaptive: the sample count depends on the rois)");
  }
  const float spatial_scale = n.FloatAttr("spatial_scale", 1.0f);

  const int64_t batch = x[0], channels = x[1], height = x[2], width = x[3];
  const int64_t num_rois = rois[0];
  const int64_t s = sampling_ratio;
  RoiAlignLowering l(n, num_rois, spatial_scale, transform == "half_pixel");
  const AxisNeighbours ys = l.Axis("y", 1, 3, out_h, s, height);
  const AxisNeighbours xs = l.Axis("x", 0, 2, out_w, s, width);

  // Row of X laid out as [N*H*W, C]: batch * H * W + y * W + x, for every (bin row,
  // y neighbour, bin column, x neighbour) of each roi.
  const ir::ValueId roi_batch = EmitBinary(
      n,
      ir::op::kMul,
      EmitReshape(n, EmitCast(n, n.input(2), ir::DType::kInt64, "batch_int64"),
                  {num_rois, 1, 1, 1, 1}, "batch_lifted"),
      Int64Scalar(n, height * width, "plane"), "batch_offset");
  const ir::ValueId row_offset = EmitReshape(
      n, EmitBinary(n, ir::op::kMul, ys.index, Int64Scalar(n, width, "width"), "row_offset"),
      {num_rois, out_h, 2 * s, 1, 1}, "row_offset_lifted");
  const ir::ValueId col_offset =
      EmitReshape(n, xs.index, {num_rois, 1, 1, out_w, 2 * s}, "col_offset_lifted");
  const ir::ValueId rows = EmitBinary(
      n, ir::op::kAdd, EmitBinary(n, ir::op::kAdd, roi_batch, row_offset, "plane_row"), col_offset,
      "rows");

  const ir::ValueId pixels = EmitReshape(
      n, EmitTranspose(n, n.input(0), {0, 2, 3, 1}, "channels_last"),
      {batch * height * width, channels}, "pixels");
  const ir::ValueId gathered = n.NewValue("neighbours");
  n.Emit(ir::op::kGather, {pixels, rows}, {gathered}).attrs.set("axis", int64_t{0});

  const ir::ValueId weights = EmitBinary(
      n, ir::op::kMul,
      EmitReshape(n, ys.weight, {num_rois, out_h, 2 * s, 1, 1, 1}, "y_weight_lifted"),
      EmitReshape(n, xs.weight, {num_rois, 1, 1, out_w, 2 * s, 1}, "x_weight_lifted"), "weights");
  const ir::ValueId weighted = EmitBinary(n, ir::op::kMul, gathered, weights, "weighted");

  // Max over every (sample, neighbour) pair is ONNX's max over samples of each sample's
  // largest weighted neighbour.
  ir::ValueId pooled;
  if (mode == "max") {
    pooled = EmitReduce(n, "max", weighted, {2, 4}, false, "pooled");
  } else {
    pooled = EmitBinary(n, ir::op::kDiv, EmitReduce(n, "sum", weighted, {2, 4}, false, "summed"),
                        FloatScalar(n, static_cast<float>(s * s), "samples"), "pooled");
  }
  n.Emit(ir::op::kTranspose, {pooled}, {n.output(0)})
      .attrs.set("perm", std::vector<int64_t>{0, 3, 1, 2});
}

}  // namespace neo::onnx_frontend
