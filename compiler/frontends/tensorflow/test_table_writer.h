// Writes tables in TensorFlow's checkpoint-index format for tests, so that a test can
// build an index whose entries lie (offsets past the end, huge sizes) yet whose blocks
// are well formed. Independent of the Python writer that makes the test SavedModels.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_TEST_TABLE_WRITER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_TEST_TABLE_WRITER_H_

#include <string>

#include "compiler/frontends/tensorflow/table_reader.h"

namespace neo::tf_frontend::testing {

// `entries` sorted by key; a new data block starts once one reaches `block_size` bytes;
// every `restart_interval`-th entry is a restart point.
std::string WriteTable(const TableEntries& entries, size_t block_size = 4096,
                       int restart_interval = 16);

std::string Varint(uint64_t v);
std::string Fixed32(uint32_t v);

}  // namespace neo::tf_frontend::testing

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_TEST_TABLE_WRITER_H_
