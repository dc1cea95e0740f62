#include "core/tokenizer/tokenizer.h"

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/tokenizer/utf8.h"

namespace tmx::tok {

void check_tokenize_input(std::string_view text) {
  if (text.size() > kMaxTokenizeBytes)
    throw Error("tokenizer: input of " + std::to_string(text.size()) + " bytes is over the " +
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
