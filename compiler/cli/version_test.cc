#include "compiler/cli/version.h"

#include <string>

#include <gtest/gtest.h>

#include "compiler/version.h"

namespace neo::cli {
namespace {

TEST(VersionTest, NamesNeocAndEveryLibraryWithItsPackagesVersion) {
  const std::string text = VersionText();
  EXPECT_EQ(text.rfind(std::string("neoc ") + kCompilerVersion + "\n", 0), 0u) << text;
  for (const char* library : {"protobuf", "ONNX", "libarchive", "gflags", "nlohmann-json",
                              "libtorch", "oneDNN", "XNNPACK", "pthreadpool",
                              "libjpeg-turbo"}) {
    EXPECT_NE(text.find(std::string("\n  ") + library + " "), std::string::npos) << library;
  }
  // tools/setup installs every one of them, so each version was read.
  EXPECT_EQ(text.find("unknown"), std::string::npos) << text;
  EXPECT_EQ(text.find("not installed"), std::string::npos) << text;
  // oneDNN's upstream version leads its Debian version.
  EXPECT_NE(text.find("  oneDNN         2."), std::string::npos) << text;
}

}  // namespace
}  // namespace neo::cli
