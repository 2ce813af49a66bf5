// ClassifyPth on the .pth files people actually produce (from //testdata/pytorch), and on
// bytes that are none of them. No libtorch involved.
#include "compiler/frontends/pytorch/pth_file.h"

#include <fstream>
#include <iterator>
#include <string>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/model_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace neo::pytorch_frontend {
namespace {

std::string Pth(const std::string& tarball) {
  return LoadModelArchive("testdata/pytorch/" + tarball, Framework::kPyTorch).model.contents;
}

TEST(ClassifyPth, TorchScriptArchives) {
  EXPECT_EQ(ClassifyPth(Pth("ops_head.tar.gz")), PthKind::kTorchScript);
  EXPECT_EQ(ClassifyPth(Pth("scripted_const.tar.gz")), PthKind::kTorchScript);
  EXPECT_NO_THROW(CheckIsTorchScript(Pth("two_inputs.tar.gz"), "m.pth"));
  const auto names = ZipMemberNames(Pth("ops_head.tar.gz"));
  EXPECT_THAT(names, ::testing::Contains(::testing::EndsWith("/constants.pkl")));
  EXPECT_THAT(names, ::testing::Contains(::testing::HasSubstr("/code/")));
}

TEST(ClassifyPth, TorchSaveFiles) {
  EXPECT_EQ(ClassifyPth(Pth("errors/state_dict.tar.gz")), PthKind::kStateDict);
  EXPECT_EQ(ClassifyPth(Pth("errors/legacy_pickle.tar.gz")), PthKind::kStateDict);
  EXPECT_EQ(ClassifyPth(Pth("errors/eager_module.tar.gz")), PthKind::kEagerModule);
}

TEST(ClassifyPth, OtherBytes) {
  EXPECT_EQ(ClassifyPth(""), PthKind::kNotPyTorch);
  EXPECT_EQ(ClassifyPth("this is not a model\n"), PthKind::kNotPyTorch);
  EXPECT_EQ(ClassifyPth(std::string("PK\x05\x06", 4) + std::string(18, '\0')), PthKind::kNotPyTorch);
  // A zip whose directory is cut off is not taken for TorchScript.
  const std::string pth = Pth("ops_head.tar.gz");
  EXPECT_EQ(ClassifyPth(pth.substr(0, pth.size() / 2)), PthKind::kNotPyTorch);
  EXPECT_TRUE(ZipMemberNames(pth.substr(0, pth.size() - 30)).empty());
}

// One of the archives make_bad_pth.py writes.
std::string BadPth(const std::string& name) {
  std::ifstream in("compiler/frontends/pytorch/bad_pth/" + name + ".pth", std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The headline CheckIsTorchScript throws for `bytes`, called model.pth.
std::string Headline(const std::string& bytes) {
  try {
    CheckIsTorchScript(bytes, "model.pth");
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kLoad);
    return e.Headline();
  }
  return "(no error)";
}

// "Load Error: model.pth is corrupt: member 'm/data/0' <problem>", with `{size}` standing
// for the size of the file.
std::string Corrupt(const std::string& name, std::string problem) {
  const size_t at = problem.find("{size}");
  if (at != std::string::npos) problem.replace(at, 6, std::to_string(BadPth(name).size()));
  return "Load Error: model.pth is corrupt: member 'm/data/0' " + problem;
}

TEST(CheckIsTorchScript, ZipDirectoryMustFitTheFile) {
  EXPECT_NO_THROW(CheckIsTorchScript(BadPth("good"), "model.pth"));
  // libtorch would allocate the claimed size before reading (1 TiB here).
  EXPECT_EQ(Headline(BadPth("zip64_uncomp_2p40")),
            Corrupt("zip64_uncomp_2p40", "claims 1099511627776 uncompressed bytes in a "
                                         "{size}-byte file."));
  EXPECT_EQ(Headline(BadPth("cd_uncomp_3G")),
            Corrupt("cd_uncomp_3G", "claims 3221225472 uncompressed bytes in a {size}-byte file."));
  EXPECT_EQ(Headline(BadPth("cd_both_3G")),
            Corrupt("cd_both_3G", "claims 3221225472 compressed bytes in a {size}-byte file."));
  EXPECT_EQ(Headline(BadPth("stored_sizes_differ")),
            Corrupt("stored_sizes_differ",
                    "is stored uncompressed but claims 24 compressed and 20 uncompressed bytes."));
  EXPECT_EQ(Headline(BadPth("deflate_ratio")),
            Corrupt("deflate_ratio", "claims 48000 uncompressed bytes from 24 deflated bytes, "
                                     "more than deflate expands to."));
  EXPECT_EQ(Headline(BadPth("method_bzip2")),
            Corrupt("method_bzip2", "uses compression method 12 (a TorchScript archive's "
                                    "members are stored or deflated)."));
}

TEST(CheckIsTorchScript, LocalHeadersMustBeWhereTheDirectorySays) {
  EXPECT_EQ(Headline(BadPth("local_past_end")),
            Corrupt("local_past_end", "claims its local header at offset 2147483648 in a "
                                      "{size}-byte file."));
  EXPECT_EQ(Headline(BadPth("local_wrong")),
            Corrupt("local_wrong", "has no local header at offset 1."));
}

TEST(CheckIsTorchScript, MemberNamedTwice) {
  EXPECT_EQ(Headline(BadPth("dup_member")), Corrupt("dup_member", "appears twice."));
  EXPECT_EQ(Headline(BadPth("case_dup_member")),
            "Load Error: model.pth is corrupt: members 'm/data/0' and 'm/DATA/0' differ only "
            "in case, which libtorch ignores.");
}

TEST(TorchRecordSizes, ByNameInsideTheArchiveFolder) {
  const auto sizes = TorchRecordSizes(BadPth("good"));
  EXPECT_EQ(sizes.at("data/0"), 24u);
  EXPECT_EQ(sizes.at("data/1"), 12u);
  EXPECT_EQ(sizes.count("m/data/0"), 0u);
  EXPECT_TRUE(TorchRecordSizes("not a zip").empty());
}

TEST(CheckIsTorchScript, UnreadableZipDirectoryIsCorrupt) {
  const std::string pth = BadPth("good");
  EXPECT_EQ(Headline(pth.substr(0, pth.size() - 30)),
            "Load Error: model.pth is corrupt: it starts as a zip archive but its central "
            "directory cannot be read.");
}

TEST(CheckIsTorchScript, MessagesNameTheFileAndTheFix) {
  try {
    CheckIsTorchScript(Pth("errors/state_dict.tar.gz"), "weights.pth");
    FAIL() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kLoad);
    EXPECT_EQ(e.Headline(), std::string("Load Error: weights.pth holds only tensors (a state_dict "
                                        "saved with torch.save), not a TorchScript model. ") +
                                kSaveTorchScriptAdvice);
  }
}

}  // namespace
}  // namespace neo::pytorch_frontend
