#include "compiler/frontends/pytorch/pth_file.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::pytorch_frontend {

const char kSaveTorchScriptAdvice[] =
    "Neo needs a TorchScript model, which holds the network's code as well as its weights: "
    "save one with torch.jit.save(torch.jit.trace(model.eval(), example_input), "
    "\"model.pth\") (or torch.jit.script(model) in place of the trace).";

namespace {

uint64_t Le(const std::string& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}

// Whether `n` bytes from `at` lie inside `b`, without overflowing: offsets and sizes come
// from the file and may be anything up to 2^64 - 1.
bool Fits(const std::string& b, uint64_t at, uint64_t n) {
  return at <= b.size() && n <= b.size() - at;
}

bool HasSignature(const std::string& b, uint64_t at, uint32_t sig) {
  return Fits(b, at, 4) && Le(b, at, 4) == sig;
}

struct ZipEntry {
  std::string name;
  uint16_t method = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_offset = 0;
};

// Reads the central directory through the end-of-central-directory record (and its
// zip64 form, which torch.jit.save writes for large models).
std::vector<ZipEntry> ZipEntries(const std::string& b) {
  std::vector<ZipEntry> out;
  if (b.size() < 22) return out;
  size_t eocd = std::string::npos;
  const size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  for (size_t at = b.size() - 22 + 1; at-- > lowest;) {
    if (HasSignature(b, at, 0x06054b50)) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string::npos) return out;
  uint64_t count = Le(b, eocd + 10, 2), offset = Le(b, eocd + 16, 4);
  if ((count == 0xFFFF || offset == 0xFFFFFFFF) && eocd >= 20 &&
      HasSignature(b, eocd - 20, 0x07064b50)) {
    const uint64_t record = Le(b, eocd - 20 + 8, 8);
    if (!Fits(b, record, 56) || !HasSignature(b, record, 0x06064b50)) return out;
    count = Le(b, record + 32, 8);
    offset = Le(b, record + 48, 8);
  }
  size_t at = offset;
  for (uint64_t i = 0; i < count; ++i) {
    if (!Fits(b, at, 46) || !HasSignature(b, at, 0x02014b50)) return {};
    ZipEntry e;
    e.method = static_cast<uint16_t>(Le(b, at + 10, 2));
    e.compressed_size = Le(b, at + 20, 4);
    e.uncompressed_size = Le(b, at + 24, 4);
    e.local_offset = Le(b, at + 42, 4);
    const size_t name_len = Le(b, at + 28, 2), extra_len = Le(b, at + 30, 2),
                 comment_len = Le(b, at + 32, 2);
    if (!Fits(b, at, 46 + name_len)) return {};
    e.name = b.substr(at + 46, name_len);
    // Zip64 sizes and offsets live in the extra field (id 1) when the fields are full.
    size_t x = at + 46 + name_len;
    const size_t x_end = std::min(b.size(), x + extra_len);
    while (x + 4 <= x_end) {
      const uint64_t id = Le(b, x, 2), len = Le(b, x + 2, 2);
      if (id == 1) {
        size_t f = x + 4;
        if (e.uncompressed_size == 0xFFFFFFFF && f + 8 <= x_end) {
          e.uncompressed_size = Le(b, f, 8);
          f += 8;
        }
        if (e.compressed_size == 0xFFFFFFFF && f + 8 <= x_end) {
          e.compressed_size = Le(b, f, 8);
          f += 8;
        }
        if (e.local_offset == 0xFFFFFFFF && f + 8 <= x_end) e.local_offset = Le(b, f, 8);
      }
      x += 4 + len;
    }
    out.push_back(e);
    at += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

// The bytes of a stored (uncompressed) member, or "" when it cannot be read.
std::string StoredMember(const std::string& b, const ZipEntry& e) {
  if (e.method != 0 || !Fits(b, e.local_offset, 30) ||
      !HasSignature(b, e.local_offset, 0x04034b50)) {
    return "";
  }
  const uint64_t data = e.local_offset + 30 + Le(b, e.local_offset + 26, 2) +
                        Le(b, e.local_offset + 28, 2);
  if (!Fits(b, data, e.compressed_size)) return "";
  return b.substr(data, e.compressed_size);
}

// Deflate expands at most 1032-fold (a 258-byte match coded in 2 bits); a directory
// claiming more is lying.
constexpr uint64_t kMaxDeflateRatio = 1032;

// Why `e` cannot be read as its central-directory entry describes it, or "" when it can.
// libtorch allocates the uncompressed size the directory claims before it reads a byte,
// so a claim beyond what the file can hold is refused here.
std::string MemberProblem(const std::string& b, const ZipEntry& e) {
  const std::string in_file = " in a " + std::to_string(b.size()) + "-byte file";
  if (!Fits(b, e.local_offset, 30)) {
    return "claims its local header at offset " + std::to_string(e.local_offset) + in_file;
  }
  if (!HasSignature(b, e.local_offset, 0x04034b50)) {
    return "has no local header at offset " + std::to_string(e.local_offset);
  }
  if (e.compressed_size > b.size()) {
    return "claims " + std::to_string(e.compressed_size) + " compressed bytes" + in_file;
  }
  if (e.method == 0) {
    if (e.uncompressed_size > b.size()) {
      return "claims " + std::to_string(e.uncompressed_size) + " uncompressed bytes" + in_file;
    }
    if (e.uncompressed_size != e.compressed_size) {
      return "is stored uncompressed but claims " + std::to_string(e.compressed_size) +
             " compressed and " + std::to_string(e.uncompressed_size) + " uncompressed bytes";
    }
  } else if (e.method == 8) {
    // compressed_size fits in the file here, so the product cannot overflow.
    if (e.uncompressed_size > e.compressed_size * kMaxDeflateRatio) {
      return "claims " + std::to_string(e.uncompressed_size) + " uncompressed bytes from " +
             std::to_string(e.compressed_size) + " deflated bytes, more than deflate expands to";
    }
  } else {
    // libtorch's zip reader (miniz) knows no other method.
    return "uses compression method " + std::to_string(e.method) +
           " (a TorchScript archive's members are stored or deflated)";
  }
  const uint64_t data = e.local_offset + 30 + Le(b, e.local_offset + 26, 2) +
                        Le(b, e.local_offset + 28, 2);
  if (!Fits(b, data, e.compressed_size)) {
    return "has its " + std::to_string(e.compressed_size) + " bytes at offset " +
           std::to_string(data) + ", past the end of the " + std::to_string(b.size()) +
           "-byte file";
  }
  return "";
}

// libtorch's zip reader (miniz) looks names up ignoring ASCII case.
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Throws Load Error for a directory entry libtorch would act on without checking it, and
// for a member named twice (which of the two libtorch reads is up to its zip reader).
void CheckZipMembers(const std::vector<ZipEntry>& entries, const std::string& b,
                     const std::string& file_name) {
  std::map<std::string, std::string> seen;  // lower-case name -> name
  for (const ZipEntry& e : entries) {
    const std::string problem = MemberProblem(b, e);
    if (!problem.empty()) {
      throw LoadError(file_name + " is corrupt: member " + PythonQuote(e.name) + " " + problem +
                      ".");
    }
    const auto [it, added] = seen.emplace(Lower(e.name), e.name);
    if (added) continue;
    if (it->second == e.name) {
      throw LoadError(file_name + " is corrupt: member " + PythonQuote(e.name) +
                      " appears twice.");
    }
    throw LoadError(file_name + " is corrupt: members " + PythonQuote(it->second) + " and " +
                    PythonQuote(e.name) + " differ only in case, which libtorch ignores.");
  }
}

bool IsZipLocalHeader(const std::string& b) { return HasSignature(b, 0, 0x04034b50); }

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A pickled nn.Module carries its attribute dictionary: every module pickle names
// "_parameters" and "_modules", which a pickle of tensors (a state_dict) never does.
bool PicklesModule(const std::string& pickle) {
  return pickle.find("_parameters") != std::string::npos &&
         pickle.find("_modules") != std::string::npos;
}

bool LooksLikePickle(const std::string& b) {
  // PROTO opcode with a protocol number, as every torch.save (legacy format) starts.
  return b.size() >= 2 && static_cast<uint8_t>(b[0]) == 0x80 && b[1] >= 2 && b[1] <= 5;
}

}  // namespace

std::vector<std::string> ZipMemberNames(const std::string& bytes) {
  std::vector<std::string> names;
  for (const ZipEntry& e : ZipEntries(bytes)) names.push_back(e.name);
  return names;
}

std::map<std::string, uint64_t> TorchRecordSizes(const std::string& bytes) {
  std::map<std::string, uint64_t> sizes;
  const std::vector<ZipEntry> entries = ZipEntries(bytes);
  if (entries.empty()) return sizes;
  // libtorch takes the first member's folder for the archive's and reads records inside
  // it only.
  const std::string folder = Lower(entries[0].name.substr(0, entries[0].name.find('/') + 1));
  for (const ZipEntry& e : entries) {
    const std::string name = Lower(e.name);
    if (name.size() > folder.size() && name.compare(0, folder.size(), folder) == 0) {
      sizes[name.substr(folder.size())] = e.uncompressed_size;
    }
  }
  return sizes;
}

PthKind ClassifyPth(const std::string& bytes) {
  const std::vector<ZipEntry> entries = ZipEntries(bytes);
  if (!entries.empty()) {
    bool code = false, constants = false;
    const ZipEntry* data = nullptr;
    for (const ZipEntry& e : entries) {
      if (e.name.find("/code/") != std::string::npos) code = true;
      if (EndsWith(e.name, "/constants.pkl")) constants = true;
      if (EndsWith(e.name, "/data.pkl") && data == nullptr) data = &e;
    }
    if (code && constants) return PthKind::kTorchScript;
    if (data == nullptr) return PthKind::kNotPyTorch;
    return PicklesModule(StoredMember(bytes, *data)) ? PthKind::kEagerModule
                                                     : PthKind::kStateDict;
  }
  if (LooksLikePickle(bytes)) {
    return PicklesModule(bytes) ? PthKind::kEagerModule : PthKind::kStateDict;
  }
  return PthKind::kNotPyTorch;
}

void CheckIsTorchScript(const std::string& bytes, const std::string& file_name) {
  CheckZipMembers(ZipEntries(bytes), bytes, file_name);
  switch (ClassifyPth(bytes)) {
    case PthKind::kTorchScript:
      return;
    case PthKind::kStateDict:
      throw LoadError(file_name + " holds only tensors (a state_dict saved with torch.save), "
                      "not a TorchScript model. " + kSaveTorchScriptAdvice);
    case PthKind::kEagerModule:
      throw LoadError(file_name + " holds a pickled Python module (torch.save(model)), "
                      "which only Python with the model's source can load, not a TorchScript "
                      "model. " + kSaveTorchScriptAdvice);
    case PthKind::kNotPyTorch:
      break;
  }
  // Starts like a zip but its directory cannot be read: truncated or damaged, and saving
  // it again is the fix, not a different kind of file.
  if (IsZipLocalHeader(bytes) && ZipEntries(bytes).empty()) {
    throw LoadError(file_name + " is corrupt: it starts as a zip archive but its central "
                    "directory cannot be read.");
  }
  throw LoadError(file_name + " is not a TorchScript archive (torch.jit.save writes a zip "
                  "archive with the model's code and constants). " + kSaveTorchScriptAdvice);
}

}  // namespace neo::pytorch_frontend
