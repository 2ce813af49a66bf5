#include "rules/testing/golden_runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/testing/fake_model.h"
#include "rules/testing/npy.h"

namespace neo {
namespace testing {
namespace {

std::string TmpPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

template <typename T>
NpyArray Make(NpyType type, std::vector<int64_t> shape, std::vector<T> values) {
  NpyArray a;
  a.type = type;
  a.shape = std::move(shape);
  a.data.resize(values.size() * sizeof(T));
  std::memcpy(&a.data[0], values.data(), a.data.size());
  return a;
}

class GoldenRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // x and its goldens, computed by hand: y = 2x + 1, count = #(x >= 0).
    WriteNpy(TmpPath("x.npy"), Make<float>(NpyType::kFloat32, {2, 3}, {-1, 0, 1, 2, 3, 0.5f}));
    WriteNpy(TmpPath("y.npy"), Make<float>(NpyType::kFloat32, {2, 3}, {-1, 1, 3, 5, 7, 2}));
    WriteNpy(TmpPath("count.npy"), Make<int64_t>(NpyType::kInt64, {1}, {5}));
    config_.inputs = {TmpPath("x.npy")};
    config_.goldens = {TmpPath("y.npy"), TmpPath("count.npy")};
  }

  bool Run() {
    log_.str("");
    return RunGoldenTest(model_, config_, log_);
  }

  FakeModel model_;
  GoldenTestConfig config_;
  std::ostringstream log_;
};

TEST_F(GoldenRunnerTest, CorrectModelPasses) {
  EXPECT_TRUE(Run()) << log_.str();
  EXPECT_EQ(log_.str(),
            "PASS y (2, 3): max abs err 0, max rel err 0, mismatches 0/6, golden in [-1, 7]\n"
            "PASS count (1,): max abs err 0, max rel err 0, mismatches 0/1, golden in [5, 5]\n"
            "PASS second run identical bit for bit\n"
            "PASSED\n");
}

TEST_F(GoldenRunnerTest, WrongOutputFails) {
  model_.error = 0.01f;
  EXPECT_FALSE(Run());
  EXPECT_NE(log_.str().find("FAIL y (2, 3): "), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("mismatches 1/6"), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("first mismatch at flat index 0: got -0.99, want -1"),
            std::string::npos)
      << log_.str();
  EXPECT_NE(log_.str().find("\nFAILED\n"), std::string::npos);
}

TEST_F(GoldenRunnerTest, ErrorWithinToleranceStillPasses) {
  model_.error = 1e-5f;  // |d| = 1e-5 <= 1e-4 + 1e-3*1
  EXPECT_TRUE(Run()) << log_.str();
}

TEST_F(GoldenRunnerTest, NondeterministicModelFails) {
  model_.drift = true;
  config_.tolerance.atol = 10;  // the first run passes the comparison...
  EXPECT_FALSE(Run());
  // ... but not the bit-for-bit rerun.
  EXPECT_NE(log_.str().find("FAIL output 0 ('y'): the second run differs from the first in 1 "
                            "of 6 elements\n"),
            std::string::npos)
      << log_.str();
}

TEST_F(GoldenRunnerTest, Float64InputIsConverted) {
  WriteNpy(TmpPath("x64.npy"),
           Make<double>(NpyType::kFloat64, {2, 3}, {-1, 0, 1, 2, 3, 0.5}));
  config_.inputs = {TmpPath("x64.npy")};
  EXPECT_TRUE(Run()) << log_.str();
}

TEST_F(GoldenRunnerTest, WrongInputDtypeOrShapeIsExplained) {
  WriteNpy(TmpPath("xi.npy"), Make<int32_t>(NpyType::kInt32, {2, 3}, {0, 0, 0, 0, 0, 0}));
  config_.inputs = {TmpPath("xi.npy")};
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(), "FAIL input 0 ('x') from " + TmpPath("xi.npy") +
                            " has dtype <i4 but the model wants <f4\nFAILED\n");

  WriteNpy(TmpPath("xs.npy"), Make<float>(NpyType::kFloat32, {3, 2}, {0, 0, 0, 0, 0, 0}));
  config_.inputs = {TmpPath("xs.npy")};
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(), "FAIL input 0 ('x') from " + TmpPath("xs.npy") +
                            " has shape (3, 2) but the model wants (2, 3)\nFAILED\n");
}

TEST_F(GoldenRunnerTest, GoldenShapeMismatchFails) {
  WriteNpy(TmpPath("y6.npy"), Make<float>(NpyType::kFloat32, {6}, {-1, 1, 3, 5, 7, 2}));
  config_.goldens[0] = TmpPath("y6.npy");
  EXPECT_FALSE(Run());
  EXPECT_NE(log_.str().find("FAIL output 0 ('y'): golden " + TmpPath("y6.npy") +
                            " has shape (6,) but the model's output is (2, 3)\n"),
            std::string::npos)
      << log_.str();
}

TEST_F(GoldenRunnerTest, WrongFileCountsAndMissingFiles) {
  config_.goldens.pop_back();
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(),
            "FAIL the model has 2 output(s); the test gives 1 golden file(s) (by output name, "
            "any subset may be given)\nFAILED\n");
  config_.goldens = {TmpPath("y.npy"), TmpPath("count.npy")};
  config_.inputs.push_back(TmpPath("x.npy"));
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(), "FAIL the model has 1 input(s); the test gives 2 input file(s)\n");
  config_.inputs.pop_back();
  config_.goldens = {TmpPath("y.npy"), TmpPath("missing.npy")};
  EXPECT_FALSE(Run());
  EXPECT_NE(log_.str().find("FAIL " + TmpPath("missing.npy") +
                            ": cannot open: No such file or directory\n"),
            std::string::npos)
      << log_.str();
}

// A model taking encoded bytes, as one compiled with DecodeJpeg: it "decodes" a file to
// its first byte and length, and rejects files not starting with 0xFF.
class FakeEncodedModel : public neo::Model {
 public:
  int num_inputs() const override { return 1; }
  int num_outputs() const override { return 1; }
  const TensorInfo& input_info(int) const override { return in_info_; }
  const TensorInfo& output_info(int) const override { return out_info_; }
  void* input_buffer(int) override { return &bytes_; }
  const void* output_buffer(int) const override { return out_; }
  void Run() override {
    const auto* p = static_cast<const uint8_t*>(bytes_.data);
    ok_ = bytes_.size > 0 && p[0] == 0xFF;
    out_[0] = ok_ ? p[0] : 0;
    out_[1] = static_cast<uint8_t>(bytes_.size);
  }
  neo::Status run_status() const override {
    return ok_ ? neo::Status() : neo::Status("not a JPEG");
  }
  const neo::Bytes& bytes() const { return bytes_; }

 private:
  static constexpr int64_t kScalar[1] = {1};
  static constexpr int64_t kPair[1] = {2};
  neo::Bytes bytes_;
  uint8_t out_[2] = {};
  bool ok_ = false;
  TensorInfo in_info_{"contents", ElementType::kBytes, 0, kScalar, 1, sizeof(neo::Bytes)};
  TensorInfo out_info_{"pixels", ElementType::kUInt8, 1, kPair, 2, 2};
};

TEST(GoldenRunnerEncodedTest, FeedsTheFileAndChecksRunStatus) {
  const std::string good = TmpPath("good.jpg"), bad = TmpPath("bad.jpg");
  std::ofstream(good, std::ios::binary) << "\xFF\xD8xyz";
  std::ofstream(bad, std::ios::binary) << "GIF89a";
  WriteNpy(TmpPath("pixels.npy"), Make<uint8_t>(NpyType::kUInt8, {2}, {0xFF, 5}));
  GoldenTestConfig config;
  config.inputs = {good};
  config.goldens = {TmpPath("pixels.npy")};

  FakeEncodedModel model;
  std::ostringstream log;
  std::vector<std::string> kept;
  EXPECT_TRUE(RunGoldenTest(model, config, log, &kept)) << log.str();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(model.bytes().data, kept[0].data()) << "later runs read the kept bytes";
  EXPECT_EQ(model.bytes().size, 5u);

  log.str("");
  EXPECT_TRUE(RunGoldenTest(model, config, log)) << log.str();
  EXPECT_EQ(model.bytes().data, nullptr) << "bytes about to be freed are unhooked";

  config.inputs = {bad};
  log.str("");
  EXPECT_FALSE(RunGoldenTest(model, config, log));
  EXPECT_EQ(log.str(), "FAIL Run() rejected its inputs: not a JPEG\nFAILED\n");
}

TEST_F(GoldenRunnerTest, GoldensByNameCheckAnySubset) {
  config_.goldens.clear();
  config_.named_goldens = {{"count", TmpPath("count.npy")}};
  EXPECT_TRUE(Run()) << log_.str();
  EXPECT_EQ(log_.str(),
            "NOT CHECKED output 0 ('y'): no golden given\n"
            "PASS count (1,): max abs err 0, max rel err 0, mismatches 0/1, golden in [5, 5]\n"
            "PASS second run identical bit for bit\n"
            "PASSED\n");
  // A wrong golden still fails when given by name.
  WriteNpy(TmpPath("bad_count.npy"), Make<int64_t>(NpyType::kInt64, {1}, {4}));
  config_.named_goldens = {{"count", TmpPath("bad_count.npy")}, {"y", TmpPath("y.npy")}};
  EXPECT_FALSE(Run());
  EXPECT_NE(log_.str().find("FAIL count (1,)"), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("PASS y (2, 3)"), std::string::npos) << log_.str();
}

TEST_F(GoldenRunnerTest, GoldensByNameMustNameOutputsOnce) {
  config_.goldens.clear();
  config_.named_goldens = {{"logits", TmpPath("y.npy")}};
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(),
            "FAIL the model has no output named 'logits'; its outputs are 'y', 'count'\n"
            "FAILED\n");
  config_.named_goldens = {{"y", TmpPath("y.npy")}, {"y", TmpPath("y.npy")}};
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(), "FAIL output 'y' is given two goldens\nFAILED\n");
  config_.goldens = {TmpPath("y.npy"), TmpPath("count.npy")};
  EXPECT_FALSE(Run());
  EXPECT_EQ(log_.str(),
            "FAIL give the goldens by position or by output name, not both\nFAILED\n");
}

}  // namespace
}  // namespace testing
}  // namespace neo
