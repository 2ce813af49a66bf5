// The PyTorch frontend on the fixtures of //testdata/pytorch: lowered graphs, computed by
// the IR's interpreter (the reference kernels), must match PyTorch's own outputs; bad .pth files and unsupported models fail with Neo's exact messages.
#include "compiler/frontends/pytorch/pytorch_frontend.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/load/model_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/testing/npy.h"

namespace neo::pytorch_frontend {
namespace {

const std::string kDir = "testdata/pytorch/";

std::unique_ptr<PytorchModel> Load(const std::string& tarball) {
  ModelFiles files = LoadModelArchive(kDir + tarball, Framework::kPyTorch);
  return LoadPytorchModel(files.model.contents, files.model.name);
}

ir::testing::Tensor FromNpy(const std::string& file) {
  const neo::testing::NpyArray a = neo::testing::ReadNpy(kDir + file);
  ir::testing::Tensor t;
  t.shape = a.shape;
  t.data.resize(a.num_elements());
  std::memcpy(t.data.data(), a.data.data(), a.data.size());
  return t;
}

std::string Describe(const ir::Graph& g) {
  std::string s;
  for (const ir::Node& n : g.nodes()) {
    s += "  " + n.op + " (" + n.source_op + ")";
    for (ir::ValueId v : n.inputs) {
      if (v != ir::kNoValue) s += std::string(" ") + ir::DTypeName(g.value(v).dtype) + ir::ShapeToString(g.value(v).shape);
    }
    s += "\n";
  }
  return s;
}

struct Case {
  const char* name;
  int inputs, outputs;
};

class ModelTest : public ::testing::TestWithParam<Case> {};

TEST_P(ModelTest, MatchesPytorch) {
  const Case c = GetParam();
  auto model = Load(std::string(c.name) + ".tar.gz");
  ASSERT_EQ(model->num_inputs(), static_cast<size_t>(c.inputs));
  std::vector<ir::testing::Tensor> inputs;
  std::vector<std::string> names;
  std::vector<ir::Shape> shapes;
  for (int k = 0; k < c.inputs; ++k) {
    inputs.push_back(FromNpy(std::string(c.name) + "_input" + std::to_string(k) + ".npy"));
    names.push_back("input" + std::to_string(k));
    shapes.push_back(inputs.back().shape);
  }
  ir::Graph graph = model->Lower(names, shapes);
  const std::string lowered = Describe(graph);
  ir::InferShapes(graph);
  ASSERT_EQ(graph.outputs().size(), static_cast<size_t>(c.outputs));
  for (int k = 0; k < c.outputs; ++k) {
    EXPECT_EQ(graph.value(graph.outputs()[k]).name, "output" + std::to_string(k));
  }
  const auto got = ir::testing::Interpret(graph, inputs);
  for (int k = 0; k < c.outputs; ++k) {
    const auto golden = FromNpy(std::string(c.name) + "_golden" + std::to_string(k) + ".npy");
    ASSERT_EQ(got[k].shape, golden.shape) << "output " << k << "\n" << lowered;
    double worst = 0;
    for (size_t i = 0; i < golden.data.size(); ++i) {
      const double err = std::fabs(got[k].data[i] - golden.data[i]);
      worst = std::max(worst, err);
      ASSERT_LE(err, 1e-4 + 1e-3 * std::fabs(golden.data[i]))
          << c.name << " output " << k << " element " << i << "\n" << lowered;
    }
    std::printf("%s output%d: max abs err %g\n", c.name, k, worst);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ModelTest,
                         ::testing::Values(Case{"ops_vision", 1, 1}, Case{"ops_head", 1, 1}, Case{"ops_extra", 1, 5},
                                           Case{"two_inputs", 2, 2}, Case{"scripted_const", 1, 1}),
                         [](const auto& info) { return std::string(info.param.name); });

// The Neo headline and detail lines of what `f` throws.
std::vector<std::string> Error(const std::function<void()>& f, ErrorClass* cls) {
  try {
    f();
  } catch (const NeoError& e) {
    *cls = e.error_class();
    std::vector<std::string> lines = {e.Headline()};
    for (const auto& d : e.details()) lines.push_back(d);
    return lines;
  }
  return {"(no error)"};
}

const char kAdvice[] =
    "Neo needs a TorchScript model, which holds the network's code as well as its weights: "
    "save one with torch.jit.save(torch.jit.trace(model.eval(), example_input), "
    "\"model.pth\") (or torch.jit.script(model) in place of the trace).";

TEST(PytorchErrors, StateDictSaysHowToSaveTorchScript) {
  ErrorClass cls;
  auto lines = Error([] { Load("errors/state_dict.tar.gz"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad);
  EXPECT_EQ(lines[0], std::string("Load Error: model.pth holds only tensors (a state_dict saved "
                                  "with torch.save), not a TorchScript model. ") + kAdvice);
  lines = Error([] { Load("errors/legacy_pickle.tar.gz"); }, &cls);
  EXPECT_EQ(lines[0], std::string("Load Error: model.pth holds only tensors (a state_dict saved "
                                  "with torch.save), not a TorchScript model. ") + kAdvice);
}

TEST(PytorchErrors, EagerModule) {
  ErrorClass cls;
  auto lines = Error([] { Load("errors/eager_module.tar.gz"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad);
  EXPECT_EQ(lines[0], std::string("Load Error: model.pth holds a pickled Python module "
                                  "(torch.save(model)), which only Python with the model's "
                                  "source can load, not a TorchScript model. ") + kAdvice);
}

TEST(PytorchErrors, NotTorchScript) {
  ErrorClass cls;
  auto lines = Error([] { Load("errors/not_torchscript.tar.gz"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad);
  EXPECT_EQ(lines[0], std::string("Load Error: model.pth is not a TorchScript archive "
                                  "(torch.jit.save writes a zip archive with the model's code "
                                  "and constants). ") + kAdvice);
}

TEST(PytorchErrors, CorruptArchiveIsALoadErrorNotACrash) {
  ModelFiles files = LoadModelArchive(kDir + "ops_head.tar.gz", Framework::kPyTorch);
  std::string bytes = files.model.contents;
  // Keep the zip directory (so it still looks like TorchScript) but garble the data.
  for (size_t i = 64; i < bytes.size() / 2; i += 7) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  ErrorClass cls = ErrorClass::kSystem;
  auto lines = Error([&] { LoadPytorchModel(bytes, "x.pth"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad) << lines[0];
  EXPECT_THAT(lines[0], ::testing::StartsWith("Load Error: x.pth "));
}

TEST(PytorchErrors, UnsupportedOperatorsAllAtOnce) {
  ErrorClass cls;
  auto lines = Error([] { Load("errors/unsupported_ops.tar.gz"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kOperatorNotImplemented);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "Compilation Error: OperatorNotImplemented: The following operators are "
                      "not implemented: {'aten::_unique2', 'aten::bernoulli', 'aten::nonzero'}");
  // Each line says why Neo never compiles the operator.
  const std::string data_shape = "its output's shape depends on the input values, and Neo compiles fixed shapes";
  EXPECT_THAT(lines[1], ::testing::StartsWith("  aten::_unique2: 1 node (%"));
  EXPECT_THAT(lines[1], ::testing::EndsWith("): " + data_shape));
  EXPECT_THAT(lines[2], ::testing::StartsWith("  aten::bernoulli: 1 node (%"));
  EXPECT_THAT(lines[2], ::testing::EndsWith("): a random generator has no reproducible result to compile"));
  EXPECT_THAT(lines[3], ::testing::StartsWith("  aten::nonzero: 1 node (%"));
  EXPECT_THAT(lines[3], ::testing::EndsWith("): " + data_shape));
}

TEST(PytorchErrors, DataDependentControlFlow) {
  auto model = Load("errors/data_dependent.tar.gz");
  ErrorClass cls;
  auto lines = Error([&] { model->Lower({"input0"}, {{1, 3, 4, 4}}); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kOperatorAttributeNotImplemented);
  EXPECT_EQ(lines[0], "Compilation Error: OperatorAttributeNotImplemented: data-dependent "
                      "control flow is not supported in prim::If.");
}

TEST(PytorchErrors, DataDependentLoop) {
  auto model = Load("errors/data_dependent_loop.tar.gz");
  ErrorClass cls;
  auto lines = Error([&] { model->Lower({"input0"}, {{1, 3, 4, 4}}); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kOperatorAttributeNotImplemented);
  EXPECT_EQ(lines[0], "Compilation Error: OperatorAttributeNotImplemented: data-dependent "
                      "control flow is not supported in prim::Loop.");
}

TEST(PytorchErrors, ShapesTheModelRejects) {
  auto model = Load("ops_head.tar.gz");
  ErrorClass cls;
  // fc expects 48 features; [2, 3, 4, 5] flattens to 60.
  auto lines = Error([&] { model->Lower({"input0"}, {{2, 3, 4, 5}}); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kOperatorAttributeValueNotValid) << lines[0];
  EXPECT_EQ(lines[0], "Compilation Error: OperatorAttributeValueNotValid: The value of "
                      "attribute weight in operator aten::linear does not match the input's "
                      "last dimension.");
}

}  // namespace
}  // namespace neo::pytorch_frontend
