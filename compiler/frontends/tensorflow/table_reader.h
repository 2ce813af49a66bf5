// Reads TensorFlow's sorted key/value table (the LevelDB table format without filter
// blocks), the format of a checkpoint's variables.index.
//
// Layout, for reference: data blocks, a meta-index block, an index block, then a 48-byte
// footer (the two blocks' handles as varints, zero-padded to 40 bytes, and the magic
// number 0xdb4775248b80fb57 little-endian). Each block is followed by a compression byte
// and a masked crc32c of the block and that byte. A block holds prefix-compressed entries
// (varint shared, varint unshared, varint value size, key suffix, value), then the
// restart offsets (fixed32 each) and their count (fixed32). The index block's values are
// the data blocks' handles.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_TABLE_READER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_TABLE_READER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neo::tf_frontend {

using TableEntries = std::vector<std::pair<std::string, std::string>>;

// Every entry of the table in `bytes`, in key order (keys strictly increasing). Checks
// every block's checksum and bounds; anything inconsistent, a compressed block (TensorFlow
// never compresses checkpoint indexes) or a table that would expand beyond 64 times its
// size plus 1 MiB is "Load Error: <file_name> is not a valid checkpoint index: <why>."
TableEntries ReadTable(std::string_view bytes, const std::string& file_name);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_TABLE_READER_H_
