// Character tokenizer: one token per Unicode code point (UTF-8 aware).
//
// Two modes:
// - open (default): id = the code point itself, so any text encodes; an invalid UTF-8 byte b
//   becomes id 0x110000 + b, which keeps every input lossless.
// - vocabulary (from_text): ids index the sorted distinct characters of a corpus, like
//   nanoGPT's char-level models; the last id is <unk>, used for anything unseen (decodes to
//   U+FFFD, so only text covered by the vocabulary round-trips).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/tokenizer.h"

namespace tmx::tok {

class CharTokenizer : public Tokenizer {
 public:
  static constexpr uint32_t kInvalidByteBase = 0x110000;  // open mode: invalid byte b -> base + b

  CharTokenizer() = default;                           // open mode
  static CharTokenizer from_text(std::string_view corpus);  // vocabulary mode

  std::string name() const override { return "char"; }
  int vocab_size() const override;
  void encode_spans(std::string_view text, std::vector<TokenSpan>& out) const override;
  std::string token_bytes(int id) const override;
  std::string token_text(int id) const override;

  bool open() const { return units_.empty(); }
  int unk_id() const { return open() ? -1 : int(units_.size()); }
  // Vocabulary mode: every character of the vocabulary once, in id order (without <unk>): the
  // contents of a model directory's tokenizer.char.txt, which from_text() reads back to the same ids.
  std::string vocabulary_text() const;

 private:
  std::vector<uint32_t> units_;  // vocabulary mode: sorted units (code points or base + byte)
  int id_of(uint32_t unit) const;
  uint32_t unit_of(int id) const;  // 0xFFFFFFFF for unk / out of range
};

}  // namespace tmx::tok
