// Reads NumPy .npy files (format versions 1-3, little-endian, C order), enough for
// the example to load its held-out images and labels without any other library.
#ifndef NEO_EXAMPLES_DIGITS_NPY_FILE_H_
#define NEO_EXAMPLES_DIGITS_NPY_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace digits {

struct NpyArray {
  std::string dtype;            // NumPy descr, e.g. "<f4" or "<i8"
  std::vector<int64_t> shape;   // empty for a scalar
  std::vector<char> data;       // raw element bytes, C order

  int64_t num_elements() const;
};

// Parses the bytes of a .npy file. On failure returns false and sets *error to
// one line saying what is wrong.
bool ParseNpy(const std::string& bytes, NpyArray* out, std::string* error);

// Reads and parses `path`; the error names the file.
bool ReadNpyFile(const std::string& path, NpyArray* out, std::string* error);

}  // namespace digits

#endif  // NEO_EXAMPLES_DIGITS_NPY_FILE_H_
