#include "compiler/load/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <set>

#include "compiler/diagnostics/diagnostics.h"

namespace neo {
namespace {

struct ArchiveDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveDeleter>;

std::string LibarchiveMessage(struct archive* a) {
  const char* msg = archive_error_string(a);
  return msg != nullptr ? msg : "unknown libarchive error";
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : path) {
    if (c == '/') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

// Drops "." and empty components ("./a//b/" -> "a/b"). Called after the ".." and absolute
// checks, so the result always names a place inside the archive folder.
std::string Normalise(const std::string& path) {
  std::string out;
  for (const std::string& part : SplitPath(path)) {
    if (part.empty() || part == ".") continue;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

// AppleDouble files ("._name"), Finder's "__MACOSX/" copies and ".DS_Store" come from
// archiving on a Mac; they are never part of a model.
bool IsMacJunk(const std::string& normalised) {
  for (const std::string& part : SplitPath(normalised)) {
    if (part == "__MACOSX" || part == ".DS_Store" || part.rfind("._", 0) == 0) return true;
  }
  return false;
}

class Reader {
 public:
  Reader(const std::string& bytes, const std::string& display_name,
         const ArchiveLimits& limits)
      : bytes_(bytes), name_(display_name), limits_(limits) {}

  ArchiveContents Read() {
    // gzip starts with 1f 8b and a tar header has "ustar" at byte 257 (POSIX and GNU
    // alike); checking first gives a plain message for a .zip or an .onnx uploaded as
    // is, instead of libarchive's generic complaint.
    const bool gzip = bytes_.size() >= 2 && static_cast<unsigned char>(bytes_[0]) == 0x1f &&
                      static_cast<unsigned char>(bytes_[1]) == 0x8b;
    if (!gzip && (bytes_.size() < 512 || bytes_.compare(257, 5, "ustar") != 0)) {
      throw MalformedInputError(name_ + " is not a gzip-compressed tar archive");
    }
    ArchivePtr a(archive_read_new());
    if (!a) throw std::bad_alloc();
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), bytes_.data(), bytes_.size()) != ARCHIVE_OK) {
      NotTarOrCorrupt(a.get());
    }

    ArchiveContents out;
    std::set<std::string> seen;
    uint64_t members = 0;
    uint64_t total = 0;
    for (;;) {
      struct archive_entry* entry = nullptr;
      const int r = archive_read_next_header(a.get(), &entry);
      if (r == ARCHIVE_EOF) break;
      if (r == ARCHIVE_WARN) {
        // Warnings (e.g. unknown pax keywords) still hand back a usable entry.
      } else if (r != ARCHIVE_OK) {
        if (members == 0) NotTarOrCorrupt(a.get());
        Corrupt(a.get());
      }
      if (++members > limits_.max_members) {
        throw MalformedInputError(name_ + " holds more than " +
                                  std::to_string(limits_.max_members) + " members");
      }
      const char* raw = archive_entry_pathname(entry);
      const std::string path = raw != nullptr ? raw : "";
      CheckPath(path);
      CheckPathSize(path);
      const std::string normalised = Normalise(path);
      if (IsMacJunk(normalised)) {
        continue;
      }
      CheckType(entry, path);
      if (archive_entry_filetype(entry) == AE_IFDIR) {
        if (!normalised.empty()) out.directories.push_back(normalised);
        continue;
      }
      if (!seen.insert(normalised).second) {
        throw MemberError(path, "appears more than once");
      }
      // The header's size is only a claim; it is checked here so a huge claim fails
      // before any memory is reserved, and the real byte count is checked while reading.
      if (archive_entry_size_is_set(entry)) {
        const int64_t claimed = archive_entry_size(entry);
        if (claimed < 0 || static_cast<uint64_t>(claimed) > limits_.max_total_bytes - total) {
          TooBig();
        }
        CheckRatio(total + static_cast<uint64_t>(claimed));
      }
      ArchiveMember member;
      member.name = normalised;
      ReadData(a.get(), path, &total, &member.contents);
      out.files.push_back(std::move(member));
    }
    return out;
  }

 private:
  // Libarchive picks the format while opening; a gzip stream that inflates to something
  // other than tar fails there with a file-format errno, anything else is damage.
  [[noreturn]] void NotTarOrCorrupt(struct archive* a) {
    // (libarchive's private ARCHIVE_ERRNO_FILE_FORMAT is EILSEQ where EFTYPE is missing.)
    if (archive_errno(a) != EILSEQ) Corrupt(a);
    throw MalformedInputError(name_ + " is not a gzip-compressed tar archive: " +
                              LibarchiveMessage(a));
  }

  [[noreturn]] void Corrupt(struct archive* a) {
    throw MalformedInputError(name_ + " is truncated or corrupt: " + LibarchiveMessage(a));
  }

  [[noreturn]] void TooBig() {
    throw MalformedInputError(name_ + " unpacks to more than " +
                              std::to_string(limits_.max_total_bytes) + " bytes");
  }

  // Past ratio_free_bytes, `unpacked` may be at most max_compression_ratio times the
  // archive's own size.
  void CheckRatio(uint64_t unpacked) const {
    const uint64_t packed = bytes_.size();
    const uint64_t ratio = std::max<uint64_t>(limits_.max_compression_ratio, 1);
    if (unpacked <= limits_.ratio_free_bytes || unpacked / ratio <= packed) return;
    throw MalformedInputError(name_ + " unpacks to more than " + std::to_string(ratio) +
                              " times its own size of " + std::to_string(packed) +
                              " bytes (a compression bomb?); --max_compression_ratio " +
                              "raises the limit");
  }

  // "member 'a/b.onnx' of m.tar.gz <what>", naming the member for --error_format=json too;
  // `shown` replaces the name in the text when it is too long to print.
  NeoError MemberError(const std::string& path, const std::string& what,
                       const std::string& shown = "") const {
    NeoError e = MalformedInputError("member " + PythonQuote(shown.empty() ? path : shown) +
                                     " of " + name_ + " " + what);
    e.set_member(path);
    return e;
  }

  void CheckPathSize(const std::string& path) const {
    if (path.size() > limits_.max_path_bytes) {
      throw MemberError(path,
                        "has a path of " + std::to_string(path.size()) + " bytes, more than the " +
                            std::to_string(limits_.max_path_bytes) + " allowed",
                        path.substr(0, 64) + "...");
    }
    uint64_t depth = 0;
    for (const std::string& part : SplitPath(Normalise(path))) {
      if (!part.empty()) ++depth;
    }
    if (depth > 0) --depth;  // the member itself is not a folder above it
    if (depth > limits_.max_path_depth) {
      throw MemberError(path, "is " + std::to_string(depth) + " folders deep, more than the " +
                                  std::to_string(limits_.max_path_depth) + " allowed");
    }
  }

  void CheckPath(const std::string& path) {
    if (path.empty()) {
      throw MalformedInputError(name_ + " holds a member with an empty name");
    }
    if (path[0] == '/') {
      throw MemberError(path, "has an absolute path");
    }
    for (const std::string& part : SplitPath(path)) {
      if (part == "..") {
        throw MemberError(path, "points outside the archive folder with '..'");
      }
    }
  }

  void CheckType(struct archive_entry* entry, const std::string& path) {
    const char* what = nullptr;
    if (archive_entry_hardlink(entry) != nullptr) {
      what = "a hard link";
    } else {
      switch (archive_entry_filetype(entry)) {
        case AE_IFREG:
        case AE_IFDIR:
          return;
        case AE_IFLNK: what = "a symbolic link"; break;
        case AE_IFCHR: what = "a character device"; break;
        case AE_IFBLK: what = "a block device"; break;
        case AE_IFIFO: what = "a named pipe"; break;
        case AE_IFSOCK: what = "a socket"; break;
        default: what = "not a regular file"; break;
      }
    }
    throw MemberError(path, std::string("is ") + what +
                                "; a model archive may hold only regular files and folders");
  }

  void ReadData(struct archive* a, const std::string& path, uint64_t* total,
                std::string* contents) {
    char buffer[1 << 16];
    for (;;) {
      const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
      if (n == 0) return;
      if (n < 0) {
        if (n == ARCHIVE_WARN) continue;
        throw MalformedInputError(name_ + " is truncated or corrupt: " +
                                  LibarchiveMessage(a) + " (in member " + PythonQuote(path) +
                                  ")");
      }
      if (static_cast<uint64_t>(n) > limits_.max_total_bytes - *total) TooBig();
      *total += static_cast<uint64_t>(n);
      CheckRatio(*total);
      contents->append(buffer, static_cast<size_t>(n));
    }
  }

  const std::string& bytes_;
  const std::string& name_;
  const ArchiveLimits& limits_;
};

}  // namespace

ArchiveContents ReadTarGz(const std::string& bytes, const std::string& display_name,
                          const ArchiveLimits& limits) {
  return Reader(bytes, display_name, limits).Read();
}

}  // namespace neo
