#include "compiler/load/archive.h"

#include <gtest/gtest.h>

#include "compiler/load/test_archive.h"
#include "compiler/load/test_matchers.h"

namespace neo {
namespace {

using testing::Dir;
using testing::File;
using testing::MakeTarball;
using testing::TestEntry;

constexpr ErrorClass kMalformed = ErrorClass::kMalformedInput;

TEST(ArchiveTest, ReadsFilesAndDirectoriesInOrder) {
  const std::string tgz = MakeTarball({Dir("m/"), File("m/b.onnx", "onnx bytes"),
                                       File("./m//a.txt", ""), Dir("m/variables")});
  const ArchiveContents c = ReadTarGz(tgz, "m.tar.gz");
  ASSERT_EQ(c.files.size(), 2u);
  EXPECT_EQ(c.files[0].name, "m/b.onnx");
  EXPECT_EQ(c.files[0].contents, "onnx bytes");
  EXPECT_EQ(c.files[1].name, "m/a.txt");  // "./" and "//" normalised away
  EXPECT_EQ(c.files[1].contents, "");
  EXPECT_EQ(c.directories, (std::vector<std::string>{"m", "m/variables"}));
}

TEST(ArchiveTest, ReadsLargeMembersExactly) {
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7919 % 251);
  const ArchiveContents c = ReadTarGz(MakeTarball({File("w.params", big)}), "t");
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].contents, big);
}

TEST(ArchiveTest, DropsMacJunk) {
  const std::string tgz =
      MakeTarball({File("._model.onnx", "apple"), Dir("__MACOSX/"),
                   File("__MACOSX/._model.onnx", "apple"), File("m/.DS_Store", "finder"),
                   File("model.onnx", "real")});
  const ArchiveContents c = ReadTarGz(tgz, "t");
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].name, "model.onnx");
  EXPECT_TRUE(c.directories.empty());
}

TEST(ArchiveTest, EmptyArchiveIsEmpty) {
  const ArchiveContents c = ReadTarGz(MakeTarball({}), "t");
  EXPECT_TRUE(c.files.empty());
}

TEST(ArchiveTest, RefusesDataThatIsNotGzip) {
  EXPECT_NEO_ERROR(ReadTarGz("", "m.tar.gz"), kMalformed,
                   "Malformed input error: m.tar.gz is not a gzip-compressed tar archive");
  EXPECT_NEO_ERROR(ReadTarGz("\x08\x01\x12\x04onnx", "model.onnx"), kMalformed,
                   "Malformed input error: model.onnx is not a gzip-compressed tar archive");
  // A plain, uncompressed tar is refused too: Neo's format is tar.gz.
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File("a.onnx")}, /*gzip=*/false), "m.tar"),
                   kMalformed,
                   "Malformed input error: m.tar is not a gzip-compressed tar archive");
}

TEST(ArchiveTest, RefusesGzipThatHoldsNoTar) {
  // gzip of the text "hello\n" (gzip -n): valid gzip, but no tar inside.
  const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\xe7"
                       "\x02\x00\x20\x30\x3a\x36\x06\x00\x00\x00", 26);
  try {
    ReadTarGz(gz, "m.tar.gz");
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), kMalformed);
    EXPECT_EQ(e.Headline().rfind(
                  "Malformed input error: m.tar.gz is not a gzip-compressed tar archive: ", 0),
              0u)
        << e.Headline();
  }
}

TEST(ArchiveTest, RefusesTruncatedArchive) {
  std::string content(50000, 'a');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 127);
  const std::string tgz = MakeTarball({File("model.onnx", content)});
  for (size_t keep : {tgz.size() / 2, tgz.size() - 8, size_t{20}}) {
    try {
      ReadTarGz(tgz.substr(0, keep), "m.tar.gz");
      ADD_FAILURE() << "no error keeping " << keep << " bytes";
    } catch (const NeoError& e) {
      EXPECT_EQ(e.error_class(), kMalformed);
      EXPECT_EQ(e.Headline().rfind("Malformed input error: m.tar.gz is truncated or corrupt: ", 0),
                0u)
          << e.Headline();
    }
  }
}

TEST(ArchiveTest, RefusesCorruptCompressedData) {
  std::string content(50000, 'a');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 127);
  std::string tgz = MakeTarball({File("model.onnx", content)});
  for (size_t i = 40; i < 60; ++i) tgz[tgz.size() / 2 + i] ^= 0x5a;
  try {
    ReadTarGz(tgz, "m.tar.gz");
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), kMalformed);
    EXPECT_EQ(e.Headline().rfind("Malformed input error: m.tar.gz is truncated or corrupt: ", 0),
              0u)
        << e.Headline();
  }
}

TEST(ArchiveTest, RefusesAbsolutePaths) {
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File("/etc/model.onnx")}), "m.tar.gz"), kMalformed,
                   "Malformed input error: member '/etc/model.onnx' of m.tar.gz has an "
                   "absolute path");
}

TEST(ArchiveTest, RefusesDotDot) {
  for (const char* name : {"../model.onnx", "m/../../x.onnx", "m/.."}) {
    EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File(name)}), "m.tar.gz"), kMalformed,
                     std::string("Malformed input error: member '") + name +
                         "' of m.tar.gz points outside the archive folder with '..'");
  }
  // ".." inside a name is an ordinary name.
  EXPECT_EQ(ReadTarGz(MakeTarball({File("a..b.onnx")}), "t").files.at(0).name, "a..b.onnx");
}

TEST(ArchiveTest, RefusesLinksAndSpecialFiles) {
  const std::string tail = "; a model archive may hold only regular files and folders";
  TestEntry symlink{"model.onnx", "", TestEntry::kSymlink, "/etc/passwd"};
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({symlink}), "m.tar.gz"), kMalformed,
                   "Malformed input error: member 'model.onnx' of m.tar.gz is a symbolic link" +
                       tail);
  TestEntry hardlink{"b.onnx", "", TestEntry::kHardlink, "a.onnx"};
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File("a.onnx"), hardlink}), "m.tar.gz"), kMalformed,
                   "Malformed input error: member 'b.onnx' of m.tar.gz is a hard link" + tail);
  TestEntry device{"dev/null", "", TestEntry::kCharDevice, ""};
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({device}), "m.tar.gz"), kMalformed,
                   "Malformed input error: member 'dev/null' of m.tar.gz is a character "
                   "device" + tail);
  TestEntry fifo{"pipe", "", TestEntry::kFifo, ""};
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({fifo}), "m.tar.gz"), kMalformed,
                   "Malformed input error: member 'pipe' of m.tar.gz is a named pipe" + tail);
}

TEST(ArchiveTest, RefusesDuplicateMembers) {
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File("a.onnx"), File("./a.onnx")}), "m.tar.gz"),
                   kMalformed,
                   "Malformed input error: member './a.onnx' of m.tar.gz appears more than once");
}

TEST(ArchiveTest, CapsTotalSize) {
  ArchiveLimits limits;
  limits.max_total_bytes = 1000;
  const std::string tgz =
      MakeTarball({File("a", std::string(600, 'a')), File("b", std::string(600, 'b'))});
  EXPECT_NEO_ERROR(ReadTarGz(tgz, "m.tar.gz", limits), kMalformed,
                   "Malformed input error: m.tar.gz unpacks to more than 1000 bytes");
  limits.max_total_bytes = 1200;
  EXPECT_EQ(ReadTarGz(tgz, "m.tar.gz", limits).files.size(), 2u);
}

TEST(ArchiveTest, CapsMemberCount) {
  ArchiveLimits limits;
  limits.max_members = 3;
  // Junk counts too: a flood of AppleDouble files is still a flood.
  const std::string tgz =
      MakeTarball({File("a"), File("._a"), File("._b"), File("._c")});
  EXPECT_NEO_ERROR(ReadTarGz(tgz, "m.tar.gz", limits), kMalformed,
                   "Malformed input error: m.tar.gz holds more than 3 members");
}

}  // namespace
}  // namespace neo
