// Before libtorch loads a TorchScript archive: every tensor its pickles build must lie
// inside the bytes the archive stores for it.
//
// libtorch sizes each storage by the element count its pickle claims, whatever the record
// holding its bytes contains, and takes every tensor's sizes, strides and storage offset
// as written. In a corrupt file the first read of such a weight runs off its buffer (a
// crash, or gigabytes allocated for a view of 32 bytes), so the pickles are read first,
// by libtorch's own unpickler, with nothing compiled and no record read.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_STORAGE_CHECK_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_STORAGE_CHECK_H_

#include <string>

namespace neo::pytorch_frontend {

// Throws Load Error "<file_name> is corrupt: tensor 'conv.weight' needs 4000000000 bytes of
// storage but its storage holds 32." for a tensor of data.pkl (named by its attribute path)
// or of constants.pkl (CONSTANTS.c0, as the code calls it) reaching past its storage, or a
// storage claiming more bytes than its record holds. `bytes` passed CheckIsTorchScript.
// libtorch's own errors (a pickle it cannot read) propagate as they are.
void CheckTensorStorage(const std::string& bytes, const std::string& file_name);

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_STORAGE_CHECK_H_
