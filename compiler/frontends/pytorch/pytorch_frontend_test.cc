// The PyTorch frontend on the fixtures of //testdata/pytorch: lowered graphs, computed by
// the IR's interpreter (the reference kernels), must match PyTorch's own outputs; bad .pth files and unsupported models fail with Neo's exact messages.
#include "compiler/frontends/pytorch/pytorch_frontend.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/lowering.h"
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

// The bytes of one of the archives make_bad_pth.py writes.
std::string BadPth(const std::string& name) {
  std::ifstream in("compiler/frontends/pytorch/bad_pth/" + name + ".pth", std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::unique_ptr<PytorchModel> LoadBad(const std::string& name) {
  return LoadPytorchModel(BadPth(name), "model.pth");
}

// The headline of the Load Error loading `name` gives.
std::string LoadErrorOf(const std::string& name) {
  ErrorClass cls = ErrorClass::kSystem;
  const auto lines = Error([&] { LoadBad(name)->Lower({"input0"}, {{1, 2, 2, 2}}); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad) << name << ": " << lines[0];
  return lines[0];
}

TEST(PytorchErrors, GeneratedArchiveCompiles) {
  // The baseline of make_bad_pth.py's archives, through the same zip writer.
  ir::Graph graph = LoadBad("good")->Lower({"input0"}, {{1, 2, 2, 2}});
  EXPECT_EQ(graph.outputs().size(), 1u);
}

// A tensor whose sizes, strides or offset reach past its storage is refused before
// anything reads it (these crashed, or allocated 4 GB, reading past the buffer).
TEST(PytorchErrors, TensorsMustLieInsideTheirStorage) {
  const std::string head = "Load Error: model.pth is corrupt: tensor 'conv.weight' needs ";
  EXPECT_EQ(LoadErrorOf("short_storage"), head + "24 bytes of storage but its storage holds 4.");
  EXPECT_EQ(LoadErrorOf("offset_1e6"), head + "4000024 bytes of storage but its storage holds 24.");
  EXPECT_EQ(LoadErrorOf("sizes_1e9"),
            head + "4000000000 bytes of storage but its storage holds 24.");
  EXPECT_EQ(LoadErrorOf("strides_overflow"),
            head + "more than 9223372036854775807 bytes of storage but its storage holds 24.");
  EXPECT_EQ(LoadErrorOf("offset_negative"),
            "Load Error: model.pth is corrupt: tensor 'conv.weight' starts 3 elements before "
            "its storage.");
}

TEST(PytorchErrors, AttributeAndConstantTensorsAreCheckedToo) {
  EXPECT_EQ(LoadErrorOf("list_attr_short"),
            "Load Error: model.pth is corrupt: tensor 'tables[1]' needs 20 bytes of storage "
            "but its storage holds 4.");
  EXPECT_EQ(LoadErrorOf("constant_short"),
            "Load Error: model.pth is corrupt: tensor 'CONSTANTS.c0' needs 12 bytes of storage "
            "but its storage holds 4.");
}

// libtorch sizes a storage by the element count its pickle claims, not by its record.
TEST(PytorchErrors, StoragesMustFitTheirRecords) {
  EXPECT_EQ(LoadErrorOf("numel_claim"),
            "Load Error: model.pth is corrupt: the storage of tensor 'conv.weight' claims "
            "4000000000 bytes but its record 'data/0' holds 24.");
  EXPECT_EQ(LoadErrorOf("record_twice"),
            "Load Error: model.pth is corrupt: its pickle reads record 'data/0' more than once.");
}

TEST(PytorchErrors, IrConstantChecksTheStorage) {
  at::Tensor t = at::zeros({2});
  t.unsafeGetTensorImpl()->set_storage_offset(1000);
  ErrorClass cls = ErrorClass::kSystem;
  auto lines = Error([&] { IrConstant(t, "w"); }, &cls);
  EXPECT_EQ(cls, ErrorClass::kLoad);
  EXPECT_EQ(lines[0], "Load Error: tensor constant 'w' needs 4008 bytes of storage but its "
                      "storage holds 8.");
  // libtorch takes a negative offset as it comes (negative strides it replaces).
  t.unsafeGetTensorImpl()->set_storage_offset(-3);
  EXPECT_EQ(StorageOverrun(t, 8), "starts 3 elements before its storage");
  // No element, nothing read.
  t.unsafeGetTensorImpl()->set_sizes_and_strides(at::IntArrayRef{0, 1000},
                                                 at::IntArrayRef{1000, 1});
  t.unsafeGetTensorImpl()->set_storage_offset(1000000);
  EXPECT_EQ(StorageOverrun(t, 8), "");
  EXPECT_EQ(IrConstant(at::ones({2, 1}), "ok").shape, (ir::Shape{2, 1}));
}

// What libtorch reports keeps its first line, without its internal-assert boilerplate.
TEST(PytorchErrors, ArchivesLibtorchCannotRead) {
  const std::string corrupt =
      "Load Error: model.pth is corrupt: libtorch cannot read its TorchScript archive: ";
  EXPECT_EQ(LoadErrorOf("numel_overflow"), corrupt + "numel: integer multiplication overflow");
  EXPECT_EQ(LoadErrorOf("bad_hooks"), corrupt + "check isInt() failed");
  const std::string code = "Load Error: model.pth cannot be loaded as a TorchScript model: ";
  EXPECT_EQ(LoadErrorOf("dup_param"), code + "Argument passed to at() was not in the map.");
  EXPECT_EQ(LoadErrorOf("zip64_uncomp_2p40"),
            "Load Error: model.pth is corrupt: member 'm/data/0' claims 1099511627776 "
            "uncompressed bytes in a " + std::to_string(BadPth("zip64_uncomp_2p40").size()) +
                "-byte file.");
}

// TorchScript compile errors (not c10::Error) used to leave the frontend as System Errors.
TEST(PytorchErrors, CodeThatDoesNotCompile) {
  const std::string code = "Load Error: model.pth cannot be loaded as a TorchScript model: ";
  EXPECT_EQ(LoadErrorOf("dangling_name"), code + "undefined value ghost");
  EXPECT_EQ(LoadErrorOf("dangling_attr"),
            code + "'__torch__.Conv' object has no attribute or method 'ghost'. Did you forget "
                   "to initialize an attribute in __init__()?");
  EXPECT_EQ(LoadErrorOf("recursive_forward"),
            code + "method 'forward' is called recursively. Recursive calls are not supported");
}

// libtorch would silently keep the second of two definitions.
TEST(PytorchErrors, ClassDefinedTwice) {
  EXPECT_EQ(LoadErrorOf("dup_class"), "Load Error: model.pth is corrupt: its code file "
                                      "'code/__torch__.py' defines class Conv twice.");
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
