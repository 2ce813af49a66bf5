// Pooling (and Pooling_v1) and UpSampling.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

ir::Shape Rank4(const NodeLowering& n, int i) {
  const ir::Shape x = n.input_shape(i);
  if (x.size() != 4) {
    if (x.size() == 3 || x.size() == 5) {
      n.NotSupported(std::to_string(x.size() - 2) + "-D pooling");
    }
    throw MalformedInputError(n.op() + " node '" + n.node().name +
                              "' takes a rank-4 input (NCHW), not " + ir::ShapeToString(x) + ".");
  }
  if (n.input_value(i).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
  return x;
}

std::vector<int64_t> Pair(const NodeLowering& n, const std::string& name, int64_t fallback,
                          int64_t min) {
  std::vector<int64_t> v = n.attrs().Ints(name, {});
  if (v.empty()) v = {fallback, fallback};
  if (v.size() != 2) n.NotValid(name, "must have 2 values");
  for (int64_t e : v) {
    if (e < min) n.NotValid(name, "must be at least " + std::to_string(min));
  }
  return v;
}

ir::ValueId Scale(NodeLowering& n, ir::ValueId x, float factor) {
  return n.Emit(ir::op::kMul, {x, n.FloatConstant({}, {factor}, "scale")});
}

}  // namespace

void LowerPooling(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const bool v1 = n.op() == "Pooling_v1";
  const ir::Shape x = Rank4(n, 0);
  const std::string type = n.attrs().Choice("pool_type", {"max", "avg", "sum", "lp"}, "max");
  if (type == "lp") n.NotSupported("pool_type lp");
  const std::string layout = n.attrs().String("layout", "None");
  if (layout != "None" && layout != "NCHW") n.NotSupported("layout " + layout);
  if (n.attrs().Bool("global_pool", false)) {
    const char* op = type == "max" ? ir::op::kGlobalMaxPool : ir::op::kGlobalAveragePool;
    ir::Attributes a;
    a.set("layout", std::string("NCHW"));
    ir::ValueId y = n.Emit(op, {n.input(0)}, a);
    if (type == "sum") y = Scale(n, y, static_cast<float>(x[2] * x[3]));
    n.SetOutput(0, y);
    return;
  }
  const std::vector<int64_t> kernel = n.attrs().Ints("kernel");
  if (kernel.size() != 2) {
    if (kernel.size() == 1 || kernel.size() == 3) {
      n.NotSupported(std::to_string(kernel.size()) + "-D pooling");
    }
    n.NotValid("kernel", "must have 2 values");
  }
  for (int64_t k : kernel) {
    if (k < 1) n.NotValid("kernel", "must be at least 1");
  }
  const std::vector<int64_t> stride = Pair(n, "stride", 1, 1);
  const std::vector<int64_t> pad = Pair(n, "pad", 0, 0);
  const std::string convention =
      v1 ? n.attrs().Choice("pooling_convention", {"valid", "full"}, "valid")
         : n.attrs().Choice("pooling_convention", {"valid", "full", "same"}, "valid");
  if (convention == "same") n.NotSupported("pooling_convention same");
  // pads: top, left, bottom, right. `full` rounds the output size up; the extra
  // bottom/right rows it needs lie beyond the padding.
  std::vector<int64_t> pads = {pad[0], pad[1], pad[0], pad[1]};
  std::vector<int64_t> ceil_pads = pads;
  for (size_t i = 0; i < 2; ++i) {
    const int64_t span = x[2 + i] + 2 * pad[i] - kernel[i];
    if (span < 0) {
      n.NotValid("kernel", "is larger than the padded input (" +
                               std::to_string(x[2 + i] + 2 * pad[i]) + ")");
    }
    if (convention == "full") {
      const int64_t out = (span + stride[i] - 1) / stride[i] + 1;
      ceil_pads[2 + i] += (out - 1) * stride[i] + kernel[i] - (x[2 + i] + 2 * pad[i]);
    }
  }
  ir::Attributes a;
  a.set("kernel", kernel);
  a.set("strides", stride);
  a.set("pads", ceil_pads);
  a.set("layout", std::string("NCHW"));
  if (type == "max") {
    n.SetOutput(0, n.Emit(ir::op::kMaxPool2D, {n.input(0)}, a));
    return;
  }
  // The divisor: Pooling's avg with count_include_pad (its default) counts the padding
  // but not the rows `full` adds; Pooling_v1's avg and every sum divide by (sum: undo)
  // the whole window.
  bool include_pad = true;
  if (!v1 && type == "avg" && n.attrs().has("count_include_pad") &&
      !n.attrs().is_none("count_include_pad")) {
    include_pad = n.attrs().Bool("count_include_pad", true);
  }
  const bool whole_window = v1 || type == "sum";
  a.set("count_include_pad", int64_t{include_pad || whole_window ? 1 : 0});
  a.set("counted_pads", whole_window ? ceil_pads : pads);
  ir::ValueId y = n.Emit(ir::op::kAveragePool2D, {n.input(0)}, a);
  if (type == "sum") y = Scale(n, y, static_cast<float>(kernel[0] * kernel[1]));
  n.SetOutput(0, y);
}

void LowerUpSampling(NodeLowering& n) {
  const int64_t scale = n.attrs().Int("scale");
  if (scale < 1) n.NotValid("scale", "must be at least 1");
  const std::string type = n.attrs().Choice("sample_type", {"nearest", "bilinear"}, "nearest");
  const int64_t num_args = n.attrs().Int("num_args", 1);
  if (num_args < 1) n.NotValid("num_args", "must be at least 1");
  if (type == "bilinear") {
    // MXNet's bilinear upsampling is a depthwise deconvolution whose weight (input 1) the
    // model carries, with the kernel, stride and padding the scale implies.
    n.RequireInputs(2, 2);
    const ir::Shape x = Rank4(n, 0);
    const int64_t k = 2 * scale - scale % 2;
    const int64_t p = scale / 2;  // ceil((scale - 1) / 2)
    const ir::Value& w = n.ConstantInput(1, "weight");
    if (w.shape != ir::Shape{x[1], 1, k, k}) {
      throw MalformedInputError("UpSampling node '" + n.node().name + "': weight '" + w.name +
                                "' has shape " + ir::ShapeToString(w.shape) + ", not " +
                                ir::ShapeToString({x[1], 1, k, k}) + ".");
    }
    ir::Attributes a;
    a.set("strides", std::vector<int64_t>{scale, scale});
    a.set("pads", std::vector<int64_t>{p, p, p, p});
    a.set("group", x[1]);
    a.set("layout", std::string("NCHW"));
    n.SetOutput(0, n.Emit(ir::op::kConvTranspose2D, {n.input(0), n.input(1)}, a));
    return;
  }
  n.RequireInputs(static_cast<int>(num_args), static_cast<int>(num_args));
  const std::string mode = n.attrs().Choice("multi_input_mode", {"concat", "sum"}, "concat");
  const ir::Shape first = Rank4(n, 0);
  const int64_t out_h = first[2] * scale, out_w = first[3] * scale;
  std::vector<ir::ValueId> parts;
  for (int i = 0; i < n.num_inputs(); ++i) {
    const ir::Shape x = Rank4(n, i);
    // Every input is brought to the first one's output size.
    if (out_h % x[2] != 0 || out_w % x[3] != 0 || out_h / x[2] != out_w / x[3]) {
      throw MalformedInputError("UpSampling node '" + n.node().name + "': input " +
                                std::to_string(i) + " " + ir::ShapeToString(x) +
                                " does not scale to " + std::to_string(out_h) + "x" +
                                std::to_string(out_w) + " by a whole factor.");
    }
    const double s = static_cast<double>(out_h / x[2]);
    ir::Attributes a;
    a.set("mode", std::string("nearest"));
    a.set("coordinate_transformation_mode", std::string("asymmetric"));
    a.set("nearest_mode", std::string("floor"));
    a.set("scales", std::vector<double>{1.0, 1.0, s, s});
    parts.push_back(s == 1.0 ? n.input(i) : n.EmitLike(ir::op::kResize, {n.input(i)}, a));
  }
  if (parts.size() == 1) {
    n.SetOutput(0, parts[0]);
    return;
  }
  if (mode == "concat") {
    ir::Attributes a;
    a.set("axis", int64_t{1});
    n.SetOutput(0, n.Emit(ir::op::kConcat, parts, a));
    return;
  }
  ir::ValueId sum = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) sum = n.Emit(ir::op::kAdd, {sum, parts[i]});
  n.SetOutput(0, sum);
}

}  // namespace neo::mx_frontend
