// Reads a TensorFlow checkpoint (a "tensor bundle"): <prefix>.index, a table from tensor
// name to BundleEntryProto, and the data shards <prefix>.data-0000k-of-0000n holding the
// bytes. In a SavedModel the prefix is variables/variables.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_BUNDLE_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_BUNDLE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontends/tensorflow/proto/tensor.pb.h"
#include "compiler/frontends/tensorflow/proto/tensor_bundle.pb.h"
#include "compiler/load/model_files.h"

namespace neo::tf_frontend {

// The key under which a TF2 checkpoint stores its serialized TrackableObjectGraph.
inline constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";

class TensorBundle {
 public:
  // Finds variables.index among `files` (or the one *.index when it is named otherwise),
  // reads the index and locates every data shard its header announces. The bundle keeps
  // views of the files' contents: `files` must outlive it.
  //
  // Throws NeoError:
  //  - Load Error: InputConfiguration when the index or a data shard is missing;
  //  - Load Error for a corrupt index (see ReadTable), a missing or unparsable header,
  //    a big-endian bundle or an unparsable entry.
  static TensorBundle Open(const std::vector<ModelFile>& files);

  // The index file's member name, for messages.
  const std::string& index_name() const { return index_name_; }
  bool Contains(const std::string& key) const { return entries_.count(key) != 0; }
  // Every tensor key, sorted (the header's "" excluded).
  std::vector<std::string> Keys() const;
  // The dtype the index records for `key` (DT_INVALID when absent), known without reading
  // the data: callers check it before Read decodes a tensor of the wrong kind.
  tensorflow::DataType dtype(const std::string& key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? tensorflow::DT_INVALID : it->second.dtype();
  }

  // The tensor under `key`: dtype and shape from the index; numbers in tensor_content
  // (little-endian, as TensorFlow stores them), strings in string_val. Supports every
  // fixed-size type (float, double, int8/16/32/64, uint8/16/32/64, bool, half, bfloat16,
  // complex) and DT_STRING. Throws "Load Error" for an absent key, an unsupported dtype or
  // a partitioned tensor, an invalid shape, a shard id outside the header's count, bytes
  // outside their shard, a size that does not match the shape, a malformed string
  // encoding, or a checksum mismatch. Sizes are checked against the files before any
  // allocation.
  tensorflow::TensorProto Read(const std::string& key) const;

 private:
  struct Shard {
    std::string name;
    std::string_view bytes;
  };

  std::string index_name_;
  std::map<std::string, tensorflow::BundleEntryProto> entries_;
  std::vector<Shard> shards_;
};

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_BUNDLE_H_
