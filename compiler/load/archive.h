// Unpacks a gzip-compressed tar archive held in memory, refusing anything a model
// tarball has no business holding.
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

struct ArchiveLimits {
  uint64_t max_total_bytes = uint64_t{4} << 30;  // sum of the members' unpacked sizes
  uint64_t max_members = 100000;                 // entries of any kind, junk included
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

// Unpacks `bytes`; `display_name` (normally the tarball's path) names it in messages.
// Directory entries are recorded, macOS junk ("._*" files, "__MACOSX/" and ".DS_Store")
// is dropped. Every error is a Malformed input error (see archive.cc for the wording).
ArchiveContents ReadTarGz(const std::string& bytes, const std::string& display_name,
                          const ArchiveLimits& limits = ArchiveLimits());

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_ARCHIVE_H_
