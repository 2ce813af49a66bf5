// Reads a whole model file into memory, mapping the OS's refusals onto Neo's classes.
//
// Neo's "Client Permission Error" passes the storage service's refusal straight through;
// for a local file the equivalent is the open(2) error, so EACCES/EPERM become
// "Client Permission Error: Access Denied when reading <path>".
#ifndef NEO_COMPILER_LOAD_FILE_READER_H_
#define NEO_COMPILER_LOAD_FILE_READER_H_

#include <cstdint>
#include <string>

namespace neo {

// Largest model file we read (compressed size); bigger files are refused before reading.
constexpr uint64_t kMaxModelFileBytes = uint64_t{4} << 30;

// Returns the file's bytes. Errors (all NeoError):
//   EACCES, EPERM           Client Permission Error: Access Denied when reading <path>
//   ENOENT, ENOTDIR         Malformed input error: model file <path> does not exist
//   a directory             Malformed input error: model file <path> is a directory, not a file
//   over kMaxModelFileBytes Malformed input error: model file <path> is larger than 4 GiB
//   anything else           Load Error: cannot read model file <path>: <strerror>
std::string ReadModelFile(const std::string& path);

// The function ReadModelFile opens files with; same contract as open(2): a descriptor, or
// -1 with errno set. Tests replace it to produce errors root cannot otherwise see.
using OpenFunction = int (*)(const char* path, int flags);

// Replaces the open function for the lifetime of this object (tests only; not thread-safe).
class ScopedOpenFunctionForTesting {
 public:
  explicit ScopedOpenFunctionForTesting(OpenFunction fn);
  ~ScopedOpenFunctionForTesting();
  ScopedOpenFunctionForTesting(const ScopedOpenFunctionForTesting&) = delete;
  ScopedOpenFunctionForTesting& operator=(const ScopedOpenFunctionForTesting&) = delete;

 private:
  OpenFunction previous_;
};

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_FILE_READER_H_
