#include "compiler/load/file_reader.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "compiler/load/model_files.h"
#include "compiler/load/test_archive.h"
#include "compiler/load/test_matchers.h"

namespace neo {
namespace {

TEST(FileReaderTest, ReadsWholeFile) {
  const std::string path = testing::MakeTempDir() + "/f.bin";
  std::string bytes(200000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i % 253);
  testing::WriteFile(path, bytes);
  EXPECT_EQ(ReadModelFile(path), bytes);
}

TEST(FileReaderTest, MissingFileAndDirectory) {
  const std::string dir = testing::MakeTempDir();
  EXPECT_NEO_ERROR(ReadModelFile(dir + "/nope.tar.gz"), ErrorClass::kMalformedInput,
                   "Malformed input error: model file " + dir + "/nope.tar.gz does not exist");
  EXPECT_NEO_ERROR(ReadModelFile(dir), ErrorClass::kMalformedInput,
                   "Malformed input error: model file " + dir + " is a directory, not a file");
}

int OpenFailsWith(int err) {
  errno = err;
  return -1;
}
int OpenEacces(const char*, int) { return OpenFailsWith(EACCES); }
int OpenEperm(const char*, int) { return OpenFailsWith(EPERM); }
int OpenEio(const char*, int) { return OpenFailsWith(EIO); }

TEST(FileReaderTest, InjectedOpenErrorsMapToClasses) {
  {
    ScopedOpenFunctionForTesting hook(&OpenEacces);
    EXPECT_NEO_ERROR(ReadModelFile("s3/model.tar.gz"), ErrorClass::kClientPermission,
                     "Client Permission Error: Access Denied when reading s3/model.tar.gz");
    EXPECT_NEO_ERROR(LoadModelArchive("s3/model.tar.gz", Framework::kOnnx),
                     ErrorClass::kClientPermission,
                     "Client Permission Error: Access Denied when reading s3/model.tar.gz");
  }
  {
    ScopedOpenFunctionForTesting hook(&OpenEperm);
    EXPECT_NEO_ERROR(ReadModelFile("m.tar.gz"), ErrorClass::kClientPermission,
                     "Client Permission Error: Access Denied when reading m.tar.gz");
  }
  {
    ScopedOpenFunctionForTesting hook(&OpenEio);
    EXPECT_NEO_ERROR(ReadModelFile("m.tar.gz"), ErrorClass::kLoad,
                     std::string("Load Error: cannot read model file m.tar.gz: ") +
                         std::strerror(EIO));
  }
  // The hook is gone again: a real file reads.
  const std::string path = testing::MakeTempDir() + "/ok";
  testing::WriteFile(path, "ok");
  EXPECT_EQ(ReadModelFile(path), "ok");
}

// The real thing: a root-owned 0600 file read by an unprivileged user. Root reads
// anything, so a child process drops to nobody (65534) first.
TEST(FileReaderTest, UnreadableFileAsNobodyIsAccessDenied) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to create a file nobody may not read";
  // A folder every user may enter, so the refusal comes from the file's own mode.
  // $TEST_TMPDIR lives under root's 0700 home, which would refuse nobody on the way in.
  char templ[] = "/tmp/neo_load_perm_XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  const std::string dir = templ;
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
  const std::string path = dir + "/secret.tar.gz";
  testing::WriteFile(path, "x");
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    std::string report;
    // Supplementary groups cannot be dropped inside a user namespace (Bazel's sandbox);
    // root's only group is 0, and the file's group bits are 0 too, so that is harmless.
    (void)setgroups(0, nullptr);
    if (setgid(65534) != 0 || setuid(65534) != 0) {
      report = std::string("SKIP cannot become nobody: ") + std::strerror(errno);
    } else {
      try {
        ReadModelFile(path);
        report = "no error";
      } catch (const NeoError& e) {
        report = (e.error_class() == ErrorClass::kClientPermission ? "" : "wrong class: ") +
                 e.Headline();
      }
    }
    (void)!write(pipe_fds[1], report.data(), report.size());
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string report;
  char buf[512];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) report.append(buf, n);
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  unlink(path.c_str());
  rmdir(dir.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // Inside some sandboxes uid 65534 is not mapped; the injected test above still runs.
  if (report.rfind("SKIP ", 0) == 0) GTEST_SKIP() << report;
  EXPECT_EQ(report, "Client Permission Error: Access Denied when reading " + path);
}

}  // namespace
}  // namespace neo
