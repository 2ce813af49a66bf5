// Picks the files a framework needs out of a model tarball, by the spec's rules:
//   ONNX        exactly one .onnx
//   PyTorch     exactly one .pth
//   XGBoost     exactly one .model
//   MXNet       exactly one symbol .json and exactly one .params
//   TensorFlow  exactly one .pb or .pbtxt; a saved model (saved_model.pb[txt], or any
//               graph beside a variables/ folder) brings the files under variables/
// A missing or duplicated file is "Load Error: InputConfiguration: Exactly one .onnx file
// is allowed for ONNX model." (the spec's wording), with the files found as details.
//
// Where the files may sit: at the top of the archive, or inside one folder when that
// folder holds everything (tar czf m.tar.gz resnet/ is a common way to pack). Files deeper
// down are not model files (SageMaker tarballs often carry code/ or assets/ beside them).
#ifndef NEO_COMPILER_LOAD_MODEL_FILES_H_
#define NEO_COMPILER_LOAD_MODEL_FILES_H_

#include <string>
#include <vector>

#include "compiler/load/archive.h"
#include "compiler/load/framework.h"

namespace neo {

// A file taken from the tarball: its member name (as normalised by ReadTarGz, so
// "resnet/model.onnx" keeps its folder) and its bytes.
struct ModelFile {
  std::string name;
  std::string contents;
};

enum class TensorFlowFormat {
  kNotTensorFlow,
  kFrozenGraph,  // one GraphDef, weights as constants
  kSavedModel,   // a SavedModel proto plus variables/
};

struct ModelFiles {
  Framework framework = Framework::kOnnx;
  // Folder of the archive holding the model files: "" or "resnet" (no trailing '/').
  std::string root;
  // The .onnx, .pth, .model, TensorFlow .pb/.pbtxt, or MXNet's symbol .json.
  ModelFile model;
  // MXNet's .params; empty otherwise.
  ModelFile params;
  // TensorFlow only.
  TensorFlowFormat tensorflow_format = TensorFlowFormat::kNotTensorFlow;
  bool text_proto = false;           // the graph is a .pbtxt
  std::vector<ModelFile> variables;  // files under <root>/variables/, archive order
  // SHA-256 of the model file as given (the tarball's bytes), 64 hex digits; set by
  // LoadModelArchive.
  std::string sha256;
};

// Applies the framework's rules to an unpacked archive (moves the chosen contents out).
ModelFiles SelectModelFiles(ArchiveContents contents, Framework fw);

// Reads the tarball at `path` (ReadModelFile), unpacks it in memory (ReadTarGz) and
// selects the framework's files. Throws NeoError: Client Permission Error, Malformed
// input error or Load Error: InputConfiguration.
ModelFiles LoadModelArchive(const std::string& path, Framework fw,
                            const ArchiveLimits& limits = ArchiveLimits());

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_MODEL_FILES_H_
