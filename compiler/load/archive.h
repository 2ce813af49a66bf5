// Unpacks a tar archive held in memory, gzip-compressed (Neo's .tar.gz) or plain, refusing
// anything a model tarball has no business holding.
//
// Nothing is written to disk, so path tricks could not escape anyway; they are refused
// all the same because a tarball holding them is not what the user meant to upload, and
// a clear message beats a confusing "file missing" later.
#ifndef NEO_COMPILER_LOAD_ARCHIVE_H_
#define NEO_COMPILER_LOAD_ARCHIVE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace neo {

// What an archive may unpack to. Every limit is checked while unpacking, before the bytes
// over it are held, so memory stays within max(ratio_free_bytes, max_compression_ratio x
// the archive's size) plus one 64 KiB buffer whatever the archive claims.
struct ArchiveLimits {
  uint64_t max_total_bytes = uint64_t{4} << 30;  // sum of the members' unpacked sizes
  uint64_t max_members = 100000;                 // entries of any kind, junk included
  // Unpacked bytes per archive byte (at least 1), checked once the members exceed
  // ratio_free_bytes, below which a small model of zeros may compress 1000:1. A
  // gzip bomb (3 MB inflating to 3 GiB) stops after a few hundred MB instead of at the
  // end. Weights compress about 1.1:1 and model text about 10:1; only untrained (zeroed)
  // weights come near this, and the flag raises it.
  uint64_t max_compression_ratio = 100;
  uint64_t ratio_free_bytes = uint64_t{64} << 20;
  uint64_t max_path_bytes = 1024;  // a member's name as stored
  uint64_t max_path_depth = 32;    // folders above a member
};


// One regular file of the archive.
struct ArchiveMember {
  std::string name;      // normalised: no leading "./", no empty or "." components
  std::string contents;
};

struct ArchiveContents {
  std::vector<ArchiveMember> files;        // in archive order
  std::vector<std::string> directories;    // normalised, without the trailing '/'
};

// Unpacks `bytes` (gzip-compressed when they start with gzip's magic, else a plain tar
// with the ustar magic); `display_name` (normally the tarball's path) names it in messages.
// Directory entries are recorded, macOS junk ("._*" files, "__MACOSX/" and ".DS_Store")
// is dropped. Every error is a Malformed input error (see archive.cc for the wording).
ArchiveContents ReadTarGz(const std::string& bytes, const std::string& display_name,
                          const ArchiveLimits& limits = ArchiveLimits());

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_ARCHIVE_H_
