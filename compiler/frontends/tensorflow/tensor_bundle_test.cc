// The checkpoint reader on bundles written by //tools/tensorflow (three shards, a
// multi-block index, every supported dtype, strings), then on every corruption.
#include "compiler/frontends/tensorflow/tensor_bundle.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/saved_model_test_util.h"
#include "compiler/load/test_matchers.h"

namespace neo::tf_frontend {
namespace {

using testing::EditEntry;
using testing::LoadTestModel;
using testing::VariablesFile;

constexpr char kIndex[] = "tf1_conv/variables/variables.index";

template <typename T>
std::vector<T> Elements(const tensorflow::TensorProto& t) {
  std::vector<T> v(t.tensor_content().size() / sizeof(T));
  std::memcpy(v.data(), t.tensor_content().data(), v.size() * sizeof(T));
  return v;
}

std::vector<int64_t> Shape(const tensorflow::TensorProto& t) {
  std::vector<int64_t> dims;
  for (const auto& d : t.tensor_shape().dim()) dims.push_back(d.size());
  return dims;
}

TEST(TensorBundle, ReadsEveryDtypeTheWriterStored) {
  const ModelFiles files = LoadTestModel("tf1_conv");
  const TensorBundle bundle = TensorBundle::Open(files.variables);
  EXPECT_EQ(bundle.index_name(), kIndex);
  EXPECT_EQ(bundle.Keys(),
            (std::vector<std::string>{"conv/bias", "conv/kernel", "extras/bool", "extras/double",
                                      "extras/empty", "extras/int16", "extras/int32",
                                      "extras/int64", "extras/int8", "extras/uint8",
                                      "extras/vocabulary", "global_step"}));

  const auto kernel = bundle.Read("conv/kernel");
  EXPECT_EQ(kernel.dtype(), tensorflow::DT_FLOAT);
  EXPECT_EQ(Shape(kernel), (std::vector<int64_t>{3, 3, 2, 4}));
  EXPECT_EQ(Elements<float>(kernel), testing::WriterValues(72, 1));
  EXPECT_EQ(Elements<float>(bundle.Read("conv/bias")), testing::WriterValues(4, 2));

  const auto step = bundle.Read("global_step");
  EXPECT_EQ(step.dtype(), tensorflow::DT_INT64);
  EXPECT_TRUE(Shape(step).empty());
  EXPECT_EQ(Elements<int64_t>(step), std::vector<int64_t>{1234});

  std::vector<double> doubles;
  for (float f : testing::WriterValues(6, 1)) doubles.push_back(f);
  EXPECT_EQ(Elements<double>(bundle.Read("extras/double")), doubles);
  EXPECT_EQ(Elements<int32_t>(bundle.Read("extras/int32")),
            (std::vector<int32_t>{-3, -2, -1, 0, 1, 2}));
  EXPECT_EQ(Elements<uint8_t>(bundle.Read("extras/uint8")),
            (std::vector<uint8_t>{0, 1, 127, 128, 255}));
  EXPECT_EQ(Elements<int8_t>(bundle.Read("extras/int8")),
            (std::vector<int8_t>{-128, -1, 0, 1, 127}));
  EXPECT_EQ(Elements<int16_t>(bundle.Read("extras/int16")),
            (std::vector<int16_t>{-32768, -2, 0, 3, 32767}));
  EXPECT_EQ(Elements<int64_t>(bundle.Read("extras/int64")),
            (std::vector<int64_t>{-(int64_t{1} << 40), 0, (int64_t{1} << 40) + 1}));
  EXPECT_EQ(Elements<uint8_t>(bundle.Read("extras/bool")), (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ(bundle.Read("extras/bool").dtype(), tensorflow::DT_BOOL);
  const auto empty = bundle.Read("extras/empty");
  EXPECT_EQ(Shape(empty), (std::vector<int64_t>{0, 4}));
  EXPECT_TRUE(empty.tensor_content().empty());

  const auto vocabulary = bundle.Read("extras/vocabulary");
  EXPECT_EQ(vocabulary.dtype(), tensorflow::DT_STRING);
  EXPECT_EQ(Shape(vocabulary), (std::vector<int64_t>{2, 2}));
  ASSERT_EQ(vocabulary.string_val_size(), 4);
  EXPECT_EQ(vocabulary.string_val(0), "alpha");
  EXPECT_EQ(vocabulary.string_val(1), "");
  EXPECT_EQ(vocabulary.string_val(2), std::string("\0\xff" "bytes", 7));
  EXPECT_EQ(vocabulary.string_val(3), std::string(200, 'x'));
}

TEST(TensorBundle, ReadsTheObjectGraphStringOfATf2Checkpoint) {
  const ModelFiles files = LoadTestModel("tf2_dense");
  const TensorBundle bundle = TensorBundle::Open(files.variables);
  const auto graph = bundle.Read(kObjectGraphKey);
  ASSERT_EQ(graph.string_val_size(), 1);
  tensorflow::TrackableObjectGraph objects;
  ASSERT_TRUE(objects.ParseFromString(graph.string_val(0)));
  EXPECT_EQ(objects.nodes_size(), 8);
}

TEST(TensorBundle, MissingFilesAreInputConfigurationErrors) {
  ModelFiles files = LoadTestModel("tf1_conv");
  std::vector<ModelFile> no_index;
  for (const ModelFile& f : files.variables) {
    if (f.name != kIndex) no_index.push_back(f);
  }
  try {
    TensorBundle::Open(no_index);
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(), "Load Error: InputConfiguration: The saved model's variables "
                            "folder has no variables.index.");
    ASSERT_EQ(e.details().size(), 1u);
    EXPECT_EQ(e.details()[0].rfind("found: 'tf1_conv/variables/variables.data-00000-of-00003'", 0),
              0u);
  }
  EXPECT_NEO_ERROR(TensorBundle::Open({}), ErrorClass::kLoadInputConfiguration,
                   "Load Error: InputConfiguration: The saved model's variables folder has "
                   "no variables.index.");

  std::vector<ModelFile> no_shard;
  for (const ModelFile& f : files.variables) {
    if (f.name.find("data-00001") == std::string::npos) no_shard.push_back(f);
  }
  EXPECT_NEO_ERROR(TensorBundle::Open(no_shard), ErrorClass::kLoadInputConfiguration,
                   "Load Error: InputConfiguration: The saved model's variables folder has no "
                   "tf1_conv/variables/variables.data-00001-of-00003, a data shard "
                   "tf1_conv/variables/variables.index refers to.");
}

TEST(TensorBundle, ShortShardsAndOffsetsPastTheEnd) {
  ModelFiles files = LoadTestModel("tf1_conv");
  // conv/kernel is the second key: shard 1 holds it first, 288 bytes at offset 0.
  ModelFile& shard = VariablesFile(files, "data-00001-of-00003");
  shard.contents.resize(100);
  const TensorBundle bundle = TensorBundle::Open(files.variables);
  EXPECT_NEO_ERROR(bundle.Read("conv/kernel"), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.data-00001-of-00003 is too short: "
                   "the entry for 'conv/kernel' needs bytes [0, 288) of a 100-byte file.");
  // Entries elsewhere in the other shards still read.
  EXPECT_EQ(bundle.Read("conv/bias").tensor_content().size(), 16u);

  ModelFiles lying = LoadTestModel("tf1_conv");
  EditEntry(lying, "conv/bias", [](tensorflow::BundleEntryProto* e) { e->set_offset(1 << 20); });
  EXPECT_NEO_ERROR(TensorBundle::Open(lying.variables).Read("conv/bias"), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.data-00000-of-00003 is too short: "
                   "the entry for 'conv/bias' needs bytes [1048576, 1048592) of a 96-byte "
                   "file.");
  EditEntry(lying, "conv/bias", [](tensorflow::BundleEntryProto* e) {
    e->set_offset(8);
    e->set_size(INT64_MAX);
  });
  EXPECT_NEO_ERROR(TensorBundle::Open(lying.variables).Read("conv/bias"), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.data-00000-of-00003 is too short: "
                   "the entry for 'conv/bias' needs bytes [8, 9223372036854775815) of a "
                   "96-byte file.");
  EditEntry(lying, "conv/bias", [](tensorflow::BundleEntryProto* e) {
    e->set_offset(-8);
    e->set_size(16);
  });
  EXPECT_NEO_ERROR(TensorBundle::Open(lying.variables).Read("conv/bias"), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.data-00000-of-00003 is too short: "
                   "the entry for 'conv/bias' needs bytes [-8, 8) of a 96-byte file.");
}

void ExpectEditError(const std::string& key,
                     const std::function<void(tensorflow::BundleEntryProto*)>& edit,
                     const std::string& headline) {
  ModelFiles files = LoadTestModel("tf1_conv");
  EditEntry(files, key, edit);
  EXPECT_NEO_ERROR(TensorBundle::Open(files.variables).Read(key), ErrorClass::kLoad, headline);
}

TEST(TensorBundle, EntriesThatDisagreeWithTheirBytes) {
  const std::string shard0 = "Load Error: tf1_conv/variables/variables.data-00000-of-00003 is "
                             "corrupt: the entry for 'conv/bias' ";
  ExpectEditError("conv/bias", [](auto* e) { e->mutable_shape()->mutable_dim(0)->set_size(5); },
                  shard0 + "holds 16 bytes, not the 5 elements of its shape.");
  ExpectEditError("conv/bias",
                  [](auto* e) { e->mutable_shape()->mutable_dim(0)->set_size(INT64_MAX); },
                  shard0 + "holds 16 bytes, not the 9223372036854775807 elements of its shape.");
  ExpectEditError("conv/bias", [](auto* e) {
    e->mutable_shape()->mutable_dim(0)->set_size(1ll << 40);
    e->mutable_shape()->add_dim()->set_size(1ll << 40);
  }, "Load Error: " + std::string(kIndex) + " is corrupt: the entry for 'conv/bias' has a "
     "shape too large to exist.");
  ExpectEditError("conv/bias", [](auto* e) { e->mutable_shape()->mutable_dim(0)->set_size(-4); },
                  "Load Error: " + std::string(kIndex) +
                      " is corrupt: the entry for 'conv/bias' has a negative dimension.");
}

TEST(TensorBundle, ChecksumMismatch) {
  ModelFiles files = LoadTestModel("tf1_conv");
  ModelFile& shard = VariablesFile(files, "data-00001-of-00003");
  shard.contents[5] ^= 0x01;  // a bit of conv/kernel
  try {
    TensorBundle::Open(files.variables).Read("conv/kernel");
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kLoad);
    EXPECT_EQ(e.Headline().rfind("Load Error: tf1_conv/variables/variables.data-00001-of-00003 "
                                 "is corrupt: the entry for 'conv/kernel' fails its checksum "
                                 "(stored 0x", 0),
              0u)
        << e.Headline();
  }
}

TEST(TensorBundle, CorruptStringTensors) {
  const std::string prefix = "Load Error: tf1_conv/variables/variables.data-00001-of-00003 is "
                             "corrupt: the entry for 'extras/vocabulary' ";
  // extras/vocabulary: lengths 5, 0, 7, 200 (varints 1+1+1+2 bytes), 4 checksum bytes, 212
  // string bytes.
  ExpectEditError("extras/vocabulary", [](auto* e) { e->mutable_shape()->mutable_dim(0)->set_size(1000); },
                  prefix + "is shorter than its string lengths.");
  ExpectEditError("extras/vocabulary", [](auto* e) { e->set_size(8); },
                  prefix + "has strings longer than its bytes.");
  // Two elements (lengths 5 and 0) in 5 bytes: the lengths fit, their checksum does not.
  ExpectEditError("extras/vocabulary", [](auto* e) {
    e->mutable_shape()->mutable_dim(0)->set_size(1);
    e->set_size(5);
  }, prefix + "has no checksum of its lengths.");
  ExpectEditError("extras/vocabulary", [](auto* e) { e->set_size(e->size() + 3); },
                  prefix + "holds 215 string bytes, not 212.");
  ExpectEditError("extras/vocabulary", [](auto* e) { e->mutable_shape()->mutable_dim(1)->set_size(1); },
                  prefix + "fails the checksum of its string lengths.");

  // Flip the last string byte: only the entry's checksum can notice.
  ModelFiles files = LoadTestModel("tf1_conv");
  tensorflow::BundleEntryProto entry;
  EditEntry(files, "extras/vocabulary", [&](auto* e) { entry = *e; });
  VariablesFile(files, "data-00001-of-00003").contents[entry.offset() + entry.size() - 1] ^= 1;
  try {
    TensorBundle::Open(files.variables).Read("extras/vocabulary");
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline().rfind(prefix + "fails its checksum", 0), 0u) << e.Headline();
  }
}

TEST(TensorBundle, UnsupportedEntriesAndHeaders) {
  ExpectEditError("conv/bias", [](auto* e) { e->set_dtype(tensorflow::DT_VARIANT); },
                  "Load Error: " + std::string(kIndex) + ": the entry for 'conv/bias' has type "
                  "DT_VARIANT, which neoc does not read.");
  ExpectEditError("conv/bias", [](auto* e) { e->add_slices(); },
                  "Load Error: " + std::string(kIndex) + ": the entry for 'conv/bias' is a "
                  "partitioned variable, which neoc does not read.");
  ExpectEditError("conv/bias", [](auto* e) { e->set_shard_id(3); },
                  "Load Error: " + std::string(kIndex) + " is corrupt: the entry for "
                  "'conv/bias' names data shard 3 of 3.");
  ModelFiles files = LoadTestModel("tf1_conv");
  EXPECT_NEO_ERROR(TensorBundle::Open(files.variables).Read("nope"), ErrorClass::kLoad,
                   "Load Error: " + std::string(kIndex) + " has no entry 'nope'.");

  auto edit_header = [&](const std::function<void(tensorflow::BundleHeaderProto*)>& edit) {
    ModelFiles copy = LoadTestModel("tf1_conv");
    ModelFile& index = VariablesFile(copy, "variables.index");
    TableEntries entries = ReadTable(index.contents, index.name);
    tensorflow::BundleHeaderProto header;
    header.ParseFromString(entries[0].second);
    edit(&header);
    entries[0].second = header.SerializeAsString();
    index.contents = testing::WriteTable(entries);
    return copy;
  };
  const ModelFiles big_endian =
      edit_header([](auto* h) { h->set_endianness(tensorflow::BundleHeaderProto::BIG); });
  EXPECT_NEO_ERROR(TensorBundle::Open(big_endian.variables), ErrorClass::kLoad,
                   "Load Error: " + std::string(kIndex) + " was written on a big-endian "
                   "machine; neoc reads little-endian checkpoints only.");
  const ModelFiles huge = edit_header([](auto* h) { h->set_num_shards(2000000000); });
  EXPECT_NEO_ERROR(TensorBundle::Open(huge.variables), ErrorClass::kLoad,
                   "Load Error: " + std::string(kIndex) + " is not a valid checkpoint index: "
                   "the header announces 2000000000 data shards.");

  ModelFiles no_header = LoadTestModel("tf1_conv");
  ModelFile& index = VariablesFile(no_header, "variables.index");
  TableEntries entries = ReadTable(index.contents, index.name);
  entries.erase(entries.begin());
  index.contents = testing::WriteTable(entries);
  EXPECT_NEO_ERROR(TensorBundle::Open(no_header.variables), ErrorClass::kLoad,
                   "Load Error: " + std::string(kIndex) + " is not a valid checkpoint index: "
                   "it has no header entry.");

  ModelFiles bad_entry = LoadTestModel("tf1_conv");
  ModelFile& index2 = VariablesFile(bad_entry, "variables.index");
  entries = ReadTable(index2.contents, index2.name);
  entries[1].second = "\xff\xff\xff";
  index2.contents = testing::WriteTable(entries);
  EXPECT_NEO_ERROR(TensorBundle::Open(bad_entry.variables), ErrorClass::kLoad,
                   "Load Error: " + std::string(kIndex) + " is not a valid checkpoint index: "
                   "the entry for 'conv/bias' does not parse.");
}

TEST(TensorBundle, CorruptIndexBytesNameTheIndex) {
  ModelFiles files = LoadTestModel("tf1_conv");
  ModelFile& index = VariablesFile(files, "variables.index");
  index.contents[10] ^= 0x40;
  try {
    TensorBundle::Open(files.variables);
    ADD_FAILURE() << "no error";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kLoad);
    EXPECT_EQ(e.Headline().rfind("Load Error: " + std::string(kIndex) +
                                     " is not a valid checkpoint index: the checksum of",
                                 0),
              0u)
        << e.Headline();
  }
  // Every truncation fails cleanly.
  const size_t size = VariablesFile(files, "variables.index").contents.size();
  for (size_t n = 0; n < size; n += 7) {
    ModelFiles cut = LoadTestModel("tf1_conv");
    VariablesFile(cut, "variables.index").contents.resize(n);
    EXPECT_THROW(TensorBundle::Open(cut.variables), NeoError) << n;
  }
}

}  // namespace
}  // namespace neo::tf_frontend
