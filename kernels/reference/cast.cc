#include "kernels/reference/cast.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace neo::kernels::reference {

namespace {

// float -> integer: truncation toward zero; NaN and out-of-range values give the
// minimum (what x86's cvttss2si returns) instead of C++'s undefined behaviour.
template <typename I>
I FloatToInt(double v) {
  if (std::isnan(v) || v <= static_cast<double>(std::numeric_limits<I>::min()) - 1.0 ||
      v >= -static_cast<double>(std::numeric_limits<I>::min())) {
    return std::numeric_limits<I>::min();
  }
  return static_cast<I>(v);
}

// A value read from any element type, kept exactly: floats as double, integers as int64.
struct Scalar {
  bool is_float;
  double f;
  int64_t i;
};

Scalar Load(ElementType t, const unsigned char* p) {
  switch (t) {
    case ElementType::kFloat32: {
      float v;
      std::memcpy(&v, p, 4);
      return {true, v, 0};
    }
    case ElementType::kInt64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return {false, 0, v};
    }
    case ElementType::kInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return {false, 0, v};
    }
    case ElementType::kBool: return {false, 0, *p != 0};
    case ElementType::kUInt8: return {false, 0, *p};
    case ElementType::kInt8: return {false, 0, static_cast<int8_t>(*p)};
    case ElementType::kBytes: break;  // not castable: CastSupports refuses it
  }
  return {false, 0, 0};
}

template <typename T>
void Put(T v, unsigned char* p) {
  std::memcpy(p, &v, sizeof v);
}

void Store(const Scalar& s, ElementType t, unsigned char* p) {
  switch (t) {
    case ElementType::kFloat32:
      Put(s.is_float ? static_cast<float>(s.f) : static_cast<float>(s.i), p);
      return;
    case ElementType::kBool:
      *p = s.is_float ? s.f != 0.0 : s.i != 0;  // NaN != 0: true, as numpy
      return;
    default: break;
  }
  // Integer targets: floats truncate (to int64 first for the narrow types, whose
  // out-of-range results wrap as numpy's do on x86); integers wrap.
  int64_t i = s.i;
  if (s.is_float) {
    if (t == ElementType::kInt32) {
      Put(FloatToInt<int32_t>(s.f), p);
      return;
    }
    i = FloatToInt<int64_t>(s.f);
  }
  switch (t) {
    case ElementType::kInt64: Put(i, p); return;
    case ElementType::kInt32: Put(static_cast<int32_t>(static_cast<uint32_t>(i)), p); return;
    case ElementType::kUInt8: *p = static_cast<uint8_t>(i); return;
    case ElementType::kInt8: *p = static_cast<unsigned char>(static_cast<uint8_t>(i)); return;
    default: return;
  }
}

}  // namespace

size_t ElementSize(ElementType t) {
  switch (t) {
    case ElementType::kFloat32: return 4;
    case ElementType::kInt64: return 8;
    case ElementType::kInt32: return 4;
    case ElementType::kBool:
    case ElementType::kUInt8:
    case ElementType::kInt8: return 1;
    case ElementType::kBytes: return 0;  // an encoded input, no number
  }
  return 0;
}

void CastElements(ElementType from, ElementType to, const void* input, void* output,
                  int64_t count) {
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  const size_t in = ElementSize(from), out = ElementSize(to);
  for (int64_t n = 0; n < count; ++n) Store(Load(from, src + n * in), to, dst + n * out);
}

void StoreDouble(double v, ElementType t, void* out) {
  Store({true, v, 0}, t, static_cast<unsigned char*>(out));
}

}  // namespace neo::kernels::reference
