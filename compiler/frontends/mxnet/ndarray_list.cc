// Reads MXNet's NDArray list. What each layout holds was checked against MXNet's source
// (apache/mxnet, tags 0.11.0 to 2.0): NDArray::Save/Load/LegacyLoad and the list's
// NDArray::Save/Load in src/ndarray/ndarray.cc, Tuple::Save/Load in include/mxnet/tuple.h,
// Context::Save/Load in include/mxnet/base.h, dmlc's vector<string> serializer.
//
// Choices where MXNet's versions disagree or the header leaves room:
// - A none array (an NDArray() that held nothing) has no value and is left out of
//   MxParams::arrays; its name still counts for the duplicate check. It is ndim 0 in V2,
//   V1 and legacy (nothing follows the shape), and in V3 ndim -1 or any dimension -1
//   (MXNet's "unknown"; the dims are read, nothing follows them).
// - In V3 (np-shape semantics) ndim 0 is a scalar: a context, a type flag and one
//   element follow; it reads as shape {} with one element.
// - MXNet 0.9-1.4 wrote a none array's storage type as -1 (kUndefinedStorage), so -1 reads
//   as dense. Row-sparse (1) and CSR (2) arrays are parsed past (storage shape, aux types
//   and shapes, aux data) so the error can name them, then refused.
// - A dimension below 0 (other than V3's -1) or an ndim below 0 (other than V3's -1) is
//   malformed: MXNet itself cannot load them.
// - Type flags int16/uint16/uint32/uint64/bfloat16 (8-12) are parsed past and refused by
//   name; an unknown flag stops the read. float64 values beyond float32's range are
//   refused rather than turned into inf.
// - Names follow all the arrays, so an error met while reading an array (truncation, an
//   unknown magic) names it by index only; errors that leave the layout readable (sparse,
//   an unsupported type, a float64 out of range) wait for the names and name it too.
#include "compiler/frontends/mxnet/ndarray_list.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::mx_frontend {
namespace {

constexpr uint64_t kListMagic = 0x112;
constexpr uint32_t kV1Magic = 0xF993FAC8;
constexpr uint32_t kV2Magic = 0xF993FAC9;
constexpr uint32_t kV3Magic = 0xF993FACA;

// The fewest bytes an array of a readable list takes: a legacy none array is 4 (its ndim,
// 0), and its name 9 (a length and at least one byte; a list without names, or an empty
// name, is refused).
constexpr uint64_t kMinArrayBytes = 4 + 8 + 1;

// How an element type's bytes become ours.
enum class Conversion { kCopy, kFromFloat16, kFromFloat64, kUnsupported };

// mshadow's type flags (mshadow/base.h) and what we make of each.
struct TypeInfo {
  const char* name;
  size_t size;  // bytes per element in the file
  ir::DType dtype;
  Conversion conversion;
};

std::optional<TypeInfo> LookUpType(int32_t flag) {
  using ir::DType;
  switch (flag) {
    case 0: return TypeInfo{"float32", 4, DType::kFloat32, Conversion::kCopy};
    case 1: return TypeInfo{"float64", 8, DType::kFloat32, Conversion::kFromFloat64};
    case 2: return TypeInfo{"float16", 2, DType::kFloat32, Conversion::kFromFloat16};
    case 3: return TypeInfo{"uint8", 1, DType::kUInt8, Conversion::kCopy};
    case 4: return TypeInfo{"int32", 4, DType::kInt32, Conversion::kCopy};
    case 5: return TypeInfo{"int8", 1, DType::kInt8, Conversion::kCopy};
    case 6: return TypeInfo{"int64", 8, DType::kInt64, Conversion::kCopy};
    case 7: return TypeInfo{"bool", 1, DType::kBool, Conversion::kCopy};
    // Known sizes, so the array can be skipped and refused by name once names are read.
    case 8: return TypeInfo{"int16", 2, DType::kInt32, Conversion::kUnsupported};
    case 9: return TypeInfo{"uint16", 2, DType::kInt32, Conversion::kUnsupported};
    case 10: return TypeInfo{"uint32", 4, DType::kInt32, Conversion::kUnsupported};
    case 11: return TypeInfo{"uint64", 8, DType::kInt64, Conversion::kUnsupported};
    case 12: return TypeInfo{"bfloat16", 2, DType::kFloat32, Conversion::kUnsupported};
    default: return std::nullopt;
  }
}

// IEEE half to float, exactly (every half is a float).
float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  uint32_t mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0x1F) {
    bits = sign | 0x7F800000 | (mant << 13);  // inf, nan (payload kept)
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;  // +-0
  } else {
    // Subnormal: shift the mantissa up until its leading 1 is the implicit bit.
    int e = 113;
    while ((mant & 0x400) == 0) {
      mant <<= 1;
      --e;
    }
    bits = sign | (static_cast<uint32_t>(e) << 23) | ((mant & 0x3FF) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

std::string FormatShape(const std::vector<int64_t>& dims) {
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + ")";
}

class ListReader {
 public:
  ListReader(const std::string& bytes, const std::string& file_name)
      : data_(bytes), file_(file_name) {}

  MxParams Read();

 private:
  struct Slot {
    std::optional<MxArray> array;  // nullopt: a none array
    std::string deferred_error;    // reported once the names are known
  };

  [[noreturn]] void Fail(const std::string& what) const {
    throw MalformedInputError(file_ + ": " + what);
  }
  size_t left() const { return data_.size() - pos_; }
  // Reads `n` bytes little-endian; `what` names the field for a truncation error.
  uint64_t ReadLE(size_t n, const std::string& what) {
    if (left() < n) {
      Fail(what + ": " + std::to_string(n) + " bytes expected, " + std::to_string(left()) +
           " left");
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      v |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
    }
    pos_ += n;
    return v;
  }
  uint32_t U32(const std::string& what) { return static_cast<uint32_t>(ReadLE(4, what)); }
  int32_t I32(const std::string& what) { return static_cast<int32_t>(U32(what)); }
  uint64_t U64(const std::string& what) { return ReadLE(8, what); }
  int64_t I64(const std::string& what) { return static_cast<int64_t>(U64(what)); }

  // A TShape (int32 ndim, int64 dims) or a legacy one (uint32 dims, ndim already read).
  // Returns false for V3's unknown shape (ndim or a dim of -1).
  bool ReadShape(const std::string& who, bool v3, std::vector<int64_t>* dims);
  void ReadLegacyDims(const std::string& who, uint32_t ndim, std::vector<int64_t>* dims);
  // Product of `dims` times `elem_size`, checked for overflow and against the bytes left.
  size_t DataBytes(const std::string& who, const std::vector<int64_t>& dims,
                   size_t elem_size);
  Slot ReadArray(size_t index);
  void ReadElements(const std::string& who, const TypeInfo& type,
                    const std::vector<int64_t>& dims, Slot* slot);
  // Views into the file's bytes.
  std::vector<std::string_view> ReadNames(uint64_t array_count);

  std::string_view data_;
  const std::string& file_;
  size_t pos_ = 0;
};

bool ListReader::ReadShape(const std::string& who, bool v3, std::vector<int64_t>* dims) {
  const int32_t ndim = I32(who + ": ndim");
  if (v3 && ndim == -1) return false;
  if (ndim < 0) Fail(who + ": ndim " + std::to_string(ndim) + " is negative");
  if (static_cast<uint64_t>(ndim) * 8 > left()) {
    Fail(who + ": " + std::to_string(ndim) + " dimensions need " +
         std::to_string(static_cast<uint64_t>(ndim) * 8) + " bytes, " +
         std::to_string(left()) + " left");
  }
  dims->assign(static_cast<size_t>(ndim), 0);
  bool known = true;
  for (int32_t i = 0; i < ndim; ++i) {
    const int64_t d = I64(who + ": dimension " + std::to_string(i));
    if (v3 && d == -1) {
      known = false;
    } else if (d < 0) {
      Fail(who + ": dimension " + std::to_string(i) + " is " + std::to_string(d));
    }
    (*dims)[static_cast<size_t>(i)] = d;
  }
  return known;
}

void ListReader::ReadLegacyDims(const std::string& who, uint32_t ndim,
                                std::vector<int64_t>* dims) {
  if (static_cast<uint64_t>(ndim) * 4 > left()) {
    Fail(who + ": " + std::to_string(ndim) + " dimensions need " +
         std::to_string(static_cast<uint64_t>(ndim) * 4) + " bytes, " +
         std::to_string(left()) + " left (no known magic; read as a legacy ndim)");
  }
  dims->assign(ndim, 0);
  for (uint32_t i = 0; i < ndim; ++i) (*dims)[i] = U32(who + ": dimension " + std::to_string(i));
}

size_t ListReader::DataBytes(const std::string& who, const std::vector<int64_t>& dims,
                             size_t elem_size) {
  uint64_t bytes = elem_size;
  for (int64_t d : dims) {
    if (d != 0 && bytes > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) {
      Fail(who + ": the size of shape " + FormatShape(dims) + " overflows");
    }
    bytes *= static_cast<uint64_t>(d);
  }
  if (bytes > left()) {
    Fail(who + ": " + std::to_string(bytes) + " bytes of data expected, " +
         std::to_string(left()) + " left");
  }
  return static_cast<size_t>(bytes);
}

void ListReader::ReadElements(const std::string& who, const TypeInfo& type,
                              const std::vector<int64_t>& dims, Slot* slot) {
  const size_t bytes = DataBytes(who, dims, type.size);
  const char* src = data_.data() + pos_;
  pos_ += bytes;
  if (type.conversion == Conversion::kUnsupported) {
    slot->deferred_error = "type " + std::string(type.name) + " is not supported";
    return;
  }
  MxArray a;
  a.dtype = type.dtype;
  a.shape = dims;
  if (type.conversion == Conversion::kCopy) {
    a.data.assign(src, src + bytes);
    slot->array = std::move(a);
    return;
  }
  // float16 and float64 become float32; every float16 exactly. Elements are read with
  // memcpy as little-endian: neoc runs on little-endian hosts only, as the codebase.
  const size_t n = bytes / type.size;
  a.data.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    float f;
    if (type.conversion == Conversion::kFromFloat16) {
      uint16_t h;
      std::memcpy(&h, src + 2 * i, 2);
      f = HalfToFloat(h);
    } else {
      double d;
      std::memcpy(&d, src + 8 * i, 8);
      // A finite double beyond float's range has no float (the cast would be undefined).
      if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max()) {
        char value[32];
        std::snprintf(value, sizeof value, "%g", d);
        slot->deferred_error = "float64 element " + std::to_string(i) + " (" + value +
                               ") does not fit float32";
        return;
      }
      f = static_cast<float>(d);
    }
    std::memcpy(a.data.data() + 4 * i, &f, 4);
  }
  slot->array = std::move(a);
}

ListReader::Slot ListReader::ReadArray(size_t index) {
  const std::string who = "array " + std::to_string(index);
  Slot slot;
  const uint32_t magic = U32(who + ": magic");
  const bool v3 = magic == kV3Magic;
  std::vector<int64_t> dims;
  int32_t stype = 0;
  std::vector<int64_t> storage_dims;
  if (magic == kV3Magic || magic == kV2Magic) {
    stype = I32(who + ": storage type");
    if (stype < -1 || stype > 2) Fail(who + ": unknown storage type " + std::to_string(stype));
    // Sparse arrays write their storage shape (the stored values' shape) first.
    if (stype > 0 && !ReadShape(who + ": storage shape", v3, &storage_dims)) {
      Fail(who + ": the storage shape of a sparse array is unknown");
    }
    if (!ReadShape(who, v3, &dims)) return slot;  // V3's unknown shape: a none array
    if (!v3 && dims.empty()) return slot;          // V2's none array
  } else if (magic == kV1Magic) {
    ReadShape(who, false, &dims);
    if (dims.empty()) return slot;
  } else {
    ReadLegacyDims(who, magic, &dims);
    if (dims.empty()) return slot;
  }
  I32(who + ": device type");
  I32(who + ": device id");
  const int32_t flag = I32(who + ": type flag");
  const std::optional<TypeInfo> type = LookUpType(flag);
  if (!type) Fail(who + ": unknown type flag " + std::to_string(flag));
  if (stype <= 0) {
    ReadElements(who, *type, dims, &slot);
    return slot;
  }
  // Sparse: aux types and shapes (row_sparse: indices; csr: indptr and indices), the
  // stored values, then each aux array.
  const int aux_count = stype == 1 ? 1 : 2;
  std::vector<std::pair<TypeInfo, std::vector<int64_t>>> aux;
  for (int i = 0; i < aux_count; ++i) {
    const std::string aux_who = who + ": aux " + std::to_string(i);
    const int32_t aux_flag = I32(aux_who + " type flag");
    const std::optional<TypeInfo> aux_type = LookUpType(aux_flag);
    if (!aux_type) Fail(aux_who + ": unknown type flag " + std::to_string(aux_flag));
    std::vector<int64_t> aux_dims;
    if (!ReadShape(aux_who + " shape", v3, &aux_dims)) Fail(aux_who + ": shape unknown");
    aux.emplace_back(*aux_type, aux_dims);
  }
  pos_ += DataBytes(who, storage_dims, type->size);
  for (int i = 0; i < aux_count; ++i) {
    pos_ += DataBytes(who + ": aux " + std::to_string(i), aux[i].second, aux[i].first.size);
  }
  slot.deferred_error = std::string(stype == 1 ? "row_sparse" : "csr") +
                        " storage is not supported; save it dense (tostype('default'))";
  return slot;
}

std::vector<std::string_view> ListReader::ReadNames(uint64_t array_count) {
  const uint64_t count = U64("the name count");
  if (count != 0 && count != array_count) {
    Fail(std::to_string(count) + " names for " + std::to_string(array_count) + " arrays");
  }
  std::vector<std::string_view> names;
  names.reserve(count);  // count == array_count: at most one per 4 bytes already read
  for (uint64_t i = 0; i < count; ++i) {
    const std::string who = "name " + std::to_string(i);
    const uint64_t length = U64(who + ": length");
    if (length > left()) {
      Fail(who + ": " + std::to_string(length) + " bytes expected, " +
           std::to_string(left()) + " left");
    }
    names.push_back(data_.substr(pos_, length));
    pos_ += length;
  }
  return names;
}

// A name without MXNet's "arg:"/"aux:" prefix.
std::string_view Bare(std::string_view name) {
  if (name.substr(0, 4) == "arg:" || name.substr(0, 4) == "aux:") name.remove_prefix(4);
  return name;
}

// The first index whose bare name an earlier index has too, or names.size(). Sorting
// indices costs 8 bytes a name where a set of the names cost 80 and more.
size_t FirstRepeatedName(const std::vector<std::string_view>& names) {
  std::vector<size_t> order(names.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Stable: among equal names the earliest comes first, the repeats after it.
  std::stable_sort(order.begin(), order.end(),
                   [&names](size_t a, size_t b) { return Bare(names[a]) < Bare(names[b]); });
  size_t first = names.size();
  for (size_t k = 1; k < order.size(); ++k) {
    if (Bare(names[order[k]]) == Bare(names[order[k - 1]])) first = std::min(first, order[k]);
  }
  return first;
}

MxParams ListReader::Read() {
  if (U64("list magic") != kListMagic) {
    Fail("not an MXNet NDArray list (the first 8 bytes are not 0x112)");
  }
  U64("reserved field");
  const uint64_t count = U64("the array count");
  if (count > left() / kMinArrayBytes) {
    Fail(std::to_string(count) + " arrays declared, but only " + std::to_string(left()) +
         " bytes left (an array and its name take at least " +
         std::to_string(kMinArrayBytes) + ")");
  }
  // Only arrays with a value and deferred errors are kept, by index: a none array costs
  // nothing here (a slot for every array cost 96 bytes per 4-byte none array).
  std::vector<std::pair<size_t, MxArray>> arrays;
  std::vector<std::pair<size_t, std::string>> errors;
  for (uint64_t i = 0; i < count; ++i) {
    Slot slot = ReadArray(i);
    if (!slot.deferred_error.empty()) errors.emplace_back(i, std::move(slot.deferred_error));
    if (slot.array) arrays.emplace_back(i, std::move(*slot.array));
  }
  const std::vector<std::string_view> names = ReadNames(count);
  if (left() != 0) Fail(std::to_string(left()) + " bytes after the last name");
  if (names.empty() && count != 0) {
    Fail("the arrays have no names (mx.nd.save of a list); neoc matches parameters by name");
  }

  // In index order, each array's first problem: a deferred error, an empty name, a name
  // an earlier array has.
  const size_t repeated = FirstRepeatedName(names);
  auto error = errors.begin();
  auto array = arrays.begin();
  MxParams params;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string name(Bare(names[i]));
    auto who = [&] { return "array " + std::to_string(i) + " (" + std::string(names[i]) + ")"; };
    if (error != errors.end() && error->first == i) Fail(who() + ": " + error->second);
    if (name.empty()) Fail(who() + ": the name is empty");
    if (i == repeated) {
      Fail(who() + ": " + PythonQuote(name) + " is the name of an earlier array too");
    }
    if (array != arrays.end() && array->first == i) {
      params.arrays.emplace(name, std::move(array->second));
      ++array;
    }
  }
  return params;
}

}  // namespace

MxParams ReadMxParams(const std::string& bytes, const std::string& file_name) {
  return ListReader(bytes, file_name).Read();
}

}  // namespace neo::mx_frontend
