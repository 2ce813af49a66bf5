#include "compiler/load/model_files.h"

#include <gtest/gtest.h>

#include "compiler/load/test_archive.h"
#include "compiler/load/test_matchers.h"

namespace neo {
namespace {

using testing::Dir;
using testing::File;
using testing::MakeTarball;
using testing::TestEntry;

ModelFiles Select(const std::vector<TestEntry>& entries, Framework fw) {
  return SelectModelFiles(ReadTarGz(MakeTarball(entries), "m.tar.gz"), fw);
}

std::vector<std::string> DetailsOf(const std::vector<TestEntry>& entries, Framework fw) {
  try {
    Select(entries, fw);
  } catch (const NeoError& e) {
    return e.details();
  }
  return {"no error"};
}

constexpr ErrorClass kConfig = ErrorClass::kLoadInputConfiguration;

TEST(ModelFilesTest, OnnxAtTopLevel) {
  const ModelFiles m = Select({File("resnet.onnx", "graph"), File("README.md")},
                              Framework::kOnnx);
  EXPECT_EQ(m.framework, Framework::kOnnx);
  EXPECT_EQ(m.root, "");
  EXPECT_EQ(m.model.name, "resnet.onnx");
  EXPECT_EQ(m.model.contents, "graph");
  EXPECT_EQ(m.tensorflow_format, TensorFlowFormat::kNotTensorFlow);
}

TEST(ModelFilesTest, OnnxInsideOneFolder) {
  const ModelFiles m = Select({Dir("resnet"), File("resnet/resnet.onnx", "graph")},
                              Framework::kOnnx);
  EXPECT_EQ(m.root, "resnet");
  EXPECT_EQ(m.model.name, "resnet/resnet.onnx");
  EXPECT_EQ(m.model.contents, "graph");
}

TEST(ModelFilesTest, OnnxMissingOrDuplicated) {
  const std::string msg =
      "Load Error: InputConfiguration: Exactly one .onnx file is allowed for ONNX model.";
  EXPECT_NEO_ERROR(Select({File("model.pth")}, Framework::kOnnx), kConfig, msg);
  EXPECT_NEO_ERROR(Select({}, Framework::kOnnx), kConfig, msg);
  EXPECT_NEO_ERROR(Select({File("a.onnx"), File("b.onnx")}, Framework::kOnnx), kConfig, msg);
  EXPECT_EQ(DetailsOf({File("a.onnx"), File("b.onnx")}, Framework::kOnnx),
            (std::vector<std::string>{"found: 'a.onnx', 'b.onnx'"}));
  EXPECT_EQ(DetailsOf({File("model.pth")}, Framework::kOnnx),
            (std::vector<std::string>{"found none"}));
}

TEST(ModelFilesTest, FilesBelowTheRootAreNotModelFiles) {
  // Beside the model at the top: code/ is someone else's business.
  const ModelFiles m = Select({File("model.pth", "p"), File("code/extra.pth")},
                              Framework::kPyTorch);
  EXPECT_EQ(m.model.name, "model.pth");
  // Two folders at the top: no single root, so nothing is at the root.
  EXPECT_NEO_ERROR(Select({File("a/model.onnx"), File("b/notes.txt")}, Framework::kOnnx),
                   kConfig,
                   "Load Error: InputConfiguration: Exactly one .onnx file is allowed for "
                   "ONNX model.");
}

TEST(ModelFilesTest, MacJunkDoesNotCount) {
  const ModelFiles m = Select({File("model.onnx", "real"), File("._model.onnx", "apple"),
                               File("__MACOSX/._model.onnx", "apple")},
                              Framework::kOnnx);
  EXPECT_EQ(m.model.contents, "real");
}

TEST(ModelFilesTest, PyTorch) {
  EXPECT_EQ(Select({File("m/model.pth", "ts")}, Framework::kPyTorch).model.contents, "ts");
  EXPECT_NEO_ERROR(Select({File("a.pth"), File("b.pth")}, Framework::kPyTorch), kConfig,
                   "Load Error: InputConfiguration: Exactly one .pth file is allowed for "
                   "PyTorch model.");
  // .pt is not .pth: the spec names .pth.
  EXPECT_NEO_ERROR(Select({File("model.pt")}, Framework::kPyTorch), kConfig,
                   "Load Error: InputConfiguration: Exactly one .pth file is allowed for "
                   "PyTorch model.");
}

TEST(ModelFilesTest, XGBoost) {
  EXPECT_EQ(Select({File("xgb.model", "trees")}, Framework::kXGBoost).model.contents, "trees");
  EXPECT_NEO_ERROR(Select({File("xgb.json")}, Framework::kXGBoost), kConfig,
                   "Load Error: InputConfiguration: Exactly one .model file is allowed for "
                   "XGBoost model.");
}

TEST(ModelFilesTest, MXNet) {
  const ModelFiles m =
      Select({File("net-symbol.json", "sym"), File("net-0000.params", "w")}, Framework::kMXNet);
  EXPECT_EQ(m.model.name, "net-symbol.json");
  EXPECT_EQ(m.model.contents, "sym");
  EXPECT_EQ(m.params.name, "net-0000.params");
  EXPECT_EQ(m.params.contents, "w");
  EXPECT_NEO_ERROR(Select({File("net-0000.params")}, Framework::kMXNet), kConfig,
                   "Load Error: InputConfiguration: Exactly one .json file is allowed for "
                   "MXNet model.");
  EXPECT_NEO_ERROR(Select({File("a.json"), File("b.json"), File("w.params")},
                          Framework::kMXNet),
                   kConfig,
                   "Load Error: InputConfiguration: Exactly one .json file is allowed for "
                   "MXNet model.");
  EXPECT_NEO_ERROR(Select({File("net-symbol.json")}, Framework::kMXNet), kConfig,
                   "Load Error: InputConfiguration: Exactly one .params file is allowed for "
                   "MXNet model.");
  EXPECT_NEO_ERROR(Select({File("s.json"), File("a.params"), File("b.params")},
                          Framework::kMXNet),
                   kConfig,
                   "Load Error: InputConfiguration: Exactly one .params file is allowed for "
                   "MXNet model.");
}

TEST(ModelFilesTest, TensorFlowFrozenGraph) {
  ModelFiles m = Select({File("frozen.pb", "graph")}, Framework::kTensorFlow);
  EXPECT_EQ(m.tensorflow_format, TensorFlowFormat::kFrozenGraph);
  EXPECT_FALSE(m.text_proto);
  EXPECT_EQ(m.model.contents, "graph");
  EXPECT_TRUE(m.variables.empty());

  m = Select({File("m/frozen.pbtxt", "node {}")}, Framework::kTensorFlow);
  EXPECT_EQ(m.tensorflow_format, TensorFlowFormat::kFrozenGraph);
  EXPECT_TRUE(m.text_proto);
}

TEST(ModelFilesTest, TensorFlowSavedModel) {
  const ModelFiles m = Select({Dir("export"), File("export/saved_model.pb", "sm"),
                               Dir("export/variables"),
                               File("export/variables/variables.index", "idx"),
                               File("export/variables/variables.data-00000-of-00001", "data"),
                               File("export/assets/vocab.txt")},
                              Framework::kTensorFlow);
  EXPECT_EQ(m.tensorflow_format, TensorFlowFormat::kSavedModel);
  EXPECT_EQ(m.model.name, "export/saved_model.pb");
  ASSERT_EQ(m.variables.size(), 2u);
  EXPECT_EQ(m.variables[0].name, "export/variables/variables.index");
  EXPECT_EQ(m.variables[0].contents, "idx");
  EXPECT_EQ(m.variables[1].name, "export/variables/variables.data-00000-of-00001");
  EXPECT_EQ(m.variables[1].contents, "data");

  // Any graph beside a variables folder is a saved model, even an empty folder.
  EXPECT_EQ(Select({File("model.pb"), Dir("variables/")}, Framework::kTensorFlow)
                .tensorflow_format,
            TensorFlowFormat::kSavedModel);
  // saved_model.pb alone (all weights folded) is still a saved model.
  EXPECT_EQ(Select({File("saved_model.pb")}, Framework::kTensorFlow).tensorflow_format,
            TensorFlowFormat::kSavedModel);
}

TEST(ModelFilesTest, TensorFlowNeedsExactlyOneGraph) {
  const std::string msg =
      "Load Error: InputConfiguration: Exactly one .pb or .pbtxt file is allowed for "
      "TensorFlow model.";
  EXPECT_NEO_ERROR(Select({File("variables/variables.index")}, Framework::kTensorFlow),
                   kConfig, msg);
  EXPECT_NEO_ERROR(Select({File("saved_model.pb"), File("frozen.pbtxt")},
                          Framework::kTensorFlow),
                   kConfig, msg);
}

TEST(ModelFilesTest, LoadModelArchiveReadsTheFile) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/model.tar.gz";
  testing::WriteFile(path, MakeTarball({File("model/squeezenet.onnx", "bytes")}));
  const ModelFiles m = LoadModelArchive(path, Framework::kOnnx);
  EXPECT_EQ(m.model.name, "model/squeezenet.onnx");
  EXPECT_EQ(m.model.contents, "bytes");

  testing::WriteFile(path, "not a tarball");
  EXPECT_NEO_ERROR(LoadModelArchive(path, Framework::kOnnx), ErrorClass::kMalformedInput,
                   "Malformed input error: " + path +
                       " is not a gzip-compressed tar archive");
  EXPECT_NEO_ERROR(LoadModelArchive(dir + "/missing.tar.gz", Framework::kOnnx),
                   ErrorClass::kMalformedInput,
                   "Malformed input error: model file " + dir +
                       "/missing.tar.gz does not exist");
}

}  // namespace
}  // namespace neo
