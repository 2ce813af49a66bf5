#include "rules/testing/npy.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace neo {
namespace testing {
namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct TypeInfo {
  NpyType type;
  const char* descr;
  size_t size;
};

constexpr TypeInfo kTypes[] = {
    {NpyType::kFloat32, "<f4", 4}, {NpyType::kFloat64, "<f8", 8}, {NpyType::kInt64, "<i8", 8},
    {NpyType::kInt32, "<i4", 4},   {NpyType::kBool, "|b1", 1},    {NpyType::kUInt8, "|u1", 1},
    {NpyType::kInt8, "|i1", 1},
};

[[noreturn]] void Fail(const std::string& name, const std::string& what) {
  throw std::runtime_error(name + ": " + what);
}

// A cursor over numpy's header, a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  void Parse(std::string* descr, bool* fortran, std::vector<int64_t>* shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    Expect('{');
    while (!Peek('}')) {
      const std::string key = String();
      Expect(':');
      if (key == "descr") {
        *descr = String();
        have_descr = true;
      } else if (key == "fortran_order") {
        *fortran = Bool();
        have_fortran = true;
      } else if (key == "shape") {
        *shape = Tuple();
        have_shape = true;
      } else {
        Bad("unexpected key '" + key + "'");
      }
      if (!Peek('}')) Expect(',');
    }
    Expect('}');
    if (!have_descr || !have_fortran || !have_shape) {
      Bad("header lacks 'descr', 'fortran_order' or 'shape'");
    }
  }

 private:
  [[noreturn]] void Bad(const std::string& what) {
    Fail(name_, "malformed .npy header (" + what + "): " + s_);
  }
  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  void Expect(char c) {
    if (!Peek(c)) Bad(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string String() {
    SkipSpace();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) Bad("expected a string");
    const char quote = s_[pos_++];
    const size_t end = s_.find(quote, pos_);
    if (end == std::string::npos) Bad("unterminated string");
    std::string out = s_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return out;
  }
  bool Bool() {
    SkipSpace();
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    Bad("expected True or False");
  }
  std::vector<int64_t> Tuple() {
    std::vector<int64_t> out;
    Expect('(');
    while (!Peek(')')) {
      SkipSpace();
      size_t digits = 0;
      int64_t v = 0;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
        if (v > (INT64_MAX - 9) / 10) Bad("dimension too large");
        v = v * 10 + (s_[pos_++] - '0');
        ++digits;
      }
      // numpy writes Python ints; an 'L' suffix comes from Python 2's numpy.
      if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;
      if (digits == 0) Bad("expected a dimension");
      out.push_back(v);
      if (!Peek(')')) Expect(',');
    }
    Expect(')');
    return out;
  }

  const std::string& s_;
  const std::string& name_;
  size_t pos_ = 0;
};

uint32_t LittleEndian(const std::string& b, size_t pos, size_t bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < bytes; ++i) {
    v |= static_cast<uint32_t>(static_cast<unsigned char>(b[pos + i])) << (8 * i);
  }
  return v;
}

template <typename T>
T Load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);  // the host is little-endian, as the data is
  return v;
}

}  // namespace

const char* NpyDescr(NpyType type) {
  for (const TypeInfo& t : kTypes) {
    if (t.type == type) return t.descr;
  }
  return "?";
}

size_t NpyItemSize(NpyType type) {
  for (const TypeInfo& t : kTypes) {
    if (t.type == type) return t.size;
  }
  return 0;
}

size_t NpyArray::num_elements() const {
  size_t n = 1;
  for (int64_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

std::string FormatShape(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";
  return out + ")";
}

NpyArray ParseNpy(const std::string& bytes, const std::string& name) {
  if (bytes.size() < kMagicSize + 4 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0) {
    Fail(name, "not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0;
  size_t header_start = 0;
  if (major == 1) {
    header_len = LittleEndian(bytes, 8, 2);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) Fail(name, "truncated .npy header");
    header_len = LittleEndian(bytes, 8, 4);
    header_start = 12;
  } else {
    Fail(name, "unsupported .npy format version " + std::to_string(major) + "." +
                   std::to_string(static_cast<unsigned char>(bytes[7])));
  }
  if (bytes.size() < header_start + header_len) Fail(name, "truncated .npy header");
  const std::string header = bytes.substr(header_start, header_len);

  std::string descr;
  bool fortran = false;
  NpyArray out;
  HeaderParser(header, name).Parse(&descr, &fortran, &out.shape);
  if (fortran) Fail(name, "fortran_order arrays are not supported; save with C order");
  bool known = false;
  for (const TypeInfo& t : kTypes) {
    // numpy writes '|u1' but '<u1'/'=u1' mean the same for one-byte types.
    const bool byte_alias = t.size == 1 && descr.size() == 3 && descr.substr(1) == t.descr + 1 &&
                            (descr[0] == '<' || descr[0] == '=');
    if (descr == t.descr || byte_alias) {
      out.type = t.type;
      known = true;
    }
  }
  if (!known) {
    const std::string why = !descr.empty() && descr[0] == '>' ? " (big-endian)" : "";
    Fail(name, "unsupported dtype '" + descr + "'" + why +
                   "; supported: <f4, <f8, <i8, <i4, |b1, |u1, |i1");
  }
  // Element count with overflow check, then exact data length (numpy writes no trailer).
  size_t n = 1;
  for (int64_t d : out.shape) {
    if (d != 0 && n > SIZE_MAX / 16 / static_cast<size_t>(d)) Fail(name, "shape too large");
    n *= static_cast<size_t>(d);
  }
  const size_t want = n * NpyItemSize(out.type);
  const size_t have = bytes.size() - header_start - header_len;
  if (have != want) {
    Fail(name, "expected " + std::to_string(want) + " data bytes for shape " +
                   FormatShape(out.shape) + " " + descr + ", found " + std::to_string(have));
  }
  out.data = bytes.substr(header_start + header_len);
  return out;
}

NpyArray ReadNpy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) Fail(path, "cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream ss;
  ss << f.rdbuf();
  return ParseNpy(ss.str(), path);
}

std::string SerializeNpy(const NpyArray& a) {
  std::string dict = std::string("{'descr': '") + NpyDescr(a.type) +
                     "', 'fortran_order': False, 'shape': " + FormatShape(a.shape) + ", }";
  // Pad with spaces and end with '\n' so magic + length + header is a multiple of 64.
  const bool v2 = dict.size() + 1 + 10 > 65535;
  const size_t prefix = v2 ? 12 : 10;
  const size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  const uint32_t len = static_cast<uint32_t>(dict.size());
  for (size_t i = 0; i < (v2 ? 4u : 2u); ++i) out += static_cast<char>((len >> (8 * i)) & 0xff);
  out += dict;
  out += a.data;
  return out;
}

void WriteNpy(const std::string& path, const NpyArray& a) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  const std::string bytes = SerializeNpy(a);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) Fail(path, "cannot write");
}

std::vector<double> ToDoubles(const void* data, NpyType type, size_t count) {
  const auto* p = static_cast<const unsigned char*>(data);
  std::vector<double> out(count);
  const size_t step = NpyItemSize(type);
  for (size_t i = 0; i < count; ++i, p += step) {
    switch (type) {
      case NpyType::kFloat32: out[i] = Load<float>(p); break;
      case NpyType::kFloat64: out[i] = Load<double>(p); break;
      case NpyType::kInt64: out[i] = static_cast<double>(Load<int64_t>(p)); break;
      case NpyType::kInt32: out[i] = Load<int32_t>(p); break;
      case NpyType::kBool: out[i] = *p != 0 ? 1.0 : 0.0; break;
      case NpyType::kUInt8: out[i] = *p; break;
      case NpyType::kInt8: out[i] = static_cast<int8_t>(*p); break;
    }
  }
  return out;
}

NpyArray ToFloat32(const NpyArray& a, const std::string& name) {
  if (a.type == NpyType::kFloat32) return a;
  if (a.type != NpyType::kFloat64) {
    Fail(name, std::string("dtype ") + NpyDescr(a.type) + " cannot stand for float32 data");
  }
  NpyArray out;
  out.type = NpyType::kFloat32;
  out.shape = a.shape;
  const size_t n = a.num_elements();
  out.data.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    const float f = static_cast<float>(Load<double>(
        reinterpret_cast<const unsigned char*>(a.data.data()) + 8 * i));
    std::memcpy(&out.data[4 * i], &f, 4);
  }
  return out;
}

}  // namespace testing
}  // namespace neo
