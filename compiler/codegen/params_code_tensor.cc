// Parameter-struct code for the tensor operators (issue 4), in the style of
// params_code.cc: one "p.field = value;" line per field.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "compiler/codegen/params_code.h"
#include "compiler/codegen/params_fields.h"

namespace neo::codegen {

namespace {

const char* ReduceKindCode(kernels::ReduceKind k) {
  switch (k) {
    case kernels::ReduceKind::kSum: return "neo::kernels::ReduceKind::kSum";
    case kernels::ReduceKind::kMean: return "neo::kernels::ReduceKind::kMean";
    case kernels::ReduceKind::kMax: return "neo::kernels::ReduceKind::kMax";
    case kernels::ReduceKind::kMin: return "neo::kernels::ReduceKind::kMin";
    case kernels::ReduceKind::kProd: return "neo::kernels::ReduceKind::kProd";
  }
  return "";
}

const char* PadModeCode(kernels::PadMode m) {
  switch (m) {
    case kernels::PadMode::kConstant: return "neo::kernels::PadMode::kConstant";
    case kernels::PadMode::kReflect: return "neo::kernels::PadMode::kReflect";
    case kernels::PadMode::kEdge: return "neo::kernels::PadMode::kEdge";
  }
  return "";
}

const char* CoordinatesCode(kernels::ResizeCoordinates c) {
  switch (c) {
    case kernels::ResizeCoordinates::kHalfPixel:
      return "neo::kernels::ResizeCoordinates::kHalfPixel";
    case kernels::ResizeCoordinates::kAsymmetric:
      return "neo::kernels::ResizeCoordinates::kAsymmetric";
    case kernels::ResizeCoordinates::kAlignCorners:
      return "neo::kernels::ResizeCoordinates::kAlignCorners";
    case kernels::ResizeCoordinates::kPytorchHalfPixel:
      return "neo::kernels::ResizeCoordinates::kPytorchHalfPixel";
    case kernels::ResizeCoordinates::kTfHalfPixelForNn:
      return "neo::kernels::ResizeCoordinates::kTfHalfPixelForNn";
  }
  return "";
}

const char* NearestCode(kernels::ResizeNearest n) {
  switch (n) {
    case kernels::ResizeNearest::kRoundPreferFloor:
      return "neo::kernels::ResizeNearest::kRoundPreferFloor";
    case kernels::ResizeNearest::kRoundPreferCeil:
      return "neo::kernels::ResizeNearest::kRoundPreferCeil";
    case kernels::ResizeNearest::kFloor: return "neo::kernels::ResizeNearest::kFloor";
    case kernels::ResizeNearest::kCeil: return "neo::kernels::ResizeNearest::kCeil";
  }
  return "";
}

}  // namespace

std::string ElementTypeCode(ElementType t) {
  switch (t) {
    case ElementType::kFloat32: return "neo::ElementType::kFloat32";
    case ElementType::kInt64: return "neo::ElementType::kInt64";
    case ElementType::kInt32: return "neo::ElementType::kInt32";
    case ElementType::kBool: return "neo::ElementType::kBool";
    case ElementType::kUInt8: return "neo::ElementType::kUInt8";
    case ElementType::kInt8: return "neo::ElementType::kInt8";
  }
  return "";
}

std::string DoubleCode(double v) {
  if (std::isnan(v)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(v)) {
    return v > 0 ? "std::numeric_limits<double>::infinity()"
                 : "-std::numeric_limits<double>::infinity()";
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string ParamsCode(const kernels::ConvTranspose2DParams& p) {
  return Fields("ConvTranspose2DParams")
      .Int("batch", p.batch).Int("input_height", p.input_height)
      .Int("input_width", p.input_width).Int("input_channels", p.input_channels)
      .Int("output_height", p.output_height).Int("output_width", p.output_width)
      .Int("output_channels", p.output_channels).Int("kernel_height", p.kernel_height)
      .Int("kernel_width", p.kernel_width).Int("stride_height", p.stride_height)
      .Int("stride_width", p.stride_width).Int("dilation_height", p.dilation_height)
      .Int("dilation_width", p.dilation_width).Int("pad_top", p.pad_top)
      .Int("pad_left", p.pad_left).Int("pad_bottom", p.pad_bottom)
      .Int("pad_right", p.pad_right).Int("output_padding_height", p.output_padding_height)
      .Int("output_padding_width", p.output_padding_width).Int("groups", p.groups)
      .Bool("nhwc", p.nhwc).Float("output_min", p.output_min)
      .Float("output_max", p.output_max)
      .Done();
}

std::string ParamsCode(const kernels::LrnParams& p) {
  return Fields("LrnParams")
      .Int("outer", p.outer).Int("channels", p.channels).Int("inner", p.inner)
      .Int("size", p.size).Float("alpha", p.alpha).Float("beta", p.beta)
      .Float("bias", p.bias)
      .Done();
}

std::string ParamsCode(const kernels::ReduceParams& p) {
  return Fields("ReduceParams")
      .Raw("kind", ReduceKindCode(p.kind)).Dims("input_shape", p.input_shape)
      .Dims("axes", p.axes)
      .Done();
}

std::string ParamsCode(const kernels::ArgReduceParams& p) {
  return Fields("ArgReduceParams")
      .Raw("kind", p.kind == kernels::ArgReduceKind::kMax ? "neo::kernels::ArgReduceKind::kMax"
                                                          : "neo::kernels::ArgReduceKind::kMin")
      .Dims("input_shape", p.input_shape).Int("axis", p.axis)
      .Bool("select_last_index", p.select_last_index)
      .Done();
}

std::string ParamsCode(const kernels::BatchMatMulParams& p) {
  return Fields("BatchMatMulParams")
      .Dims("a_shape", p.a_shape).Dims("b_shape", p.b_shape)
      .Dims("output_shape", p.output_shape)
      .Done();
}

std::string ParamsCode(const kernels::GatherParams& p) {
  return Fields("GatherParams")
      .Dims("data_shape", p.data_shape).Int("axis", p.axis).Int("num_indices", p.num_indices)
      .Int("element_size", static_cast<int64_t>(p.element_size))
      .Int("index_size", static_cast<int64_t>(p.index_size))
      .Done();
}

std::string ParamsCode(const kernels::SliceParams& p) {
  return Fields("SliceParams")
      .Dims("input_shape", p.input_shape).Dims("output_shape", p.output_shape)
      .Dims("starts", p.starts).Dims("steps", p.steps)
      .Int("element_size", static_cast<int64_t>(p.element_size))
      .Done();
}

std::string ParamsCode(const kernels::PadParams& p) {
  return Fields("PadParams")
      .Raw("mode", PadModeCode(p.mode)).Dims("input_shape", p.input_shape)
      .Dims("begin", p.begin).Dims("end", p.end).Raw("value", DoubleCode(p.value))
      .Raw("type", ElementTypeCode(p.type))
      .Done();
}

std::string ParamsCode(const kernels::CastParams& p) {
  return Fields("CastParams")
      .Raw("from", ElementTypeCode(p.from)).Raw("to", ElementTypeCode(p.to))
      .Int("count", p.count)
      .Done();
}

std::string ParamsCode(const kernels::ResizeParams& p) {
  Fields f("ResizeParams");
  f.Raw("mode", p.mode == kernels::ResizeMode::kLinear ? "neo::kernels::ResizeMode::kLinear"
                                                       : "neo::kernels::ResizeMode::kNearest")
      .Raw("coordinates", CoordinatesCode(p.coordinates))
      .Raw("nearest", NearestCode(p.nearest))
      .Dims("input_shape", p.input_shape).Dims("output_shape", p.output_shape);
  for (int i = 0; i < p.input_shape.rank; ++i) {
    f.Raw("scales[" + std::to_string(i) + "]", DoubleCode(p.scales[i]));
  }
  return f.Int("element_size", static_cast<int64_t>(p.element_size)).Done();
}

std::string ParamsCode(const kernels::BroadcastParams& p) {
  return Fields("BroadcastParams")
      .Dims("input_shape", p.input_shape).Dims("output_shape", p.output_shape)
      .Int("element_size", static_cast<int64_t>(p.element_size))
      .Done();
}

}  // namespace neo::codegen
