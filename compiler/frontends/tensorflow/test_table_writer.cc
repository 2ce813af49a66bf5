#include "compiler/frontends/tensorflow/test_table_writer.h"

#include "compiler/frontends/tensorflow/crc32c.h"

namespace neo::tf_frontend::testing {
namespace {

std::string Block(const TableEntries& entries, int restart_interval) {
  std::string out;
  std::string restarts;
  std::string previous;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& [key, value] = entries[i];
    size_t shared = 0;
    if (i % restart_interval == 0) {
      restarts += Fixed32(static_cast<uint32_t>(out.size()));
    } else {
      while (shared < key.size() && shared < previous.size() && key[shared] == previous[shared]) {
        ++shared;
      }
    }
    out += Varint(shared) + Varint(key.size() - shared) + Varint(value.size());
    out += key.substr(shared) + value;
    previous = key;
  }
  if (restarts.empty()) restarts = Fixed32(0);
  return out + restarts + Fixed32(static_cast<uint32_t>(restarts.size() / 4));
}

}  // namespace

std::string Varint(uint64_t v) {
  std::string out;
  do {
    const uint8_t low = v & 0x7f;
    v >>= 7;
    out += static_cast<char>(v ? (low | 0x80) : low);
  } while (v);
  return out;
}

std::string Fixed32(uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

std::string WriteTable(const TableEntries& entries, size_t block_size, int restart_interval) {
  std::string file;
  auto emit = [&](const std::string& block) {
    const std::string handle = Varint(file.size()) + Varint(block.size());
    file += block;
    file += '\0';
    file += Fixed32(MaskCrc(Crc32c(block + std::string(1, '\0'))));
    return handle;
  };
  TableEntries index, current;
  size_t size = 0;
  for (const auto& entry : entries) {
    current.push_back(entry);
    size += entry.first.size() + entry.second.size() + 3;
    if (size >= block_size) {
      index.emplace_back(current.back().first, emit(Block(current, restart_interval)));
      current.clear();
      size = 0;
    }
  }
  if (!current.empty()) index.emplace_back(current.back().first, emit(Block(current, restart_interval)));
  std::string footer = emit(Block({}, restart_interval));
  footer += emit(Block(index, 1));
  footer.resize(40, '\0');
  footer += Fixed32(0x8b80fb57u) + Fixed32(0xdb477524u);
  return file + footer;
}

}  // namespace neo::tf_frontend::testing
