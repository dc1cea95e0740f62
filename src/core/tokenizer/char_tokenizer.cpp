#include "core/tokenizer/char_tokenizer.h"

#include <algorithm>

#include "core/tokenizer/utf8.h"

namespace tmx::tok {

static uint32_t unit_value(const Utf8Unit& u) { return u.valid ? u.cp : CharTokenizer::kInvalidByteBase + u.cp; }
static constexpr uint32_t kNoUnit = 0xFFFFFFFFu;

CharTokenizer CharTokenizer::from_text(std::string_view corpus) {
  CharTokenizer t;
  for (size_t i = 0; i < corpus.size();) {
    const Utf8Unit u = utf8_next(corpus, i);
    t.units_.push_back(unit_value(u));
    i += u.len;
  }
  std::sort(t.units_.begin(), t.units_.end());
  t.units_.erase(std::unique(t.units_.begin(), t.units_.end()), t.units_.end());
  return t;
}

int CharTokenizer::vocab_size() const { return open() ? int(kInvalidByteBase + 256) : int(units_.size()) + 1; }

int CharTokenizer::id_of(uint32_t unit) const {
  if (open()) return int(unit);
  const auto it = std::lower_bound(units_.begin(), units_.end(), unit);
  return (it != units_.end() && *it == unit) ? int(it - units_.begin()) : unk_id();
}

uint32_t CharTokenizer::unit_of(int id) const {
  if (id < 0 || id >= vocab_size()) return kNoUnit;
  if (open()) return (id >= 0xD800 && id <= 0xDFFF) ? kNoUnit : uint32_t(id);  // surrogates are not characters
  return id == unk_id() ? kNoUnit : units_[id];  // (id >= 0 here)
}

void CharTokenizer::encode_spans(std::string_view text, std::vector<TokenSpan>& out) const {
  check_tokenize_input(text);
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const Utf8Unit u = utf8_next(text, i);
    out.push_back({id_of(unit_value(u)), uint32_t(i), uint32_t(i + u.len)});
    i += u.len;
  }
}

std::string CharTokenizer::token_bytes(int id) const {
  const uint32_t u = unit_of(id);
  std::string out;
  if (u == kNoUnit) {
    if (!open() && id == unk_id()) utf8_append(out, 0xFFFD);
  } else if (u >= kInvalidByteBase) {
    out += char(u - kInvalidByteBase);
  } else {
    utf8_append(out, u);
  }
  return out;
}

std::string CharTokenizer::token_text(int id) const {
  const uint32_t u = unit_of(id);
  if (u == kNoUnit) return (!open() && id == unk_id()) ? "<unk>" : "";
  if (u >= kInvalidByteBase) {
    static const char* hex = "0123456789ABCDEF";
    const uint32_t b = u - kInvalidByteBase;
    return std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">";
  }
  // Space and ASCII controls get GPT-2's visible stand-ins (space -> Ġ, newline -> Ċ).
  if (u <= 0x20 || u == 0x7F) return bytes_to_visible(std::string(1, char(u)));
  return token_bytes(id);
}

std::string CharTokenizer::vocabulary_text() const {
  std::string chars;
  for (int id = 0; id < vocab_size(); ++id)
    if (id != unk_id()) chars += token_bytes(id);
  return chars;
}
}  // namespace tmx::tok
