// The XGBoost readers against models saved by python xgboost 1.7.4
// (//testdata/xgboost): both formats of one booster give the same ensemble, and that
// ensemble, walked by a plain interpreter of the IR's documented semantics, reproduces
// Booster.predict(output_margin=True) bit for bit. Crafted files cover the errors.
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/xgboost/xgboost_import.h"
#include "gtest/gtest.h"
#include "rules/testing/npy.h"

namespace neo::xgboost_frontend {
namespace {

const char* kZoo[] = {
    "bc_logistic",       "bc_logitraw",      "bc_hinge",       "bc_dart",
    "bc_rank",           "diabetes_squarederror", "diabetes_logistic", "diabetes_poisson",
    "diabetes_gamma",    "diabetes_tweedie", "diabetes_deep",  "diabetes_forest",
    "digits_softprob",   "digits_softmax",   "wine_forest",    "iris_dart",
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Path(const std::string& file) { return "testdata/xgboost/" + file; }

// The IR's semantics, written as plainly as possible (the oracle for the readers).
std::vector<float> Margins(const ir::TreeEnsemble& e, const float* row) {
  std::vector<float> m(e.num_groups, e.base_margin);
  for (const ir::Tree& t : e.trees) {
    int id = 0;
    while (!t.nodes[id].is_leaf()) {
      const ir::TreeNode& n = t.nodes[id];
      const float x = row[n.feature];
      if (std::isnan(x)) {
        id = n.default_left ? n.left : n.right;
      } else {
        id = x < n.threshold ? n.left : n.right;
      }
    }
    m[t.group] += t.weight == 1.0f ? t.nodes[id].leaf : t.nodes[id].leaf * t.weight;
  }
  return m;
}

void ExpectSameEnsemble(const ir::TreeEnsemble& a, const ir::TreeEnsemble& b) {
  EXPECT_EQ(a.objective, b.objective);
  EXPECT_EQ(a.transform, b.transform);
  EXPECT_EQ(a.num_features, b.num_features);
  EXPECT_EQ(a.num_groups, b.num_groups);
  EXPECT_EQ(a.base_margin, b.base_margin);
  ASSERT_EQ(a.trees.size(), b.trees.size());
  for (size_t t = 0; t < a.trees.size(); ++t) {
    const ir::Tree& x = a.trees[t];
    const ir::Tree& y = b.trees[t];
    EXPECT_EQ(x.group, y.group) << t;
    EXPECT_EQ(x.weight, y.weight) << t;
    ASSERT_EQ(x.nodes.size(), y.nodes.size()) << t;
    for (size_t i = 0; i < x.nodes.size(); ++i) {
      const ir::TreeNode& p = x.nodes[i];
      const ir::TreeNode& q = y.nodes[i];
      EXPECT_TRUE(p.left == q.left && p.right == q.right && p.feature == q.feature &&
                  p.threshold == q.threshold && p.leaf == q.leaf &&
                  p.default_left == q.default_left && p.cover == q.cover)
          << "tree " << t << " node " << i;
    }
  }
}

class ZooTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ZooTest, BinaryAndJsonAgreeAndReproduceXgboostMargins) {
  const std::string m = GetParam();
  ir::TreeEnsemble bin = ReadXgboostModel(Slurp(Path(m + ".model")), m + ".model");
  ir::TreeEnsemble json = ReadXgboostModel(Slurp(Path(m + ".json")), m + ".json");
  ExpectSameEnsemble(bin, json);

  const testing::NpyArray input = testing::ReadNpy(Path(m + "_input.npy"));
  const testing::NpyArray margin = testing::ReadNpy(Path(m + "_margin.npy"));
  ASSERT_EQ(input.shape.size(), 2u);
  ASSERT_EQ(input.shape[1], bin.num_features);
  const size_t rows = input.shape[0];
  ASSERT_EQ(margin.num_elements(), rows * bin.num_groups);
  const float* x = reinterpret_cast<const float*>(input.data.data());
  const float* want = reinterpret_cast<const float*>(margin.data.data());
  int mismatches = 0;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<float> got = Margins(bin, x + r * bin.num_features);
    for (int g = 0; g < bin.num_groups; ++g) {
      const float w = want[r * bin.num_groups + g];
      if (std::fabs(got[g] - w) > 1e-6f * std::max(1.0f, std::fabs(w)) && mismatches++ < 5) {
        ADD_FAILURE() << m << " row " << r << " group " << g << ": " << got[g] << " vs " << w;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(Xgboost, ZooTest, ::testing::ValuesIn(kZoo));

void ExpectLoadError(const std::string& bytes, const std::string& headline) {
  try {
    ReadXgboostModel(bytes, "m.model");
    ADD_FAILURE() << "no error for " << headline;
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), headline);
  }
}

TEST(XgboostErrorsTest, EveryTruncationIsALoadError) {
  for (const std::string file : {"iris_dart.model", "bc_hinge.model", "iris_dart.json"}) {
    const std::string bytes = Slurp(Path(file));
    for (size_t n = 0; n < bytes.size(); n += (n < 600 ? 1 : 7)) {
      try {
        ReadXgboostModel(bytes.substr(0, n), file);
        ADD_FAILURE() << file << " cut to " << n << " bytes was accepted";
      } catch (const NeoError& e) {
        ASSERT_EQ(e.error_class(), ErrorClass::kLoad) << file << " at " << n << ": " << e.what();
      }
    }
  }
}

// Random byte corruption: every outcome is a valid ensemble or a NeoError, never a crash
// or another exception (run under the test's sanitizer-free build, a crash fails it).
TEST(XgboostErrorsTest, CorruptBytesNeverCrash) {
  for (const std::string file : {"iris_dart.model", "bc_hinge.json", "diabetes_deep.model"}) {
    const std::string good = Slurp(Path(file));
    uint32_t seed = 12345;
    auto next = [&seed]() { return seed = seed * 1664525u + 1013904223u; };
    int accepted = 0;
    for (int trial = 0; trial < 1500; ++trial) {
      std::string bytes = good;
      const int flips = 1 + next() % 4;
      for (int f = 0; f < flips; ++f) bytes[next() % bytes.size()] = static_cast<char>(next() >> 24);
      try {
        ir::TreeEnsemble e = ReadXgboostModel(bytes, file);
        ASSERT_EQ(ir::ValidateTreeEnsemble(e), "");
        ++accepted;
      } catch (const NeoError&) {
      }
    }
    std::cout << file << ": " << accepted << " of 1500 corrupted copies still valid\n";
  }
}

TEST(XgboostErrorsTest, TruncationMessageSaysWhere) {
  const std::string bytes = Slurp(Path("bc_hinge.model"));
  ExpectLoadError(bytes.substr(0, 100),
                  "Load Error: m.model is truncated: the learner parameters needed at byte 4, "
                  "the file has 100 bytes.");
  ExpectLoadError("", "Load Error: m.model is empty.");
}

// "binf", learner parameters, objective, booster and the gbtree parameters of one tree:
// the start of a legacy binary file, to which tests append a tree header.
std::string Header(const std::string& booster, const std::string& objective = "reg:squarederror") {
  std::string s = "binf";
  std::string learner(136, '\0');
  const float base = 0.5f;
  const uint32_t features = 4;
  std::memcpy(&learner[0], &base, 4);
  std::memcpy(&learner[4], &features, 4);
  s += learner;
  for (const std::string& str : {objective, booster}) {
    const uint64_t n = str.size();
    s.append(reinterpret_cast<const char*>(&n), 8);
    s += str;
  }
  std::string gbtree(160, '\0');
  const int32_t trees = 1;
  std::memcpy(&gbtree[0], &trees, 4);
  return s + gbtree;
}

std::string TreeHeader(uint32_t num_nodes) {
  std::string param(148, '\0');
  std::memcpy(&param[4], &num_nodes, 4);
  return param;
}

TEST(XgboostErrorsTest, HugeTreeIsModelSizeTooBigBeforeAllocating) {
  const std::string too_big = "Load Error: ModelSizeTooBig: number of nodes in a tree can't "
                              "exceed 2^31";
  // The file claims 4 billion nodes and holds none of them: only the header is read.
  ExpectLoadError(Header("gbtree") + TreeHeader(0xffffffffu), too_big);
  ExpectLoadError(Header("gbtree") + TreeHeader(0x80000000u), too_big);
  // 2^31 - 1 nodes is allowed by XGBoost: then the missing bytes are the problem.
  try {
    ReadXgboostModel(Header("gbtree") + TreeHeader(0x7fffffffu), "m.model");
    ADD_FAILURE();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kLoad);
    EXPECT_NE(e.message().find("is truncated: tree 0's 2147483647 nodes"), std::string::npos)
        << e.message();
  }
  // The same limit in the JSON format.
  std::string json = Slurp(Path("bc_hinge.json"));
  const std::string key = "\"num_nodes\":\"";
  const size_t at = json.find(key);
  ASSERT_NE(at, std::string::npos);
  json.replace(at + key.size(), json.find('"', at + key.size()) - at - key.size(), "3000000000");
  ExpectLoadError(json, too_big);
}

TEST(XgboostErrorsTest, GblinearAndCategoricalAreNotImplemented) {
  ExpectLoadError(Header("gblinear"),
                  "Compilation Error: OperatorAttributeNotImplemented: booster gblinear is not "
                  "supported in XGBoost.");
  std::string json = Slurp(Path("bc_hinge.json"));
  const std::string key = "\"split_type\":[0";
  const size_t at = json.find(key);
  ASSERT_NE(at, std::string::npos);
  json[at + key.size() - 1] = '1';
  ExpectLoadError(json,
                  "Compilation Error: OperatorAttributeNotImplemented: categorical split is not "
                  "supported in XGBoost tree.");
}

TEST(XgboostErrorsTest, UnknownObjectiveAndBadBaseScore) {
  ExpectLoadError(Header("gbtree", "survival:aft"),
                  "Compilation Error: OperatorAttributeNotImplemented: objective survival:aft is "
                  "not supported in XGBoost.");
  std::string bytes = Header("gbtree", "binary:logistic");
  const float one = 1.0f;
  std::memcpy(&bytes[4], &one, 4);
  ExpectLoadError(bytes,
                  "Compilation Error: OperatorAttributeValueNotValid: The value of attribute "
                  "base_score in operator binary:logistic must be in (0, 1).");
}

TEST(XgboostErrorsTest, CorruptTreeIsNamed) {
  // One split node whose children point past the tree.
  std::string bytes = Header("gbtree") + TreeHeader(1);
  int32_t node[5] = {-1, 5, 6, 0, 0};
  bytes.append(reinterpret_cast<const char*>(node), 20);
  bytes.append(16, '\0');
  bytes.append(4, '\0');  // tree_info
  ExpectLoadError(bytes,
                  "Load Error: m.model is not a valid XGBoost model: tree 0 node 0 has child 5 "
                  "outside 0..0.");
  ExpectLoadError("{\"learner\": 3}",
                  "Load Error: m.model is not a valid XGBoost JSON model: learner is not an "
                  "object.");
  ExpectLoadError("{\"learner\": ", "Load Error: m.model is not a valid XGBoost JSON model: the "
                                     "JSON does not parse (truncated?).");
}

}  // namespace
}  // namespace neo::xgboost_frontend
