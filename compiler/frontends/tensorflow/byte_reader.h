// Bounds-checked little-endian and varint decoding over a byte range; every read either
// succeeds within the range or reports failure, so callers never index past the data.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_BYTE_READER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace neo::tf_frontend {

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  bool ReadVarint64(uint64_t* out) {
    uint64_t value = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        *out = value;
        return true;
      }
    }
    return false;  // more than 10 bytes
  }

  bool ReadVarint32(uint32_t* out) {
    uint64_t v = 0;
    if (!ReadVarint64(&v) || v > UINT32_MAX) return false;
    *out = static_cast<uint32_t>(v);
    return true;
  }

  bool ReadFixed32(uint32_t* out) {
    if (remaining() < 4) return false;
    *out = DecodeFixed32(data_.data() + pos_);
    pos_ += 4;
    return true;
  }

  bool ReadBytes(size_t n, std::string_view* out) {
    if (remaining() < n) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

  static uint32_t DecodeFixed32(const char* p) {
    const auto* b = reinterpret_cast<const uint8_t*>(p);
    return static_cast<uint32_t>(b[0]) | (static_cast<uint32_t>(b[1]) << 8) |
           (static_cast<uint32_t>(b[2]) << 16) | (static_cast<uint32_t>(b[3]) << 24);
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_BYTE_READER_H_
