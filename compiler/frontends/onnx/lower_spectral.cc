// DFT and STFT (opset 17) as products with constant matrices: a length-L transform along
// one axis is a FullyConnected whose weight holds cos and sin of 2*pi*k*n/L, computed in
// double at compile time. Complex values keep ONNX's [..., 2] layout, so the rows read
// (re, im) pairs and write (re, im) pairs; a real input has half the columns. A signal
// shorter than dft_length is zero-padded and a longer one truncated, which the matrix
// does by having no column for samples past the end or the length.
#include <cmath>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// x [..., n, c] (c = 1 real, 2 complex), the transform over dimension rank-2, length
// `length`, `bins` outputs -> [..., bins, 2].
ir::ValueId Transform(NodeLowering& n, ir::ValueId x, const ir::Shape& shape, int64_t length, int64_t bins,
                      bool inverse, const std::string& suffix) {
  const size_t rank = shape.size();
  const int64_t samples = shape[rank - 2], c = shape[rank - 1];
  if (c != 1 && c != 2) n.NotValid("input", "must end in a dimension of 1 (real) or 2 (complex)");
  const int64_t cols = samples * c;
  std::vector<float> w(static_cast<size_t>(2 * bins * cols), 0.0f);
  const double sign = inverse ? 1.0 : -1.0, scale = inverse ? 1.0 / static_cast<double>(length) : 1.0;
  const double kPi = 3.14159265358979323846;
  for (int64_t k = 0; k < bins; ++k) {
    for (int64_t s = 0; s < std::min(samples, length); ++s) {
      // (k * s) mod length keeps the angle small, so double keeps full precision.
      const double angle = 2.0 * kPi * static_cast<double>((k * s) % length) / static_cast<double>(length);
      const float cosine = static_cast<float>(std::cos(angle) * scale);
      const float sine = static_cast<float>(sign * std::sin(angle) * scale);
      float* re_row = &w[static_cast<size_t>((2 * k) * cols)];
      float* im_row = &w[static_cast<size_t>((2 * k + 1) * cols)];
      re_row[s * c] = cosine;  // re += x_re cos - x_im (sign sin)
      im_row[s * c] = sine;    // im += x_re (sign sin) + x_im cos
      if (c == 2) {
        re_row[s * c + 1] = -sine;
        im_row[s * c + 1] = cosine;
      }
    }
  }
  ir::Graph& g = n.graph();
  const ir::ValueId weights = g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/" + suffix + "_matrix"),
                                                 {2 * bins, cols}, w);
  int64_t rows = 1;
  for (size_t d = 0; d + 2 < rank; ++d) rows *= shape[d];
  const ir::ValueId flat = EmitReshape(n, x, {rows, cols}, suffix + "_rows");
  const ir::ValueId y = n.NewValue(suffix + "_product");
  n.Emit(ir::op::kFullyConnected, {flat, weights}, {y});
  ir::Shape out(shape.begin(), shape.end() - 2);
  out.push_back(bins);
  out.push_back(2);
  return EmitReshape(n, y, out, suffix + "_spectrum");
}

void RequireFloat(NodeLowering& n, int i) {
  if (n.input_value(i).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
  }
}

std::vector<int64_t> SwapPerm(size_t rank, int64_t a, int64_t b) {
  std::vector<int64_t> perm(rank);
  for (size_t d = 0; d < rank; ++d) perm[d] = static_cast<int64_t>(d);
  std::swap(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
  return perm;
}

}  // namespace

void LowerDft(NodeLowering& n) {
  RequireFloat(n, 0);
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank < 3) n.NotValid("input", "must be [batch, ..., n, 1 or 2]");
  // ONNX accepts [-rank, -2]: the trailing real/imaginary dimension is never the axis.
  int64_t axis = n.IntAttr("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 1 || axis >= rank - 1) n.NotValid("axis", "must name a signal dimension");
  const bool inverse = n.IntAttr("inverse", 0) != 0, onesided = n.IntAttr("onesided", 0) != 0;
  if (inverse && onesided) n.NotSupported("onesided inverse transforms");
  int64_t length = x[static_cast<size_t>(axis)];
  if (n.has_input(1)) {
    const std::vector<int64_t> l = n.ConstantInts(1, "dft_length");
    if (l.size() != 1 || l[0] < 1) n.NotValid("dft_length", "must be one positive length");
    length = l[0];
  }
  const int64_t bins = onesided ? length / 2 + 1 : length;
  ir::ValueId in = n.input(0);
  ir::Shape shape = x;
  const bool moved = axis != rank - 2;
  if (moved) {
    in = EmitTranspose(n, in, SwapPerm(x.size(), axis, rank - 2), "signal_last");
    std::swap(shape[static_cast<size_t>(axis)], shape[static_cast<size_t>(rank - 2)]);
  }
  ir::ValueId y = Transform(n, in, shape, length, bins, inverse, "dft");
  if (moved) y = EmitTranspose(n, y, SwapPerm(x.size(), axis, rank - 2), "axis_back");
  n.Emit(ir::op::kIdentity, {y}, {n.output(0)});
}

// Frames [batch, frames, frame_length, c] gathered by a constant index table, windowed,
// then transformed along the frame.
void LowerStft(NodeLowering& n) {
  RequireFloat(n, 0);
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 3) n.NotValid("signal", "must be [batch, length, 1 or 2]");
  const std::vector<int64_t> step = n.ConstantInts(1, "frame_step");
  if (step.size() != 1 || step[0] < 1) n.NotValid("frame_step", "must be one positive step");
  const bool has_window = n.has_input(2);
  int64_t frame = -1;
  if (n.has_input(3)) {
    const std::vector<int64_t> l = n.ConstantInts(3, "frame_length");
    if (l.size() != 1 || l[0] < 1) n.NotValid("frame_length", "must be one positive length");
    frame = l[0];
  }
  if (has_window) {
    RequireFloat(n, 2);
    const ir::Shape w = n.input_shape(2);
    if (w.size() != 1) n.NotValid("window", "must be 1-D");
    if (frame >= 0 && frame != w[0]) n.NotValid("window", "must have frame_length elements");
    frame = w[0];
  }
  if (frame < 1) n.NotValid("frame_length", "or a window is required");
  if (frame > x[1]) n.NotValid("frame_length", "exceeds the signal's length");
  const int64_t frames = (x[1] - frame) / step[0] + 1;
  std::vector<int64_t> index(static_cast<size_t>(frames * frame));
  for (int64_t f = 0; f < frames; ++f) {
    for (int64_t s = 0; s < frame; ++s) index[static_cast<size_t>(f * frame + s)] = f * step[0] + s;
  }
  ir::Graph& g = n.graph();
  const ir::ValueId table = g.AddInt64Constant(g.UniqueName(n.node().output(0) + "/frame_index"), {frames, frame}, index);
  ir::ValueId framed = n.NewValue("frames");
  n.Emit(ir::op::kGather, {n.input(0), table}, {framed}).attrs.set("axis", int64_t{1});
  if (has_window) {
    const ir::ValueId w = EmitReshape(n, n.input(2), {1, 1, frame, 1}, "window_column");
    framed = EmitBinary(n, ir::op::kMul, framed, w, "windowed");
  }
  const bool onesided = n.IntAttr("onesided", 1) != 0;
  const ir::ValueId y = Transform(n, framed, {x[0], frames, frame, x[2]}, frame, onesided ? frame / 2 + 1 : frame,
                                  false, "stft");
  n.Emit(ir::op::kIdentity, {y}, {n.output(0)});
}

}  // namespace neo::onnx_frontend
