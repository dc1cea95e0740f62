// [SECTION] Units: one decoded code point (or invalid byte) with its class
// [SECTION] The pattern, alternative by alternative
#include "core/tokenizer/pretokenize.h"

#include "core/tokenizer/unicode_class.h"
#include "core/tokenizer/utf8.h"

namespace tmx::tok {

//-----------------------------------------------------------------------------
// [SECTION] Units: one decoded code point (or invalid byte) with its class
//-----------------------------------------------------------------------------
struct Unit {
  CharClass cls;
  int len;
  uint32_t cp;
};

static Unit unit_at(std::string_view s, size_t i) {
  const uint8_t c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) return {char_class(c), 1, c};  // ASCII fast path
  const Utf8Unit u = utf8_next(s, i);
  return {u.valid ? char_class(u.cp) : CharClass::Other, u.len, u.valid ? u.cp : 0xFFFD};
}

// End of the run of units of class `cls` starting at i.
static size_t run_end(std::string_view s, size_t i, CharClass cls) {
  while (i < s.size()) {
    const Unit u = unit_at(s, i);
    if (u.cls != cls) break;
    i += u.len;
  }
  return i;
}

//-----------------------------------------------------------------------------
// [SECTION] The pattern, alternative by alternative
//-----------------------------------------------------------------------------
// 's|'t|'re|'ve|'m|'ll|'d  (ASCII apostrophe, case-sensitive). Returns the match length or 0.
static size_t contraction(std::string_view s, size_t i) {
  if (s[i] != '\'') return 0;
  const std::string_view rest = s.substr(i + 1, 2);
  for (std::string_view suffix : {"s", "t", "re", "ve", "m", "ll", "d"})
    if (rest.substr(0, suffix.size()) == suffix) return 1 + suffix.size();
  return 0;
}

bool Gpt2PreTokenizer::next(size_t& begin, size_t& end) {
  const size_t n = s_.size(), i = pos_;
  if (i >= n) return false;
  begin = i;
  if (const size_t c = contraction(s_, i)) {
    end = pos_ = i + c;
    return true;
  }
  const Unit u = unit_at(s_, i);
  // ` ?\p{L}+ | ?\p{N}+ | ?[^\s\p{L}\p{N}]+`: an optional single space, then a run of one class.
  if (u.cls != CharClass::Space) {
    end = pos_ = run_end(s_, i, u.cls);
    return true;
  }
  if (u.cp == ' ' && i + 1 < n) {
    const Unit v = unit_at(s_, i + 1);
    if (v.cls != CharClass::Space) {
      end = pos_ = run_end(s_, i + 1, v.cls);
      return true;
    }
  }
  // `\s+(?!\S)`: the whitespace run, minus its last character when a non-space follows
  // (that character then starts the next piece, e.g. " word"). `\s+` covers a lone one.
  size_t j = i, last = i;
  while (j < n) {
    const Unit w = unit_at(s_, j);
    if (w.cls != CharClass::Space) break;
    last = j;
    j += w.len;
  }
  end = pos_ = (j < n && last > i) ? last : j;
  return true;
}

}  // namespace tmx::tok
