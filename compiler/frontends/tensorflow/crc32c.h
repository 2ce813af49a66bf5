// CRC-32C (Castagnoli), the checksum of TensorFlow's checkpoint index blocks and tensor
// data, and TensorFlow's masking of stored checksums.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_CRC32C_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_CRC32C_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace neo::tf_frontend {

// The CRC-32C of `data` appended to a stream whose CRC so far is `crc` (0 to start).
// Crc32c("123456789") == 0xe3069283.
uint32_t Crc32cExtend(uint32_t crc, std::string_view data);
inline uint32_t Crc32c(std::string_view data) { return Crc32cExtend(0, data); }

// Stored checksums are masked, so that a CRC computed over bytes that themselves contain
// CRCs stays a good checksum. Unmask(Mask(c)) == c.
uint32_t MaskCrc(uint32_t crc);
uint32_t UnmaskCrc(uint32_t masked);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_CRC32C_H_
