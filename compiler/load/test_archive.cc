#include "compiler/load/test_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace neo {
namespace testing {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "test_archive: %s\n", what.c_str());
  std::abort();
}

la_ssize_t Append(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

std::string MakeTarball(const std::vector<TestEntry>& entries, bool gzip) {
  std::string out;
  struct archive* a = archive_write_new();
  if (gzip) archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  // Libarchive pads the last block to 10 KiB by default; 512 keeps archives tiny.
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, nullptr, &Append, nullptr) != ARCHIVE_OK) {
    Die(archive_error_string(a));
  }
  for (const TestEntry& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, 0, 0);
    switch (e.kind) {
      case TestEntry::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.contents.size()));
        break;
      case TestEntry::kDirectory:
        archive_entry_set_filetype(entry, AE_IFDIR);
        archive_entry_set_perm(entry, 0755);
        break;
      case TestEntry::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.link.c_str());
        break;
      case TestEntry::kHardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.link.c_str());
        break;
      case TestEntry::kCharDevice:
        archive_entry_set_filetype(entry, AE_IFCHR);
        archive_entry_set_rdev(entry, makedev(1, 3));
        break;
      case TestEntry::kFifo:
        archive_entry_set_filetype(entry, AE_IFIFO);
        break;
    }
    if (archive_write_header(a, entry) != ARCHIVE_OK) Die(archive_error_string(a));
    if (e.kind == TestEntry::kFile && !e.contents.empty()) {
      if (archive_write_data(a, e.contents.data(), e.contents.size()) < 0) {
        Die(archive_error_string(a));
      }
    }
    archive_entry_free(entry);
  }
  if (archive_write_close(a) != ARCHIVE_OK) Die(archive_error_string(a));
  archive_write_free(a);
  return out;
}

std::string MakeTempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string templ = std::string(base != nullptr ? base : "/tmp") + "/neo_load_XXXXXX";
  if (mkdtemp(&templ[0]) == nullptr) Die("mkdtemp failed");
  return templ;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) Die("cannot write " + path);
}

}  // namespace testing
}  // namespace neo
