#include "compiler/frontends/onnx/onnx_import.h"

#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/model_builder.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"
#include "gtest/gtest.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {
namespace {


ModelBuilder ConvGemm() {
  ModelBuilder b;
  b.Input("data", {-1, 3, 8, 8});
  b.Weight("w", {4, 3, 3, 3}, 0.5f);
  b.Weight("b", {4}, 0.1f);
  b.Weight("fc_w", {10, 4}, 0.2f);
  b.Weight("fc_b", {10}, 0.0f);
  auto* conv = b.Node("Conv", {"data", "w", "b"}, {"c"});
  ModelBuilder::Ints(conv, "pads", {1, 1, 1, 1});
  b.Node("Relu", {"c"}, {"r"});
  auto* pool = b.Node("MaxPool", {"r"}, {"p"});
  ModelBuilder::Ints(pool, "kernel_shape", {3, 3});
  ModelBuilder::Ints(pool, "strides", {2, 2});
  ModelBuilder::Int(pool, "ceil_mode", 1);
  b.Node("GlobalAveragePool", {"p"}, {"g"});
  b.Node("Flatten", {"g"}, {"f"});
  auto* gemm = b.Node("Gemm", {"f", "fc_w", "fc_b"}, {"logits"});
  ModelBuilder::Int(gemm, "transB", 1);
  b.Output("logits");
  return b;
}

TEST(OnnxImportTest, ReportsInputsWithSymbolicDimensions) {
  auto model = ParseOnnxModel(ConvGemm().Bytes(), "m.onnx");
  auto inputs = OnnxModelInputs(*model);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].name, "data");
  EXPECT_EQ(inputs[0].dims, (std::vector<int64_t>{-1, 3, 8, 8}));
}

TEST(OnnxImportTest, LowersConvPoolGemm) {
  auto model = ParseOnnxModel(ConvGemm().Bytes(), "m.onnx");
  ir::Graph g = LowerOnnxModel(*model, {{1, 3, 8, 8}});
  std::vector<std::string> ops;
  for (const auto& n : g.nodes()) ops.push_back(n.op);
  EXPECT_EQ(ops, (std::vector<std::string>{"Conv2D", "Relu", "MaxPool2D", "GlobalAveragePool",
                                           "Reshape", "FullyConnected"}));
  // Ceil mode: 8 -> 4 windows of 3 at stride 2 need one extra bottom/right row.
  EXPECT_EQ(g.nodes()[2].attrs.GetInts("pads"), (std::vector<int64_t>{0, 0, 1, 1}));
  EXPECT_EQ(g.value(g.nodes()[2].outputs[0]).shape, (ir::Shape{1, 4, 4, 4}));
  EXPECT_EQ(g.nodes()[4].attrs.GetInts("shape"), (std::vector<int64_t>{1, 4}));
  const ir::Value& out = g.value(g.outputs()[0]);
  EXPECT_EQ(out.name, "logits");
  EXPECT_EQ(out.shape, (ir::Shape{1, 10}));
}

// Operators Neo never compiles say why: here a data-dependent shape and a sequence.
TEST(OnnxImportTest, SaysWhyAnOperatorIsNeverCompiled) {
  ModelBuilder b;
  b.Input("x", {1, 4});
  b.Node("NonZero", {"x"}, {"nz"}, "nonzero");
  b.Node("SplitToSequence", {"x"}, {"seq"}, "split");
  b.Node("Relu", {"x"}, {"r"});
  b.Output("r");
  try {
    ParseOnnxModel(b.Bytes(), "m.onnx");
    FAIL() << "expected OperatorNotImplemented";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Compilation Error: OperatorNotImplemented: The following operators are not "
              "implemented: {'NonZero', 'SplitToSequence'}");
    ASSERT_EQ(e.details().size(), 2u);
    EXPECT_EQ(e.details()[0], "  NonZero: 1 node (nonzero): its output's shape depends on the "
                              "input values, and Neo compiles fixed shapes");
    EXPECT_EQ(e.details()[1], "  SplitToSequence: 1 node (split): sequence-typed values are not "
                              "compiled");
  }
}

TEST(OnnxImportTest, ListsEveryUnsupportedOperatorSorted) {
  ModelBuilder b;
  b.Input("x", {1, 4});
  b.Node("Multinomial", {"x"}, {"m"}, "sample");
  b.Node("Bernoulli", {"x"}, {"e"}, "bernoulli_a");
  b.Node("Bernoulli", {"x"}, {"e2"}, "bernoulli_b");
  b.Node("Relu", {"x"}, {"r"});
  b.Output("r");
  try {
    ParseOnnxModel(b.Bytes(), "m.onnx");
    FAIL() << "expected OperatorNotImplemented";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Compilation Error: OperatorNotImplemented: The following operators are not "
              "implemented: {'Bernoulli', 'Multinomial'}");
    ASSERT_EQ(e.details().size(), 2u);
    EXPECT_EQ(e.details()[0],
              "  Bernoulli: 2 nodes (bernoulli_a, bernoulli_b): a random generator has no "
              "reproducible result to compile");
    EXPECT_EQ(e.details()[1], "  Multinomial: 1 node (sample): a random generator has no "
                              "reproducible result to compile");
  }
}

TEST(OnnxImportTest, MissingRequiredAttribute) {
  ModelBuilder b;
  b.Input("x", {1, 3, 8, 8});
  b.Node("MaxPool", {"x"}, {"y"});
  b.Output("y");
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  try {
    LowerOnnxModel(*model, {{1, 3, 8, 8}});
    FAIL();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Compilation Error: OperatorAttributeRequired: Required attribute "
                            "kernel_shape not found in MaxPool.");
  }
}

TEST(OnnxImportTest, NegativePadIsNotValid) {
  ModelBuilder b;
  b.Input("x", {1, 3, 8, 8});
  b.Weight("w", {4, 3, 3, 3}, 1.0f);
  ModelBuilder::Ints(b.Node("Conv", {"x", "w"}, {"y"}), "pads", {-1, 0, 0, 0});
  b.Output("y");
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  try {
    LowerOnnxModel(*model, {{1, 3, 8, 8}});
    FAIL();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Compilation Error: OperatorAttributeValueNotValid: The value of "
                            "attribute pads in operator Conv cannot be negative.");
  }
}

TEST(OnnxImportTest, GarbageIsMalformedInput) {
  try {
    ParseOnnxModel("this is not a protobuf \xff\xff\xff", "m.onnx");
    FAIL();
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput);
  }
}

TEST(OnnxImportTest, TableIsSortedAndUnique) {
  const auto& t = OnnxOperatorTable();
  for (size_t i = 1; i < t.size(); ++i) EXPECT_LT(std::strcmp(t[i - 1].name, t[i].name), 0);
}

// Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds while lowering: one Reshape.
TEST(OnnxImportTest, ShapeSubgraphFoldsWhileLowering) {
  ModelBuilder d(13);
  d.Input("x", {2, 3, 4});
  d.Int64s("zero", {0});
  d.Int64s("minus_one", {-1});
  d.Int64s("axes", {0});
  d.Node("Shape", {"x"}, {"s"});
  ModelBuilder::Int(d.Node("Gather", {"s", "zero"}, {"n"}), "axis", 0);
  ModelBuilder::Int(d.Node("Concat", {"n", "minus_one"}, {"shape"}), "axis", 0);
  d.Node("Reshape", {"x", "shape"}, {"y"});
  d.Output("y");
  ir::Graph graph = LowerOnnxModel(*ParseOnnxModel(d.Bytes(), "m.onnx"), {{2, 3, 4}});
  ASSERT_EQ(graph.nodes().size(), 1u);
  EXPECT_EQ(graph.nodes()[0].op, ir::op::kReshape);
  EXPECT_EQ(graph.value(graph.outputs()[0]).shape, (ir::Shape{2, 12}));
}

// Regressions from //compiler/fuzz:onnx_fuzzer. Each of these models crashed neoc
// (inside ONNX's own shape inference) or escaped as a non-Neo exception; each must end in
// a Neo error.
void ExpectNeoError(const ModelBuilder& b, const std::vector<ir::Shape>& shapes) {
  try {
    auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
    LowerOnnxModel(*model, shapes);
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_FALSE(e.Headline().empty());
  }
}

TEST(OnnxFuzzRegressionTest, ScanWithoutItsRequiredAttribute) {  // SIGSEGV in ONNX 1.12
  ModelBuilder b(11);
  b.Input("initial", {2});
  b.Input("x", {3, 2});
  auto* scan = b.Node("Scan", {"initial", "x"}, {"y", "z"});
  auto* body = scan->add_attribute();
  body->set_name("body");
  body->set_type(onnx::AttributeProto::GRAPH);
  auto* add = body->mutable_g()->add_node();
  add->set_op_type("Add");
  add->add_input("s");
  add->add_input("e");
  add->add_output("t");
  b.Output("y");
  b.Output("z");
  ExpectNeoError(b, {{2}, {3, 2}});
}

TEST(OnnxFuzzRegressionTest, ConvWithAZeroStride) {  // SIGFPE in ONNX 1.12
  ModelBuilder b(11);
  b.Input("x", {1, 1, 7, 5});
  b.Weight("w", {1, 1, 3, 3}, 1.0f);
  auto* conv = b.Node("Conv", {"x", "w"}, {"y"});
  ModelBuilder::Ints(conv, "kernel_shape", {3, 3});
  ModelBuilder::Ints(conv, "strides", {0, 2});
  b.Output("y");
  ExpectNeoError(b, {{1, 1, 7, 5}});
}

TEST(OnnxFuzzRegressionTest, ConvWeightsOfAnotherRank) {  // read out of bounds in ONNX 1.12
  ModelBuilder b(11);
  b.Input("x", {1, 1, 7});
  b.Weight("w", {1, 1, 1, 1}, 1.0f);
  b.Node("Conv", {"x", "w"}, {"y"});
  b.Output("y");
  ExpectNeoError(b, {{1, 1, 7}});
}

TEST(OnnxFuzzRegressionTest, MissingInputsAndOutputs) {  // std::out_of_range escaped
  ModelBuilder reshape;
  reshape.Input("data", {2, 3, 4});
  reshape.Node("Reshape", {"data"}, {"r"}, "reshape");
  reshape.Output("r");
  try {
    LowerOnnxModel(*ParseOnnxModel(reshape.Bytes(), "m.onnx"), {{2, 3, 4}});
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Malformed input error: Node 'reshape' (Reshape) has no input 1, which it needs.");
  }
  ModelBuilder softmax;  // a protobuf CHECK failure (abort) before
  softmax.Input("x", {2, 3});
  softmax.Node("Softmax", {"x"}, {}, "softmax");
  softmax.Output("y");
  try {
    LowerOnnxModel(*ParseOnnxModel(softmax.Bytes(), "m.onnx"), {{2, 3}});
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Malformed input error: Node 'softmax' (Softmax) has no output 0, which it needs.");
  }
  ModelBuilder where;
  where.Input("c", {2, 2});
  where.Input("x", {2, 2});
  where.Node("Where", {"c", "x"}, {"z"});
  where.Output("z");
  ExpectNeoError(where, {{2, 2}, {2, 2}});
}

TEST(OnnxFuzzRegressionTest, ResizeScaleBeyondInt64) {  // UBSan: float-to-int overflow
  ModelBuilder b;
  b.Input("x", {1, 1, 2, 2});
  b.WeightValues("scales", {4}, {1.0f, 1.0f, 1e20f, 1.0f});
  b.Node("Resize", {"x", "", "scales"}, {"y"}, "resize");
  b.Output("y");
  try {
    LowerOnnxModel(*ParseOnnxModel(b.Bytes(), "m.onnx"), {{1, 1, 2, 2}});
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_NE(e.Headline().find("beyond 2^40"), std::string::npos) << e.Headline();
  }
}

TEST(OnnxFuzzRegressionTest, ReshapeToMoreElementsThanFit) {  // UBSan: signed overflow
  ModelBuilder b;
  b.Input("x", {2, 3});
  auto* shape = b.Node("Constant", {}, {"shape"});
  auto* value = shape->add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  value->mutable_t()->add_dims(3);
  for (int64_t d : {int64_t{8589934590}, int64_t{281474975858690}, int64_t{-1}}) {
    value->mutable_t()->add_int64_data(d);
  }
  b.Node("Reshape", {"x", "shape"}, {"y"}, "reshape");
  b.Output("y");
  ExpectNeoError(b, {{2, 3}});
}

// ONNX's inference read out of bounds here (libFuzzer with ASan); it now runs in a child
// process, whose death only costs its shapes.
TEST(OnnxFuzzRegressionTest, LayerNormalizationOfAScalar) {
  ModelBuilder b(17);
  b.Input("x", {});
  b.Input("w", {3, 4});
  b.Input("b", {3, 4});
  b.Node("LayerNormalization", {"x", "w", "b"}, {"y", "mean", "inv_std"});
  b.Output("y");
  ExpectNeoError(b, {{}, {3, 4}, {3, 4}});
}

TEST(OnnxFuzzRegressionTest, ControlFlowWithoutOutputs) {  // a protobuf CHECK abort
  ModelBuilder b(11);
  b.Input("initial", {2});
  b.Input("x", {3, 2});
  auto* scan = b.Node("Scan", {"initial", "x"}, {}, "scan");
  ModelBuilder::Int(scan, "num_scan_inputs", 1);
  auto* body = scan->add_attribute();
  body->set_name("body");
  body->set_type(onnx::AttributeProto::GRAPH);
  b.Node("Relu", {"x"}, {"y"});
  b.Output("y");
  ExpectNeoError(b, {{2}, {3, 2}});
}

TEST(OnnxFuzzRegressionTest, ScanBodyWithFewerOutputsThanStates) {  // std::length_error
  ModelBuilder b(9);
  b.Input("initial", {2});
  b.Input("x", {3, 2});
  auto* scan = b.Node("Scan", {"initial", "x"}, {"y", "z"}, "scan");
  ModelBuilder::Int(scan, "num_scan_inputs", 1);
  auto* body = scan->add_attribute();
  body->set_name("body");
  body->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto* g = body->mutable_g();
  for (const char* name : {"sum_in", "next"}) {
    auto* in = g->add_input();
    in->set_name(name);
    auto* t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    t->mutable_shape()->add_dim()->set_dim_value(2);
  }
  auto* add = g->add_node();
  add->set_op_type("Add");
  add->add_input("sum_in");
  add->add_input("next");
  add->add_output("sum_out");
  b.Output("y");
  b.Output("z");
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  try {
    LowerOnnxModel(*model, {{2}, {3, 2}});
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Malformed input error: Scan node 'scan': its body has 0 outputs, "
                            "fewer than its 1 state variables.");
  }
}

TEST(OnnxFuzzRegressionTest, GraphWithoutOutputs) {  // std::logic_error in codegen escaped
  ModelBuilder b;
  b.Input("a", {2, 10});
  b.Node("Relu", {"a"}, {"y"});
  try {
    ParseOnnxModel(b.Bytes(), "m.onnx");
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Malformed input error: m.onnx is not a valid ONNX model: its graph has no outputs.");
  }
}

// Hostile structure (docs/hostile-inputs.md, "Model files").
std::string ParseHeadline(const ModelBuilder& b) {
  try {
    ParseOnnxModel(b.Bytes(), "m.onnx");
  } catch (const NeoError& e) {
    return e.Headline();
  }
  return "no error";
}

TEST(OnnxHostileInputTest, SecondDefinitionsAreRefused) {
  ModelBuilder twice;
  twice.Input("data", {1, 4});
  twice.Weight("w", {1, 4}, 1.0f);
  twice.Weight("w", {7}, 2.0f);
  twice.Node("Add", {"data", "w"}, {"y"}, "A");
  twice.Output("y");
  EXPECT_EQ(ParseHeadline(twice), "Malformed input error: m.onnx: initializer 'w' is defined twice.");

  ModelBuilder rewrite;
  rewrite.Input("data", {1, 4});
  rewrite.Node("Relu", {"data"}, {"t"}, "A");
  rewrite.Node("Sigmoid", {"data"}, {"t"}, "B");
  rewrite.Output("t");
  EXPECT_EQ(ParseHeadline(rewrite), "Malformed input error: Node 'B' (Sigmoid) writes 't', which "
                                    "an input, an initializer or another output already defines.");

  ModelBuilder over_input;
  over_input.Input("data", {1, 4});
  over_input.Node("Relu", {"data"}, {"data"}, "A");
  over_input.Output("data");
  EXPECT_EQ(ParseHeadline(over_input),
            "Malformed input error: Node 'A' (Relu) writes 'data', which an input, an "
            "initializer or another output already defines.");
}

TEST(OnnxHostileInputTest, InitializersListedAsInputsStayValid) {  // IR version 3 models
  ModelBuilder b;
  b.Input("data", {1, 4});
  b.Input("w", {1, 4});
  b.Weight("w", {1, 4}, 1.0f);
  b.Node("Add", {"data", "w"}, {"y"});
  b.Output("y");
  EXPECT_EQ(ParseHeadline(b), "no error");
}

TEST(OnnxHostileInputTest, NodeArityIsBounded) {
  ModelBuilder b;  // 2 bytes of file per input; 20x that in memory per copy of the graph
  b.Input("data", {1, 4});
  std::vector<std::string> inputs(65537, "data");
  b.Node("Sum", inputs, {"y"}, "S");
  b.Output("y");
  EXPECT_EQ(ParseHeadline(b), "Malformed input error: Node 'S' (Sum) has 65537 inputs and 1 "
                              "outputs; neoc compiles at most 65536 of each.");
}

TEST(OnnxHostileInputTest, LargeConstantOfShapeFillsAtRunTime) {
  // 2^26 floats from 40 bytes of file: computed by the model, not by neoc.
  ModelBuilder b;
  b.Input("data", {1, 4});
  b.Int64s("shape", {1024, 1024, 64});
  b.Node("ConstantOfShape", {"shape"}, {"big"});
  b.Node("Relu", {"data"}, {"y"});
  b.Output("y");
  b.Output("big");
  ir::Graph g = LowerOnnxModel(*ParseOnnxModel(b.Bytes(), "m.onnx"), {{1, 4}});
  bool broadcast = false;
  for (const ir::Node& n : g.nodes()) broadcast = broadcast || n.op == ir::op::kBroadcast;
  EXPECT_TRUE(broadcast);
  for (ir::ValueId id = 0; id < static_cast<ir::ValueId>(g.num_values()); ++id) {
    const ir::Value& v = g.value(id);
    if (v.is_constant()) {
      EXPECT_LT(v.byte_size(), 1024u) << v.name;
    }
  }

  ModelBuilder small;  // below the bound it stays a constant, as before
  small.Input("data", {1, 4});
  small.Int64s("shape", {1, 4});
  small.Node("ConstantOfShape", {"shape"}, {"zeros"});
  small.Node("Add", {"data", "zeros"}, {"y"});
  small.Output("y");
  ir::Graph folded = LowerOnnxModel(*ParseOnnxModel(small.Bytes(), "m.onnx"), {{1, 4}});
  for (const ir::Node& n : folded.nodes()) EXPECT_NE(n.op, ir::op::kBroadcast);
}

TEST(OnnxHostileInputTest, HugeRangeIsRefused) {
  ModelBuilder b;
  b.Input("data", {1, 4});
  b.Int64s("start", {0});
  b.Int64s("limit", {int64_t{1} << 40});
  b.Int64s("delta", {1});
  b.Node("Range", {"start", "limit", "delta"}, {"r"});
  b.Node("Relu", {"data"}, {"y"});
  b.Output("y");
  b.Output("r");
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  try {
    LowerOnnxModel(*model, {{1, 4}});
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Compilation Error: OperatorAttributeNotImplemented: a Range of more "
                            "than 8388608 elements (neoc computes Range at compile time) is not "
                            "supported in Range.");
  }
}

std::string LowerHeadline(const ModelBuilder& b, const std::vector<ir::Shape>& shapes) {
  try {
    LowerOnnxModel(*ParseOnnxModel(b.Bytes(), "m.onnx"), shapes);
  } catch (const NeoError& e) {
    return e.Headline();
  }
  return "no error";
}

TEST(OnnxHostileInputTest, DanglingNamesAndCyclesNameTheNode) {
  ModelBuilder dangling;
  dangling.Input("data", {1, 4});
  dangling.Node("Add", {"data", "ghost"}, {"y"}, "A");
  dangling.Output("y");
  EXPECT_EQ(LowerHeadline(dangling, {{1, 4}}),
            "Malformed input error: Node 'A' (Add) reads 'ghost', which no earlier node, input "
            "or initializer defines.");
  ModelBuilder cycle;  // A reads B's output, B reads A's
  cycle.Input("data", {1, 4});
  cycle.Node("Add", {"data", "b_out"}, {"a_out"}, "A");
  cycle.Node("Relu", {"a_out"}, {"b_out"}, "B");
  cycle.Output("b_out");
  EXPECT_EQ(LowerHeadline(cycle, {{1, 4}}),
            "Malformed input error: Node 'A' (Add) reads 'b_out', which no earlier node, input "
            "or initializer defines.");
}

TEST(OnnxHostileInputTest, InitializerSizesAreCheckedAgainstTheFile) {
  ModelBuilder short_data;
  short_data.Input("data", {1, 4});
  short_data.WeightValues("w", {1000, 1000, 1000}, {1.0f});
  short_data.Node("Add", {"data", "w"}, {"y"});
  short_data.Output("y");
  EXPECT_EQ(LowerHeadline(short_data, {{1, 4}}),
            "Malformed input error: Tensor 'w' holds 4 bytes; its shape [1000,1000,1000] needs "
            "4000000000.");
  ModelBuilder overflow;
  overflow.Input("data", {1, 4});
  overflow.WeightValues("w", {int64_t{1} << 32, int64_t{1} << 32, 4}, {1.0f});
  overflow.Node("Add", {"data", "w"}, {"y"});
  overflow.Output("y");
  EXPECT_EQ(LowerHeadline(overflow, {{1, 4}}),
            "Malformed input error: Tensor 'w' declares more elements than any model file holds.");
}

}  // namespace
}  // namespace neo::onnx_frontend
