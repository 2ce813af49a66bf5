// Golden tests of the generated text (in the manner of tfcompile's codegen_test): small
// hand-built IR graphs go through the standard passes, the memory plan and
// GenerateCode, and the .h / .cc / .S / weights must equal the checked-in files in
// compiler/codegen/testdata/ byte for byte. Plus unit tests of cpp_names and FloatCode.
//
// When a codegen change is intended, regenerate the goldens and review the diff:
//
//   NEO_UPDATE_GOLDENS=1 bazel run //compiler/codegen:codegen_test
//   git diff compiler/codegen/testdata/
//
// (`bazel run` sets BUILD_WORKSPACE_DIRECTORY, where the goldens are written; each
// written path is printed.) //compiler/codegen:golden_model_test compiles the golden
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
#include "compiler/codegen/params_code.h"
#include "compiler/codegen/testdata/tiny_classifier_graph.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"
#include "compiler/passes/memory_plan.h"
#include "compiler/passes/pipeline.h"
#include "kernels/fully_connected.h"

namespace neo::codegen {
namespace {

constexpr char kGoldenDir[] = "compiler/codegen/testdata/";

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
        << "NEO_UPDATE_GOLDENS=1 needs `bazel run //compiler/codegen:codegen_test`";
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
                  << "; make it with NEO_UPDATE_GOLDENS=1 bazel run //compiler/codegen:codegen_test";
  if (want != actual) {
    // Leave the actual text beside the test's outputs for a full diff.
    if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      std::ofstream(std::string(dir) + "/" + file, std::ios::binary) << actual;
    }
    ADD_FAILURE() << golden << " differs (" << want.size() << " bytes golden, " << actual.size()
                  << " generated); " << FirstDifference(want, actual)
                  << "\nIf the change is intended: NEO_UPDATE_GOLDENS=1 bazel run "
                     "//compiler/codegen:codegen_test";
  }
}

struct Compiled {
  ir::Graph graph;
  passes::MemoryPlan plan;
  GeneratedCode code;
};

Compiled Compile(ir::Graph graph, const CodegenOptions& options) {
  Compiled c;
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
  o.header_path = "compiler/codegen/testdata/branchy.h";
  o.incbin_path = "compiler/codegen/testdata/branchy_weights.bin";
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

// --- cpp_names -------------------------------------------------------------------------

TEST(CppNamesTest, ParseCppClass) {
  CppClassName c = ParseCppClass("vision::models::ResNet18");
  EXPECT_EQ(c.namespaces, (std::vector<std::string>{"vision", "models"}));
  EXPECT_EQ(c.name, "ResNet18");
  EXPECT_EQ(c.Qualified(), "vision::models::ResNet18");
  c = ParseCppClass("Net_2");
  EXPECT_TRUE(c.namespaces.empty());
  EXPECT_EQ(c.Qualified(), "Net_2");
}

TEST(CppNamesTest, ParseCppClassRejectsNonIdentifiers) {
  for (const std::string bad :
       {"", "::Net", "vision::", "a:::b", "vision::::Net", "1Net", "class", "vision::int",
        "Res Net", "Res-Net", "vision.Net", "Net<float>", "Ne\xc3\xa9t"}) {
    try {
      ParseCppClass(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const NeoError& e) {
      EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput);
      EXPECT_EQ(e.Headline(), "Malformed input error: --cpp_class '" + bad +
                                  "' is not a C++ class name such as vision::ResNet18.");
    }
  }
}

TEST(CppNamesTest, IsCppIdentifier) {
  EXPECT_TRUE(IsCppIdentifier("x"));
  EXPECT_TRUE(IsCppIdentifier("_x1"));
  EXPECT_FALSE(IsCppIdentifier(""));
  EXPECT_FALSE(IsCppIdentifier("1x"));
  EXPECT_FALSE(IsCppIdentifier("x.y"));
  for (const char* keyword : {"int", "class", "namespace", "return", "float", "delete"}) {
    EXPECT_FALSE(IsCppIdentifier(keyword)) << keyword;
  }
}

TEST(CppNamesTest, CamelCase) {
  EXPECT_EQ(CamelCase("resnet18_v2"), "Resnet18V2");
  EXPECT_EQ(CamelCase("squeezenet1_1"), "Squeezenet11");
  EXPECT_EQ(CamelCase("mobilenet-v2.onnx"), "MobilenetV2Onnx");
  EXPECT_EQ(CamelCase("ResNet"), "ResNet");  // inner capitals stay
  EXPECT_EQ(CamelCase("__x__y"), "XY");
  EXPECT_EQ(CamelCase("18layers"), "Model18layers");
  EXPECT_EQ(CamelCase(""), "Model");
  EXPECT_EQ(CamelCase("..."), "Model");
  // Whatever the name, the result parses as a class name.
  for (const char* name : {"class", "int", "9", "a-b", "_"}) {
    EXPECT_NO_THROW(ParseCppClass(CamelCase(name))) << name;
  }
}

TEST(CppNamesTest, IdentifierMangles) {
  std::vector<std::string> taken;
  EXPECT_EQ(Identifier("input.1", taken), "input_1");
  EXPECT_EQ(Identifier("0", taken), "t_0");
  EXPECT_EQ(Identifier("Data", taken), "data");
  EXPECT_EQ(Identifier("int", taken), "int_");
  EXPECT_EQ(Identifier("", taken), "t_");
  EXPECT_EQ(Identifier("conv/weight:0", taken), "conv_weight_0");
  EXPECT_EQ(taken, (std::vector<std::string>{"input_1", "t_0", "data", "int_", "t_",
                                             "conv_weight_0"}));
}

TEST(CppNamesTest, IdentifierIsUniqueWithinTaken) {
  std::vector<std::string> taken;
  EXPECT_EQ(Identifier("a", taken), "a");
  EXPECT_EQ(Identifier("a", taken), "a_2");
  EXPECT_EQ(Identifier("A", taken), "a_3");    // lower-casing collides too
  EXPECT_EQ(Identifier("a.2", taken), "a_2_2");  // "a_2" is taken by the second "a"
  EXPECT_EQ(Identifier("a-2", taken), "a_2_3");
  // Many colliding names stay distinct and valid.
  std::vector<std::string> more;
  for (int i = 0; i < 50; ++i) {
    const std::string id = Identifier(i % 2 ? "x.y" : "x-y", more);
    EXPECT_TRUE(IsCppIdentifier(id)) << id;
  }
  std::vector<std::string> sorted = more;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
}

TEST(CppNamesTest, StringLiteralEscapes) {
  EXPECT_EQ(StringLiteral("data"), "\"data\"");
  EXPECT_EQ(StringLiteral(""), "\"\"");
  EXPECT_EQ(StringLiteral("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(StringLiteral("tab\there"), "\"tab\\011here\"");
  EXPECT_EQ(StringLiteral("\n1"), "\"\\0121\"");  // three octal digits: the 1 stays a 1
  EXPECT_EQ(StringLiteral("\x7f"), "\"\\177\"");
  EXPECT_EQ(StringLiteral("caf\xc3\xa9"), "\"caf\\303\\251\"");
  EXPECT_EQ(StringLiteral(std::string("a\0b", 3)), "\"a\\000b\"");
  // The same literals, read by this compiler, are the original strings.
  EXPECT_EQ(std::string("\0121"), "\n1");
  EXPECT_EQ(std::string("caf\303\251"), "caf\xc3\xa9");
  EXPECT_EQ(std::string("a\000b", 3), std::string("a\0b", 3));
}

// --- params_code -------------------------------------------------------------------------

// FloatCode's text, as the generated .cc's compiler reads it (strtof, the "f" dropped).
float ReadBack(const std::string& code) {
  EXPECT_EQ(code.back(), 'f') << code;
  const std::string number = code.substr(0, code.size() - 1);
  char* end = nullptr;
  const float v = std::strtof(number.c_str(), &end);
  EXPECT_EQ(*end, '\0') << code;
  // A C++ floating literal needs a '.' or an exponent to take the f suffix.
  EXPECT_NE(number.find_first_of(".e"), std::string::npos) << code;
  return v;
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

TEST(ParamsCodeTest, FloatCodeExamples) {
  EXPECT_EQ(FloatCode(0.5f), "0.5f");
  EXPECT_EQ(FloatCode(6.0f), "6.0f");
  EXPECT_EQ(FloatCode(0.0f), "0.0f");
  EXPECT_EQ(FloatCode(-0.0f), "-0.0f");
  EXPECT_EQ(FloatCode(1e10f), "1e+10f");
  EXPECT_EQ(FloatCode(0.1f), "0.100000001f");
  EXPECT_EQ(FloatCode(std::numeric_limits<float>::infinity()),
            "std::numeric_limits<float>::infinity()");
  EXPECT_EQ(FloatCode(-std::numeric_limits<float>::infinity()),
            "-std::numeric_limits<float>::infinity()");
}

TEST(ParamsCodeTest, FloatCodeRoundTripsEveryFiniteKind) {
  std::vector<float> values = {
      0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 1.0f / 3.0f, 6.0f, 1e-5f, 3.14159265f,
      std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
      std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(),
      std::numeric_limits<float>::epsilon(), 16777217.0f, 123456789.0f};
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint32_t u = static_cast<uint32_t>(rng());
    float f;
    std::memcpy(&f, &u, sizeof f);
    if (std::isfinite(f)) values.push_back(f);
  }
  for (float v : values) {
    const std::string code = FloatCode(v);
    EXPECT_EQ(Bits(ReadBack(code)), Bits(v)) << code;
  }
}

// A NaN can reach FloatCode from a model attribute (e.g. LeakyRelu alpha, Clip bounds);
// "%g" would print "nan", which is not C++.
TEST(ParamsCodeTest, FloatCodeNaNIsValidCpp) {
  const std::string code = FloatCode(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(code, "std::numeric_limits<float>::quiet_NaN()");
}

TEST(ParamsCodeTest, DimsCode) {
  kernels::Dims d;
  EXPECT_EQ(DimsCode(d), "neo::kernels::Dims{}");
  d.rank = 3;
  d.d[0] = 1;
  d.d[1] = 224;
  d.d[2] = 3;
  EXPECT_EQ(DimsCode(d), "neo::kernels::Dims{1, 224, 3}");
}

TEST(ParamsCodeTest, FullyConnectedParamsCode) {
  kernels::FullyConnectedParams p;
  p.batch = 2;
  p.input_channels = 8;
  p.output_channels = 3;
  p.output_min = 0.0f;
  p.output_max = 6.0f;
  EXPECT_EQ(ParamsCode(ir::KernelParamsOf<kernels::FullyConnectedParams>(
                "FullyConnectedParams", p, kernels::FullyConnectedSupports)),
            "  neo::kernels::FullyConnectedParams p;\n"
            "  p.batch = 2;\n"
            "  p.input_channels = 8;\n"
            "  p.output_channels = 3;\n"
            "  p.output_min = 0.0f;\n"
            "  p.output_max = 6.0f;\n"
            "  return p;\n");
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
