// Strict UTF-8 decoding (RFC 3629): rejects overlong forms, surrogates, code points above
// U+10FFFF and truncated sequences. An invalid byte is reported as a 1-byte invalid unit so
// callers can keep it as a raw byte and round-trip it exactly.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace tmx::tok {

struct Utf8Unit {
  uint32_t cp;  // the code point, or the raw byte value when !valid
  int len;      // bytes consumed (1 for an invalid byte)
  bool valid;
};

// Decodes the unit starting at s[i] (i < s.size()).
Utf8Unit utf8_next(std::string_view s, size_t i);

bool utf8_valid(std::string_view s);
void utf8_append(std::string& out, uint32_t cp);  // cp must be a valid scalar value

}  // namespace tmx::tok
