// Golden tests of the generated text (in the manner of tfcompile's codegen_test): small
// hand-built IR graphs go through the standard passes, the memory plan and
// GenerateCode, and the .h / .cc / .S / weights must equal the checked-in files in
// compiler/codegen/goldens/testdata/ byte for byte.
//
// When a codegen change is intended, regenerate the goldens and review the diff:
//
//   NEO_UPDATE_GOLDENS=1 bazel run //compiler/codegen/goldens:codegen_golden_test
//   git diff compiler/codegen/goldens/testdata/
//
// (`bazel run` sets BUILD_WORKSPACE_DIRECTORY, where the goldens are written; each
// written path is printed.) //compiler/codegen/goldens:golden_model_test compiles the golden
// tiny_classifier and runs it, so a golden is also known to be working C++.
#include "compiler/codegen/codegen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/codegen/cpp_names.h"
#include "compiler/codegen/goldens/testdata/tiny_classifier_graph.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"
#include "compiler/passes/interface_layout.h"
#include "compiler/passes/memory_plan.h"
#include "compiler/passes/pipeline.h"

namespace neo::codegen {
namespace {

constexpr char kGoldenDir[] = "compiler/codegen/goldens/testdata/";

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "line N: want <...> / got <...>" for the first differing line.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "same lines, different line endings";
    if (!more_a || !more_b || la != lb) {
      return "first difference at line " + std::to_string(line) + ":\n  want: " +
             (more_a ? la : "<end of file>") + "\n  got:  " + (more_b ? lb : "<end of file>");
    }
  }
}

// Compares `actual` with testdata/<file>.golden, or rewrites that golden when
// NEO_UPDATE_GOLDENS=1 under `bazel run`.
void ExpectGolden(const std::string& file, const std::string& actual) {
  const std::string golden = std::string(kGoldenDir) + file + ".golden";
  const char* update = std::getenv("NEO_UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    ASSERT_TRUE(workspace != nullptr)
        << "NEO_UPDATE_GOLDENS=1 needs `bazel run //compiler/codegen/goldens:codegen_golden_test`";
    const std::string path = std::string(workspace) + "/" + golden;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    std::printf("updated %s (%zu bytes)\n", path.c_str(), actual.size());
    return;
  }
  bool ok = false;
  const std::string want = ReadFile(golden, &ok);
  ASSERT_TRUE(ok) << "missing golden " << golden
                  << "; make it with NEO_UPDATE_GOLDENS=1 bazel run //compiler/codegen/goldens:codegen_golden_test";
  if (want != actual) {
    // Leave the actual text beside the test's outputs for a full diff.
    if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      std::ofstream(std::string(dir) + "/" + file, std::ios::binary) << actual;
    }
    ADD_FAILURE() << golden << " differs (" << want.size() << " bytes golden, " << actual.size()
                  << " generated); " << FirstDifference(want, actual)
                  << "\nIf the change is intended: NEO_UPDATE_GOLDENS=1 bazel run "
                     "//compiler/codegen/goldens:codegen_golden_test";
  }
}

struct Compiled {
  ir::Graph graph;
  passes::MemoryPlan plan;
  GeneratedCode code;
};

// As the driver does: interface layouts from the graph as built, then the passes.
Compiled Compile(ir::Graph graph, CodegenOptions options) {
  Compiled c;
  const passes::InterfaceLayouts layouts = passes::FindInterfaceLayouts(graph);
  options.input_layouts = layouts.inputs;
  options.output_layouts = layouts.outputs;
  passes::RunStandardPasses(graph);
  c.plan = passes::PlanMemory(graph);
  ArenaLayout arena;
  arena.offsets = c.plan.offsets;
  arena.bytes = c.plan.total_bytes;
  c.code = GenerateCode(graph, arena, options);
  c.graph = std::move(graph);
  return c;
}

void ExpectGoldens(const std::string& stem, const GeneratedCode& code) {
  ExpectGolden(stem + ".h", code.header);
  ExpectGolden(stem + ".cc", code.source);
  ExpectGolden(stem + "_weights.S", code.assembly);
  ExpectGolden(stem + "_weights.bin", std::string(code.weights.begin(), code.weights.end()));
  ExpectGolden(stem + "_report.txt", code.report);
}

std::vector<float> FloatsAt(const std::vector<uint8_t>& blob, size_t offset, size_t n) {
  std::vector<float> v(n);
  if (offset + n * sizeof(float) <= blob.size()) std::memcpy(v.data(), blob.data() + offset, n * 4);
  return v;
}

// --- Goldens ------------------------------------------------------------------------

// Conv2D(+bias) -> Relu -> GlobalAveragePool -> Reshape -> FullyConnected, default
// backends. Its options are the ones golden_model_test compiles the golden with.
TEST(CodegenGoldenTest, TinyClassifier) {
  const Compiled c = Compile(testing::TinyClassifierGraph(), testing::TinyClassifierOptions());
  ExpectGoldens("tiny_classifier", c.code);

  // Independently of the goldens: the blob holds each weight tensor as built, in first-use
  // order, every one at a 64-byte boundary: conv w (432 bytes), conv b (16), fc w (80),
  // fc b (20) at 0, 448, 512, 640; 704 bytes in all.
  const testing::TinyClassifierWeights w = testing::TinyClassifierWeightValues();
  ASSERT_EQ(c.code.weights.size(), 704u);
  EXPECT_EQ(FloatsAt(c.code.weights, 0, w.conv_w.size()), w.conv_w);
  EXPECT_EQ(FloatsAt(c.code.weights, 448, w.conv_b.size()), w.conv_b);
  EXPECT_EQ(FloatsAt(c.code.weights, 512, w.fc_w.size()), w.fc_w);
  EXPECT_EQ(FloatsAt(c.code.weights, 640, w.fc_b.size()), w.fc_b);
  for (size_t i = 660; i < 704; ++i) EXPECT_EQ(c.code.weights[i], 0) << "padding byte " << i;
}

// Pooling, a unary op, Concat, a broadcast Add of a constant, Softmax, two outputs and
// names that need mangling and escaping, all on the reference kernels, in a namespace.
ir::Graph Branchy() {
  using testing::AddOp;
  ir::Graph g;
  ir::Value in;
  in.name = "input.1";
  in.shape = {1, 2, 4, 4};
  in.has_shape = true;
  const ir::ValueId x = g.AddValue(in);
  g.inputs().push_back(x);
  const ir::ValueId pool = g.AddValue("0", ir::DType::kFloat32);
  ir::Node& mp = AddOp(g, ir::op::kMaxPool2D, {x}, pool, "pool/max");
  mp.attrs.set("kernel", std::vector<int64_t>{2, 2});
  mp.attrs.set("strides", std::vector<int64_t>{2, 2});
  mp.attrs.set("pads", std::vector<int64_t>{0, 0, 0, 0});
  mp.attrs.set("layout", std::string("NCHW"));
  const ir::ValueId sig = g.AddValue("sig", ir::DType::kFloat32);
  AddOp(g, ir::op::kSigmoid, {pool}, sig, "Sigmoid_3");
  const ir::ValueId cat = g.AddValue("cat", ir::DType::kFloat32);
  AddOp(g, ir::op::kConcat, {pool, sig}, cat, "concat").attrs.set("axis", int64_t{1});
  const ir::ValueId shift = g.AddFloatConstant("shift", {4, 1, 1}, {0.5f, -0.25f, 1.0f, 0.0f});
  const ir::ValueId add = g.AddValue("add", ir::DType::kFloat32);
  AddOp(g, ir::op::kAdd, {cat, shift}, add, "add_shift");
  const ir::ValueId flat = g.AddValue("flat", ir::DType::kFloat32);
  AddOp(g, ir::op::kReshape, {add}, flat, "flatten")
      .attrs.set("shape", std::vector<int64_t>{1, 16});
  const ir::ValueId prob = g.AddValue("probs \"final\"", ir::DType::kFloat32);
  AddOp(g, ir::op::kSoftmax, {flat}, prob, "softmax").attrs.set("axis", int64_t{1});
  g.outputs() = {prob, pool};
  return g;
}

TEST(CodegenGoldenTest, BranchyReferenceKernelsInNamespace) {
  CodegenOptions o;
  o.name = "branchy";
  o.cpp_class = ParseCppClass("neo::golden::Branchy");
  o.header_path = "compiler/codegen/goldens/testdata/branchy.h";
  o.incbin_path = "compiler/codegen/goldens/testdata/branchy_weights.bin";
  o.provenance = "hand-built IR (codegen_test)";
  o.target = "ml_c5";
  o.policy.reference_only = true;
  const Compiled c = Compile(Branchy(), o);
  ExpectGoldens("branchy", c.code);

  // Independent checks on the text: escaped and mangled names, the namespaces.
  EXPECT_NE(c.code.header.find("namespace neo {\nnamespace golden {\n"), std::string::npos);
  EXPECT_NE(c.code.header.find("float* input_input_1();"), std::string::npos);
  EXPECT_NE(c.code.header.find("const float* output_probs__final_() const;"),
            std::string::npos);
  EXPECT_NE(c.code.header.find("const float* output_0() const;"), std::string::npos);
  EXPECT_NE(c.code.source.find("{\"probs \\\"final\\\"\", neo::ElementType::kFloat32"),
            std::string::npos);
  EXPECT_EQ(c.code.source.find("neo::kernels::Backend::kXnnpack"), std::string::npos);
  EXPECT_EQ(c.code.source.find("neo::kernels::Backend::kOnednn"), std::string::npos);
  EXPECT_NE(c.code.assembly.find(".globl neo_weights_3neo6golden7Branchy\n"), std::string::npos);
}

// JPEG bytes -> DecodeJpeg [6,5,3] -> Cast -> output: the API of a model whose input is
// checked at run time (neo::Bytes input, run_status(), the allocation note).
ir::Graph JpegHead() {
  using testing::AddOp;
  ir::Graph g;
  ir::Value in;
  in.name = "contents";
  in.dtype = ir::DType::kBytes;
  in.has_shape = true;  // a scalar
  const ir::ValueId x = g.AddValue(in);
  g.inputs().push_back(x);
  const ir::ValueId image = g.AddValue("image", ir::DType::kUInt8);
  ir::Node& d = AddOp(g, ir::op::kDecodeJpeg, {x}, image, "decode");
  d.attrs.set("height", int64_t{6});
  d.attrs.set("width", int64_t{5});
  d.attrs.set("channels", int64_t{3});
  d.attrs.set("dct_method", std::string("INTEGER_FAST"));
  const ir::ValueId y = g.AddValue("pixels", ir::DType::kFloat32);
  AddOp(g, ir::op::kCast, {image}, y, "to_float").attrs.set("to", std::string("float32"));
  g.outputs() = {y};
  return g;
}

CodegenOptions JpegHeadOptions() {
  CodegenOptions o;
  o.name = "jpeg_head";
  o.cpp_class = ParseCppClass("JpegHead");
  o.header_path = "compiler/codegen/goldens/testdata/jpeg_head.h";
  o.incbin_path = "compiler/codegen/goldens/testdata/jpeg_head_weights.bin";
  o.provenance = "hand-built IR (codegen_test)";
  o.target = "host";
  return o;
}

TEST(CodegenGoldenTest, JpegInputChecksAtRunTime) {
  const Compiled c = Compile(JpegHead(), JpegHeadOptions());
  ExpectGoldens("jpeg_head", c.code);
  EXPECT_NE(c.code.header.find("  neo::Bytes* input_contents();\n"), std::string::npos);
  EXPECT_NE(c.code.header.find("  neo::Status run_status() const override;\n"), std::string::npos);
  EXPECT_NE(c.code.source.find("neo::ElementType::kBytes"), std::string::npos);
  EXPECT_NE(c.code.source.find("return impl_->context.run_status();"), std::string::npos);

  // libjpeg allocates: a model promised allocation-free refuses DecodeJpeg.
  CodegenOptions o = JpegHeadOptions();
  o.policy.allocation_free_run = true;
  try {
    Compile(JpegHead(), o);
    ADD_FAILURE() << "compiled with allocation_free_run";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Compilation Error: OperatorAttributeNotImplemented: "
                                     "allocation_free_run is not supported in DecodeJpeg.");
  }
}

// An SSD head as MXNet's frontend lowers one: feature [1, 3, 2, 2] -> MultiBoxPrior
// (anchors from the shape alone), Softmax(Reshape(feature)) as cls_prob [1, 3, 4], loc_pred
// a second input -> MultiBoxDetection. The prior's input is computed (a graph input), yet
// it folds: the anchors are weights and no MultiBoxPrior kernel is generated.
ir::Graph SsdHead() {
  using testing::AddOp;
  ir::Graph g;
  ir::Value in;
  in.name = "feature";
  in.shape = {1, 3, 2, 2};
  in.has_shape = true;
  const ir::ValueId x = g.AddValue(in);
  ir::Value loc_in;
  loc_in.name = "loc_pred";
  loc_in.shape = {1, 16};
  loc_in.has_shape = true;
  const ir::ValueId loc = g.AddValue(loc_in);
  g.inputs() = {x, loc};
  const ir::ValueId anchors = g.AddValue("anchors", ir::DType::kFloat32);
  AddOp(g, ir::op::kMultiBoxPrior, {x}, anchors, "prior")
      .attrs.set("sizes", std::vector<double>{0.5});
  const ir::ValueId flat = g.AddValue("flat", ir::DType::kFloat32);
  AddOp(g, ir::op::kReshape, {x}, flat, "to_classes")
      .attrs.set("shape", std::vector<int64_t>{1, 3, 4});
  const ir::ValueId cls = g.AddValue("cls_prob", ir::DType::kFloat32);
  AddOp(g, ir::op::kSoftmax, {flat}, cls, "softmax").attrs.set("axis", int64_t{1});
  const ir::ValueId det = g.AddValue("detections", ir::DType::kFloat32);
  ir::Node& d = AddOp(g, ir::op::kMultiBoxDetection, {cls, loc, anchors}, det, "detection");
  d.attrs.set("nms_topk", int64_t{3});
  d.attrs.set("force_suppress", int64_t{1});
  g.outputs() = {det};
  return g;
}

TEST(CodegenGoldenTest, SsdHeadAnchorsAreWeights) {
  CodegenOptions o;
  o.name = "ssd_head";
  o.cpp_class = ParseCppClass("SsdHead");
  o.header_path = "compiler/codegen/goldens/testdata/ssd_head.h";
  o.incbin_path = "compiler/codegen/goldens/testdata/ssd_head_weights.bin";
  o.provenance = "hand-built IR (codegen_test)";
  o.target = "host";
  const Compiled c = Compile(SsdHead(), o);
  ExpectGoldens("ssd_head", c.code);
  EXPECT_EQ(c.code.source.find("MultiBoxPrior"), std::string::npos);
  EXPECT_NE(c.code.source.find("neo::kernels::MultiBoxDetectionParams"), std::string::npos);
  EXPECT_NE(c.code.source.find("#include \"kernels/multibox.h\""), std::string::npos);
  // The anchors, worked out by hand: 2 x 2 cells of 1/2, size 1/2 (half extents 1/4).
  ASSERT_GE(c.code.weights.size(), 64u);
  EXPECT_EQ(FloatsAt(c.code.weights, 0, 16),
            (std::vector<float>{0, 0, 0.5f, 0.5f, 0.5f, 0, 1, 0.5f,  //
                                0, 0.5f, 0.5f, 1, 0.5f, 0.5f, 1, 1}));
}

TEST(CodegenGoldenTest, SameGraphGivesSameBytes) {
  const Compiled a = Compile(testing::TinyClassifierGraph(), testing::TinyClassifierOptions());
  const Compiled b = Compile(testing::TinyClassifierGraph(), testing::TinyClassifierOptions());
  EXPECT_EQ(a.code.header, b.code.header);
  EXPECT_EQ(a.code.source, b.code.source);
  EXPECT_EQ(a.code.assembly, b.code.assembly);
  EXPECT_EQ(a.code.weights, b.code.weights);
}

// Generated code compiles without warnings: a model without parameters has no W().
TEST(CodegenGoldenTest, WeightsAccessorOnlyWhenWeightsAreRead) {
  ir::Graph g;
  ir::Value in;
  in.name = "x";
  in.shape = {1, 8};
  in.has_shape = true;
  const ir::ValueId x = g.AddValue(in);
  g.inputs().push_back(x);
  const ir::ValueId y = g.AddValue("y", ir::DType::kFloat32);
  testing::AddOp(g, ir::op::kRelu, {x}, y, "relu");
  g.outputs().push_back(y);
  const std::string no_weights = Compile(std::move(g), testing::TinyClassifierOptions()).code.source;
  EXPECT_EQ(no_weights.find("W(size_t offset)"), std::string::npos);
  const std::string with_weights =
      Compile(testing::TinyClassifierGraph(), testing::TinyClassifierOptions()).code.source;
  EXPECT_NE(with_weights.find("const float* W(size_t offset)"), std::string::npos);
}

// Joining names with '_' would give a_b::Net and a::b_Net the same weights symbol and
// two such models in one binary would fail to link; length prefixes keep them apart.
TEST(CodegenGoldenTest, WeightsSymbolsOfDistinctClassesDiffer) {
  CodegenOptions a = testing::TinyClassifierOptions(), b = a;
  a.cpp_class = ParseCppClass("a_b::Net");
  b.cpp_class = ParseCppClass("a::b_Net");
  const std::string sa = Compile(testing::TinyClassifierGraph(), a).code.assembly;
  const std::string sb = Compile(testing::TinyClassifierGraph(), b).code.assembly;
  auto symbol = [](const std::string& text) {
    const size_t at = text.find(".globl ");
    return text.substr(at + 7, text.find('\n', at) - at - 7);
  };
  EXPECT_NE(symbol(sa), symbol(sb));
}

// --- Comments made from model names ------------------------------------------------------

// Node and tensor names come from the model file. A newline in one must not put the
// rest of the name into the code (a model could inject C++ into the user's build), and
// a trailing backslash must not splice the next line into the comment.
void ExpectNoEscapedComments(const GeneratedCode& code) {
  for (const std::string* text : {&code.source, &code.header}) {
    std::istringstream lines(*text);
    std::string line;
    while (std::getline(lines, line)) {
      EXPECT_TRUE(line.empty() || line.back() != '\\') << line;
      // The text may sit inside a comment or a string literal, never start a line of code.
      const size_t start = line.find_first_not_of(' ');
      if (start != std::string::npos) {
        EXPECT_NE(line.compare(start, 12, "int injected"), 0) << line;
      }
    }
  }
}

TEST(CodegenCommentsTest, NodeNamesCannotEscapeComments) {
  ir::Graph g = testing::TinyClassifierGraph();
  g.nodes()[0].name = "x\nint injected = 1;";
  ExpectNoEscapedComments(Compile(std::move(g), testing::TinyClassifierOptions()).code);

  // input -> Identity -> output stays a Copy kernel, whose Run() line ends in the name.
  ir::Graph copy;
  ir::Value in;
  in.name = "in";
  in.shape = {1, 4};
  in.has_shape = true;
  const ir::ValueId x = copy.AddValue(in);
  copy.inputs().push_back(x);
  const ir::ValueId y = copy.AddValue("out", ir::DType::kFloat32);
  testing::AddOp(copy, ir::op::kIdentity, {x}, y, "copy\\");
  copy.outputs().push_back(y);
  CodegenOptions o = testing::TinyClassifierOptions();
  ExpectNoEscapedComments(Compile(std::move(copy), o).code);
}

}  // namespace
}  // namespace neo::codegen
