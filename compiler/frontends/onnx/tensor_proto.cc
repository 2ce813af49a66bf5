#include "compiler/frontends/onnx/tensor_proto.h"

#include <cstring>
#include <memory>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::onnx_frontend {

ir::DType IrDType(int onnx_data_type, const std::string& where) {
  switch (onnx_data_type) {
    case onnx::TensorProto::FLOAT: return ir::DType::kFloat32;
    case onnx::TensorProto::INT64: return ir::DType::kInt64;
    case onnx::TensorProto::INT32: return ir::DType::kInt32;
    case onnx::TensorProto::BOOL: return ir::DType::kBool;
    case onnx::TensorProto::UINT8: return ir::DType::kUInt8;
    case onnx::TensorProto::INT8: return ir::DType::kInt8;
    default:
      throw AttributeNotImplementedError(
          "data type " + onnx::TensorProto::DataType_Name(
                             static_cast<onnx::TensorProto::DataType>(onnx_data_type)),
          where);
  }
}

namespace {

// Typed fields hold some dtypes widened (int32 for bool/int8/uint8, int64, float).
template <typename Field, typename T>
void CopyNarrowed(const Field& field, std::vector<uint8_t>& bytes) {
  bytes.resize(static_cast<size_t>(field.size()) * sizeof(T));
  T* out = reinterpret_cast<T*>(bytes.data());
  for (int i = 0; i < field.size(); ++i) out[i] = static_cast<T>(field.Get(i));
}

}  // namespace

ir::Value ValueFromTensorProto(const onnx::TensorProto& tensor) {
  const std::string where = "initializer " + tensor.name();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL || tensor.external_data_size()) {
    throw MalformedInputError("Tensor '" + tensor.name() +
                              "' uses external data; the .onnx file must hold its weights.");
  }
  ir::Value v;
  v.name = tensor.name();
  v.dtype = IrDType(tensor.data_type(), where);
  v.has_shape = true;
  int64_t elements = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0) throw MalformedInputError("Tensor '" + tensor.name() + "' has a negative dimension.");
    // Checked before multiplying: the dimensions come from the file (found by fuzzing).
    if (d > 0 && elements > (int64_t{1} << 56) / d) {
      throw MalformedInputError("Tensor '" + tensor.name() +
                                "' declares more elements than any model file holds.");
    }
    elements *= d;
    v.shape.push_back(d);
  }
  const size_t expected = static_cast<size_t>(ir::NumElements(v.shape)) * ir::DTypeSize(v.dtype);
  std::vector<uint8_t> bytes;
  if (tensor.has_raw_data()) {
    bytes.assign(tensor.raw_data().begin(), tensor.raw_data().end());
  } else {
    switch (v.dtype) {
      case ir::DType::kFloat32: CopyNarrowed<decltype(tensor.float_data()), float>(tensor.float_data(), bytes); break;
      case ir::DType::kInt64: CopyNarrowed<decltype(tensor.int64_data()), int64_t>(tensor.int64_data(), bytes); break;
      case ir::DType::kInt32: CopyNarrowed<decltype(tensor.int32_data()), int32_t>(tensor.int32_data(), bytes); break;
      case ir::DType::kBool: CopyNarrowed<decltype(tensor.int32_data()), uint8_t>(tensor.int32_data(), bytes); break;
      case ir::DType::kUInt8: CopyNarrowed<decltype(tensor.int32_data()), uint8_t>(tensor.int32_data(), bytes); break;
      case ir::DType::kInt8: CopyNarrowed<decltype(tensor.int32_data()), int8_t>(tensor.int32_data(), bytes); break;
      case ir::DType::kBytes: break;  // never: ONNX string tensors are refused above
    }
  }
  if (bytes.size() != expected) {
    throw MalformedInputError("Tensor '" + tensor.name() + "' holds " +
                              std::to_string(bytes.size()) + " bytes; its shape " +
                              ir::ShapeToString(v.shape) + " needs " + std::to_string(expected) + ".");
  }
  v.data = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
  return v;
}

}  // namespace neo::onnx_frontend
