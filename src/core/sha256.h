// SHA-256 (FIPS 180-4), incremental, so a large file can be hashed a slice per frame:
//
//   Sha256 h; h.update(bytes, n); ...; std::string hex = h.hex();   // 64 lowercase hex digits
//   sha256_hex(text)                                                  // one call
//
// Used to check that a downloaded model file is the one the build was made with.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tmx {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t n);
  std::array<uint8_t, 32> digest();  // finishes; the object must not be updated afterwards
  std::string hex();                 // digest() as lowercase hex

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t fill_ = 0;
  uint64_t bytes_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace tmx
