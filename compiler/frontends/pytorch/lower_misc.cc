// softmax/log_softmax, reductions (mean, sum, amax, amin, argmax), pad, upsample, and
// dtype conversions.
#include <algorithm>
#include <cmath>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

void CheckNoDtype(NodeLowering& n, size_t i) {
  if (i < n.num_inputs() && !n.IsNone(i)) {
    const int64_t t = n.Int(i, "dtype");
    if (t != static_cast<int64_t>(at::kFloat)) n.NotSupported("dtype other than float32");
  }
}

void Softmax(NodeLowering& n, const char* ir_op) {
  const ir::ValueId x = n.Tensor(0);
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), rank);
  // softmax(x, dim, dtype=None); _softmax(x, dim, half_to_float) has a bool instead.
  if (n.num_inputs() > 2 && !n.input(2).constant.isBool()) CheckNoDtype(n, 2);
  ir::Attributes a;
  a.set("axis", dim);
  n.SetOutput(0, n.Emit(ir_op, {x}, a));
}

// The reduced axes: `dims` (input 1) or all of them when absent, None or empty.
std::vector<int64_t> Axes(NodeLowering& n, size_t i, int64_t rank) {
  std::vector<int64_t> axes;
  if (i < n.num_inputs() && !n.IsNone(i) && !n.input(i).constant.isInt() &&
      !n.input(i).constant.isIntList()) {
    n.NotValid("dim", "must be a list of dimensions");
  }
  if (i < n.num_inputs() && !n.IsNone(i)) axes = n.Ints(i, "dim");
  if (axes.empty()) {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t& a : axes) {
    a = NormalizeDim(n, "dim", a, rank);
    if (seen[static_cast<size_t>(a)]) n.NotValid("dim", "names a dimension twice");
    seen[static_cast<size_t>(a)] = true;
  }
  std::sort(axes.begin(), axes.end());
  return axes;
}

// mean/sum/amax/amin(x, dim, keepdim=False, ...) and the full reductions mean(x)/sum(x).
void Reduce(NodeLowering& n, const std::string& kind, bool has_dtype) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t rank = static_cast<int64_t>(s.size());
  const bool full = n.num_inputs() <= 2 && (n.num_inputs() == 1 || n.IsNone(1) ||
                                            !(n.input(1).constant.isIntList() || n.input(1).constant.isInt()));
  if (full && has_dtype && n.num_inputs() == 2) CheckNoDtype(n, 1);
  const std::vector<int64_t> axes = full ? Axes(n, 99, rank) : Axes(n, 1, rank);
  const bool keepdim = !full && n.num_inputs() > 2 && n.Bool(2, "keepdim");
  if (!full && has_dtype) CheckNoDtype(n, 3);
  // A spatial mean of an image is the global average pool (a faster kernel).
  if (kind == "mean" && rank == 4 && axes == std::vector<int64_t>{2, 3} &&
      n.graph().value(x).dtype == ir::DType::kFloat32) {
    ir::Attributes a;
    a.set("layout", std::string("NCHW"));
    const ir::ValueId y = n.Emit(ir::op::kGlobalAveragePool, {x}, a);
    n.SetOutput(0, keepdim ? y : n.Reshape(y, {s[0], s[1]}));
    return;
  }
  ir::Attributes a;
  a.set("kind", kind);
  a.set("axes", axes);
  a.set("keepdims", static_cast<int64_t>(keepdim));
  n.SetOutput(0, n.Emit(ir::op::kReduce, {x}, a, n.graph().value(x).dtype));
}

}  // namespace

void LowerSoftmax(NodeLowering& n) { Softmax(n, ir::op::kSoftmax); }
void LowerLogSoftmax(NodeLowering& n) { Softmax(n, ir::op::kLogSoftmax); }
void LowerMean(NodeLowering& n) { Reduce(n, "mean", true); }
void LowerSum(NodeLowering& n) { Reduce(n, "sum", true); }
void LowerAmax(NodeLowering& n) { Reduce(n, "max", false); }
void LowerAmin(NodeLowering& n) { Reduce(n, "min", false); }

// argmax/argmin(x, dim=None, keepdim=False)
void ArgReduce(NodeLowering& n, const char* kind) {
  ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  int64_t dim = 0;
  if (n.IsNone(1)) {
    x = n.Reshape(x, {ir::NumElements(s)});
  } else {
    dim = NormalizeDim(n, "dim", n.Int(1, "dim"), static_cast<int64_t>(s.size()));
  }
  ir::Attributes a;
  a.set("kind", std::string(kind));
  a.set("axis", dim);
  a.set("keepdims", static_cast<int64_t>(!n.IsNone(1) && n.Bool(2, "keepdim")));
  a.set("select_last_index", int64_t{0});
  n.SetOutput(0, n.Emit(ir::op::kArgReduce, {x}, a, ir::DType::kInt64));
}
void LowerArgmax(NodeLowering& n) { ArgReduce(n, "max"); }
void LowerArgmin(NodeLowering& n) { ArgReduce(n, "min"); }

namespace {

// PyTorch's pad list runs from the last dimension backwards: (left, right, top, bottom,
// ...). The IR's is [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}].
void EmitPad(NodeLowering& n, const std::vector<int64_t>& pad, const std::string& mode,
             double value) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const size_t rank = s.size();
  if (pad.size() % 2 != 0 || pad.size() / 2 > rank) n.NotValid("pad", "must hold pairs for at most every dimension");
  std::vector<int64_t> pads(2 * rank, 0);
  for (size_t k = 0; k < pad.size() / 2; ++k) {
    const size_t d = rank - 1 - k;
    pads[d] = pad[2 * k];
    pads[rank + d] = pad[2 * k + 1];
    if (mode != "constant" && (pads[d] < 0 || pads[rank + d] < 0)) {
      n.NotValid("pad", "cannot be negative in mode " + mode);
    }
    if (mode == "reflect" && (pads[d] >= s[d] || pads[rank + d] >= s[d])) {
      n.NotValid("pad", "must be smaller than the padded dimension in reflect mode");
    }
  }
  ir::Attributes a;
  a.set("pads", pads);
  a.set("mode", mode);
  a.set("value", value);
  n.SetOutput(0, n.Emit(ir::op::kPad, {x}, a, n.graph().value(x).dtype));
}

}  // namespace

// constant_pad_nd(x, pad, value=0)
void LowerConstantPad(NodeLowering& n) {
  EmitPad(n, n.Ints(1, "pad"), "constant", n.num_inputs() > 2 ? n.Float(2, "value") : 0.0);
}
// reflection_padNd(x, padding) / replication_padNd(x, padding)
void LowerReflectionPad(NodeLowering& n) { EmitPad(n, n.Ints(1, "padding"), "reflect", 0.0); }
void LowerReplicationPad(NodeLowering& n) { EmitPad(n, n.Ints(1, "padding"), "edge", 0.0); }
// pad(x, pad, mode="constant", value=None)
void LowerPad(NodeLowering& n) {
  const std::string mode = n.num_inputs() > 2 ? n.String(2, "mode") : "constant";
  const double value = n.num_inputs() > 3 && !n.IsNone(3) ? n.Float(3, "value") : 0.0;
  if (mode == "constant") return EmitPad(n, n.Ints(1, "pad"), "constant", value);
  if (mode == "reflect") return EmitPad(n, n.Ints(1, "pad"), "reflect", 0.0);
  if (mode == "replicate") return EmitPad(n, n.Ints(1, "pad"), "edge", 0.0);
  n.NotSupported("mode '" + mode + "'");
}

namespace {

// Upsampling of [N, C, spatial...] (1-D, 2-D, 3-D, as the operator's name says): the
// output size from output_size or from the scale factors (floor(in * scale)), and the
// scale the coordinate mapping uses, which PyTorch takes from scale_factor when one is
// given. Arguments are found by name: the .vec overloads take (output_size?,
// [align_corners,] scale_factors?), the others (output_size, [align_corners,] scales...).
void Upsample(NodeLowering& n, const std::string& mode, size_t spatial) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  if (s.size() != spatial + 2) {
    n.NotValid("input", "must have " + std::to_string(spatial + 2) + " dimensions");
  }
  bool align_corners = false;
  std::vector<double> factors;  // from scale_factor, else empty
  std::vector<int64_t> size;
  std::vector<size_t> scale_args;
  const auto& args = n.node()->schema().arguments();
  for (size_t i = 1; i < n.num_inputs() && i < args.size(); ++i) {
    const std::string& name = args[i].name();
    if (name == "output_size" && !n.IsNone(i)) size = n.Ints(i, "output_size");
    if (name == "align_corners") align_corners = n.Bool(i, "align_corners");
    if (name == "scale_factors" && !n.IsNone(i)) factors = n.Floats(i, "scale_factors");
    if (name.rfind("scales", 0) == 0) scale_args.push_back(i);
  }
  bool all_scales = !scale_args.empty();
  for (size_t i : scale_args) all_scales = all_scales && !n.IsNone(i);
  if (all_scales) {
    for (size_t i : scale_args) factors.push_back(n.Float(i, "scales"));
  }
  if (factors.size() == 1) factors.resize(spatial, factors[0]);
  if (size.size() == 1) size.resize(spatial, size[0]);
  if (size.empty() && factors.size() != spatial) n.NotValid("output_size", "or scale_factor is needed");
  if (size.empty()) {
    for (size_t d = 0; d < spatial; ++d) {
      size.push_back(static_cast<int64_t>(std::floor(static_cast<double>(s[2 + d]) * factors[d])));
    }
  }
  if (size.size() != spatial) n.NotValid("output_size", "must have one size per spatial dimension");
  for (int64_t v : size) {
    if (v <= 0) n.NotValid("output_size", "must be positive");
  }
  std::vector<double> scales(s.size(), 1.0);
  for (size_t d = 0; d < spatial; ++d) {
    double scale = factors.empty() ? static_cast<double>(size[d]) / static_cast<double>(s[2 + d])
                                   : factors[d];
    // The IR's output is floor(in * scale): nudge the scale up where rounding would lose
    // a row (e.g. 13 / 7 * 7 < 13).
    while (static_cast<int64_t>(std::floor(static_cast<double>(s[2 + d]) * scale)) < size[d]) {
      scale = std::nextafter(scale, 1e300);
    }
    if (static_cast<int64_t>(std::floor(static_cast<double>(s[2 + d]) * scale)) != size[d]) {
      n.NotValid("scale_factor", "does not give the output size");
    }
    scales[2 + d] = scale;
  }
  ir::Attributes a;
  std::string transform = "asymmetric", nearest = "floor", resize_mode = mode;
  if (mode == "nearest_exact") {
    // src = floor((dst + 0.5) / scale): half_pixel's (dst + 0.5) / scale - 0.5, rounded
    // half up.
    resize_mode = "nearest";
    transform = "half_pixel";
    nearest = "round_prefer_ceil";
  } else if (mode == "linear") {
    transform = align_corners ? "align_corners" : "pytorch_half_pixel";
  } else if (mode == "cubic") {
    // PyTorch's bicubic does not clamp negative source coordinates to 0, unlike its
    // linear modes: ONNX's half_pixel; A = -0.75, edge pixels repeat.
    transform = align_corners ? "align_corners" : "half_pixel";
    a.set("cubic_coeff_a", -0.75);
  }
  a.set("mode", resize_mode);
  a.set("coordinate_transformation_mode", transform);
  a.set("nearest_mode", nearest);
  a.set("scales", scales);
  n.SetOutput(0, n.Emit(ir::op::kResize, {x}, a, n.graph().value(x).dtype));
}

}  // namespace

void LowerUpsampleNearest(NodeLowering& n) {
  const std::string op = n.op();
  const size_t spatial = op.find("1d") != std::string::npos ? 1 : op.find("3d") != std::string::npos ? 3 : 2;
  Upsample(n, op.find("exact") != std::string::npos ? "nearest_exact" : "nearest", spatial);
}
void LowerUpsampleBilinear(NodeLowering& n) {
  const std::string op = n.op();
  const size_t spatial = op.find("1d") != std::string::npos ? 1 : op.find("3d") != std::string::npos ? 3 : 2;
  Upsample(n, "linear", spatial);
}
void LowerUpsampleBicubic(NodeLowering& n) { Upsample(n, "cubic", 2); }

// to(x, dtype, ...), to(x, device, dtype, ...), type_as(x, other): float32 stays as it
// is; other types are a Cast.
void LowerTo(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const auto& args = n.node()->schema().arguments();
  for (size_t i = 1; i < n.num_inputs() && i < args.size(); ++i) {
    if (args[i].name() != "dtype" || n.IsNone(i)) continue;
    const auto type = static_cast<at::ScalarType>(n.Int(i, "dtype"));
    ir::DType dt;
    switch (type) {
      case at::kFloat: dt = ir::DType::kFloat32; break;
      case at::kLong: dt = ir::DType::kInt64; break;
      case at::kInt: dt = ir::DType::kInt32; break;
      case at::kBool: dt = ir::DType::kBool; break;
      case at::kByte: dt = ir::DType::kUInt8; break;
      case at::kChar: dt = ir::DType::kInt8; break;
      default: n.NotSupported(std::string("dtype ") + c10::toString(type));
    }
    if (dt == n.graph().value(x).dtype) break;
    ir::Attributes a;
    a.set("to", std::string(ir::DTypeName(dt)));
    n.SetOutput(0, n.Emit(ir::op::kCast, {x}, a, dt));
    return;
  }
  n.SetOutput(0, x);
}

}  // namespace neo::pytorch_frontend
