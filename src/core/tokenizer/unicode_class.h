// Code-point classes for the GPT-2 pre-tokenizer: letter (\p{L}), number (\p{N}),
// whitespace (JavaScript's \s, as js-tiktoken runs the pattern in JS) or other.
// The table is generated at build time from Debian's UnicodeData.txt
// (scripts/tokenizer/gen_unicode_tables.py -> ${GEN_DIR}/unicode_tables.cpp).
#pragma once
#include <cstdint>

namespace tmx::tok {

enum class CharClass : uint8_t { Other = 0, Letter = 1, Number = 2, Space = 3 };

struct UnicodeRange {
  uint32_t lo, hi;  // inclusive
  uint8_t cls;      // CharClass
};
extern const UnicodeRange kUnicodeRanges[];  // sorted, disjoint; code points not listed are Other
extern const unsigned kUnicodeRangeCount;

CharClass char_class(uint32_t cp);

}  // namespace tmx::tok
