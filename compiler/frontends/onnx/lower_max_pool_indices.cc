// MaxPool's second output, Indices: for each window, the flat position in X of its first
// maximum, counted over the whole N x C x H x W tensor (row-major, or with storage_order
// 1 column-major within each H x W plane, as ONNX Runtime counts). The window's taps are
// strided slices of X padded with -inf; ArgReduce over the stacked taps gives the first
// maximising tap, which converts to a row and column with integer arithmetic.
#include <limits>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/spatial.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void EmitMaxPoolIndices(NodeLowering& n, const ir::Shape& x, const Window2D& win, ir::ValueId out) {
  const int64_t batch = x[0], channels = x[1], h = x[2], w = x[3];
  const int64_t kh = win.kernel[0], kw = win.kernel[1], sh = win.strides[0], sw = win.strides[1];
  const int64_t dh = win.dilations[0], dw = win.dilations[1];
  const int64_t oh = win.output_h, ow = win.output_w;
  const int64_t storage_order = n.IntAttr("storage_order", 0);
  if (storage_order != 0 && storage_order != 1) n.NotValid("storage_order", "must be 0 or 1");

  const ir::ValueId padded = n.NewValue("padded");
  ir::Node& pad = n.Emit(ir::op::kPad, {n.input(0)}, {padded});
  pad.attrs.set("pads", std::vector<int64_t>{0, 0, win.ceil_pads[0], win.ceil_pads[1], 0, 0,
                                             win.ceil_pads[2], win.ceil_pads[3]});
  pad.attrs.set("mode", std::string("constant"));
  pad.attrs.set("value", -static_cast<double>(std::numeric_limits<float>::infinity()));
  std::vector<ir::ValueId> taps;
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      const std::string k = std::to_string(a * kw + b);
      const ir::ValueId tap = n.NewValue("tap" + k);
      ir::Node& s = n.Emit(ir::op::kSlice, {padded}, {tap});
      s.attrs.set("starts", std::vector<int64_t>{0, 0, a * dh, b * dw});
      s.attrs.set("ends", std::vector<int64_t>{batch, channels, a * dh + (oh - 1) * sh + 1, b * dw + (ow - 1) * sw + 1});
      s.attrs.set("steps", std::vector<int64_t>{1, 1, sh, sw});
      taps.push_back(EmitReshape(n, tap, {batch, channels, oh, ow, 1}, "tap" + k + "_stacked"));
    }
  }
  const ir::ValueId stacked = n.NewValue("taps");
  n.Emit(ir::op::kConcat, taps, {stacked}).attrs.set("axis", int64_t{4});
  const ir::ValueId tap = n.NewValue("first_max_tap", ir::DType::kInt64);
  ir::Node& arg = n.Emit(ir::op::kArgReduce, {stacked}, {tap});
  arg.attrs.set("kind", std::string("max"));
  arg.attrs.set("axis", int64_t{4});
  arg.attrs.set("keepdims", int64_t{0});

  // row = oh * sh - pad_top + (tap / kw) * dh; col = ow * sw - pad_left + (tap % kw) * dw.
  const ir::ValueId kw_value = Int64Scalar(n, kw, "kernel_w");
  const ir::ValueId tap_row = EmitBinary(n, ir::op::kDiv, tap, kw_value, "tap_row");
  const ir::ValueId tap_col = EmitBinary(n, ir::op::kFloorMod, tap, kw_value, "tap_col");
  std::vector<int64_t> row0(static_cast<size_t>(oh)), col0(static_cast<size_t>(ow));
  for (int64_t i = 0; i < oh; ++i) row0[static_cast<size_t>(i)] = i * sh - win.pads[0];
  for (int64_t j = 0; j < ow; ++j) col0[static_cast<size_t>(j)] = j * sw - win.pads[1];
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0) + "/";
  const ir::ValueId rows0 = g.AddInt64Constant(g.UniqueName(base + "window_row"), {oh, 1}, row0);
  const ir::ValueId cols0 = g.AddInt64Constant(g.UniqueName(base + "window_col"), {1, ow}, col0);
  const ir::ValueId row = EmitBinary(n, ir::op::kAdd, rows0,
                                     EmitBinary(n, ir::op::kMul, tap_row, Int64Scalar(n, dh, "dilation_h"), "row_offset"), "row");
  const ir::ValueId col = EmitBinary(n, ir::op::kAdd, cols0,
                                     EmitBinary(n, ir::op::kMul, tap_col, Int64Scalar(n, dw, "dilation_w"), "col_offset"), "col");
  const ir::ValueId in_plane =
      storage_order == 0
          ? EmitBinary(n, ir::op::kAdd, EmitBinary(n, ir::op::kMul, row, Int64Scalar(n, w, "width"), "row_start"), col, "in_plane")
          : EmitBinary(n, ir::op::kAdd, EmitBinary(n, ir::op::kMul, col, Int64Scalar(n, h, "height"), "col_start"), row, "in_plane");
  std::vector<int64_t> plane(static_cast<size_t>(batch * channels));
  for (size_t p = 0; p < plane.size(); ++p) plane[p] = static_cast<int64_t>(p) * h * w;
  const ir::ValueId planes = g.AddInt64Constant(g.UniqueName(base + "plane_start"), {batch, channels, 1, 1}, plane);
  n.graph().value(out).dtype = ir::DType::kInt64;
  n.Emit(ir::op::kAdd, {planes, in_plane}, {out});
}

}  // namespace neo::onnx_frontend
