// The symbol JSON reader: both generations (and nnvm's 0.9-0.12 "attr"), how parameters
// and annotations are split, and each way a file can fail to be a symbol.
#include "compiler/frontends/mxnet/symbol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/test_matchers.h"

namespace neo::mx_frontend {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// Entries as (node, index) pairs, which gmock can compare and print.
std::vector<std::pair<int, int>> Pairs(const std::vector<MxEntry>& entries) {
  std::vector<std::pair<int, int>> out;
  for (const MxEntry& e : entries) out.emplace_back(e.node, e.index);
  return out;
}

const char kFile[] = "model-symbol.json";

void ExpectMalformed(const std::string& json, const std::string& why) {
  EXPECT_NEO_ERROR(ParseMxSymbol(json, kFile), ErrorClass::kMalformedInput,
                   "Malformed input error: model-symbol.json: " + why);
}

// As MXNet 1.x writes it: "attrs" only where there are any, 3-element entries.
const char k1x[] = R"J({
  "nodes": [
    {"op": "null", "name": "data", "inputs": []},
    {"op": "null", "name": "conv0_weight",
     "attrs": {"__shape__": "(8, 3, 3, 3)", "__lr_mult__": "0.5", "kernel": "(3, 3)"},
     "inputs": []},
    {"op": "Convolution", "name": "conv0",
     "attrs": {"kernel": "(3, 3)", "no_bias": "True", "num_filter": "8"},
     "inputs": [[0, 0, 0], [1, 0, 0]]},
    {"op": "SliceChannel", "name": "split0", "attrs": {"num_outputs": "2"},
     "inputs": [[2, 0, 0]]}
  ],
  "arg_nodes": [0, 1],
  "node_row_ptr": [0, 1, 2, 3, 5],
  "heads": [[3, 1, 0], [2, 0, 0]],
  "attrs": {"mxnet_version": ["int", 10500]}
})J";

TEST(ParseMxSymbol, Reads1x) {
  const MxSymbol s = ParseMxSymbol(k1x, kFile);
  ASSERT_EQ(s.nodes.size(), 4u);
  EXPECT_EQ(s.nodes[0].op, "null");
  EXPECT_EQ(s.nodes[0].name, "data");
  EXPECT_TRUE(s.nodes[0].params.empty());
  EXPECT_TRUE(s.nodes[0].inputs.empty());
  // A variable may carry its consumer's parameters (MXNet copies them); they stay params.
  EXPECT_THAT(s.nodes[1].params, ElementsAre(Pair("kernel", "(3, 3)")));
  EXPECT_THAT(s.nodes[1].annotations,
              ElementsAre(Pair("__lr_mult__", "0.5"), Pair("__shape__", "(8, 3, 3, 3)")));
  EXPECT_EQ(s.nodes[2].op, "Convolution");
  EXPECT_THAT(s.nodes[2].params, ElementsAre(Pair("kernel", "(3, 3)"), Pair("no_bias", "True"),
                                             Pair("num_filter", "8")));
  EXPECT_TRUE(s.nodes[2].annotations.empty());
  EXPECT_THAT(Pairs(s.nodes[2].inputs), ElementsAre(Pair(0, 0), Pair(1, 0)));
  EXPECT_THAT(s.arg_nodes, ElementsAre(0, 1));
  EXPECT_THAT(Pairs(s.heads), ElementsAre(Pair(3, 1), Pair(2, 0)));
  EXPECT_EQ(s.mxnet_version, 10500);
}

// As MXNet 0.8 wrote it: "param" for parameters ({} for variables), "attr" for
// annotations, with the hidden keys bare; backward_source_id; 2-element entries.
const char kPre10[] = R"J({
  "nodes": [
    {"op": "null", "param": {}, "name": "data", "inputs": [], "backward_source_id": -1,
     "attr": {"ctx_group": "stage1", "lr_mult": "0.2"}},
    {"op": "null", "param": {}, "name": "fc1_weight", "inputs": [], "backward_source_id": -1,
     "attr": {"__shape__": "(128, 784)"}},
    {"op": "FullyConnected", "param": {"no_bias": "True", "num_hidden": "128"},
     "name": "fc1", "inputs": [[0, 0], [1, 0]], "backward_source_id": -1,
     "attr": {"weight_lr_mult": "1.2", "wd_mult": "0.3"}}
  ],
  "arg_nodes": [0, 1],
  "heads": [[2, 0]]
})J";

TEST(ParseMxSymbol, ReadsPre10) {
  const MxSymbol s = ParseMxSymbol(kPre10, kFile);
  ASSERT_EQ(s.nodes.size(), 3u);
  EXPECT_TRUE(s.nodes[0].params.empty());
  // MXNet's upgrader renames the bare hidden keys; "<input>_lr_mult" stays as written.
  EXPECT_THAT(s.nodes[0].annotations,
              ElementsAre(Pair("__ctx_group__", "stage1"), Pair("__lr_mult__", "0.2")));
  EXPECT_THAT(s.nodes[1].annotations, ElementsAre(Pair("__shape__", "(128, 784)")));
  EXPECT_THAT(s.nodes[2].params, ElementsAre(Pair("no_bias", "True"), Pair("num_hidden", "128")));
  EXPECT_THAT(s.nodes[2].annotations,
              ElementsAre(Pair("__wd_mult__", "0.3"), Pair("weight_lr_mult", "1.2")));
  EXPECT_THAT(Pairs(s.nodes[2].inputs), ElementsAre(Pair(0, 0), Pair(1, 0)));
  EXPECT_THAT(Pairs(s.heads), ElementsAre(Pair(2, 0)));
  EXPECT_EQ(s.mxnet_version, 0);
}

// nnvm before 1.0 wrote parameters under "attr" with 3-element entries.
TEST(ParseMxSymbol, ReadsNnvmAttr) {
  const MxSymbol s = ParseMxSymbol(R"J({"nodes": [
      {"op": "null", "name": "x", "inputs": []},
      {"op": "Activation", "name": "a", "attr": {"act_type": "relu"}, "inputs": [[0, 0, 0]]}],
    "arg_nodes": [0], "node_row_ptr": [0, 1, 2], "heads": [[1, 0, 0]],
    "attrs": {"mxnet_version": ["int", 901]}})J",
                                   kFile);
  EXPECT_THAT(s.nodes[1].params, ElementsAre(Pair("act_type", "relu")));
  EXPECT_EQ(s.mxnet_version, 901);
}

TEST(ParseMxSymbol, SameKeyInTwoDictionaries) {
  // The same value twice is harmless; two different ones are not a symbol MXNet wrote.
  const MxSymbol s = ParseMxSymbol(R"J({"nodes": [{"op": "null", "name": "x", "inputs": [],
      "param": {"k": "1"}, "attr": {"k": "1"}}], "arg_nodes": [0], "heads": [[0, 0]]})J",
                                   kFile);
  EXPECT_THAT(s.nodes[0].params, ElementsAre(Pair("k", "1")));
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": [],
      "param": {"k": "1"}, "attrs": {"k": "2"}}], "arg_nodes": [0], "heads": [[0, 0]]})J",
                  "node 0 (x): 'k' has two values, '2' and '1'");
}

TEST(ParseMxSymbol, NotJson) {
  ExpectMalformed("{\"nodes\": [", "not JSON: at line 1, column 12: syntax error while parsing "
                                   "value - unexpected end of input; expected '[', '{', or a "
                                   "literal");
  ExpectMalformed("[1, 2]", "not a symbol: the top level is not an object");
  ExpectMalformed(std::string(100, '[') + std::string(100, ']'),
                  "nested deeper than 32 levels");
}

TEST(ParseMxSymbol, MissingFields) {
  ExpectMalformed(R"J({"arg_nodes": [], "heads": []})J", "not a symbol: it has no \"nodes\"");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [0]})J",
                  "not a symbol: it has no \"heads\"");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "heads": [[0, 0]]})J",
                  "not a symbol: it has no \"arg_nodes\"");
  ExpectMalformed(R"J({"nodes": {}, "arg_nodes": [], "heads": []})J", "\"nodes\" is not a list");
  ExpectMalformed(R"J({"nodes": [], "arg_nodes": [], "heads": []})J",
                  "not a symbol: \"nodes\" is empty");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [0],
                      "heads": []})J",
                  "not a symbol: \"heads\" is empty");
  ExpectMalformed(R"J({"nodes": [{"name": "x", "inputs": []}], "arg_nodes": [], "heads": []})J",
                  "node 0 has no \"op\" string");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": 3, "inputs": []}], "arg_nodes": [],
                      "heads": []})J",
                  "node 0 has no \"name\" string");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x"}], "arg_nodes": [], "heads": []})J",
                  "node 0 (x) has no \"inputs\" list");
  ExpectMalformed(R"J({"nodes": [7], "arg_nodes": [], "heads": []})J", "node 0 is not an object");
}

// Node 1 (relu) with the given inputs, after variable x.
std::string WithInputs(const std::string& inputs) {
  return R"J({"nodes": [{"op": "null", "name": "x", "inputs": []},
    {"op": "relu", "name": "r", "inputs": )J" +
         inputs + R"J(}], "arg_nodes": [0], "heads": [[1, 0, 0]]})J";
}

TEST(ParseMxSymbol, BadEntries) {
  ExpectMalformed(WithInputs("[[1, 0, 0]]"),
                  "node 1 (r): input 0 names node 1, which does not come before it");
  ExpectMalformed(WithInputs("[[5, 0]]"),
                  "node 1 (r): input 0 names node 5, which does not come before it");
  ExpectMalformed(WithInputs("[[-1, 0]]"),
                  "node 1 (r): input 0 names node -1, which does not come before it");
  ExpectMalformed(WithInputs("[[0, -1, 0]]"), "node 1 (r): input 0 has a negative output index -1");
  ExpectMalformed(WithInputs("[[0]]"),
                  "node 1 (r): input 0 is not [node, index] or [node, index, version]: [0]");
  ExpectMalformed(WithInputs("[[0, 0, 0, 0]]"),
                  "node 1 (r): input 0 is not [node, index] or [node, index, version]: "
                  "[0,0,0,0]");
  ExpectMalformed(WithInputs("[[0, \"0\"]]"),
                  "node 1 (r): input 0's output index is not an integer: \"0\"");
  ExpectMalformed(WithInputs("[[0, 1.5]]"),
                  "node 1 (r): input 0's output index is not an integer: 1.5");
  ExpectMalformed(WithInputs("[[0, 4294967296]]"),
                  "node 1 (r): input 0's output index is out of range: 4294967296");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [0],
                      "heads": [[1, 0]]})J",
                  "head 0 names node 1 of 1");
}

TEST(ParseMxSymbol, BadArgNodesAndValues) {
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [3],
                      "heads": [[0, 0]]})J",
                  "arg_nodes[0] names node 3 of 1");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []},
                      {"op": "relu", "name": "r", "inputs": [[0, 0]]}], "arg_nodes": [1],
                      "heads": [[1, 0]]})J",
                  "arg_nodes[0] names node 1 (r), which is not a variable");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": [],
                      "attrs": {"__shape__": [1, 2]}}], "arg_nodes": [0], "heads": [[0, 0]]})J",
                  "node 0 (x): \"attrs\" value of '__shape__' is not a string: [1,2]");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": [], "param": []}],
                      "arg_nodes": [0], "heads": [[0, 0]]})J",
                  "node 0 (x): \"param\" is not an object");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [0],
                      "heads": [[0, 0]], "attrs": {"mxnet_version": 10500}})J",
                  "\"mxnet_version\" is not [\"int\", version]: 10500");
}

TEST(ParseMxSymbol, NumberBeyondDouble) {
  ExpectMalformed(R"J({"nodes": [1e999]})J", "not JSON: number overflow parsing '1e999'");
}

// MXNet names the nodes of a graph apart; parameters and inputs are bound by name, so a
// repeated name makes the file ambiguous (two inputs 'data' were reported as "the
// model's inputs are: 'data', 'data'").
TEST(ParseMxSymbol, NodeNamesAreUnique) {
  const std::string var = R"J({"op": "null", "name": "data", "inputs": []})J";
  ExpectMalformed(R"J({"nodes": [)J" + var + R"J(,
      {"op": "relu", "name": "A", "inputs": [[0, 0]]},
      {"op": "relu", "name": "A", "inputs": [[1, 0]]}], "arg_nodes": [0], "heads": [[2, 0]]})J",
                  "node 2 (A) has the name of node 1");
  ExpectMalformed(R"J({"nodes": [)J" + var + R"J(,
      {"op": "relu", "name": "data", "inputs": [[0, 0]]}], "arg_nodes": [0],
      "heads": [[1, 0]]})J",
                  "node 1 (data) has the name of node 0");
  ExpectMalformed(R"J({"nodes": [)J" + var + "," + var + R"J(,
      {"op": "elemwise_add", "name": "add", "inputs": [[0, 0], [1, 0]]}], "arg_nodes": [0, 1],
      "heads": [[2, 0]]})J",
                  "node 1 (data) has the name of node 0");
}

// A key twice in one object: which value counts would be a guess.
TEST(ParseMxSymbol, RepeatedKeysAreRefused) {
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []}], "arg_nodes": [0],
                      "heads": [[0, 0]], "heads": [[0, 0]]})J",
                  "the top level has the key 'heads' twice");
  ExpectMalformed(R"J({"nodes": [{"op": "null", "name": "x", "inputs": []},
      {"op": "Activation", "name": "a", "attrs": {"act_type": "relu", "act_type": "tanh"},
       "inputs": [[0, 0]]}], "arg_nodes": [0], "heads": [[1, 0]]})J",
                  "nodes[1].attrs has the key 'act_type' twice");
  ExpectMalformed(R"J({"": {"k": 1, "k": 1}})J", "\"\" has the key 'k' twice");
  ExpectMalformed("{\"nodes\": [{\"" + std::string(50, 'k') + "\": {\"a\": 1, \"a\": 1}}]}",
                  "nodes[0]." + std::string(40, 'k') + "... has the key 'a' twice");
}

// nlohmann's callback parser scanned the node list at every node's end, so 80,000 nodes
// took 5 s and 400,000 would take two minutes (past this test's timeout); this parse is
// linear.
TEST(ParseMxSymbol, ManyNodesParseInLinearTime) {
  std::string json = R"J({"arg_nodes": [], "heads": [[0, 0]], "nodes": [)J";
  for (int i = 0; i < 400000; ++i) json += i ? ",{}" : "{}";
  ExpectMalformed(json + "]}", "node 0 has no \"op\" string");
}

// Every byte of a small symbol set to each of a few characters: the parse either succeeds
// or reports malformed input, never anything else.
TEST(ParseMxSymbol, EverySingleByteCorruptionHandled) {
  const std::string good = kPre10;
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : {'\0', '[', ']', '{', '}', '"', '-', '9', 'x', ','}) {
      std::string bad = good;
      bad[i] = c;
      try {
        ParseMxSymbol(bad, kFile);
      } catch (const NeoError& e) {
        EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput) << e.Headline();
      }
    }
  }
}

}  // namespace
}  // namespace neo::mx_frontend
