#include "compiler/frontends/tensorflow/tensor_proto.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/lowering.h"
#include "compiler/ir/fold.h"

namespace neo::tf_frontend {
namespace {

// IEEE half to float, exactly (every half is a float).
float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1u, exp = (h >> 10) & 0x1fu, frac = h & 0x3ffu;
  float magnitude;
  if (exp == 0) {
    magnitude = std::ldexp(static_cast<float>(frac), -24);
  } else if (exp == 31) {
    magnitude = frac ? std::numeric_limits<float>::quiet_NaN()
                     : std::numeric_limits<float>::infinity();
  } else {
    magnitude = std::ldexp(static_cast<float>(frac | 0x400u), static_cast<int>(exp) - 25);
  }
  return sign ? -magnitude : magnitude;
}

// Element k of a typed list that may be shorter than the tensor (TensorFlow repeats the
// last element; an empty list means all zeros).
template <typename List>
auto Element(const List& list, int64_t k) -> decltype(list.Get(0)) {
  using T = std::decay_t<decltype(list.Get(0))>;
  static const T zero{};
  if (list.empty()) return zero;
  return list.Get(static_cast<int>(std::min<int64_t>(k, list.size() - 1)));
}

template <typename Out>
void Put(std::vector<uint8_t>& bytes, int64_t k, Out v) {
  std::memcpy(bytes.data() + static_cast<size_t>(k) * sizeof(Out), &v, sizeof(Out));
}

}  // namespace

ir::Shape ShapeFromProto(const tensorflow::TensorShapeProto& s, const std::string& where) {
  ir::Shape shape;
  for (const auto& d : s.dim()) {
    if (d.size() < -1) {
      throw MalformedInputError(where + " has a dimension of size " + std::to_string(d.size()) +
                                ".");
    }
    shape.push_back(d.size());
  }
  return shape;
}

ir::Value ValueFromTensorProto(const tensorflow::TensorProto& t, const std::string& name,
                               const std::string& where) {
  ir::Value v;
  v.name = name;
  v.shape = ShapeFromProto(t.tensor_shape(), where);
  v.has_shape = true;
  // Weights beyond 2^31 elements would not fit the generated code's offsets anyway; the
  // bound also keeps the allocation below from trusting a size the file does not back.
  int64_t n = 1;
  for (int64_t d : v.shape) {
    if (d < 0) throw MalformedInputError(where + " has an unknown dimension.");
    if (d > 0 && n > (int64_t{1} << 31) / d) {
      throw MalformedInputError(where + " has more than 2^31 elements.");
    }
    n *= d;
  }
  const tensorflow::DataType dt = t.dtype();
  if (dt == tensorflow::DT_STRING) {
    // One string: the JPEG a DecodeJpeg reads (ir::DType::kBytes holds its bytes).
    if (!v.shape.empty() || t.string_val_size() != 1) {
      throw AttributeNotImplementedError(
          "tensor of type DT_STRING and shape " + ir::ShapeToString(v.shape) + " (" + where + ")",
          "Const");
    }
    v.dtype = ir::DType::kBytes;
    const std::string& s = t.string_val(0);
    v.data = std::make_shared<const std::vector<uint8_t>>(s.begin(), s.end());
    return v;
  }
  size_t source_size = 0;  // bytes per element in tensor_content
  switch (dt) {
    case tensorflow::DT_FLOAT: v.dtype = ir::DType::kFloat32; source_size = 4; break;
    case tensorflow::DT_DOUBLE: v.dtype = ir::DType::kFloat32; source_size = 8; break;
    case tensorflow::DT_HALF: v.dtype = ir::DType::kFloat32; source_size = 2; break;
    case tensorflow::DT_INT32: v.dtype = ir::DType::kInt32; source_size = 4; break;
    case tensorflow::DT_INT16: v.dtype = ir::DType::kInt32; source_size = 2; break;
    case tensorflow::DT_INT64: v.dtype = ir::DType::kInt64; source_size = 8; break;
    case tensorflow::DT_BOOL: v.dtype = ir::DType::kBool; source_size = 1; break;
    case tensorflow::DT_UINT8: v.dtype = ir::DType::kUInt8; source_size = 1; break;
    case tensorflow::DT_INT8: v.dtype = ir::DType::kInt8; source_size = 1; break;
    default:
      throw AttributeNotImplementedError(
          "tensor of type " + tensorflow::DataType_Name(dt) + " (" + where + ")", "Const");
  }
  // A typed list shorter than the shape is repeated; the file does not back the size
  // then, so a splat is held to what neoc computes at compile time from a few bytes.
  const int64_t max_splat =
      static_cast<int64_t>(ir::kMaxComputedConstantBytes / ir::DTypeSize(v.dtype));
  if (t.tensor_content().empty() && n > max_splat) {
    throw MalformedInputError(where + " repeats its values to " + std::to_string(n) +
                              " elements; more than " + std::to_string(max_splat) +
                              " must be written out in full.");
  }
  // The file's bytes are checked before the elements are allocated: a shape is cheap to
  // write, its elements are not.
  if (!t.tensor_content().empty() &&
      t.tensor_content().size() != static_cast<size_t>(n) * source_size) {
    throw MalformedInputError(where + " holds " + std::to_string(t.tensor_content().size()) +
                              " bytes where its shape " + ir::ShapeToString(v.shape) +
                              " needs " + std::to_string(n * source_size) + ".");
  }
  const size_t out_size = ir::DTypeSize(v.dtype);
  auto bytes = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(n) * out_size);
  if (!t.tensor_content().empty()) {
    const char* src = t.tensor_content().data();
    for (int64_t k = 0; k < n; ++k) {
      const char* p = src + static_cast<size_t>(k) * source_size;
      switch (dt) {
        case tensorflow::DT_DOUBLE: {
          double d;
          std::memcpy(&d, p, 8);
          Put(*bytes, k, static_cast<float>(d));
          break;
        }
        case tensorflow::DT_HALF: {
          uint16_t h;
          std::memcpy(&h, p, 2);
          Put(*bytes, k, HalfToFloat(h));
          break;
        }
        case tensorflow::DT_INT16: {
          int16_t s;
          std::memcpy(&s, p, 2);
          Put(*bytes, k, static_cast<int32_t>(s));
          break;
        }
        case tensorflow::DT_BOOL:
          Put(*bytes, k, static_cast<uint8_t>(*p != 0));
          break;
        default:
          std::memcpy(bytes->data() + static_cast<size_t>(k) * out_size, p, out_size);
      }
    }
  } else {
    for (int64_t k = 0; k < n; ++k) {
      switch (dt) {
        case tensorflow::DT_FLOAT: Put(*bytes, k, Element(t.float_val(), k)); break;
        case tensorflow::DT_DOUBLE:
          Put(*bytes, k, static_cast<float>(Element(t.double_val(), k)));
          break;
        case tensorflow::DT_HALF:
          Put(*bytes, k, HalfToFloat(static_cast<uint16_t>(Element(t.half_val(), k))));
          break;
        case tensorflow::DT_INT32:
        case tensorflow::DT_INT16:
          Put(*bytes, k, static_cast<int32_t>(Element(t.int_val(), k)));
          break;
        case tensorflow::DT_INT64: Put(*bytes, k, static_cast<int64_t>(Element(t.int64_val(), k))); break;
        case tensorflow::DT_BOOL: Put(*bytes, k, static_cast<uint8_t>(Element(t.bool_val(), k))); break;
        case tensorflow::DT_UINT8: Put(*bytes, k, static_cast<uint8_t>(Element(t.int_val(), k))); break;
        case tensorflow::DT_INT8: Put(*bytes, k, static_cast<int8_t>(Element(t.int_val(), k))); break;
        default: break;
      }
    }
  }
  v.data = std::move(bytes);
  return v;
}

}  // namespace neo::tf_frontend
