#include "compiler/load/file_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "compiler/diagnostics/diagnostics.h"

namespace neo {
namespace {

int SystemOpen(const char* path, int flags) { return ::open(path, flags); }

OpenFunction g_open = &SystemOpen;

// Closes the descriptor on every exit path, including throws.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

[[noreturn]] void ThrowForErrno(const std::string& path, int err) {
  switch (err) {
    case EACCES:
    case EPERM:
      throw PermissionError("Access Denied when reading " + path);
    case ENOENT:
    case ENOTDIR:
      throw MalformedInputError("model file " + path + " does not exist");
    case EISDIR:
      throw MalformedInputError("model file " + path + " is a directory, not a file");
    default:
      throw LoadError("cannot read model file " + path + ": " + std::strerror(err));
  }
}

}  // namespace

ScopedOpenFunctionForTesting::ScopedOpenFunctionForTesting(OpenFunction fn)
    : previous_(g_open) {
  g_open = fn;
}

ScopedOpenFunctionForTesting::~ScopedOpenFunctionForTesting() { g_open = previous_; }

std::string ReadModelFile(const std::string& path) {
  const int fd = g_open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowForErrno(path, errno);
  FdCloser closer(fd);

  struct stat st;
  if (::fstat(fd, &st) != 0) ThrowForErrno(path, errno);
  if (S_ISDIR(st.st_mode)) ThrowForErrno(path, EISDIR);
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > kMaxModelFileBytes) {
    throw MalformedInputError("model file " + path + " is larger than 4 GiB");
  }

  std::string bytes;
  if (S_ISREG(st.st_mode)) bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowForErrno(path, errno);
    }
    if (n == 0) break;
    // Pipes and special files have no size up front; cap them as they stream in.
    if (bytes.size() + static_cast<size_t>(n) > kMaxModelFileBytes) {
      throw MalformedInputError("model file " + path + " is larger than 4 GiB");
    }
    bytes.append(buffer, static_cast<size_t>(n));
  }
  return bytes;
}

}  // namespace neo
