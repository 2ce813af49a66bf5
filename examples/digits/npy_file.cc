#include "examples/digits/npy_file.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace digits {
namespace {

// The value text after 'key': in the header dict, e.g. "'<f4'" or "(360, 1, 8, 8)".
bool FindValue(const std::string& header, const std::string& key, std::string* value) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos) return false;
  pos = header.find(':', pos);
  if (pos == std::string::npos) return false;
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  size_t end = pos;
  if (pos < header.size() && header[pos] == '(') {
    end = header.find(')', pos);
    if (end == std::string::npos) return false;
    ++end;
  } else if (pos < header.size() && header[pos] == '\'') {
    end = header.find('\'', pos + 1);
    if (end == std::string::npos) return false;
    ++end;
  } else {
    while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  }
  *value = header.substr(pos, end - pos);
  return true;
}

int ElementSize(const std::string& dtype) {
  if (dtype == "<f4" || dtype == "<i4" || dtype == "<u4") return 4;
  if (dtype == "<f8" || dtype == "<i8" || dtype == "<u8") return 8;
  if (dtype == "|u1" || dtype == "|i1" || dtype == "|b1") return 1;
  return 0;
}

}  // namespace

int64_t NpyArray::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

bool ParseNpy(const std::string& bytes, NpyArray* out, std::string* error) {
  static const char kMagic[] = "\x93NUMPY";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0) {
    *error = "not a .npy file (bad magic)";
    return false;
  }
  const unsigned char major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) |
                 static_cast<unsigned char>(bytes[9]) << 8;
    header_start = 10;
  } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
    for (int i = 3; i >= 0; --i) header_len = header_len << 8 | static_cast<unsigned char>(bytes[8 + i]);
    header_start = 12;
  } else {
    *error = "unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (header_start + header_len > bytes.size()) {
    *error = "truncated .npy header";
    return false;
  }
  const std::string header = bytes.substr(header_start, header_len);

  std::string descr, fortran, shape;
  if (!FindValue(header, "descr", &descr) || !FindValue(header, "fortran_order", &fortran) ||
      !FindValue(header, "shape", &shape)) {
    *error = "malformed .npy header: " + header;
    return false;
  }
  out->dtype = descr.substr(1, descr.size() - 2);
  if (fortran != "False") {
    *error = "Fortran-order arrays are not supported";
    return false;
  }
  const int element_size = ElementSize(out->dtype);
  if (element_size == 0) {
    *error = "unsupported dtype " + out->dtype;
    return false;
  }
  out->shape.clear();
  std::stringstream dims(shape.substr(1, shape.size() - 2));
  std::string dim;
  while (std::getline(dims, dim, ',')) {
    if (dim.find_first_not_of(' ') == std::string::npos) continue;  // "(360,)"
    out->shape.push_back(std::stoll(dim));
  }
  const size_t data_start = header_start + header_len;
  const size_t want = static_cast<size_t>(out->num_elements()) * element_size;
  if (bytes.size() - data_start != want) {
    *error = "expected " + std::to_string(want) + " data bytes, found " +
             std::to_string(bytes.size() - data_start);
    return false;
  }
  out->data.assign(bytes.begin() + data_start, bytes.end());
  return true;
}

bool ReadNpyFile(const std::string& path, NpyArray* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!ParseNpy(buffer.str(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace digits
