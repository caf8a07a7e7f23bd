#pragma once
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord framing (TensorBoard event files).
#include <cstddef>
#include <cstdint>

namespace lnc {

std::uint32_t crc32c(const void* data, std::size_t size);

}  // namespace lnc
