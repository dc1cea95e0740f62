#include "ui/url.h"

#include "core/tokenizer/utf8.h"

namespace tmx::ui {

namespace {

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~' || c == ',';
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s, bool* ok) {
  std::string out;
  out.reserve(s.size());
  bool good = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      const int h = i + 2 < s.size() ? hexval(s[i + 1]) : -1, l = i + 2 < s.size() ? hexval(s[i + 2]) : -1;
      if (h < 0 || l < 0) {
        good = false;
        out += s[i];
        continue;
      }
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  if (ok) *ok = good;
  return out;
}

std::string percent_encoded_prefix(std::string_view s, size_t budget) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    const size_t add = unreserved(static_cast<unsigned char>(s[i])) ? 1 : 3;
    if (n + add > budget) break;
    n += add;
  }
  return std::string(s.substr(0, tok::utf8_floor(s, i)));
}

std::string query_string(const Params& p) {
  std::string q;
  for (const auto& kv : p) q += (q.empty() ? "?" : "&") + percent_encode(kv.first) + "=" + percent_encode(kv.second);
  return q;
}

std::string room_hash(std::string_view room, std::string_view slug, const Params& p, bool embed) {
  std::string h = embed ? "#/embed/" : "#/";
  h += room;
  if (!slug.empty()) h += "/" + std::string(slug);
  return h + query_string(p);
}

std::string note_hash(std::string_view slug, std::string_view anchor) {
  std::string h = "#/notes/" + std::string(slug);
  if (!anchor.empty()) h += "#" + percent_encode(anchor);
  return h;
}

}  // namespace tmx::ui
