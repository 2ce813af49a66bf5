// The XGBoost readers against models saved by python xgboost 1.7.4
// (//testdata/xgboost): both formats of one booster give the same ensemble, and that
// ensemble, walked by a plain interpreter of the IR's documented semantics, reproduces
// Booster.predict(output_margin=True) bit for bit. Crafted files cover the errors.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/test_heap_peak.h"
#include "compiler/frontends/xgboost/xgboost_import.h"
#include "gtest/gtest.h"
#include "rules/testing/npy.h"

namespace neo::xgboost_frontend {
namespace {

using neo::testing::PeakHeap;

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

// num_feature is bounded as the JSON reader bounds it: a split names its feature in 31
// bits, and the generated code reads that many floats a row.
TEST(XgboostErrorsTest, BinaryNumFeatureOutOfRange) {
  std::string bytes = Header("gbtree");
  const uint32_t features = 0xffffffffu;
  std::memcpy(&bytes[8], &features, 4);
  ExpectLoadError(bytes,
                  "Load Error: m.model: num_feature 4294967295 is out of range (at byte 140).");
  const uint32_t most = 0x7fffffffu;
  std::memcpy(&bytes[8], &most, 4);
  try {
    ReadXgboostModel(bytes, "m.model");  // allowed: the missing tree is the problem
    ADD_FAILURE();
  } catch (const NeoError& e) {
    EXPECT_NE(e.message().find("is truncated: 1 trees needed"), std::string::npos)
        << e.message();
  }
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

namespace neo::xgboost_frontend {
namespace {

// A gbtree model of one stump, as XGBoost 1.7 writes it (keys sorted, NaN and -Infinity
// bare): x[1] < 0.5 goes to leaf NaN (and a missing x[1] too), else to leaf -Infinity.
const char kStump[] =
    R"({"learner":{"attributes":{},"feature_names":[],"feature_types":[],)"
    R"("gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1",)"
    R"("num_trees":"1","size_leaf_vector":"0"},"tree_info":[0],"trees":[{)"
    R"("base_weights":[0E0,0E0,0E0],"categories":[],"categories_nodes":[],)"
    R"("categories_segments":[],"categories_sizes":[],"default_left":[1,0,0],"id":0,)"
    R"("left_children":[1,-1,-1],"loss_changes":[0E0,0E0,0E0],)"
    R"("parents":[2147483647,0,0],"right_children":[2,-1,-1],)"
    R"("split_conditions":[5E-1,NaN,-Infinity],"split_indices":[1,0,0],)"
    R"("split_type":[0,0,0],"sum_hessian":[3E0,1E0,2E0],"tree_param":{"num_deleted":"0",)"
    R"("num_feature":"2","num_nodes":"3","size_leaf_vector":"0"}}]},"name":"gbtree"},)"
    R"("learner_model_param":{"base_score":"5E-1","num_class":"0","num_feature":"2",)"
    R"("num_target":"1"},"objective":{"name":"reg:squarederror",)"
    R"("reg_loss_param":{"scale_pos_weight":"1"}}},"version":[1,7,4]})";

// `json` with its first `from` replaced by `to`.
std::string Replaced(std::string json, const std::string& from, const std::string& to) {
  const size_t at = json.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) json.replace(at, from.size(), to);
  return json;
}

std::string Stump(const std::string& from, const std::string& to) {
  return Replaced(kStump, from, to);
}

// Reads `bytes`, which must fail: the error's headline, and in `peak` what the read held
// at its peak.
std::string FailureHeadline(const std::string& bytes, size_t* peak) {
  std::string headline = "(no error)";
  *peak = PeakHeap([&] {
    try {
      ReadXgboostModel(bytes, "m.model");
    } catch (const NeoError& e) {
      headline = e.Headline();
    }
  });
  return headline;
}

const char kJsonError[] = "Load Error: m.model is not a valid XGBoost JSON model: ";

TEST(XgboostJsonTest, ReadsTheStump) {
  const ir::TreeEnsemble e = ReadXgboostModel(kStump, "m.model");
  EXPECT_EQ(e.num_features, 2u);
  ASSERT_EQ(e.trees.size(), 1u);
  const std::vector<ir::TreeNode>& n = e.trees[0].nodes;
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0].left, 1);
  EXPECT_EQ(n[0].right, 2);
  EXPECT_EQ(n[0].feature, 1u);
  EXPECT_EQ(n[0].threshold, 0.5f);
  EXPECT_TRUE(n[0].default_left);
  EXPECT_EQ(n[0].cover, 3.0f);
  EXPECT_TRUE(n[1].is_leaf() && std::isnan(n[1].leaf));
  EXPECT_TRUE(n[2].is_leaf() && n[2].leaf == -INFINITY);
}

// XGBoost checks gbtree_model_param.num_trees against the trees; a file claiming a
// billion trees and holding one is not a model it wrote.
TEST(XgboostJsonTest, NumTreesMustCountTheTrees) {
  ExpectLoadError(Stump(R"("num_trees":"1")", R"("num_trees":"1000000000")"),
                  std::string(kJsonError) + "model.gbtree_model_param.num_trees is "
                  "1000000000, but model.trees holds 1.");
  ExpectLoadError(Stump(R"("num_trees":"1",)", ""),
                  std::string(kJsonError) + "model.gbtree_model_param has no \"num_trees\".");
  // The zoo's forests count every parallel tree, as XGBoost does.
  ReadXgboostModel(Slurp(Path("diabetes_forest.json")), "m.model");
}

TEST(XgboostJsonTest, RepeatedKeysAreRefused) {
  ExpectLoadError(Stump(R"("num_feature":"2","num_target")", R"("num_feature":"2",)"
                        R"("num_feature":"1","num_target")"),
                  std::string(kJsonError) +
                      "learner.learner_model_param has the key 'num_feature' twice.");
  // Anywhere: in a tree, at the top, in what the reader does not use.
  ExpectLoadError(Stump(R"("id":0,)", R"("id":0,"id":0,)"),
                  std::string(kJsonError) +
                      "learner.gradient_booster.model.trees[0] has the key 'id' twice.");
  ExpectLoadError(Stump(R"("version":[1,7,4])", R"("version":[1,7,4],"learner":{})"),
                  std::string(kJsonError) + "the document has the key 'learner' twice.");
  ExpectLoadError(Stump(R"("attributes":{})", R"("attributes":{"a":"1","b":"2","a":"1"})"),
                  std::string(kJsonError) + "learner.attributes has the key 'a' twice.");
  // The same key in two objects is fine.
  ReadXgboostModel(Stump(R"("attributes":{})", R"("attributes":{"name":{"name":"x"}})"),
                   "m.model");
}

TEST(XgboostJsonTest, DeepNestingIsRefusedAsItIsRead) {
  // 60 levels under a key the reader skips are allowed (XGBoost writes 8)...
  ReadXgboostModel(Stump(R"("attributes":{})", R"("attributes":)" + std::string(60, '[') +
                                                    std::string(60, ']')),
                   "m.model");
  // ...65 are not, and the error comes at the 65th '[': the rest is never read (a 10 MB
  // run of '[' took 400 MB when it was parsed first).
  const std::string deep = "{\"learner\":{\"x\":" + std::string(size_t{4} << 20, '[');
  size_t peak = 0;
  EXPECT_EQ(FailureHeadline(deep, &peak),
            std::string(kJsonError) + "learner.x nests arrays and objects more than 64 deep.");
  EXPECT_LT(peak, deep.size() / 8);
  ExpectLoadError("{\"\":" + std::string(100, '['),
                  std::string(kJsonError) + "\"\" nests arrays and objects more than 64 deep.");
  // Keys in messages are cut short.
  ExpectLoadError("{\"" + std::string(100, 'k') + "\":" + std::string(100, '['),
                  std::string(kJsonError) + std::string(40, 'k') +
                      "... nests arrays and objects more than 64 deep.");
}

TEST(XgboostJsonTest, PerNodeArraysHoldNumbers) {
  const std::string where = std::string(kJsonError) + "learner.gradient_booster.model.trees[0].";
  ExpectLoadError(Stump("[1,-1,-1]", R"([1,"x",-1])"), where + "left_children[1] is not a number.");
  ExpectLoadError(Stump("[1,-1,-1]", "[1,-1,null]"), where + "left_children[2] is not a number.");
  ExpectLoadError(Stump("[1,-1,-1]", "[1,[-1],-1]"), where + "left_children[1] is not a number.");
  ExpectLoadError(Stump("[1,-1,-1]", "{}"),
                  std::string(kJsonError) + "trees[0].left_children is not an array.");
  ExpectLoadError(Stump("[1,-1,-1]", "[1,-1]"),
                  std::string(kJsonError) + "trees[0].left_children has 2 entries, not 3.");
  ExpectLoadError(Stump(R"("tree_info":[0])", R"("tree_info":[true])"),
                  std::string(kJsonError) +
                      "learner.gradient_booster.model.tree_info[0] is not a number.");
  ExpectLoadError(Stump(R"("trees":[{)", R"("trees":[7,{)"),
                  std::string(kJsonError) + "learner.gradient_booster.model.trees[0] is not an "
                  "object.");
  // Numbers written as strings still read (XGBoost's parameters are strings).
  const ir::TreeEnsemble e = ReadXgboostModel(Stump("[1,-1,-1]", R"(["1","-1","-1E0"])"), "m");
  EXPECT_EQ(e.trees[0].nodes[0].left, 1);
}

// "0,0,0,...,0": `n` zeros.
std::string Zeros(size_t n) {
  std::string s;
  s.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) s += i ? ",0" : "0";
  return s;
}

// What a read holds at its peak follows the model, not the text: a 60 MB array of zeros
// made a 1 GB DOM when the whole document was parsed into one. (The stump without its
// non-finite leaves: those make the reader quote them in a copy of the text.)
TEST(XgboostJsonTest, MemoryFollowsTheModelNotTheText) {
  const std::string finite = Stump("NaN,-Infinity", "1E0,-1E0");
  const size_t n = size_t{1} << 20;
  // Under a key the reader does not use: parsed and dropped.
  const std::string skipped =
      Replaced(finite, R"("attributes":{})", R"("attributes":{"x":[)" + Zeros(n) + "]}");
  size_t peak = PeakHeap([&] { ReadXgboostModel(skipped, "m.model"); });
  EXPECT_LT(peak, skipped.size() / 8);
  // Where the reader needs every value (tree_info): packed into doubles, 8 bytes each,
  // copied once when the array closes.
  const std::string kept =
      Replaced(finite, R"("tree_info":[0])", R"("tree_info":[)" + Zeros(n) + "]");
  EXPECT_EQ(FailureHeadline(kept, &peak),
            std::string(kJsonError) + "model.tree_info has 1048576 entries, not 1.");
  EXPECT_LT(peak, 9 * kept.size());
  // Many small trees: each becomes an ir::Tree as its object closes and its JSON is
  // dropped, so the IR and the text's copy are all that grows.
  std::string tree = finite;
  tree = tree.substr(tree.find("{\"base_weights\""));
  tree = tree.substr(0, tree.find("]},\"name\""));
  tree.erase(tree.find("\"id\":0,"), 7);
  const int count = 20000;
  std::string trees = tree, info = "0";
  for (int i = 1; i < count; ++i) {
    trees += "," + tree;
    info += ",0";
  }
  std::string many =
      Replaced(finite, R"("num_trees":"1")", "\"num_trees\":\"" + std::to_string(count) + "\"");
  const size_t begin = many.find("\"tree_info\":[0]");
  const size_t end = many.find("]},\"name\"");
  many = many.substr(0, begin) + "\"tree_info\":[" + info + "],\"trees\":[" + trees +
         many.substr(end);
  ir::TreeEnsemble e;
  peak = PeakHeap([&] { e = ReadXgboostModel(many, "m.model"); });
  EXPECT_EQ(e.trees.size(), size_t(count));
  EXPECT_LT(peak, many.size());
}

}  // namespace
}  // namespace neo::xgboost_frontend
