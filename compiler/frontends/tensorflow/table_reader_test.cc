// The checkpoint index's table format: crc32c, round trips through a table written here,
// and every kind of corruption the reader must reject without crashing or allocating
// from a size it read.
#include "compiler/frontends/tensorflow/table_reader.h"

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/crc32c.h"
#include "compiler/frontends/tensorflow/test_table_writer.h"
#include "compiler/load/test_matchers.h"

namespace neo::tf_frontend {
namespace {

using testing::Fixed32;
using testing::Varint;
using testing::WriteTable;

TEST(Crc32c, KnownValues) {
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8a9136aau);
  EXPECT_EQ(Crc32cExtend(Crc32c("1234"), "56789"), 0xe3069283u);
}

TEST(Crc32c, MaskRoundTripsAndDiffers) {
  for (uint32_t c : {0u, 1u, 0xe3069283u, 0xffffffffu}) {
    EXPECT_EQ(UnmaskCrc(MaskCrc(c)), c);
    EXPECT_NE(MaskCrc(c), c);
  }
}

TableEntries ManyEntries(int n) {
  TableEntries entries;
  for (int i = 0; i < n; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "layer_%04d/kernel", i);
    entries.emplace_back(key, "value" + std::to_string(i));
  }
  return entries;
}

TEST(ReadTable, RoundTripsSmallAndMultiBlockTables) {
  for (size_t block_size : {16u, 100u, 4096u}) {
    for (int restart : {1, 3, 16}) {
      const TableEntries entries = ManyEntries(50);
      EXPECT_EQ(ReadTable(WriteTable(entries, block_size, restart), "t.index"), entries)
          << block_size << " " << restart;
    }
  }
  EXPECT_TRUE(ReadTable(WriteTable({}), "t.index").empty());
  const TableEntries with_header = {{"", "header"}, {"a", ""}, {"ab", std::string(300, 'v')}};
  EXPECT_EQ(ReadTable(WriteTable(with_header, 10), "t.index"), with_header);
}

void ExpectCorrupt(const std::string& bytes, const std::string& why) {
  EXPECT_NEO_ERROR(ReadTable(bytes, "m/variables/variables.index"), ErrorClass::kLoad,
                   "Load Error: m/variables/variables.index is not a valid checkpoint index: " +
                       why + ".");
}

TEST(ReadTable, RejectsShortFilesAndBadFooters) {
  const std::string good = WriteTable(ManyEntries(20), 64);
  ExpectCorrupt("", "the file has 0 bytes, fewer than a table footer's 48");
  ExpectCorrupt(good.substr(0, 47), "the file has 47 bytes, fewer than a table footer's 48");
  // Truncation loses the footer: its place holds other bytes.
  ExpectCorrupt(good.substr(0, good.size() - 1), "the footer's magic number is wrong");
  std::string bad_magic = good;
  bad_magic[bad_magic.size() - 1] ^= 1;
  ExpectCorrupt(bad_magic, "the footer's magic number is wrong");
  // A footer whose handles are eleven-byte varints.
  std::string bad_handles = good;
  for (size_t i = good.size() - 48; i < good.size() - 8; ++i) bad_handles[i] = '\xff';
  ExpectCorrupt(bad_handles, "the footer's block handles are malformed");
}

// A table whose footer points at a block with the given handle (and a valid empty
// meta-index) in front of `prefix` bytes.
std::string TableWithIndexHandle(uint64_t offset, uint64_t size) {
  std::string file = std::string(8, '\0');  // an empty block, unchecksummed, never read
  const std::string empty_block = Fixed32(0) + Fixed32(1);
  const std::string meta = Varint(file.size()) + Varint(empty_block.size());
  file += empty_block + '\0' + Fixed32(MaskCrc(Crc32c(empty_block + '\0')));
  std::string footer = meta + Varint(offset) + Varint(size);
  footer.resize(40, '\0');
  return file + footer + Fixed32(0x8b80fb57u) + Fixed32(0xdb477524u);
}

TEST(ReadTable, RejectsHandlesOutsideTheFile) {
  ExpectCorrupt(TableWithIndexHandle(0, 1u << 30), "the index block lies outside the file");
  ExpectCorrupt(TableWithIndexHandle(~0ull - 3, 8), "the index block lies outside the file");
  ExpectCorrupt(TableWithIndexHandle(1000, 0), "the index block lies outside the file");
  ExpectCorrupt(TableWithIndexHandle(0, ~0ull), "the index block lies outside the file");
}

TEST(ReadTable, RejectsChecksumAndCompressionErrors) {
  const std::string good = WriteTable(ManyEntries(20), 64);
  std::string flipped = good;
  flipped[5] ^= 0x20;  // inside the first data block
  ExpectCorrupt(flipped, "the checksum of the data block at byte 0 does not match");

  // Rebuild the first block as "Snappy" with a matching checksum: refused by type.
  const TableEntries one = {{"k", "v"}};
  std::string snappy = WriteTable(one);
  const size_t block_size = 3 + 1 + 1 + 8;  // varints, key, value, restarts
  snappy[block_size] = 1;
  const std::string crc = Fixed32(MaskCrc(Crc32c(snappy.substr(0, block_size + 1))));
  snappy.replace(block_size + 1, 4, crc);
  ExpectCorrupt(snappy, "a data block is Snappy-compressed");
  snappy[block_size] = 7;
  snappy.replace(block_size + 1, 4, Fixed32(MaskCrc(Crc32c(snappy.substr(0, block_size + 1)))));
  ExpectCorrupt(snappy, "a data block has an unknown compression type");
}

// A one-block table holding `block` as its only data block, checksummed correctly.
std::string TableWithDataBlock(const std::string& block, const std::string& last_key = "zz") {
  std::string file = block + '\0' + Fixed32(MaskCrc(Crc32c(block + '\0')));
  const std::string data_handle = Varint(0) + Varint(block.size());
  auto emit = [&](const std::string& b) {
    const std::string h = Varint(file.size()) + Varint(b.size());
    file += b + '\0' + Fixed32(MaskCrc(Crc32c(b + '\0')));
    return h;
  };
  std::string footer = emit(Fixed32(0) + Fixed32(1));
  footer += emit(Varint(0) + Varint(last_key.size()) + Varint(data_handle.size()) + last_key +
                 data_handle + Fixed32(0) + Fixed32(1));
  footer.resize(40, '\0');
  return file + footer + Fixed32(0x8b80fb57u) + Fixed32(0xdb477524u);
}

std::string Entry(uint32_t shared, const std::string& suffix, const std::string& value) {
  return Varint(shared) + Varint(suffix.size()) + Varint(value.size()) + suffix + value;
}

TEST(ReadTable, RejectsMalformedBlocks) {
  const std::string where = " in a data block";
  ExpectCorrupt(TableWithDataBlock("ab"), "a block is shorter than its restart count" + where);
  ExpectCorrupt(TableWithDataBlock(Entry(0, "a", "1") + Fixed32(0) + Fixed32(0)),
                "a block's restart count does not fit it" + where);
  ExpectCorrupt(TableWithDataBlock(Entry(0, "a", "1") + Fixed32(0) + Fixed32(0x40000000)),
                "a block's restart count does not fit it" + where);
  // A value size far beyond the block.
  ExpectCorrupt(TableWithDataBlock(Varint(0) + Varint(1) + Varint(1u << 31) + "a" +
                                   Fixed32(0) + Fixed32(1)),
                "an entry runs past its block" + where);
  ExpectCorrupt(TableWithDataBlock(Entry(3, "a", "1") + Fixed32(0) + Fixed32(1)),
                "an entry shares more of the key than exists" + where);
  const std::string two = Entry(0, "ab", "1") + Entry(1, "c", "2");
  ExpectCorrupt(TableWithDataBlock(two + Fixed32(0) + Fixed32(6) + Fixed32(2)),
                "an entry at a restart point shares a prefix" + where);
  ExpectCorrupt(TableWithDataBlock(two + Fixed32(0) + Fixed32(3) + Fixed32(2)),
                "a restart point is not the start of an entry" + where);
  ExpectCorrupt(TableWithDataBlock(Entry(0, "b", "1") + Entry(0, "a", "2") + Fixed32(0) +
                                   Fixed32(1)),
                "keys are not in increasing order");
  ExpectCorrupt(TableWithDataBlock(Entry(0, "b", "1") + Fixed32(0) + Fixed32(1), "a"),
                "a data block's key exceeds its index key");
  EXPECT_EQ(ReadTable(TableWithDataBlock(two + Fixed32(0) + Fixed32(1)), "t").size(), 2u);
}

TEST(ReadTable, RefusesPrefixExpansionBombs) {
  // Each 4-byte entry repeats a 60000-byte prefix: a few hundred KB would become GBs.
  std::string block = Entry(0, std::string(60000, 'k'), "");
  for (int i = 0; i < 60000; ++i) block += Entry(59999 + (i > 0 ? 1 : 0), std::string(1, 'a' + i % 2), "");
  block += Fixed32(0) + Fixed32(1);
  ExpectCorrupt(TableWithDataBlock(block, std::string(60002, 'z')),
                "the keys expand beyond any real index's size");
}

}  // namespace
}  // namespace neo::tf_frontend
