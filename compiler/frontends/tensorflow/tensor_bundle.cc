#include "compiler/frontends/tensorflow/tensor_bundle.h"

#include <cstdio>
#include <limits>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/byte_reader.h"
#include "compiler/frontends/tensorflow/crc32c.h"
#include "compiler/frontends/tensorflow/table_reader.h"

namespace neo::tf_frontend {
namespace {

using tensorflow::DataType;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string FileList(const std::vector<ModelFile>& files) {
  if (files.empty()) return "found none";
  std::string list;
  for (const ModelFile& f : files) list += (list.empty() ? "" : ", ") + PythonQuote(f.name);
  return "found: " + list;
}

const ModelFile& FindIndex(const std::vector<ModelFile>& files) {
  const ModelFile* any_index = nullptr;
  int index_count = 0;
  for (const ModelFile& f : files) {
    if (EndsWith(f.name, "/variables.index") || f.name == "variables.index") return f;
    if (EndsWith(f.name, ".index")) {
      any_index = &f;
      ++index_count;
    }
  }
  if (index_count == 1) return *any_index;
  throw NeoError(ErrorClass::kLoadInputConfiguration,
                 "The saved model's variables folder has no variables.index.",
                 {FileList(files)});
}

// Bytes per element, or 0 for types a bundle stores otherwise (or neoc cannot read).
size_t ElementSize(DataType t) {
  switch (t) {
    case tensorflow::DT_INT8:
    case tensorflow::DT_UINT8:
    case tensorflow::DT_BOOL:
      return 1;
    case tensorflow::DT_INT16:
    case tensorflow::DT_UINT16:
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16:
      return 2;
    case tensorflow::DT_FLOAT:
    case tensorflow::DT_INT32:
    case tensorflow::DT_UINT32:
      return 4;
    case tensorflow::DT_DOUBLE:
    case tensorflow::DT_INT64:
    case tensorflow::DT_UINT64:
    case tensorflow::DT_COMPLEX64:
      return 8;
    case tensorflow::DT_COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

std::string Hex(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

TensorBundle TensorBundle::Open(const std::vector<ModelFile>& files) {
  const ModelFile& index = FindIndex(files);
  TensorBundle bundle;
  bundle.index_name_ = index.name;
  auto corrupt = [&](const std::string& why) {
    return LoadError(index.name + " is not a valid checkpoint index: " + why + ".");
  };

  TableEntries table = ReadTable(index.contents, index.name);
  if (table.empty() || !table.front().first.empty()) throw corrupt("it has no header entry");
  tensorflow::BundleHeaderProto header;
  if (!header.ParseFromString(table.front().second)) throw corrupt("the header does not parse");
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE) {
    throw LoadError(index.name + " was written on a big-endian machine; neoc reads "
                    "little-endian checkpoints only.");
  }
  // Shard names have five digits, so TensorFlow never writes more than 99999 shards.
  if (header.num_shards() < 1 || header.num_shards() > 99999) {
    throw corrupt("the header announces " + std::to_string(header.num_shards()) + " data shards");
  }

  const std::string prefix = index.name.substr(0, index.name.size() - std::string(".index").size());
  for (int i = 0; i < header.num_shards(); ++i) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".data-%05d-of-%05d", i, header.num_shards());
    const std::string name = prefix + suffix;
    const ModelFile* found = nullptr;
    for (const ModelFile& f : files) {
      if (f.name == name) found = &f;
    }
    if (found == nullptr) {
      throw NeoError(ErrorClass::kLoadInputConfiguration,
                     "The saved model's variables folder has no " + name + ", a data shard " +
                         index.name + " refers to.",
                     {FileList(files)});
    }
    bundle.shards_.push_back({name, found->contents});
  }

  for (size_t i = 1; i < table.size(); ++i) {
    tensorflow::BundleEntryProto entry;
    if (!entry.ParseFromString(table[i].second)) {
      throw corrupt("the entry for " + PythonQuote(table[i].first) + " does not parse");
    }
    bundle.entries_.emplace(std::move(table[i].first), std::move(entry));
  }
  return bundle;
}

std::vector<std::string> TensorBundle::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, entry] : entries_) keys.push_back(key);
  return keys;
}

tensorflow::TensorProto TensorBundle::Read(const std::string& key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    throw LoadError(index_name_ + " has no entry " + PythonQuote(key) + ".");
  }
  const tensorflow::BundleEntryProto& entry = it->second;
  const std::string what = "the entry for " + PythonQuote(key);
  auto bad = [&](const std::string& file, const std::string& why) {
    return LoadError(file + " is corrupt: " + what + " " + why + ".");
  };

  if (!entry.slices().empty()) {
    throw LoadError(index_name_ + ": " + what + " is a partitioned variable, which neoc "
                    "does not read.");
  }
  const DataType dtype = entry.dtype();
  const size_t element_size = ElementSize(dtype);
  if (element_size == 0 && dtype != tensorflow::DT_STRING) {
    throw LoadError(index_name_ + ": " + what + " has type " +
                    tensorflow::DataType_Name(dtype) + ", which neoc does not read.");
  }

  // Element count with overflow checks; sizes below are compared with it before use.
  uint64_t elements = 1;
  if (entry.shape().unknown_rank()) throw bad(index_name_, "has no shape");
  for (const auto& dim : entry.shape().dim()) {
    if (dim.size() < 0) throw bad(index_name_, "has a negative dimension");
    const uint64_t d = static_cast<uint64_t>(dim.size());
    if (d != 0 && elements > std::numeric_limits<uint64_t>::max() / d) {
      throw bad(index_name_, "has a shape too large to exist");
    }
    elements *= d;
  }

  if (entry.shard_id() < 0 || static_cast<size_t>(entry.shard_id()) >= shards_.size()) {
    throw bad(index_name_, "names data shard " + std::to_string(entry.shard_id()) + " of " +
                               std::to_string(shards_.size()));
  }
  const Shard& shard = shards_[entry.shard_id()];
  if (entry.offset() < 0 || entry.size() < 0 ||
      static_cast<uint64_t>(entry.offset()) > shard.bytes.size() ||
      static_cast<uint64_t>(entry.size()) > shard.bytes.size() - entry.offset()) {
    throw LoadError(shard.name + " is too short: " + what + " needs bytes [" +
                    std::to_string(entry.offset()) + ", " +
                    std::to_string(static_cast<uint64_t>(entry.offset()) +
                                   static_cast<uint64_t>(entry.size())) +
                    ") of a " + std::to_string(shard.bytes.size()) + "-byte file.");
  }
  const std::string_view data = shard.bytes.substr(entry.offset(), entry.size());
  const uint32_t stored_crc = UnmaskCrc(entry.crc32c());

  tensorflow::TensorProto tensor;
  tensor.set_dtype(dtype);
  *tensor.mutable_tensor_shape() = entry.shape();

  if (dtype != tensorflow::DT_STRING) {
    if (elements > data.size() / element_size || elements * element_size != data.size()) {
      throw bad(shard.name, "holds " + std::to_string(data.size()) + " bytes, not the " +
                                std::to_string(elements) + " elements of its shape");
    }
    const uint32_t crc = Crc32c(data);
    if (crc != stored_crc) {
      throw bad(shard.name, "fails its checksum (stored " + Hex(stored_crc) + ", computed " +
                                Hex(crc) + ")");
    }
    tensor.set_tensor_content(std::string(data));
    return tensor;
  }

  // Strings: a varint64 length per element, a masked crc32c of the lengths (each taken as
  // a little-endian uint32, or uint64 when it does not fit), then the bytes. The entry's
  // crc covers the lengths (as checksummed), the 4 stored checksum bytes and the bytes.
  // Every element takes at least its length byte, which bounds the count by the size.
  if (elements == 0 && data.empty()) return tensor;  // TensorFlow may write nothing at all
  if (elements > data.size()) throw bad(shard.name, "is shorter than its string lengths");
  ByteReader r(data);
  std::vector<uint64_t> lengths(elements);
  uint32_t crc = 0;
  uint64_t total = 0;
  for (uint64_t& length : lengths) {
    if (!r.ReadVarint64(&length)) throw bad(shard.name, "has a malformed string length");
    char le[8];
    const size_t width = length <= UINT32_MAX ? 4 : 8;
    for (size_t b = 0; b < width; ++b) le[b] = static_cast<char>((length >> (8 * b)) & 0xff);
    crc = Crc32cExtend(crc, std::string_view(le, width));
    if (length > data.size() - total) throw bad(shard.name, "has strings longer than its bytes");
    total += length;
  }
  uint32_t stored_length_crc = 0;
  std::string_view raw_length_crc;
  if (!r.ReadBytes(4, &raw_length_crc)) throw bad(shard.name, "has no checksum of its lengths");
  stored_length_crc = ByteReader::DecodeFixed32(raw_length_crc.data());
  if (UnmaskCrc(stored_length_crc) != crc) {
    throw bad(shard.name, "fails the checksum of its string lengths");
  }
  crc = Crc32cExtend(crc, raw_length_crc);
  if (total != r.remaining()) {
    throw bad(shard.name, "holds " + std::to_string(r.remaining()) + " string bytes, not " +
                              std::to_string(total));
  }
  for (uint64_t length : lengths) {
    std::string_view s;
    r.ReadBytes(length, &s);
    crc = Crc32cExtend(crc, s);
    tensor.add_string_val(std::string(s));
  }
  if (crc != stored_crc) {
    throw bad(shard.name, "fails its checksum (stored " + Hex(stored_crc) + ", computed " +
                              Hex(crc) + ")");
  }
  return tensor;
}

}  // namespace neo::tf_frontend
