// What kind of file a .pth is, from its bytes alone (no libtorch): TorchScript archives
// are what the frontend compiles; the other things people save as .pth get a Load Error
// that says how to save TorchScript instead.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_PTH_FILE_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_PTH_FILE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace neo::pytorch_frontend {

enum class PthKind {
  kTorchScript,   // torch.jit.save: a zip with code/ and constants.pkl
  kStateDict,     // torch.save of tensors (a state_dict), zip or legacy format
  kEagerModule,   // torch.save of an nn.Module: a pickle naming its Python classes
  kNotPyTorch,    // neither a zip archive nor a pickle
};

// Member names of a zip archive, or empty when `bytes` is not one (zip64 included).
std::vector<std::string> ZipMemberNames(const std::string& bytes);

PthKind ClassifyPth(const std::string& bytes);

// The size of each record of a TorchScript archive, by its name inside the archive's
// folder in lower case ("data/0", "constants.pkl"), as libtorch looks records up.
std::map<std::string, uint64_t> TorchRecordSizes(const std::string& bytes);

// Throws Load Error unless `bytes` is a TorchScript archive; the message names
// `file_name`, says what the file is and how to write a TorchScript model. A zip archive
// whose directory claims more bytes than the file holds, or names a member twice, is
// corrupt (libtorch would allocate whatever the directory claims).
void CheckIsTorchScript(const std::string& bytes, const std::string& file_name);

// The advice every such Load Error ends with.
extern const char kSaveTorchScriptAdvice[];

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_PTH_FILE_H_
