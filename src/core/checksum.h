// FNV-1a, 32 bits: a fast checksum for telling a changed file from the one a table was made from
// (the .tmxbpe trailer, the notes' facts table). Not a defence against tampering: use Sha256 for that.
#pragma once
#include <cstdint>
#include <string_view>

namespace tmx {

inline uint32_t fnv1a32(std::string_view s) {
  uint32_t h = 0x811c9dc5u;
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 0x01000193u;
  return h;
}

}  // namespace tmx
