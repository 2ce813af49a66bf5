// Loading the test SavedModels (//testdata/tensorflow) and recomputing what their
// writer stored, for the reader's tests.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_TEST_UTIL_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_TEST_UTIL_H_

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/tensor_bundle.pb.h"
#include "compiler/frontends/tensorflow/table_reader.h"
#include "compiler/frontends/tensorflow/test_table_writer.h"
#include "compiler/load/model_files.h"

namespace neo::tf_frontend::testing {

inline ModelFiles LoadTestModel(const std::string& name) {
  return LoadModelArchive("testdata/tensorflow/" + name + ".tar.gz", Framework::kTensorFlow);
}

// The variables/ file whose name ends in `suffix`; aborts the test binary when absent.
inline ModelFile& VariablesFile(ModelFiles& files, const std::string& suffix) {
  for (ModelFile& f : files.variables) {
    if (f.name.size() >= suffix.size() &&
        f.name.compare(f.name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return f;
    }
  }
  std::abort();
}

// make_saved_models.py's values(): element i is ((7 i + seed) mod 23 - 11) / 8.
inline std::vector<float> WriterValues(size_t n, int seed) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>((7 * i + seed) % 23) / 8.0f - 11.0f / 8.0f;
  return v;
}

inline std::vector<float> Floats(const std::string& bytes) {
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), v.size() * 4);
  return v;
}

// Rewrites the index's entry for `key` with `edit` and writes the index back, blocks
// and checksums valid: the entry itself is what lies.
inline void EditEntry(ModelFiles& files, const std::string& key,
                      const std::function<void(tensorflow::BundleEntryProto*)>& edit) {
  ModelFile& index = VariablesFile(files, "variables.index");
  TableEntries entries = ReadTable(index.contents, index.name);
  for (auto& [k, value] : entries) {
    if (k != key) continue;
    tensorflow::BundleEntryProto entry;
    entry.ParseFromString(value);
    edit(&entry);
    value = entry.SerializeAsString();
  }
  index.contents = WriteTable(entries, 100);
}

}  // namespace neo::tf_frontend::testing

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_TEST_UTIL_H_
