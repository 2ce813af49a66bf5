// MXNet's `.params` file: the NDArray list that `mx.nd.save`, `Module.save_checkpoint`
// and Gluon's `save_parameters` write.
//
//   uint64 0x112 (list magic), uint64 0 (reserved)
//   uint64 count, then count NDArrays
//   uint64 count, then count names (uint64 length + bytes), 0 names or one per array
//
// Each NDArray in any layout MXNet has written (src/ndarray/ndarray.cc, NDArray::Save and
// Load/LegacyLoad):
//   V3 (0xF993faca) and V2 (0xF993fac9): uint32 magic, int32 storage type (0 = dense, and
//       -1, which MXNet 0.9-1.4 wrote for a none array; sparse ones are refused), shape
//       (int32 ndim + int64 dims), context (int32 dev_type, int32 dev_id), int32 type flag,
//       the raw little-endian elements.
//   V1 (0xF993fac8): as V2 without the storage type.
//   legacy (no magic): the first uint32 is ndim, then uint32 dims, context, type flag,
//       elements.
// A shape with ndim 0 is an empty (none) array with nothing after it, except in V3 (MXNet
// 2's numpy semantics), where ndim 0 is a scalar (read as shape {} with one element) and
// the none array is ndim -1 or a dimension of -1. A none array holds no value: it is left
// out of MxParams::arrays (its name still may not repeat).
//
// Names keep MXNet's "arg:"/"aux:" prefixes out: "arg:conv0_weight" and Gluon's
// "conv0_weight" both become "conv0_weight".
#ifndef NEO_COMPILER_FRONTENDS_MXNET_NDARRAY_LIST_H_
#define NEO_COMPILER_FRONTENDS_MXNET_NDARRAY_LIST_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/dtype.h"

namespace neo::mx_frontend {

struct MxArray {
  // float32 for MXNet's float32, float16 and float64 (converted); int64, int32, int8,
  // uint8 and bool kept as they are.
  ir::DType dtype = ir::DType::kFloat32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;  // row-major, dtype's element size each
};

struct MxParams {
  std::map<std::string, MxArray> arrays;  // by name, prefixes removed
};

// Reads a .params file. Every count, dimension and byte size is checked against the bytes
// left before anything is allocated (an array and its name take at least 13 bytes, which
// bounds the array count), and a none array costs only its name. A truncated file, an
// unknown magic or type flag, a sparse array, a dimension product that overflows,
// duplicate names or a name count that is neither 0 nor the array count is "Malformed
// input error: ..." naming `file_name` (and the array). A list without names (mx.nd.save
// of a list) is an error too: the graph's variables are matched by name. The names come after every array, so an error
// that stops the read inside an array (a truncation, a bad size) names it by index only,
// "model-0000.params: array 3: 4096 bytes of data expected, 100 left"; the others also
// name it, "model-0000.params: array 3 (arg:emb): row_sparse storage is not supported; ...".
// Type flags int16, uint16, uint32, uint64 and bfloat16 are refused, as is a float64
// value beyond float32's range.
MxParams ReadMxParams(const std::string& bytes, const std::string& file_name);

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_NDARRAY_LIST_H_
