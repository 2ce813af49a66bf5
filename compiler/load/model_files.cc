#include "compiler/load/model_files.h"

#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/file_reader.h"
#include "compiler/load/sha256.h"

namespace neo {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string TopFolder(const std::string& path) {
  const size_t slash = path.find('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// "" when anything sits at the top level or under two different top folders; otherwise
// the one folder that holds every member.
std::string FindRoot(const ArchiveContents& contents) {
  std::string root;
  bool first = true;
  auto consider = [&](const std::string& top) {
    if (first) {
      root = top;
      first = false;
    } else if (top != root) {
      root.clear();
    }
  };
  for (const ArchiveMember& f : contents.files) {
    consider(TopFolder(f.name));
  }
  for (const std::string& d : contents.directories) {
    // A directory entry "resnet" is the root folder itself, not a member beside it.
    consider(d.find('/') == std::string::npos ? d : TopFolder(d));
  }
  return root;
}

// Name relative to the root: "resnet/a.onnx" -> "a.onnx"; members outside -> "".
std::string Relative(const std::string& name, const std::string& root) {
  if (root.empty()) return name;
  if (name.size() > root.size() && name.compare(0, root.size(), root) == 0 &&
      name[root.size()] == '/') {
    return name.substr(root.size() + 1);
  }
  return std::string();
}

bool AtRoot(const std::string& relative) {
  return !relative.empty() && relative.find('/') == std::string::npos;
}

std::vector<std::string> FoundDetails(const std::vector<size_t>& found,
                                      const ArchiveContents& contents) {
  if (found.empty()) return {"found none"};
  std::string list;
  for (size_t i : found) {
    if (!list.empty()) list += ", ";
    list += PythonQuote(contents.files[i].name);
  }
  return {"found: " + list};
}

// Indices of the root-level files whose name ends in one of `suffixes`.
std::vector<size_t> FindAtRoot(const ArchiveContents& contents, const std::string& root,
                               std::initializer_list<const char*> suffixes) {
  std::vector<size_t> found;
  for (size_t i = 0; i < contents.files.size(); ++i) {
    const std::string rel = Relative(contents.files[i].name, root);
    if (!AtRoot(rel)) continue;
    for (const char* suffix : suffixes) {
      if (EndsWith(rel, suffix)) {
        found.push_back(i);
        break;
      }
    }
  }
  return found;
}

size_t ExactlyOne(const ArchiveContents& contents, const std::string& root,
                  std::initializer_list<const char*> suffixes, const std::string& extension,
                  Framework fw) {
  const std::vector<size_t> found = FindAtRoot(contents, root, suffixes);
  if (found.size() != 1) {
    NeoError base = InputConfigurationError(extension, FrameworkDisplayName(fw));
    throw NeoError(base.error_class(), base.message(), FoundDetails(found, contents));
  }
  return found[0];
}

void SelectTensorFlow(ArchiveContents& contents, ModelFiles& out) {
  const size_t graph = ExactlyOne(contents, out.root, {".pb", ".pbtxt"}, ".pb or .pbtxt",
                                  Framework::kTensorFlow);
  const std::string rel = Relative(contents.files[graph].name, out.root);
  out.text_proto = EndsWith(rel, ".pbtxt");

  const std::string variables_dir = out.root.empty() ? "variables" : out.root + "/variables";
  bool has_variables_folder = false;
  for (const std::string& d : contents.directories) {
    if (d == variables_dir) has_variables_folder = true;
  }
  for (ArchiveMember& f : contents.files) {
    if (f.name.compare(0, variables_dir.size() + 1, variables_dir + "/") == 0) {
      has_variables_folder = true;
      out.variables.push_back({f.name, std::move(f.contents)});
    }
  }
  const bool saved_model_name = rel == "saved_model.pb" || rel == "saved_model.pbtxt";
  out.tensorflow_format = (saved_model_name || has_variables_folder)
                              ? TensorFlowFormat::kSavedModel
                              : TensorFlowFormat::kFrozenGraph;
  out.model = {contents.files[graph].name, std::move(contents.files[graph].contents)};
}

}  // namespace

ModelFiles SelectModelFiles(ArchiveContents contents, Framework fw) {
  ModelFiles out;
  out.framework = fw;
  out.root = FindRoot(contents);
  auto take = [&](size_t i) {
    return ModelFile{contents.files[i].name, std::move(contents.files[i].contents)};
  };
  switch (fw) {
    case Framework::kOnnx:
      out.model = take(ExactlyOne(contents, out.root, {".onnx"}, ".onnx", fw));
      break;
    case Framework::kPyTorch:
      out.model = take(ExactlyOne(contents, out.root, {".pth"}, ".pth", fw));
      break;
    case Framework::kXGBoost:
      out.model = take(ExactlyOne(contents, out.root, {".model"}, ".model", fw));
      break;
    case Framework::kMXNet: {
      // Both are checked before either is moved out, so the error names the first rule
      // broken and the contents stay intact for its details.
      const size_t symbol = ExactlyOne(contents, out.root, {".json"}, ".json", fw);
      const size_t params = ExactlyOne(contents, out.root, {".params"}, ".params", fw);
      out.model = take(symbol);
      out.params = take(params);
      break;
    }
    case Framework::kTensorFlow:
      SelectTensorFlow(contents, out);
      break;
  }
  return out;
}

ModelFiles LoadModelArchive(const std::string& path, Framework fw,
                            const ArchiveLimits& limits) {
  const std::string bytes = ReadModelFile(path);
  ModelFiles files = SelectModelFiles(ReadTarGz(bytes, path, limits), fw);
  files.sha256 = Sha256Hex(bytes);
  return files;
}

}  // namespace neo
