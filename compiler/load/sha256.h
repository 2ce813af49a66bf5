// SHA-256 (FIPS 180-4), for the digest of the model file that generated headers name, so
// a reader can tell which file a library was compiled from.
#ifndef NEO_COMPILER_LOAD_SHA256_H_
#define NEO_COMPILER_LOAD_SHA256_H_

#include <string>

namespace neo {

// The digest of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(const std::string& bytes);

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_SHA256_H_
