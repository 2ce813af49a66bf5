// The MXNet lowering on symbols built in memory, run on the IR interpreter (the reference
// kernels): MXNet's shape rules (reshape's special values, pooling conventions,
// Deconvolution's target_shape), what the training heads become, output naming, and the
// Neo errors the frontend itself raises.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <map>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/mx_import.h"
#include "compiler/ir/testing/interpreter.h"

namespace neo::mx_frontend {
namespace {

using ir::testing::Tensor;

// Builds a symbol node by node; variables with an array become parameters.
class SymbolBuilder {
 public:
  int Var(const std::string& name) { return Add("null", name, {}, {}); }
  int Param(const std::string& name, const ir::Shape& shape, const std::vector<float>& v) {
    MxArray a;
    a.shape = shape;
    a.data.resize(v.size() * sizeof(float));
    std::memcpy(a.data.data(), v.data(), a.data.size());
    model_.params.arrays[name] = a;
    return Var(name);
  }
  int Op(const std::string& op, const std::string& name, std::vector<MxEntry> inputs,
         std::map<std::string, std::string> params = {}) {
    return Add(op, name, std::move(inputs), std::move(params));
  }
  MxModel Model(std::vector<MxEntry> heads) {
    model_.symbol_file = "m-symbol.json";
    model_.params_file = "m-0000.params";
    model_.symbol.heads = std::move(heads);
    return model_;
  }

 private:
  int Add(const std::string& op, const std::string& name, std::vector<MxEntry> inputs,
          std::map<std::string, std::string> params) {
    MxNode n;
    n.op = op;
    n.name = name;
    n.inputs = std::move(inputs);
    n.params = std::move(params);
    model_.symbol.nodes.push_back(n);
    const int i = static_cast<int>(model_.symbol.nodes.size()) - 1;
    if (op == "null") model_.symbol.arg_nodes.push_back(i);
    return i;
  }
  MxModel model_;
};

MxEntry E(int node, int index = 0) { return {node, index}; }

std::vector<float> Iota(size_t n, float start = 0, float step = 1) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
  return v;
}

std::string Headline(const std::function<void()>& f) {
  try {
    f();
  } catch (const NeoError& e) {
    return e.Headline();
  }
  return "(no error)";
}

ir::Shape ReshapeTo(const ir::Shape& in, const std::string& shape, bool reverse = false) {
  SymbolBuilder b;
  const int x = b.Var("data");
  std::map<std::string, std::string> p = {{"shape", shape}};
  if (reverse) p["reverse"] = "True";
  const int r = b.Op("Reshape", "r", {E(x)}, p);
  const ir::Graph g = LowerMxModel(b.Model({E(r)}), {in});
  return g.value(g.outputs()[0]).shape;
}

TEST(MxLoweringTest, ReshapeSpecialValuesFollowMxnet) {
  // The examples of MXNet's reshape documentation.
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(4, 0, 2)"), (ir::Shape{4, 3, 2}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(2, 0, 0)"), (ir::Shape{2, 3, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(6, 1, -1)"), (ir::Shape{6, 1, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(3, -1, 8)"), (ir::Shape{3, 1, 8}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-1,)"), (ir::Shape{24}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-2,)"), (ir::Shape{2, 3, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(2, -2)"), (ir::Shape{2, 3, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-2, 1, 1)"), (ir::Shape{2, 3, 4, 1, 1}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-3, 4)"), (ir::Shape{6, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4, 5}, "(-3, -3)"), (ir::Shape{6, 20}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(0, -3)"), (ir::Shape{2, 12}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-3, -2)"), (ir::Shape{6, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(-4, 1, 2, -2)"), (ir::Shape{1, 2, 3, 4}));
  EXPECT_EQ(ReshapeTo({2, 3, 4}, "(2, -4, -1, 3, -2)"), (ir::Shape{2, 1, 3, 4}));
  EXPECT_EQ(ReshapeTo({10, 5, 4}, "(-1, 0)", true), (ir::Shape{50, 4}));
  EXPECT_EQ(ReshapeTo({10, 5, 4}, "(-1, 0)"), (ir::Shape{40, 5}));
  EXPECT_EQ(Headline([] { ReshapeTo({2, 3, 4}, "(-1, -1)"); }),
            "Compilation Error: OperatorAttributeValueNotValid: The value of attribute shape in "
            "operator Reshape has more than one -1.");
  EXPECT_EQ(Headline([] { ReshapeTo({2, 3, 4}, "(5, -1)"); }),
            "Compilation Error: OperatorAttributeValueNotValid: The value of attribute shape in "
            "operator Reshape does not fit the input's size.");
}

TEST(MxLoweringTest, PoolingConventionsAndSum) {
  // A 5x5 input of ones, kernel 2, stride 2: valid gives 2x2, full 3x3 (the last row and
  // column of windows hang over the edge).
  for (const auto& [convention, type, expect] :
       std::vector<std::tuple<std::string, std::string, std::vector<float>>>{
           {"valid", "sum", {4, 4, 4, 4}},
           {"full", "sum", {4, 4, 2, 4, 4, 2, 2, 2, 1}},
           {"full", "max", {1, 1, 1, 1, 1, 1, 1, 1, 1}},
           {"full", "avg", {1, 1, 1, 1, 1, 1, 1, 1, 1}},
       }) {
    SymbolBuilder b;
    const int x = b.Var("data");
    const int p = b.Op("Pooling", "pool", {E(x)},
                       {{"kernel", "(2, 2)"}, {"stride", "(2, 2)"}, {"pool_type", type},
                        {"pooling_convention", convention}});
    const ir::Graph g = LowerMxModel(b.Model({E(p)}), {{1, 1, 5, 5}});
    const Tensor y = ir::testing::Interpret(g, {{{1, 1, 5, 5}, std::vector<float>(25, 1.0f)}}).at(0);
    EXPECT_EQ(y.data, expect) << convention << " " << type;
  }
  // Pooling_v1's average always divides by the whole window, hanging part included.
  SymbolBuilder b;
  const int x = b.Var("data");
  const int p = b.Op("Pooling_v1", "pool", {E(x)},
                     {{"kernel", "(2, 2)"}, {"stride", "(2, 2)"}, {"pool_type", "avg"},
                      {"pooling_convention", "full"}});
  const ir::Graph g = LowerMxModel(b.Model({E(p)}), {{1, 1, 3, 3}});
  const Tensor y = ir::testing::Interpret(g, {{{1, 1, 3, 3}, std::vector<float>(9, 1.0f)}}).at(0);
  EXPECT_EQ(y.data, (std::vector<float>{1, 0.5f, 0.5f, 0.25f}));
}

TEST(MxLoweringTest, DeconvolutionTargetShapeAndDefaultNoBias) {
  SymbolBuilder b;
  const int x = b.Var("data");
  const int w = b.Param("w", {2, 3, 3, 3}, Iota(54, -1, 0.05f));
  // No bias input: Deconvolution's no_bias defaults to True.
  const int d = b.Op("Deconvolution", "up", {E(x), E(w)},
                     {{"kernel", "(3, 3)"}, {"stride", "(2, 2)"}, {"num_filter", "3"},
                      {"target_shape", "(8, 7)"}});
  const ir::Graph g = LowerMxModel(b.Model({E(d)}), {{1, 2, 4, 4}});
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (ir::Shape{1, 3, 8, 7}));
}

TEST(MxLoweringTest, BatchNormFixGammaIgnoresGamma) {
  for (const std::string fix : {"True", "False"}) {
    SymbolBuilder b;
    const int x = b.Var("data");
    const int gamma = b.Param("g", {2}, {2, 3});
    const int beta = b.Param("b", {2}, {0, 1});
    const int mean = b.Param("m", {2}, {0, 0});
    const int var = b.Param("v", {2}, {1, 1});
    // eps left at MXNet's default, 1e-3.
    const int bn = b.Op("BatchNorm", "bn", {E(x), E(gamma), E(beta), E(mean), E(var)},
                        {{"fix_gamma", fix}});
    const ir::Graph g = LowerMxModel(b.Model({E(bn)}), {{1, 2, 1, 1}});
    const Tensor y = ir::testing::Interpret(g, {{{1, 2, 1, 1}, {1, 1}}}).at(0);
    const float s = 1.0f / std::sqrt(1.0f + 1e-3f);
    const std::vector<float> want =
        fix == "True" ? std::vector<float>{s, s + 1} : std::vector<float>{2 * s, 3 * s + 1};
    EXPECT_NEAR(y.data[0], want[0], 1e-6) << fix;
    EXPECT_NEAR(y.data[1], want[1], 1e-6) << fix;
  }
}

TEST(MxLoweringTest, SoftmaxOutputLabelIsNotAnInput) {
  SymbolBuilder b;
  const int x = b.Var("data");
  const int label = b.Var("softmax_label");
  const int s = b.Op("SoftmaxOutput", "softmax", {E(x), E(label)});
  const MxModel m = b.Model({E(s)});
  ASSERT_EQ(MxModelInputs(m).size(), 1u);
  EXPECT_EQ(MxModelInputs(m)[0].name, "data");
  CheckInputsNamed(m, {"data"});
  EXPECT_EQ(Headline([&] { CheckInputsNamed(m, {"x"}); }),
            "Malformed input error: Variable 'data' of m-symbol.json has no array in "
            "m-0000.params and no entry in the data shape.");
  // Softmax over everything but the batch axis.
  const ir::Graph g = LowerMxModel(m, {{1, 2, 2}});
  EXPECT_EQ(g.value(g.outputs()[0]).name, "softmax_output");
  const Tensor y = ir::testing::Interpret(g, {{{1, 2, 2}, {0, 0, 0, 0}}}).at(0);
  EXPECT_EQ(y.data, (std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f}));
}

TEST(MxLoweringTest, OutputsAreNamedAsMxnetNamesThem) {
  SymbolBuilder b;
  const int x = b.Var("data");
  const int s = b.Op("SliceChannel", "split", {E(x)}, {{"num_outputs", "2"}, {"squeeze_axis", "1"}});
  const int r = b.Op("relu", "act", {E(s, 1)});
  const ir::Graph g = LowerMxModel(b.Model({E(s, 0), E(r), E(r)}), {{1, 2, 3}});
  ASSERT_EQ(g.outputs().size(), 3u);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "split_output0");
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (ir::Shape{1, 3}));
  EXPECT_EQ(g.value(g.outputs()[1]).name, "act_output");
  EXPECT_NE(g.value(g.outputs()[2]).name, "act_output");
  const auto y = ir::testing::Interpret(g, {{{1, 2, 3}, {-1, 2, -3, 4, -5, 6}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{-1, 2, -3}));
  EXPECT_EQ(y[1].data, (std::vector<float>{4, 0, 6}));
  EXPECT_EQ(y[2].data, y[1].data);
}

TEST(MxLoweringTest, UpSamplingNearestRepeatsPixels) {
  SymbolBuilder b;
  const int x = b.Var("data");
  const int u = b.Op("UpSampling", "up", {E(x)},
                     {{"scale", "2"}, {"sample_type", "nearest"}, {"num_args", "1"}});
  const ir::Graph g = LowerMxModel(b.Model({E(u)}), {{1, 1, 1, 2}});
  const Tensor y = ir::testing::Interpret(g, {{{1, 1, 1, 2}, {1, 2}}}).at(0);
  EXPECT_EQ(y.shape, (ir::Shape{1, 1, 2, 4}));
  EXPECT_EQ(y.data, (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2}));
}

TEST(MxLoweringTest, ArgmaxGivesFloatIndices) {
  SymbolBuilder b;
  const int x = b.Var("data");
  const int a = b.Op("argmax", "am", {E(x)}, {{"axis", "1"}});
  const int all = b.Op("argmax", "am_all", {E(x)});
  const ir::Graph g = LowerMxModel(b.Model({E(a), E(all)}), {{2, 3}});
  EXPECT_EQ(g.value(g.outputs()[0]).dtype, ir::DType::kFloat32);
  const auto y = ir::testing::Interpret(g, {{{2, 3}, {1, 5, 2, 7, 0, 3}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{1, 0}));
  EXPECT_EQ(y[1].shape, (ir::Shape{1}));
  EXPECT_EQ(y[1].data, (std::vector<float>{3}));
}

TEST(MxLoweringTest, NeoErrors) {
  {
    // The spec's own example: every unsupported operator at once.
    SymbolBuilder b;
    const int x = b.Var("data");
    const int s = b.Op("_sample_multinomial", "sample", {E(x)});
    const int r = b.Op("RNN", "rnn", {E(s)});
    const MxModel m = b.Model({E(r)});
    EXPECT_EQ(Headline([&] { CheckOperators(m); }),
              "Compilation Error: OperatorNotImplemented: The following operators are not "
              "implemented: {'_sample_multinomial', 'RNN'}");
  }
  {
    SymbolBuilder b;
    const int x = b.Var("data");
    const int w = b.Param("w", {1, 1, 1, 1}, {1});
    const int c = b.Op("Convolution", "conv", {E(x), E(w)}, {{"num_filter", "1"}, {"no_bias", "True"}});
    EXPECT_EQ(Headline([&] { LowerMxModel(b.Model({E(c)}), {{1, 1, 2, 2}}); }),
              "Compilation Error: OperatorAttributeRequired: Required attribute kernel not found "
              "in Convolution.");
  }
  {
    SymbolBuilder b;
    const int x = b.Var("data");
    const int c = b.Op("Activation", "act", {E(x)}, {{"act_type", "mish"}});
    EXPECT_EQ(Headline([&] { LowerMxModel(b.Model({E(c)}), {{1, 2}}); }),
              "Compilation Error: OperatorAttributeNotImplemented: act_type mish is not "
              "supported in Activation.");
  }
  {
    SymbolBuilder b;
    const int x = b.Var("data");
    const int p = b.Op("Pooling", "pool", {E(x)}, {{"kernel", "(2, x)"}});
    EXPECT_EQ(Headline([&] { LowerMxModel(b.Model({E(p)}), {{1, 1, 4, 4}}); }),
              "Compilation Error: OperatorAttributeValueNotValid: The value of attribute kernel "
              "in operator Pooling is not a tuple of integers: '(2, x)'.");
  }
}

}  // namespace
}  // namespace neo::mx_frontend
