#include "compiler/frontends/pytorch/pth_file.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

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
        if (Le(b, at + 24, 4) == 0xFFFFFFFF && f + 8 <= x_end) f += 8;  // uncompressed
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
  throw LoadError(file_name + " is not a TorchScript archive (torch.jit.save writes a zip "
                  "archive with the model's code and constants). " + kSaveTorchScriptAdvice);
}

}  // namespace neo::pytorch_frontend
