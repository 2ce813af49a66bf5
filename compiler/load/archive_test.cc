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
  // Short of a tar header, or 512 bytes without the ustar magic at 257.
  EXPECT_NEO_ERROR(ReadTarGz(std::string(511, '\0'), "m.tar"), kMalformed,
                   "Malformed input error: m.tar is not a gzip-compressed tar archive");
  std::string zip = "PK\x03\x04" + std::string(600, 'z');
  EXPECT_NEO_ERROR(ReadTarGz(zip, "m.zip"), kMalformed,
                   "Malformed input error: m.zip is not a gzip-compressed tar archive");
}

// A plain, uncompressed tar (what `tar cf` writes) reads as its gzipped form does, junk
// dropped and limits applied alike.
TEST(ArchiveTest, ReadsPlainTar) {
  const std::string tar = MakeTarball(
      {Dir("m/"), File("m/model.onnx", "onnx bytes"), File("m/._model.onnx", "apple")},
      /*gzip=*/false);
  const ArchiveContents c = ReadTarGz(tar, "m.tar");
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].name, "m/model.onnx");
  EXPECT_EQ(c.files[0].contents, "onnx bytes");
  EXPECT_EQ(c.directories, (std::vector<std::string>{"m"}));
  ArchiveLimits limits;
  limits.max_total_bytes = 5;
  EXPECT_NEO_ERROR(ReadTarGz(tar, "m.tar", limits), kMalformed,
                   "Malformed input error: m.tar unpacks to more than 5 bytes");
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

// --error_format=json names the member apart from the text, unshortened.
TEST(ArchiveTest, MemberErrorsRecordTheMember) {
  const std::string long_name = std::string(2000, 'a') + ".onnx";
  for (const std::string& name : {std::string("/etc/model.onnx"), std::string("m/../x.onnx"),
                                  long_name}) {
    try {
      ReadTarGz(MakeTarball({File(name)}), "m.tar.gz");
      ADD_FAILURE() << name;
    } catch (const NeoError& e) {
      EXPECT_EQ(e.member(), name);
    }
  }
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

// A compression bomb stops as soon as the unpacked bytes pass the ratio (once past the
// free allowance), while a member is still being inflated, not at its end.
TEST(ArchiveTest, StopsCompressionBombsEarly) {
  const std::string zeros(4 << 20, '\0');  // 4 MiB of zeros gzip to about 4 KB
  const std::string tgz = MakeTarball({File("model.onnx", zeros)});
  ASSERT_LT(tgz.size(), 40000u);
  ArchiveLimits limits;
  limits.ratio_free_bytes = 1 << 20;
  limits.max_compression_ratio = 100;
  const std::string want = "Malformed input error: m.tar.gz unpacks to more than 100 times its "
                           "own size of " + std::to_string(tgz.size()) +
                           " bytes (a compression bomb?); --max_compression_ratio raises the "
                           "limit";
  EXPECT_NEO_ERROR(ReadTarGz(tgz, "m.tar.gz", limits), kMalformed, want);
  // The same archive within a generous ratio, or under the free allowance, reads whole.
  limits.max_compression_ratio = 100000;
  EXPECT_EQ(ReadTarGz(tgz, "m.tar.gz", limits).files.at(0).contents.size(), zeros.size());
  limits.max_compression_ratio = 100;
  limits.ratio_free_bytes = 8 << 20;
  EXPECT_EQ(ReadTarGz(tgz, "m.tar.gz", limits).files.size(), 1u);
  // With the defaults (64 MiB free) a 4 MiB model of zeros is fine.
  EXPECT_EQ(ReadTarGz(tgz, "m.tar.gz").files.size(), 1u);
}

TEST(ArchiveTest, CapsPathLengthAndDepth) {
  ArchiveLimits limits;
  limits.max_path_bytes = 80;
  limits.max_path_depth = 3;
  const std::string long_name(100, 'n');
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File(long_name)}), "m.tar.gz", limits), kMalformed,
                   "Malformed input error: member '" + long_name.substr(0, 64) +
                       "...' of m.tar.gz has a path of 100 bytes, more than the 80 allowed");
  EXPECT_NEO_ERROR(ReadTarGz(MakeTarball({File("a/b/c/d/model.onnx")}), "m.tar.gz", limits),
                   kMalformed,
                   "Malformed input error: member 'a/b/c/d/model.onnx' of m.tar.gz is 4 "
                   "folders deep, more than the 3 allowed");
  // Three folders, "./" and doubled slashes not counted: within the limits.
  EXPECT_EQ(ReadTarGz(MakeTarball({File("./a//b/c/model.onnx")}), "m.tar.gz", limits)
                .files.size(),
            1u);
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
