// Reads and writes NumPy .npy files: the format golden inputs and outputs are kept in,
// because numpy.save is what every framework's reference script can produce.
//
// Supported: format versions 1.0, 2.0 and 3.0; C order only; little-endian '<f4', '<f8',
// '<i8', '<i4', and the byte types '|b1', '|u1', '|i1'. Anything else is refused with a
// message naming the file and what was found, never silently reinterpreted.
#ifndef NEO_RULES_TESTING_NPY_H_
#define NEO_RULES_TESTING_NPY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace neo {
namespace testing {

enum class NpyType { kFloat32, kFloat64, kInt64, kInt32, kBool, kUInt8, kInt8 };

// '<f4', '<f8', '<i8', '<i4', '|b1', '|u1', '|i1'.
const char* NpyDescr(NpyType type);
size_t NpyItemSize(NpyType type);

struct NpyArray {
  NpyType type = NpyType::kFloat32;
  std::vector<int64_t> shape;  // () is a scalar with one element
  std::string data;            // num_elements() * item size bytes, little-endian, C order

  size_t num_elements() const;
};

// Parses the bytes of a .npy file; `name` (usually its path) prefixes every error.
// Throws std::runtime_error.
NpyArray ParseNpy(const std::string& bytes, const std::string& name);
NpyArray ReadNpy(const std::string& path);

// Version 1.0 when the header fits in 65535 bytes (it always does for sane shapes),
// else 2.0; the header is padded so the data starts on a 64-byte boundary, as numpy does.
std::string SerializeNpy(const NpyArray& array);
void WriteNpy(const std::string& path, const NpyArray& array);

// Every element as a double (exact for all supported types except int64 beyond 2^53).
std::vector<double> ToDoubles(const void* data, NpyType type, size_t count);
inline std::vector<double> ToDoubles(const NpyArray& a) {
  return ToDoubles(a.data.data(), a.type, a.num_elements());
}

// Returns `a` as float32: float32 unchanged, float64 rounded to nearest. Other types
// throw: integer data where float is expected is a mistake in the test, not a conversion.
NpyArray ToFloat32(const NpyArray& a, const std::string& name);

// "(1, 3, 224, 224)", numpy's notation.
std::string FormatShape(const std::vector<int64_t>& shape);

}  // namespace testing
}  // namespace neo

#endif  // NEO_RULES_TESTING_NPY_H_
