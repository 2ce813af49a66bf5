#include "compiler/codegen/params_code.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "compiler/codegen/params_fields.h"

namespace neo::codegen {

std::string FloatCode(float v) {
  if (std::isnan(v)) return "std::numeric_limits<float>::quiet_NaN()";
  if (std::isinf(v)) {
    return v > 0 ? "std::numeric_limits<float>::infinity()"
                 : "-std::numeric_limits<float>::infinity()";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string DimsCode(const kernels::Dims& d) {
  std::string s = "neo::kernels::Dims{";
  for (int i = 0; i < d.rank; ++i) s += (i ? ", " : "") + std::to_string(d.d[i]);
  return s + "}";
}

namespace {


const char* PoolingKindCode(kernels::PoolingKind k) {
  return k == kernels::PoolingKind::kMax ? "neo::kernels::PoolingKind::kMax"
                                         : "neo::kernels::PoolingKind::kAverage";
}

const char* BinaryOpCode(kernels::BinaryOp op) {
  switch (op) {
    case kernels::BinaryOp::kAdd: return "neo::kernels::BinaryOp::kAdd";
    case kernels::BinaryOp::kSub: return "neo::kernels::BinaryOp::kSub";
    case kernels::BinaryOp::kMul: return "neo::kernels::BinaryOp::kMul";
    case kernels::BinaryOp::kDiv: return "neo::kernels::BinaryOp::kDiv";
    case kernels::BinaryOp::kPow: return "neo::kernels::BinaryOp::kPow";
    case kernels::BinaryOp::kMaximum: return "neo::kernels::BinaryOp::kMaximum";
    case kernels::BinaryOp::kMinimum: return "neo::kernels::BinaryOp::kMinimum";
    case kernels::BinaryOp::kPRelu: return "neo::kernels::BinaryOp::kPRelu";
  }
  return "";
}

const char* UnaryOpCode(kernels::UnaryOp op) {
  switch (op) {
    case kernels::UnaryOp::kClamp: return "neo::kernels::UnaryOp::kClamp";
    case kernels::UnaryOp::kRelu: return "neo::kernels::UnaryOp::kRelu";
    case kernels::UnaryOp::kSigmoid: return "neo::kernels::UnaryOp::kSigmoid";
    case kernels::UnaryOp::kTanh: return "neo::kernels::UnaryOp::kTanh";
    case kernels::UnaryOp::kExp: return "neo::kernels::UnaryOp::kExp";
    case kernels::UnaryOp::kLog: return "neo::kernels::UnaryOp::kLog";
    case kernels::UnaryOp::kAbs: return "neo::kernels::UnaryOp::kAbs";
    case kernels::UnaryOp::kNeg: return "neo::kernels::UnaryOp::kNeg";
    case kernels::UnaryOp::kSqrt: return "neo::kernels::UnaryOp::kSqrt";
    case kernels::UnaryOp::kReciprocal: return "neo::kernels::UnaryOp::kReciprocal";
    case kernels::UnaryOp::kFloor: return "neo::kernels::UnaryOp::kFloor";
    case kernels::UnaryOp::kCeil: return "neo::kernels::UnaryOp::kCeil";
    case kernels::UnaryOp::kElu: return "neo::kernels::UnaryOp::kElu";
    case kernels::UnaryOp::kLeakyRelu: return "neo::kernels::UnaryOp::kLeakyRelu";
    case kernels::UnaryOp::kSelu: return "neo::kernels::UnaryOp::kSelu";
    case kernels::UnaryOp::kHardSigmoid: return "neo::kernels::UnaryOp::kHardSigmoid";
    case kernels::UnaryOp::kSoftplus: return "neo::kernels::UnaryOp::kSoftplus";
    case kernels::UnaryOp::kSoftsign: return "neo::kernels::UnaryOp::kSoftsign";
    case kernels::UnaryOp::kThresholdedRelu: return "neo::kernels::UnaryOp::kThresholdedRelu";
  }
  return "";
}

}  // namespace

std::string ParamsCode(const kernels::Conv2DParams& p) {
  return Fields("Conv2DParams")
      .Int("batch", p.batch).Int("input_height", p.input_height)
      .Int("input_width", p.input_width).Int("input_channels", p.input_channels)
      .Int("output_height", p.output_height).Int("output_width", p.output_width)
      .Int("output_channels", p.output_channels).Int("kernel_height", p.kernel_height)
      .Int("kernel_width", p.kernel_width).Int("stride_height", p.stride_height)
      .Int("stride_width", p.stride_width).Int("dilation_height", p.dilation_height)
      .Int("dilation_width", p.dilation_width).Int("pad_top", p.pad_top)
      .Int("pad_left", p.pad_left).Int("pad_bottom", p.pad_bottom)
      .Int("pad_right", p.pad_right).Int("groups", p.groups)
      .Float("output_min", p.output_min).Float("output_max", p.output_max)
      .Done();
}

std::string ParamsCode(const kernels::FullyConnectedParams& p) {
  return Fields("FullyConnectedParams")
      .Int("batch", p.batch).Int("input_channels", p.input_channels)
      .Int("output_channels", p.output_channels)
      .Float("output_min", p.output_min).Float("output_max", p.output_max)
      .Done();
}

std::string ParamsCode(const kernels::Pooling2DParams& p) {
  return Fields("Pooling2DParams")
      .Raw("kind", PoolingKindCode(p.kind))
      .Int("batch", p.batch).Int("channels", p.channels)
      .Int("input_height", p.input_height).Int("input_width", p.input_width)
      .Int("output_height", p.output_height).Int("output_width", p.output_width)
      .Int("kernel_height", p.kernel_height).Int("kernel_width", p.kernel_width)
      .Int("stride_height", p.stride_height).Int("stride_width", p.stride_width)
      .Int("dilation_height", p.dilation_height).Int("dilation_width", p.dilation_width)
      .Int("pad_top", p.pad_top).Int("pad_left", p.pad_left)
      .Int("pad_bottom", p.pad_bottom).Int("pad_right", p.pad_right)
      .Raw("count_include_pad", p.count_include_pad ? "true" : "false")
      .Int("counted_pad_top", p.counted_pad_top).Int("counted_pad_left", p.counted_pad_left)
      .Int("counted_pad_bottom", p.counted_pad_bottom)
      .Int("counted_pad_right", p.counted_pad_right)
      .Float("output_min", p.output_min).Float("output_max", p.output_max)
      .Done();
}

std::string ParamsCode(const kernels::GlobalPoolingParams& p) {
  return Fields("GlobalPoolingParams")
      .Raw("kind", PoolingKindCode(p.kind))
      .Int("batch", p.batch).Int("pixels", p.pixels).Int("channels", p.channels)
      .Done();
}

std::string ParamsCode(const kernels::BinaryParams& p) {
  return Fields("BinaryParams")
      .Raw("op", BinaryOpCode(p.op))
      .Raw("a_shape", DimsCode(p.a_shape)).Raw("b_shape", DimsCode(p.b_shape))
      .Raw("output_shape", DimsCode(p.output_shape))
      .Float("output_min", p.output_min).Float("output_max", p.output_max)
      .TypeIfNotFloat(p.type)
      .Done();
}

std::string ParamsCode(const kernels::UnaryParams& p) {
  return Fields("UnaryParams")
      .Raw("op", UnaryOpCode(p.op)).Int("size", static_cast<int64_t>(p.size))
      .Float("alpha", p.alpha).Float("beta", p.beta).Float("gamma", p.gamma)
      .TypeIfNotFloat(p.type)
      .Done();
}

std::string ParamsCode(const kernels::ConcatParams& p) {
  Fields f("ConcatParams");
  f.Int("axis", p.axis).Raw("output_shape", DimsCode(p.output_shape));
  std::string shapes = "{";
  for (size_t i = 0; i < p.input_shapes.size(); ++i) {
    shapes += (i ? ", " : "") + DimsCode(p.input_shapes[i]);
  }
  f.Raw("input_shapes", shapes + "}");
  f.Int("element_size", static_cast<int64_t>(p.element_size));
  return f.Done();
}

std::string ParamsCode(const kernels::TransposeParams& p) {
  return Fields("TransposeParams")
      .Raw("input_shape", DimsCode(p.input_shape)).Raw("perm", DimsCode(p.perm))
      .Int("element_size", static_cast<int64_t>(p.element_size))
      .Done();
}

std::string ParamsCode(const kernels::SoftmaxParams& p) {
  return Fields("SoftmaxParams")
      .Raw("log", p.log ? "true" : "false")
      .Int("outer", p.outer).Int("axis", p.axis).Int("inner", p.inner)
      .Done();
}

}  // namespace neo::codegen
