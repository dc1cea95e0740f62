// The common tokenizer interface: the UI treats the char, trained-BPE and GPT-2 tokenizers
// alike through it.
//
// Conventions:
// - Input is bytes (normally UTF-8), at most kMaxTokenizeBytes (16 MiB): every encode_spans
//   throws tmx::Error("tokenizer: input of N bytes is over the 16 MiB limit") for more, so time
//   and memory stay bounded (about 40 bytes of working memory per input byte at most). The byte-level
//   tokenizers and the open char tokenizer are lossless: decode(encode(x)) == x for any
//   bytes x, including invalid UTF-8 and NUL bytes (a vocabulary char tokenizer maps unseen
//   characters to <unk>).
// - encode_spans gives each token's byte range in the input, so the UI can draw token chips
//   over the original text. Spans tile the input in order.
// - Ids outside [0, vocab_size()) decode to nothing (they are skipped, never a crash).
// - Implementations may keep an internal cache, so use one tokenizer from one thread at a time.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tmx::tok {

constexpr size_t kMaxTokenizeBytes = size_t(16) << 20;
// Throws tmx::Error naming the size when text is longer than kMaxTokenizeBytes.
void check_tokenize_input(std::string_view text);

struct TokenSpan {
  int id;
  uint32_t begin, end;  // bytes [begin, end) of the input
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual std::string name() const = 0;  // "gpt2", "char", "bpe"
  virtual int vocab_size() const = 0;
  virtual void encode_spans(std::string_view text, std::vector<TokenSpan>& out) const = 0;
  virtual std::string token_bytes(int id) const = 0;  // the exact bytes; "" for an unknown id
  // A printable label: byte-level tokenizers use GPT-2's byte-to-unicode map ("Ġthe").
  virtual std::string token_text(int id) const = 0;

  std::vector<int> encode(std::string_view text) const;
  std::string decode(const std::vector<int>& ids) const;
};

// How a byte-level token sits in the text, for showing it honestly: a token may hold part of a
// multi-byte UTF-8 character (GPT-2 splits many CJK characters and emoji over 2-3 tokens), so
// its bytes alone are not always text. chars is the whole characters it touches.
struct TokenPiece {
  int id;
  uint32_t begin, end;             // the token's bytes [begin, end) of the text
  uint32_t char_begin, char_end;   // the characters it touches: [utf8_floor(begin), utf8_ceil(end))
  bool whole;                      // begins and ends on character boundaries: its bytes are text
  bool completes;                  // ends a character that an earlier token began
};
// spans must tile text (as encode_spans gives them).
std::vector<TokenPiece> token_pieces(std::string_view text, const std::vector<TokenSpan>& spans);
// "E4 B8 AD": each byte as two upper-case hex digits, separated by spaces.
std::string bytes_hex(std::string_view bytes);

// A token as a learner should see it, never U+FFFD. `before` is the text's bytes in front of the
// token (only its last 3 bytes matter). Characters entirely inside the token are shown as
// themselves (space as ·, newline as ↵, tab as →); bytes of a character the token holds only part
// of, and bytes that are no character at all, as hex in angle quotes, "‹E4 B8›" (thin spaces
// between bytes); the token that ends a character an earlier token began shows its bytes of it and
// the character: "‹AD›…中". The empty token is "∅". (Golden: scripts/golden/token_labels.py.)
// With `drawable` (which code points the fonts can draw), a character it cannot draw, and any
// control character, shows as its code point "U+4E2D", and the separator is a thin space only when
// drawable too (else a no-break space, else '): what a screen whose fonts lack a glyph shows.
std::string token_label(std::string_view bytes, std::string_view before = {},
                        const std::function<bool(uint32_t)>& drawable = {});
// Every token of a sequence, each with the tokens before it as context.
std::vector<std::string> token_labels(const std::vector<std::string>& tokens);

// GPT-2's bytes_to_unicode: printable bytes map to themselves, the others (controls, space,
// 0x7F..0xA0, 0xAD) to U+0100.. in order, so every byte has a visible, distinct character.
uint32_t byte_to_unicode(uint8_t b);
std::string bytes_to_visible(std::string_view bytes);  // UTF-8 of the mapped characters

}  // namespace tmx::tok
