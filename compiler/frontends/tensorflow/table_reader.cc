#include "compiler/frontends/tensorflow/table_reader.h"

#include <cstdint>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/byte_reader.h"
#include "compiler/frontends/tensorflow/crc32c.h"

namespace neo::tf_frontend {
namespace {

constexpr size_t kFooterSize = 48;
constexpr size_t kHandlesSize = 40;
constexpr size_t kBlockTrailerSize = 5;
constexpr uint64_t kMagic = 0xdb4775248b80fb57ull;
constexpr uint8_t kNoCompression = 0;
constexpr uint8_t kSnappyCompression = 1;

struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;
};

class TableParser {
 public:
  TableParser(std::string_view bytes, const std::string& file_name)
      : bytes_(bytes), file_name_(file_name) {
    // Prefix compression lets a few bytes stand for a long key; the budget stops a
    // crafted index from expanding into gigabytes of repeated prefixes.
    budget_ = bytes.size() * 64 + (1u << 20);
  }

  TableEntries Parse() {
    if (bytes_.size() < kFooterSize) {
      Fail("the file has " + std::to_string(bytes_.size()) +
           " bytes, fewer than a table footer's 48");
    }
    const std::string_view footer = bytes_.substr(bytes_.size() - kFooterSize);
    const uint64_t magic =
        static_cast<uint64_t>(ByteReader::DecodeFixed32(footer.data() + kHandlesSize)) |
        (static_cast<uint64_t>(ByteReader::DecodeFixed32(footer.data() + kHandlesSize + 4))
         << 32);
    if (magic != kMagic) Fail("the footer's magic number is wrong");
    ByteReader handles(footer.substr(0, kHandlesSize));
    BlockHandle metaindex, index;
    if (!ReadHandle(&handles, &metaindex) || !ReadHandle(&handles, &index)) {
      Fail("the footer's block handles are malformed");
    }
    // The meta-index is read only to check it: TensorFlow writes no filter blocks.
    ParseBlock(ReadBlock(metaindex, "meta-index block"), "meta-index block");

    TableEntries entries;
    for (const auto& [separator, handle_bytes] :
         ParseBlock(ReadBlock(index, "index block"), "index block")) {
      ByteReader r(handle_bytes);
      BlockHandle handle;
      if (!ReadHandle(&r, &handle) || r.remaining() != 0) {
        Fail("an index entry is not a block handle");
      }
      for (auto& entry : ParseBlock(ReadBlock(handle, "data block"), "data block")) {
        if (!entries.empty() && entry.first <= entries.back().first) {
          Fail("keys are not in increasing order");
        }
        if (entry.first > separator) Fail("a data block's key exceeds its index key");
        entries.push_back(std::move(entry));
      }
    }
    return entries;
  }

 private:
  [[noreturn]] void Fail(const std::string& why) const {
    throw LoadError(file_name_ + " is not a valid checkpoint index: " + why + ".");
  }

  static bool ReadHandle(ByteReader* r, BlockHandle* h) {
    return r->ReadVarint64(&h->offset) && r->ReadVarint64(&h->size);
  }

  std::string_view ReadBlock(const BlockHandle& h, const char* what) const {
    const uint64_t limit = bytes_.size() - kFooterSize;
    if (h.offset > limit || h.size > limit - h.offset ||
        kBlockTrailerSize > limit - h.offset - h.size) {
      Fail(std::string("the ") + what + " lies outside the file");
    }
    const std::string_view with_type = bytes_.substr(h.offset, h.size + 1);
    const uint8_t type = static_cast<uint8_t>(with_type.back());
    if (type == kSnappyCompression) Fail(std::string("a ") + what + " is Snappy-compressed");
    if (type != kNoCompression) Fail(std::string("a ") + what + " has an unknown compression type");
    const uint32_t stored = ByteReader::DecodeFixed32(bytes_.data() + h.offset + h.size + 1);
    if (UnmaskCrc(stored) != Crc32c(with_type)) {
      Fail(std::string("the checksum of the ") + what + " at byte " + std::to_string(h.offset) +
           " does not match");
    }
    return with_type.substr(0, h.size);
  }

  TableEntries ParseBlock(std::string_view block, const char* what) {
    const std::string where = std::string(" in a ") + what;
    if (block.size() < 4) Fail("a block is shorter than its restart count" + where);
    const uint32_t num_restarts = ByteReader::DecodeFixed32(block.data() + block.size() - 4);
    if (num_restarts == 0 || num_restarts > (block.size() - 4) / 4) {
      Fail("a block's restart count does not fit it" + where);
    }
    const size_t entries_end = block.size() - 4 - 4 * static_cast<size_t>(num_restarts);
    std::set<size_t> restart_offsets;
    ByteReader restarts(block.substr(entries_end, 4 * static_cast<size_t>(num_restarts)));
    for (uint32_t i = 0; i < num_restarts; ++i) {
      uint32_t offset = 0;
      restarts.ReadFixed32(&offset);
      restart_offsets.insert(offset);
    }

    TableEntries entries;
    std::set<size_t> entry_offsets;
    ByteReader r(block.substr(0, entries_end));
    std::string key;
    while (r.remaining() > 0) {
      const size_t entry_offset = r.position();
      entry_offsets.insert(entry_offset);
      uint32_t shared = 0, unshared = 0, value_size = 0;
      std::string_view suffix, value;
      if (!r.ReadVarint32(&shared) || !r.ReadVarint32(&unshared) ||
          !r.ReadVarint32(&value_size) || !r.ReadBytes(unshared, &suffix) ||
          !r.ReadBytes(value_size, &value)) {
        Fail("an entry runs past its block" + where);
      }
      if (shared > key.size()) Fail("an entry shares more of the key than exists" + where);
      if (restart_offsets.count(entry_offset) && shared != 0) {
        Fail("an entry at a restart point shares a prefix" + where);
      }
      const size_t cost = static_cast<size_t>(shared) + unshared + value_size;
      if (cost > budget_) Fail("the keys expand beyond any real index's size");
      budget_ -= cost;
      key.resize(shared);
      key.append(suffix);
      entries.emplace_back(key, std::string(value));
    }
    for (size_t offset : restart_offsets) {
      if (!entry_offsets.count(offset) && !(offset == 0 && entries_end == 0)) {
        Fail("a restart point is not the start of an entry" + where);
      }
    }
    return entries;
  }

  std::string_view bytes_;
  const std::string& file_name_;
  size_t budget_;
};

}  // namespace

TableEntries ReadTable(std::string_view bytes, const std::string& file_name) {
  return TableParser(bytes, file_name).Parse();
}

}  // namespace neo::tf_frontend
