// ClassifyPth on the .pth files people actually produce (from //testdata/pytorch), and on
// bytes that are none of them. No libtorch involved.
#include "compiler/frontends/pytorch/pth_file.h"

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
