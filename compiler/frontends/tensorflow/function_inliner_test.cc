// Function inlining on small hand-built graphs: output-argument names, nesting, calls by
// op name, arguments returned as they are, and the errors.
#include "compiler/frontends/tensorflow/function_inliner.h"

#include <gtest/gtest.h>
#include <google/protobuf/text_format.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/op_outputs.h"
#include "compiler/load/test_matchers.h"

namespace neo::tf_frontend {
namespace {

tensorflow::GraphDef Parse(const std::string& text) {
  tensorflow::GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &g));
  return g;
}

const tensorflow::NodeDef* Find(const tensorflow::GraphDef& g, const std::string& name) {
  for (const auto& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

TEST(OutputIndex, TableAndSingleArgumentOps) {
  tensorflow::NodeDef bn;
  bn.set_op("FusedBatchNormV3");
  EXPECT_EQ(OutputIndex(bn, "y", 0), 0);
  EXPECT_EQ(OutputIndex(bn, "batch_mean", 0), 1);
  EXPECT_EQ(OutputIndex(bn, "reserve_space_3", 0), 5);
  EXPECT_EQ(OutputIndex(bn, "output", 0), -1);
  EXPECT_EQ(OutputIndex(bn, "y", 1), -1);
  tensorflow::NodeDef split;
  split.set_op("Split");
  EXPECT_EQ(OutputIndex(split, "output", 2), 2);
  tensorflow::NodeDef topk;
  topk.set_op("TopKV2");
  EXPECT_EQ(OutputIndex(topk, "indices", 0), 1);
}

// outer: x -> call(f) -> out; f: bn = FusedBatchNormV3(x...), split, returns bn mean and
// split's second piece and its own argument.
constexpr char kGraph[] = R"pb(
  node { name: "x" op: "Placeholder" }
  node { name: "scale" op: "Const" }
  node { name: "call" op: "StatefulPartitionedCall" input: "x" input: "scale" input: "^x"
         attr { key: "f" value { func { name: "f" } } } }
  node { name: "use_mean" op: "Relu" input: "call:0" input: "^call" }
  node { name: "use_piece" op: "Relu" input: "call:1" }
  library {
    function {
      signature { name: "f" input_arg { name: "in" } input_arg { name: "s" }
                  output_arg { name: "mean" } output_arg { name: "piece" }
                  output_arg { name: "same" } }
      node_def { name: "bn" op: "FusedBatchNormV3" input: "in" input: "s" input: "s"
                 input: "s" input: "s"
                 attr { key: "_output_shapes" value { list { shape { dim { size: 2 } } } } } }
      node_def { name: "dim" op: "Const" }
      node_def { name: "split" op: "Split" input: "dim:output:0" input: "bn:y:0"
                 input: "^bn" }
      node_def { name: "g_call" op: "g" input: "split:output:1"
                 attr { key: "T" value { type: DT_FLOAT } } }
      ret { key: "mean" value: "bn:batch_mean:0" }
      ret { key: "piece" value: "g_call:out:0" }
      ret { key: "same" value: "in" }
    }
    function {
      signature { name: "g" input_arg { name: "a" } output_arg { name: "out" } attr { name: "T" } }
      node_def { name: "neg" op: "Neg" input: "a" attr { key: "T" value { placeholder: "T" } } }
      ret { key: "out" value: "neg:y:0" }
    }
  }
)pb";

TEST(InlineFunctionCalls, RewritesNamesArgumentsAndConsumers) {
  tensorflow::GraphDef g = Parse(kGraph);
  std::vector<std::string> roots = {"use_mean:0", "use_piece:0", "call:2"};
  const auto calls = InlineFunctionCalls(&g, &roots, "m.pb");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].node, "call");
  EXPECT_EQ(calls[0].function, "f");
  EXPECT_EQ(calls[0].inputs, (std::vector<std::string>{"x", "scale"}));
  EXPECT_EQ(calls[1].node, "call/g_call");
  EXPECT_EQ(calls[1].inputs, (std::vector<std::string>{"call/split:1"}));

  EXPECT_EQ(Find(g, "call"), nullptr);
  const auto* bn = Find(g, "call/bn");
  ASSERT_NE(bn, nullptr);
  EXPECT_EQ(bn->input(0), "x");
  EXPECT_EQ(bn->input(1), "scale");
  EXPECT_TRUE(bn->attr().count("_output_shapes"));
  const auto* split = Find(g, "call/split");
  EXPECT_EQ(std::vector<std::string>(split->input().begin(), split->input().end()),
            (std::vector<std::string>{"call/dim", "call/bn"}));
  const auto* neg = Find(g, "call/g_call/neg");
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ(neg->input(0), "call/split:1");
  EXPECT_EQ(neg->attr().at("T").type(), tensorflow::DT_FLOAT);
  const auto* use_mean = Find(g, "use_mean");
  EXPECT_EQ(std::vector<std::string>(use_mean->input().begin(), use_mean->input().end()),
            std::vector<std::string>{"call/bn:1"});
  EXPECT_EQ(Find(g, "use_piece")->input(0), "call/g_call/neg");
  EXPECT_EQ(roots, (std::vector<std::string>{"use_mean:0", "use_piece:0", "x:0"}));
}

TEST(InlineFunctionCalls, LeavesCallsNothingNeeds) {
  tensorflow::GraphDef g = Parse(kGraph);
  std::vector<std::string> roots = {"x:0"};
  EXPECT_TRUE(InlineFunctionCalls(&g, &roots, "m.pb").empty());
  EXPECT_NE(Find(g, "call"), nullptr);
}

TEST(InlineFunctionCalls, PrefixAvoidsExistingNames) {
  tensorflow::GraphDef g = Parse(kGraph);
  auto* clash = g.add_node();
  clash->set_name("call/bn");
  clash->set_op("Const");
  std::vector<std::string> roots = {"use_mean:0"};
  InlineFunctionCalls(&g, &roots, "m.pb");
  EXPECT_EQ(Find(g, "use_mean")->input(0), "call_inlined_1/bn:1");
}

void ExpectError(const std::string& text, const std::vector<std::string>& roots_in,
                 const std::string& headline) {
  tensorflow::GraphDef g = Parse(text);
  std::vector<std::string> roots = roots_in;
  EXPECT_NEO_ERROR(InlineFunctionCalls(&g, &roots, "m.pb"), ErrorClass::kLoad, headline);
}

TEST(InlineFunctionCalls, Errors) {
  std::string bad_arg = kGraph;
  bad_arg.replace(bad_arg.find("bn:batch_mean:0"), 15, "bn:average:0");
  ExpectError(bad_arg, {"use_mean:0"},
              "Load Error: m.pb: output 'mean' in 'f' names output 'average' of "
              "FusedBatchNormV3, which has no such output.");
  std::string bad_ref = kGraph;
  bad_ref.replace(bad_ref.find("dim:output:0"), 12, "nowhere:output:0");
  ExpectError(bad_ref, {"use_piece:0"},
              "Load Error: m.pb: node 'split' in 'f' refers to 'nowhere:output:0', which is "
              "neither an argument nor a node of the function.");
  std::string wrong_count = kGraph;
  wrong_count.replace(wrong_count.find("input: \"scale\" input: \"^x\""), 15, "");
  ExpectError(wrong_count, {"use_mean:0"},
              "Load Error: m.pb: call 'call' passes 1 inputs to 'f', which takes 2.");
  ExpectError(R"pb(
    node { name: "c" op: "r" }
    library { function { signature { name: "r" output_arg { name: "o" } }
                         node_def { name: "again" op: "r" }
                         ret { key: "o" value: "again:o:0" } } })pb",
              {"c:0"},
              "Load Error: m.pb: function calls nest deeper than 64 at '" +
                  [] {
                    std::string name = "c";
                    for (int i = 0; i < 64; ++i) name += "/again";
                    return name;
                  }() +
                  "' (a recursive function?).");
  ExpectError(R"pb(
    node { name: "c" op: "PartitionedCall" attr { key: "f" value { func { name: "absent" } } } })pb",
              {"c:0"},
              "Load Error: m.pb: call 'c' calls 'absent', which is not in the graph's "
              "function library.");
  ExpectError(R"pb(
    node { name: "c" op: "h" }
    node { name: "u" op: "Relu" input: "c:3" }
    library { function { signature { name: "h" output_arg { name: "o" } }
                         node_def { name: "k" op: "Const" }
                         ret { key: "o" value: "k:output:0" } } })pb",
              {"u:0"}, "Load Error: m.pb: 'c' output 3 is used but 'h' returns 1.");
  ExpectError(R"pb(
    node { name: "c" op: "h" }
    library { function { signature { name: "h" output_arg { name: "o" } } } })pb",
              {"c:0"}, "Load Error: m.pb: 'h' does not say what its output 'o' returns.");
}

TEST(InlineFunctionCalls, LimitsStopExponentialGrowth) {
  // f0 calls f1 twice, f1 calls f2 twice, ...: 2^12 calls though only 12 deep.
  std::string text = R"pb(node { name: "c" op: "f0" } library {)pb";
  for (int i = 0; i < 12; ++i) {
    const std::string callee = "f" + std::to_string(i + 1);
    text += "function { signature { name: \"f" + std::to_string(i) +
            "\" output_arg { name: \"o\" } } node_def { name: \"a\" op: \"" + callee +
            "\" } node_def { name: \"b\" op: \"" + callee +
            "\" } node_def { name: \"sum\" op: \"Add\" input: \"a:o:0\" input: \"b:o:0\" }"
            " ret { key: \"o\" value: \"sum:z:0\" } }";
  }
  text += R"pb(function { signature { name: "f12" output_arg { name: "o" } }
                          node_def { name: "k" op: "Const" } ret { key: "o" value: "k:output:0" } } })pb";
  tensorflow::GraphDef g = Parse(text);
  std::vector<std::string> roots = {"c:0"};
  EXPECT_NEO_ERROR(InlineFunctionCalls(&g, &roots, "m.pb", {100, 1000000}), ErrorClass::kLoad,
                   "Load Error: m.pb: the signature needs more than 100 function calls "
                   "inlined.");
  g = Parse(text);
  roots = {"c:0"};
  EXPECT_NEO_ERROR(InlineFunctionCalls(&g, &roots, "m.pb", {1000000, 50}), ErrorClass::kLoad,
                   "Load Error: m.pb: inlining the signature's functions makes more than 50 "
                   "nodes.");
  g = Parse(text);
  roots = {"c:0"};
  EXPECT_EQ(InlineFunctionCalls(&g, &roots, "m.pb").size(), 8191u);
}

}  // namespace
}  // namespace neo::tf_frontend
