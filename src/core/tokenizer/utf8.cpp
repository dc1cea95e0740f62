#include "core/tokenizer/utf8.h"

#include <algorithm>

namespace tmx::tok {

Utf8Unit utf8_next(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  const Utf8Unit invalid{c, 1, false};
  if (c < 0x80) return {c, 1, true};
  int len;
  uint32_t cp, min;
  if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
  else return invalid;  // continuation byte or 0xF8..0xFF as a lead
  if (i + len > s.size()) return invalid;
  for (int k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return invalid;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return invalid;
  return {cp, len, true};
}

bool utf8_valid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const Utf8Unit u = utf8_next(s, i);
    if (!u.valid) return false;
    i += u.len;
  }
  return true;
}

void utf8_append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

namespace {
constexpr const char kReplacement[] = "\xEF\xBF\xBD";
bool continuation(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }
}  // namespace

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Utf8Unit u = utf8_next(s, i);
    if (!u.valid || u.cp == 0) out += kReplacement;
    else out.append(s.substr(i, static_cast<size_t>(u.len)));
    i += static_cast<size_t>(u.len);
  }
  return out;
}

std::string visible_token(std::string_view t) {
  std::string o;
  for (char c : t) {
    if (c == ' ') o += "\xC2\xB7";          // ·
    else if (c == '\n') o += "\xE2\x86\xB5";  // ↵
    else if (c == '\t') o += "\xE2\x86\x92";  // →
    else o += c;
  }
  return o.empty() ? std::string("\xE2\x88\x85") : o;  // ∅ for an empty token
}

std::string utf8_printable(std::string_view s, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const Utf8Unit u = utf8_next(s, i);
    const size_t add = u.valid ? static_cast<size_t>(u.len) : sizeof kReplacement - 1;
    if (out.size() + add > max_bytes) {
      out += "\xE2\x80\xA6";  // …
      break;
    }
    if (!u.valid) out += kReplacement;
    else if (u.cp < 0x20 || u.cp == 0x7f) out += ' ';
    else out.append(s.substr(i, static_cast<size_t>(u.len)));
    i += static_cast<size_t>(u.len);
  }
  return out;
}

size_t utf8_floor(std::string_view s, size_t i) {
  if (i >= s.size()) return s.size();
  while (i > 0 && continuation(s[i])) --i;
  return i;
}

size_t utf8_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) i += static_cast<size_t>(utf8_next(s, i).len);
  return n;
}

size_t utf8_ceil(std::string_view s, size_t i) {
  while (i < s.size() && continuation(s[i])) ++i;
  return std::min(i, s.size());
}

}  // namespace tmx::tok
