// UTF-8, the one implementation every layer uses (tokenizers, the notes parser, the router,
// stage text, widgets). Strict decoding (RFC 3629): rejects overlong forms, surrogates, code
// points above U+10FFFF and truncated sequences. An invalid byte is reported as a 1-byte invalid
// unit so callers can keep it as a raw byte and round-trip it exactly.
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

// Valid UTF-8: every invalid byte (and every NUL) becomes U+FFFD; valid text is unchanged.
std::string utf8_sanitize(std::string_view s);
// For showing untrusted text (URL values, directive parameters) in the UI: valid UTF-8 as above,
// control characters as spaces, at most max_bytes bytes (cut at a character, then "…").
std::string utf8_printable(std::string_view s, size_t max_bytes = 120);
// A token as a tokenizer sees it, for display: spaces as a middle dot, newlines as a return arrow,
// tabs as an arrow, the empty token as an empty-set sign (the bytes are passed through unchanged:
// sanitize first).
std::string visible_token(std::string_view t);
// Character boundaries: the largest boundary <= i, and the smallest >= i (both clamped to
// s.size()). A boundary is any position not inside a continuation byte.
size_t utf8_floor(std::string_view s, size_t i);
// Characters: valid code points, each invalid byte counting as one.
size_t utf8_count(std::string_view s);
size_t utf8_ceil(std::string_view s, size_t i);

}  // namespace tmx::tok
