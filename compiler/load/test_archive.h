// Builds tarballs for the tests with libarchive's writer, so no binary fixtures are
// checked in and each test shows exactly what its archive holds.
#ifndef NEO_COMPILER_LOAD_TEST_ARCHIVE_H_
#define NEO_COMPILER_LOAD_TEST_ARCHIVE_H_

#include <string>
#include <vector>

namespace neo {
namespace testing {

struct TestEntry {
  enum Kind { kFile, kDirectory, kSymlink, kHardlink, kCharDevice, kFifo };
  std::string name;
  std::string contents;  // kFile
  Kind kind = kFile;
  std::string link;      // target of kSymlink / kHardlink
};

inline TestEntry File(std::string name, std::string contents = "x") {
  return {std::move(name), std::move(contents), TestEntry::kFile, ""};
}
inline TestEntry Dir(std::string name) { return {std::move(name), "", TestEntry::kDirectory, ""}; }

// The bytes of a ustar/pax archive of `entries`, gzip-compressed unless `gzip` is false.
std::string MakeTarball(const std::vector<TestEntry>& entries, bool gzip = true);

// A fresh directory under $TEST_TMPDIR (or /tmp).
std::string MakeTempDir();

// Writes `bytes` to `path` (overwriting), aborting the test binary on failure.
void WriteFile(const std::string& path, const std::string& bytes);

}  // namespace testing
}  // namespace neo

#endif  // NEO_COMPILER_LOAD_TEST_ARCHIVE_H_
