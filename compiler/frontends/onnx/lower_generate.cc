// Operators whose output is made from a shape or from scalars: Expand, ConstantOfShape,
// Range, EyeLike, and opset 17's signal helpers HannWindow, HammingWindow, BlackmanWindow and
// MelWeightMatrix, which become constants. Their shape inputs come from Shape/Gather/Concat chains that fold to constants
// once data_shape fixes the inputs; a computed one would make the output's shape depend
// on the data, which Neo's fixed-shape code cannot hold, and is refused as such.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/fold.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_util.h"

namespace neo::onnx_frontend {

namespace {

// The elements of input `i` as a shape; a computed one is data-dependent.
std::vector<int64_t> ShapeInput(NodeLowering& n, int i, const std::string& what) {
  if (!n.input_value(i).is_constant()) {
    n.NotSupported("a computed " + what + " (the output shape would depend on the data)");
  }
  return n.ConstantInts(i, what);
}

void SetOutputType(NodeLowering& n, const ir::Shape& shape, ir::DType dtype) {
  ir::Value& v = n.graph().value(n.output(0));
  v.shape = shape;
  v.has_shape = true;
  v.dtype = dtype;
}

void AliasConstant(NodeLowering& n, ir::DType dtype, const ir::Shape& shape,
                   std::vector<uint8_t> bytes) {
  n.Alias(0, n.graph().AddConstant(n.graph().UniqueName(n.node().output(0)), dtype, shape,
                                   std::move(bytes)));
}

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& v) {
  std::vector<uint8_t> out(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

// Integer ranges read their scalars as integers (exact beyond float's 2^24).
template <typename T>
T Scalar(NodeLowering& n, int i, const char* what) {
  if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(n.ConstantFloats(i, what).at(0));
  } else {
    return static_cast<T>(n.ConstantInts(i, what).at(0));
  }
}

template <typename T>
void EmitRange(NodeLowering& n, ir::DType dtype) {
  const T start = Scalar<T>(n, 0, "start");
  const T limit = Scalar<T>(n, 1, "limit");
  const T delta = Scalar<T>(n, 2, "delta");
  if (delta == 0) n.NotValid("delta", "must not be 0");
  // ONNX: max(ceil((limit - start) / delta), 0) elements, start + i * delta.
  const double count = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) /
                                 static_cast<double>(delta));
  // Checked as a double, before the conversion to an integer could overflow.
  if (count * sizeof(T) > static_cast<double>(ir::kMaxComputedConstantBytes)) {
    n.NotSupported("a Range of more than " +
                   std::to_string(ir::kMaxComputedConstantBytes / sizeof(T)) +
                   " elements (neoc computes Range at compile time)");
  }
  const int64_t len = count > 0 ? static_cast<int64_t>(count) : 0;
  if (len == 0) n.NotSupported("an empty Range (Neo's tensors have positive dimensions)");
  std::vector<T> values(static_cast<size_t>(len));
  for (int64_t k = 0; k < len; ++k) values[static_cast<size_t>(k)] = static_cast<T>(start + static_cast<T>(k) * delta);
  AliasConstant(n, dtype, {len}, Bytes(values));
}

// output_datatype: float32 is the only one of the window operators' types Neo compiles
// (the others are double, float16, bfloat16 and the integer types of no use here).
void RequireFloatOutput(NodeLowering& n) {
  const int64_t t = n.IntAttr("output_datatype", onnx::TensorProto::FLOAT);
  if (t != onnx::TensorProto::FLOAT) {
    n.NotSupported("output_datatype " + std::to_string(t) + " (only float32 is compiled)");
  }
}

int64_t ScalarInput(NodeLowering& n, int i, const char* what) {
  if (!n.input_value(i).is_constant()) {
    n.NotSupported(std::string("a computed ") + what + " (the output shape would depend on the data)");
  }
  return n.ConstantInts(i, what).at(0);
}

std::vector<uint8_t> FloatBytes(const std::vector<double>& v) {
  std::vector<float> f(v.begin(), v.end());
  return Bytes(f);
}

}  // namespace

// w[k] = sum_j a_j cos(2 pi j k / N) over the window's cosine terms, with N = size for a
// periodic window and size - 1 for a symmetric one.
void LowerWindow(NodeLowering& n) {
  RequireFloatOutput(n);
  const int64_t size = ScalarInput(n, 0, "size");
  if (size < 1) n.NotSupported("an empty window (Neo's tensors have positive dimensions)");
  std::vector<double> a;
  if (n.op_type() == "HannWindow") a = {0.5, -0.5};
  else if (n.op_type() == "HammingWindow") a = {25.0 / 46.0, -(1.0 - 25.0 / 46.0)};
  else a = {0.42, -0.5, 0.08};  // BlackmanWindow
  const int64_t periodic = n.IntAttr("periodic", 1);
  const double length = static_cast<double>(periodic ? size : size - 1);
  std::vector<double> w(static_cast<size_t>(size));
  for (int64_t k = 0; k < size; ++k) {
    double sum = 0;
    for (size_t j = 0; j < a.size(); ++j) {
      // A symmetric window of one element (length 0) is its first value, 1 - as the sum
      // of its terms at angle 0.
      const double angle = length > 0 ? 2.0 * M_PI * static_cast<double>(j * k) / length : 0.0;
      sum += a[j] * std::cos(angle);
    }
    w[static_cast<size_t>(k)] = sum;
  }
  AliasConstant(n, ir::DType::kFloat32, {size}, FloatBytes(w));
}

// Triangular filters on the mel scale, mel(f) = 2595 log10(1 + f / 700): num_mel_bins + 2
// points evenly spaced in mel between the edges (the step divides by num_mel_bins + 2,
// as ONNX's reference and onnxruntime do) map to DFT bins floor((dft_length + 1) f /
// sample_rate); filter i rises from point i to point i + 1 and falls to point i + 2.
void LowerMelWeightMatrix(NodeLowering& n) {
  RequireFloatOutput(n);
  const int64_t bins = ScalarInput(n, 0, "num_mel_bins");
  const int64_t dft_length = ScalarInput(n, 1, "dft_length");
  const int64_t sample_rate = ScalarInput(n, 2, "sample_rate");
  const double lower = n.ConstantFloats(3, "lower_edge_hertz").at(0);
  const double upper = n.ConstantFloats(4, "upper_edge_hertz").at(0);
  if (bins < 1 || dft_length < 1 || sample_rate < 1) {
    n.NotValid("inputs", "need num_mel_bins, dft_length and sample_rate of at least 1");
  }
  const int64_t rows = dft_length / 2 + 1;
  auto mel = [](double f) { return 2595.0 * std::log10(1.0 + f / 700.0); };
  const double low_mel = mel(lower), step = (mel(upper) - low_mel) / static_cast<double>(bins + 2);
  std::vector<int64_t> point(static_cast<size_t>(bins + 2));
  for (int64_t i = 0; i < bins + 2; ++i) {
    const double hz = 700.0 * (std::pow(10.0, (static_cast<double>(i) * step + low_mel) / 2595.0) - 1.0);
    point[static_cast<size_t>(i)] = static_cast<int64_t>(std::floor(static_cast<double>(dft_length + 1) * hz / static_cast<double>(sample_rate)));
  }
  std::vector<double> out(static_cast<size_t>(rows * bins), 0.0);
  auto at = [&](int64_t row, int64_t col) -> double* {
    if (row < 0 || row >= rows) n.NotValid("upper_edge_hertz", "reaches past the DFT's bins");
    return &out[static_cast<size_t>(row * bins + col)];
  };
  for (int64_t i = 0; i < bins; ++i) {
    const int64_t left = point[static_cast<size_t>(i)], center = point[static_cast<size_t>(i + 1)],
                  right = point[static_cast<size_t>(i + 2)];
    if (center == left) {
      *at(center, i) = 1.0;
    } else {
      for (int64_t j = left; j <= center; ++j) *at(j, i) = static_cast<double>(j - left) / static_cast<double>(center - left);
    }
    for (int64_t j = center; j < right; ++j) *at(j, i) = static_cast<double>(right - j) / static_cast<double>(right - center);
  }
  AliasConstant(n, ir::DType::kFloat32, {rows, bins}, FloatBytes(out));
}

void LowerExpand(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const std::vector<int64_t> shape = ShapeInput(n, 1, "shape");
  ir::Shape out;
  if (!ir::BroadcastShapes(x, shape, &out)) {
    n.NotValid("shape", ir::ShapeToString(shape) + " does not broadcast with the input's " +
                            ir::ShapeToString(x));
  }
  SetOutputType(n, out, n.input_value(0).dtype);
  n.Emit(ir::op::kBroadcast, {n.input(0)}, {n.output(0)});
}

void LowerConstantOfShape(NodeLowering& n) {
  const std::vector<int64_t> shape = ShapeInput(n, 0, "shape");
  for (int64_t d : shape) {
    if (d < 0) n.NotValid("input", "has a negative dimension");
    if (d == 0) n.NotSupported("a zero-size output (Neo's tensors have positive dimensions)");
  }
  ir::Value fill;
  if (n.has_attr("value")) {
    fill = ValueFromTensorProto(n.TensorAttr("value"));
    if (fill.num_elements() != 1) n.NotValid("value", "must hold one element");
  } else {
    fill.dtype = ir::DType::kFloat32;
    fill.data = std::make_shared<const std::vector<uint8_t>>(4, 0);
  }
  const size_t size = ir::DTypeSize(fill.dtype);
  if (ir::ByteSize(shape, fill.dtype) > ir::kMaxComputedConstantBytes) {
    // Too large to build at compile time from one element: the fill runs at run time.
    const ir::ValueId one = n.graph().AddConstant(
        n.graph().UniqueName(n.node().output(0) + "_fill"), fill.dtype,
        ir::Shape(shape.size(), 1), *fill.data);
    SetOutputType(n, shape, fill.dtype);
    n.Emit(ir::op::kBroadcast, {one}, {n.output(0)});
    return;
  }
  const int64_t count = ir::NumElements(shape);
  std::vector<uint8_t> bytes(static_cast<size_t>(count) * size);
  for (int64_t k = 0; k < count; ++k) {
    std::memcpy(bytes.data() + static_cast<size_t>(k) * size, fill.data->data(), size);
  }
  AliasConstant(n, fill.dtype, shape, std::move(bytes));
}

void LowerRange(NodeLowering& n) {
  for (int i = 0; i < 3; ++i) {
    if (!n.input_value(i).is_constant()) {
      n.NotSupported(std::string("a computed ") + (i == 0 ? "start" : i == 1 ? "limit" : "delta") +
                     " (the output shape would depend on the data)");
    }
  }
  switch (n.input_value(0).dtype) {
    case ir::DType::kFloat32: return EmitRange<float>(n, ir::DType::kFloat32);
    case ir::DType::kInt64: return EmitRange<int64_t>(n, ir::DType::kInt64);
    case ir::DType::kInt32: return EmitRange<int32_t>(n, ir::DType::kInt32);
    default:
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
}

}  // namespace neo::onnx_frontend

namespace neo::onnx_frontend {

// Only the input's shape matters, so the identity matrix is a constant.
void LowerEyeLike(NodeLowering& n) {
  const ir::Shape shape = n.input_shape(0);
  if (shape.size() != 2) n.NotValid("input", "must be 2-D");
  const ir::DType dtype = n.has_attr("dtype")
                              ? IrDType(static_cast<int>(n.IntAttr("dtype")), n.op_type())
                              : n.input_value(0).dtype;
  if (dtype == ir::DType::kBytes) n.NotSupported("output of type bytes");
  const int64_t k = n.IntAttr("k", 0);
  const size_t size = ir::DTypeSize(dtype);
  std::vector<uint8_t> bytes(static_cast<size_t>(shape[0] * shape[1]) * size, 0);
  switch (dtype) {
    case ir::DType::kFloat32: {
      const float v = 1;
      for (int64_t r = 0; r < shape[0]; ++r) {
        const int64_t c = r + k;
        if (c >= 0 && c < shape[1]) std::memcpy(&bytes[static_cast<size_t>(r * shape[1] + c) * size], &v, size);
      }
      break;
    }
    default: {
      // Every integer type and bool holds 1 as a little-endian 1 in its lowest byte.
      for (int64_t r = 0; r < shape[0]; ++r) {
        const int64_t c = r + k;
        if (c >= 0 && c < shape[1]) bytes[static_cast<size_t>(r * shape[1] + c) * size] = 1;
      }
    }
  }
  AliasConstant(n, dtype, shape, std::move(bytes));
}

}  // namespace neo::onnx_frontend
