// Emitters for the tensor operators of issue 4 (ops.h, "Tensor operators"). Those with a
// oneDNN primitive (ConvTranspose2D, BatchMatMul: heavy; LRN, Reduce: light) offer it
// first; the rest run the reference kernels. Kernels for tensors of any element type
// take void* buffers, so the float-typed addresses of TensorAddresses serve them too.
#include <limits>

#include "compiler/codegen/kernel_emitters.h"
#include "compiler/codegen/params_code.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ops.h"

namespace neo::codegen {

namespace {

using kernels::Backend;

kernels::Dims ToDims(const std::vector<int64_t>& s, const ir::Node& n) {
  if (s.size() > static_cast<size_t>(kernels::Dims::kMaxRank)) {
    throw AttributeNotImplementedError("tensors of rank " + std::to_string(s.size()),
                                       n.source_op);
  }
  kernels::Dims d;
  for (int64_t v : s) d.d[d.rank++] = v;
  return d;
}

ElementType ElementTypeOf(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return ElementType::kFloat32;
    case ir::DType::kInt64: return ElementType::kInt64;
    case ir::DType::kInt32: return ElementType::kInt32;
    case ir::DType::kBool: return ElementType::kBool;
    case ir::DType::kUInt8: return ElementType::kUInt8;
    case ir::DType::kInt8: return ElementType::kInt8;
  }
  return ElementType::kFloat32;
}

void RequireFloatInput(const ir::Graph& g, const ir::Node& n, size_t i) {
  const ir::DType t = g.value(n.inputs[i]).dtype;
  if (t != ir::DType::kFloat32) {
    throw AttributeNotImplementedError(std::string("input of type ") + ir::DTypeName(t),
                                       n.source_op);
  }
}

// What the compiler hands the kernels must be something their reference runs; anything
// else is a configuration the kernels do not implement.
template <typename Params, typename SupportsFn>
void RequireSupported(const Params& p, SupportsFn supports, const ir::Node& n,
                      const std::string& what) {
  if (!supports(Backend::kReference, p)) throw AttributeNotImplementedError(what, n.source_op);
}

KernelMember Member(const char* type, const char* params_type, std::string params_body,
                    const char* header, Backend backend, std::vector<std::string> args,
                    std::string summary) {
  KernelMember k;
  k.type = type;
  k.params_type = params_type;
  k.params_body = std::move(params_body);
  k.include = header;
  k.has_backend = true;
  k.backend = backend;
  k.pointer_args = std::move(args);
  k.summary = std::move(summary);
  return k;
}

std::string Shape(const ir::Graph& g, ir::ValueId v) { return ir::ShapeToString(ShapeOf(g, v)); }

}  // namespace

KernelMember EmitConvTranspose2D(const ir::Graph& g, const ir::Node& n,
                                 const TensorAddresses& a, const BackendPolicy& policy) {
  RequireFloatInput(g, n, 0);
  const std::string layout = n.attrs.GetString("layout", "NCHW");
  const bool nhwc = layout == "NHWC";
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  const ir::Shape& w = ShapeOf(g, n.inputs[1]);
  const ir::Shape& y = ShapeOf(g, n.outputs[0]);
  const auto strides = n.attrs.GetInts("strides", {1, 1});
  const auto dilations = n.attrs.GetInts("dilations", {1, 1});
  const auto pads = n.attrs.GetInts("pads", {0, 0, 0, 0});
  const auto output_padding = n.attrs.GetInts("output_padding", {0, 0});
  if (x.size() != 4) throw AttributeNotImplementedError("non-2-D ConvTranspose", n.source_op);
  kernels::ConvTranspose2DParams p;
  p.nhwc = nhwc;
  p.batch = ToInt(x[0]);
  p.input_channels = ToInt(nhwc ? x[3] : x[1]);
  p.input_height = ToInt(nhwc ? x[1] : x[2]);
  p.input_width = ToInt(nhwc ? x[2] : x[3]);
  p.output_channels = ToInt(nhwc ? y[3] : y[1]);
  p.output_height = ToInt(nhwc ? y[1] : y[2]);
  p.output_width = ToInt(nhwc ? y[2] : y[3]);
  p.kernel_height = ToInt(w[2]);
  p.kernel_width = ToInt(w[3]);
  p.stride_height = ToInt(strides[0]);
  p.stride_width = ToInt(strides[1]);
  p.dilation_height = ToInt(dilations[0]);
  p.dilation_width = ToInt(dilations[1]);
  // Pads may be negative after resolving output_shape: the kernels take ints as they are.
  p.pad_top = static_cast<int>(pads[0]);
  p.pad_left = static_cast<int>(pads[1]);
  p.pad_bottom = static_cast<int>(pads[2]);
  p.pad_right = static_cast<int>(pads[3]);
  p.output_padding_height = ToInt(output_padding[0]);
  p.output_padding_width = ToInt(output_padding[1]);
  p.groups = ToInt(n.attrs.GetInt("group", 1));
  p.output_min = static_cast<float>(
      n.attrs.GetFloat("act_min", -std::numeric_limits<double>::infinity()));
  p.output_max = static_cast<float>(
      n.attrs.GetFloat("act_max", std::numeric_limits<double>::infinity()));
  RequireSupported(p, kernels::ConvTranspose2DSupports, n, "this ConvTranspose geometry");
  const bool has_bias = n.inputs.size() > 2 && n.inputs[2] != ir::kNoValue;
  return Member("neo::kernels::ConvTranspose2D", "ConvTranspose2DParams", ParamsCode(p),
                "kernels/conv_transpose.h",
                ChooseBackend({Backend::kOnednn}, p, kernels::ConvTranspose2DSupports, policy),
                {a.Address(n.inputs[1]), has_bias ? a.Address(n.inputs[2]) : "nullptr",
                 a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "ConvTranspose2D " + std::to_string(p.kernel_height) + "x" +
                    std::to_string(p.kernel_width) + "/" + std::to_string(p.stride_height) +
                    " " + std::to_string(p.input_channels) + "->" +
                    std::to_string(p.output_channels) + " " + layout);
}

KernelMember EmitLrn(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                     const BackendPolicy& policy) {
  RequireFloatInput(g, n, 0);
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  if (x.size() < 2) throw AttributeNotImplementedError("LRN of rank < 2", n.source_op);
  const bool nhwc = n.attrs.GetString("layout", "NCHW") == "NHWC";
  const size_t channel_axis = nhwc ? x.size() - 1 : 1;
  int64_t outer = 1, inner = 1;
  for (size_t i = 0; i < x.size(); ++i) {
    if (i < channel_axis) outer *= x[i];
    if (i > channel_axis) inner *= x[i];
  }
  kernels::LrnParams p;
  p.outer = ToInt(outer);
  p.channels = ToInt(x[channel_axis]);
  p.inner = ToInt(inner);
  p.size = ToInt(n.attrs.GetInt("size"));
  p.alpha = static_cast<float>(n.attrs.GetFloat("alpha", 1e-4));
  p.beta = static_cast<float>(n.attrs.GetFloat("beta", 0.75));
  p.bias = static_cast<float>(n.attrs.GetFloat("bias", 1.0));
  RequireSupported(p, kernels::LrnSupports, n, "LRN size " + std::to_string(p.size));
  return Member("neo::kernels::Lrn", "LrnParams", ParamsCode(p), "kernels/lrn.h",
                ChooseBackend(LightOperatorBackends(policy), p, kernels::LrnSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "LRN size " + std::to_string(p.size) + " " + Shape(g, n.inputs[0]));
}

KernelMember EmitReduce(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& policy) {
  RequireFloatInput(g, n, 0);
  const std::string kind = n.attrs.GetString("kind");
  kernels::ReduceParams p;
  if (kind == "sum") p.kind = kernels::ReduceKind::kSum;
  else if (kind == "mean") p.kind = kernels::ReduceKind::kMean;
  else if (kind == "max") p.kind = kernels::ReduceKind::kMax;
  else if (kind == "min") p.kind = kernels::ReduceKind::kMin;
  else if (kind == "prod") p.kind = kernels::ReduceKind::kProd;
  else throw AttributeNotImplementedError("reduction '" + kind + "'", n.source_op);
  p.input_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.axes = ToDims(n.attrs.GetInts("axes", {}), n);
  RequireSupported(p, kernels::ReduceSupports, n, "these reduction axes");
  return Member("neo::kernels::Reduce", "ReduceParams", ParamsCode(p), "kernels/reduce.h",
                ChooseBackend(LightOperatorBackends(policy), p, kernels::ReduceSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Reduce " + kind + " " + Shape(g, n.inputs[0]) + " axes " +
                    ir::ShapeToString(n.attrs.GetInts("axes", {})));
}

KernelMember EmitArgReduce(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                           const BackendPolicy& policy) {
  RequireFloatInput(g, n, 0);
  const std::string kind = n.attrs.GetString("kind");
  kernels::ArgReduceParams p;
  if (kind == "max") p.kind = kernels::ArgReduceKind::kMax;
  else if (kind == "min") p.kind = kernels::ArgReduceKind::kMin;
  else throw AttributeNotImplementedError("arg-reduction '" + kind + "'", n.source_op);
  p.input_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.axis = static_cast<int>(n.attrs.GetInt("axis", 0));
  p.select_last_index = n.attrs.GetInt("select_last_index", 0) != 0;
  RequireSupported(p, kernels::ArgReduceSupports, n, "an arg-reduction over an empty axis");
  return Member("neo::kernels::ArgReduce", "ArgReduceParams", ParamsCode(p),
                "kernels/reduce.h",
                ChooseBackend({}, p, kernels::ArgReduceSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Arg" + kind + " " + Shape(g, n.inputs[0]) + " axis " +
                    std::to_string(p.axis));
}

KernelMember EmitCast(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                      const BackendPolicy& policy) {
  const ir::Value& in = g.value(n.inputs[0]);
  const ir::Value& out = g.value(n.outputs[0]);
  kernels::CastParams p;
  p.from = ElementTypeOf(in.dtype);
  p.to = ElementTypeOf(out.dtype);
  p.count = in.num_elements();
  RequireSupported(p, kernels::CastSupports, n, "this cast");
  return Member("neo::kernels::Cast", "CastParams", ParamsCode(p), "kernels/cast.h",
                ChooseBackend({}, p, kernels::CastSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                std::string("Cast ") + ir::DTypeName(in.dtype) + "->" +
                    ir::DTypeName(out.dtype) + " " + ir::ShapeToString(in.shape));
}

KernelMember EmitGather(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& policy) {
  const ir::Value& data = g.value(n.inputs[0]);
  const ir::Value& indices = g.value(n.inputs[1]);
  if (indices.dtype != ir::DType::kInt64 && indices.dtype != ir::DType::kInt32) {
    throw AttributeNotImplementedError(
        std::string("indices of type ") + ir::DTypeName(indices.dtype), n.source_op);
  }
  kernels::GatherParams p;
  p.data_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.axis = static_cast<int>(n.attrs.GetInt("axis", 0));
  p.num_indices = indices.num_elements();
  p.element_size = ir::DTypeSize(data.dtype);
  p.index_size = ir::DTypeSize(indices.dtype);
  RequireSupported(p, kernels::GatherSupports, n, "a gather from an empty axis");
  return Member("neo::kernels::Gather", "GatherParams", ParamsCode(p), "kernels/gather.h",
                ChooseBackend({}, p, kernels::GatherSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.inputs[1]), a.Address(n.outputs[0])},
                "Gather " + Shape(g, n.inputs[0]) + " axis " + std::to_string(p.axis) +
                    " by " + std::to_string(p.num_indices));
}

KernelMember EmitSlice(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                       const BackendPolicy& policy) {
  kernels::SliceParams p;
  p.input_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.output_shape = ToDims(ShapeOf(g, n.outputs[0]), n);
  p.starts = ToDims(n.attrs.GetInts("starts"), n);
  p.steps = ToDims(n.attrs.GetInts("steps", std::vector<int64_t>(p.input_shape.rank, 1)), n);
  p.element_size = ir::DTypeSize(g.value(n.inputs[0]).dtype);
  if (!kernels::SliceSupports(Backend::kReference, p)) {
    throw std::logic_error("codegen: Slice '" + n.name + "' reads outside its input");
  }
  return Member("neo::kernels::Slice", "SliceParams", ParamsCode(p), "kernels/slice.h",
                ChooseBackend({}, p, kernels::SliceSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Slice " + Shape(g, n.inputs[0]) + "->" + Shape(g, n.outputs[0]));
}

KernelMember EmitPad(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                     const BackendPolicy& policy) {
  const ir::Value& in = g.value(n.inputs[0]);
  const auto pads = n.attrs.GetInts("pads");
  const size_t r = in.shape.size();
  if (pads.size() != 2 * r) throw std::logic_error("codegen: Pad '" + n.name + "' pads");
  kernels::PadParams p;
  const std::string mode = n.attrs.GetString("mode", "constant");
  if (mode == "constant") p.mode = kernels::PadMode::kConstant;
  else if (mode == "reflect") p.mode = kernels::PadMode::kReflect;
  else if (mode == "edge") p.mode = kernels::PadMode::kEdge;
  else throw AttributeNotImplementedError("mode '" + mode + "'", n.source_op);
  p.input_shape = ToDims(in.shape, n);
  p.begin = ToDims(std::vector<int64_t>(pads.begin(), pads.begin() + r), n);
  p.end = ToDims(std::vector<int64_t>(pads.begin() + r, pads.end()), n);
  p.value = n.attrs.GetFloat("value", 0.0);
  p.type = ElementTypeOf(in.dtype);
  RequireSupported(p, kernels::PadSupports, n, mode + " padding of an empty dimension");
  return Member("neo::kernels::Pad", "PadParams", ParamsCode(p), "kernels/pad.h",
                ChooseBackend({}, p, kernels::PadSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Pad " + mode + " " + ir::ShapeToString(in.shape) + "->" +
                    Shape(g, n.outputs[0]));
}

KernelMember EmitResize(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& policy) {
  const ir::Value& in = g.value(n.inputs[0]);
  kernels::ResizeParams p;
  const std::string mode = n.attrs.GetString("mode", "nearest");
  const std::string coord = n.attrs.GetString("coordinate_transformation_mode", "half_pixel");
  const std::string nearest = n.attrs.GetString("nearest_mode", "round_prefer_floor");
  if (mode == "nearest") p.mode = kernels::ResizeMode::kNearest;
  else if (mode == "linear") p.mode = kernels::ResizeMode::kLinear;
  else throw AttributeNotImplementedError("mode '" + mode + "'", n.source_op);
  if (coord == "half_pixel") p.coordinates = kernels::ResizeCoordinates::kHalfPixel;
  else if (coord == "asymmetric") p.coordinates = kernels::ResizeCoordinates::kAsymmetric;
  else if (coord == "align_corners") p.coordinates = kernels::ResizeCoordinates::kAlignCorners;
  else if (coord == "pytorch_half_pixel")
    p.coordinates = kernels::ResizeCoordinates::kPytorchHalfPixel;
  else if (coord == "tf_half_pixel_for_nn")
    p.coordinates = kernels::ResizeCoordinates::kTfHalfPixelForNn;
  else throw AttributeNotImplementedError("coordinate_transformation_mode '" + coord + "'",
                                          n.source_op);
  if (nearest == "round_prefer_floor") p.nearest = kernels::ResizeNearest::kRoundPreferFloor;
  else if (nearest == "round_prefer_ceil") p.nearest = kernels::ResizeNearest::kRoundPreferCeil;
  else if (nearest == "floor") p.nearest = kernels::ResizeNearest::kFloor;
  else if (nearest == "ceil") p.nearest = kernels::ResizeNearest::kCeil;
  else throw AttributeNotImplementedError("nearest_mode '" + nearest + "'", n.source_op);
  p.input_shape = ToDims(in.shape, n);
  p.output_shape = ToDims(ShapeOf(g, n.outputs[0]), n);
  const auto& scales = n.attrs.GetFloats("scales");
  if (scales.size() != in.shape.size()) {
    throw std::logic_error("codegen: Resize '" + n.name + "' needs one scale per dimension");
  }
  for (size_t i = 0; i < scales.size(); ++i) p.scales[i] = scales[i];
  p.element_size = ir::DTypeSize(in.dtype);
  RequireSupported(p, kernels::ResizeSupports, n,
                   mode == "linear" && in.dtype != ir::DType::kFloat32
                       ? std::string("linear resize of ") + ir::DTypeName(in.dtype)
                       : "these resize scales");
  return Member("neo::kernels::Resize", "ResizeParams", ParamsCode(p), "kernels/resize.h",
                ChooseBackend({}, p, kernels::ResizeSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Resize " + mode + " " + coord + " " + ir::ShapeToString(in.shape) + "->" +
                    Shape(g, n.outputs[0]));
}

KernelMember EmitBatchMatMul(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                             const BackendPolicy& policy) {
  RequireFloatInput(g, n, 0);
  RequireFloatInput(g, n, 1);
  kernels::BatchMatMulParams p;
  p.a_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.b_shape = ToDims(ShapeOf(g, n.inputs[1]), n);
  p.output_shape = ToDims(ShapeOf(g, n.outputs[0]), n);
  if (!kernels::BatchMatMulSupports(Backend::kReference, p)) {
    throw std::logic_error("codegen: BatchMatMul '" + n.name + "' has inconsistent shapes");
  }
  return Member("neo::kernels::BatchMatMul", "BatchMatMulParams", ParamsCode(p),
                "kernels/batch_matmul.h",
                ChooseBackend({Backend::kOnednn}, p, kernels::BatchMatMulSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.inputs[1]), a.Address(n.outputs[0])},
                "BatchMatMul " + Shape(g, n.inputs[0]) + " x " + Shape(g, n.inputs[1]));
}

KernelMember EmitBroadcast(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                           const BackendPolicy& policy) {
  kernels::BroadcastParams p;
  p.input_shape = ToDims(ShapeOf(g, n.inputs[0]), n);
  p.output_shape = ToDims(ShapeOf(g, n.outputs[0]), n);
  p.element_size = ir::DTypeSize(g.value(n.inputs[0]).dtype);
  if (!kernels::BroadcastSupports(Backend::kReference, p)) {
    throw std::logic_error("codegen: Broadcast '" + n.name + "' shapes do not broadcast");
  }
  return Member("neo::kernels::Broadcast", "BroadcastParams", ParamsCode(p),
                "kernels/broadcast.h", ChooseBackend({}, p, kernels::BroadcastSupports, policy),
                {a.Address(n.inputs[0]), a.Address(n.outputs[0])},
                "Broadcast " + Shape(g, n.inputs[0]) + "->" + Shape(g, n.outputs[0]));
}

}  // namespace neo::codegen
