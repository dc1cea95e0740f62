#include "core/tokenizer/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/error.h"
#include "core/tokenizer/utf8.h"

namespace tmx::tok {

void check_tokenize_input(std::string_view text) {
  if (text.size() > kMaxTokenizeBytes)
    throw Error(ErrorKind::TooLong, std::to_string(kMaxTokenizeBytes >> 20) + " MiB", "tokenizer: input of " + std::to_string(text.size()) + " bytes is over the " +
                std::to_string(kMaxTokenizeBytes >> 20) + " MiB limit");
}

std::vector<int> Tokenizer::encode(std::string_view text) const {
  std::vector<TokenSpan> spans;
  encode_spans(text, spans);
  std::vector<int> ids(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) ids[i] = spans[i].id;
  return ids;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
  std::string out;
  for (int id : ids) out += token_bytes(id);
  return out;
}

std::vector<TokenPiece> token_pieces(std::string_view text, const std::vector<TokenSpan>& spans) {
  std::vector<TokenPiece> out;
  out.reserve(spans.size());
  for (const TokenSpan& sp : spans) {
    const uint32_t b = std::min<uint32_t>(sp.begin, uint32_t(text.size()));
    const uint32_t e = std::min<uint32_t>(std::max(sp.end, b), uint32_t(text.size()));
    const auto cb = uint32_t(utf8_floor(text, b)), ce = uint32_t(utf8_ceil(text, e));
    const bool starts = cb == b, ends = ce == e;
    out.push_back({sp.id, b, e, cb, ce, starts && ends, !starts && ends});
  }
  return out;
}

std::string bytes_hex(std::string_view bytes) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ' ';
    const auto c = static_cast<uint8_t>(bytes[i]);
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string token_label(std::string_view bytes, std::string_view before, const std::function<bool(uint32_t)>& drawable) {
  static const char* kDigits = "0123456789ABCDEF";
  // Between two hex bytes or two code points: a thin space, or what the fonts can draw instead (a
  // plain space would read as a space in the token).
  const std::string sep = !drawable || drawable(0x2009) ? "\xE2\x80\x89" : drawable(0xA0) ? "\xC2\xA0" : "'";
  auto code_point = [](uint32_t cp) {
    char b[16];
    std::snprintf(b, sizeof b, "U+%04X", static_cast<unsigned>(cp));
    return std::string(b);
  };
  // A character as drawn: itself, or (with a font that lacks it, and for control characters) U+XXXX.
  bool last_cp = false;  // the previous unit was written as U+XXXX (separate the next one)
  auto character = [&](std::string& out, std::string_view unit, uint32_t cp) {
    if (drawable && (cp < 0x20 || cp == 0x7F || !drawable(cp))) {
      out += (last_cp ? sep : "") + code_point(cp);
      last_cp = true;
    } else {
      out.append(unit);
      last_cp = false;
    }
  };
  const std::string_view ctx = before.substr(before.size() - std::min<size_t>(before.size(), 3));
  std::string s(ctx);
  s.append(bytes);
  const size_t off = ctx.size();
  std::string out, run;  // run: the hex group being collected
  auto hex = [&](std::string& dst, std::string_view b) {
    for (size_t i = 0; i < b.size(); ++i) {
      const auto c = static_cast<uint8_t>(b[i]);
      if (!dst.empty()) dst += sep;
      dst += kDigits[c >> 4];
      dst += kDigits[c & 15];
    }
  };
  auto flush = [&] {
    if (run.empty()) return;
    out += "\xE2\x80\xB9" + run + "\xE2\x80\xBA";  // ‹..›
    run.clear();
    last_cp = false;
  };
  for (size_t i = 0; i < s.size();) {
    const Utf8Unit u = utf8_next(s, i);
    const size_t a = i, e = i + static_cast<size_t>(u.len);
    i = e;
    if (e <= off) continue;  // wholly before the token
    const std::string_view unit(s.data() + a, e - a);
    if (!u.valid) {
      hex(run, unit.substr(a < off ? off - a : 0));
    } else if (a >= off) {
      flush();
      if (u.cp == ' ') out += "\xC2\xB7", last_cp = false;
      else if (u.cp == '\n') out += "\xE2\x86\xB5", last_cp = false;
      else if (u.cp == '\t') out += "\xE2\x86\x92", last_cp = false;
      else character(out, unit, u.cp);
    } else {  // began in an earlier token, ends here
      flush();
      std::string part;
      hex(part, unit.substr(off - a));
      out += "\xE2\x80\xB9" + part + "\xE2\x80\xBA\xE2\x80\xA6";  // ‹AD›…
      last_cp = false;
      character(out, unit, u.cp);
    }
  }
  flush();
  return out.empty() ? std::string("\xE2\x88\x85") : out;  // ∅
}

std::vector<std::string> token_labels(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  std::string tail;  // the last bytes before each token
  for (const std::string& t : tokens) {
    out.push_back(token_label(t, tail));
    tail += t;
    if (tail.size() > 3) tail.erase(0, tail.size() - 3);
  }
  return out;
}

uint32_t byte_to_unicode(uint8_t b) {
  static const std::array<uint32_t, 256> map = [] {
    std::array<uint32_t, 256> m{};
    uint32_t extra = 256;
    for (int c = 0; c < 256; ++c) {
      const bool printable = (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF);
      m[c] = printable ? c : extra++;
    }
    return m;
  }();
  return map[b];
}

std::string bytes_to_visible(std::string_view bytes) {
  std::string out;
  for (char c : bytes) utf8_append(out, byte_to_unicode(static_cast<uint8_t>(c)));
  return out;
}

}  // namespace tmx::tok
