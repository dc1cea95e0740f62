// Lookup in the generated range table: an ASCII/Latin-1 fast path, then binary search.
#include "core/tokenizer/unicode_class.h"

#include <array>

namespace tmx::tok {

static CharClass search(uint32_t cp) {
  unsigned lo = 0, hi = kUnicodeRangeCount;  // find the first range with hi >= cp
  while (lo < hi) {
    const unsigned mid = (lo + hi) / 2;
    if (kUnicodeRanges[mid].hi < cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo < kUnicodeRangeCount && kUnicodeRanges[lo].lo <= cp) return CharClass(kUnicodeRanges[lo].cls);
  return CharClass::Other;
}

CharClass char_class(uint32_t cp) {
  static const std::array<CharClass, 256> latin1 = [] {
    std::array<CharClass, 256> t{};
    for (uint32_t c = 0; c < 256; ++c) t[c] = search(c);
    return t;
  }();
  return cp < 256 ? latin1[cp] : search(cp);
}

}  // namespace tmx::tok
