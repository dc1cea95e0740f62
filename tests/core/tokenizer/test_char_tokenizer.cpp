// Char tokenizer: one token per code point, hand-checked ids, invalid bytes, vocabulary mode.
#include <catch2/catch.hpp>

#include "core/tokenizer/char_tokenizer.h"

using namespace tmx::tok;

TEST_CASE("char: open mode ids are code points", "[tokenizer][char]") {
  const CharTokenizer t;
  // "aé你🙂": U+0061, U+00E9, U+4F60, U+1F642 (1, 2, 3 and 4 UTF-8 bytes)
  const std::string s = "a\xC3\xA9\xE4\xBD\xA0\xF0\x9F\x99\x82";
  CHECK(t.encode(s) == std::vector<int>{0x61, 0xE9, 0x4F60, 0x1F642});
  std::vector<TokenSpan> spans;
  t.encode_spans(s, spans);
  REQUIRE(spans.size() == 4);
  CHECK(spans[1].begin == 1);
  CHECK(spans[1].end == 3);
  CHECK(spans[3].end == 10);
  CHECK(t.decode(t.encode(s)) == s);
  CHECK(t.token_text(' ') == "\xC4\xA0");  // Ġ
  CHECK(t.token_text(0xE9) == "\xC3\xA9");
}

TEST_CASE("char: invalid UTF-8 and NUL round-trip byte for byte", "[tokenizer][char]") {
  const CharTokenizer t;
  // overlong '/', a lone continuation byte, a truncated 3-byte sequence, a surrogate, NUL, 0xFF
  const std::string s = std::string("\xC0\xAF" "\x80" "\xE4\xBD" "x" "\xED\xA0\x80", 9) + std::string(1, '\0') + "\xFF";
  const auto ids = t.encode(s);
  CHECK(ids.size() == 11);  // 2 + 1 + 2 + 1 + 3 + 1 + 1
  CHECK(ids[0] == int(CharTokenizer::kInvalidByteBase + 0xC0));
  CHECK(ids[5] == 'x');
  CHECK(ids[9] == 0);
  CHECK(t.decode(ids) == s);
  CHECK(t.token_text(ids.back()) == "<0xFF>");
  CHECK(t.decode({-1, 0xD800, 0x7FFFFFFF}).empty());  // never a crash on bad ids
}

TEST_CASE("char: vocabulary mode from a corpus", "[tokenizer][char]") {
  const CharTokenizer t = CharTokenizer::from_text("hello world");
  // sorted distinct characters: ' ' d e h l o r w  -> ids 0..7, <unk> = 8
  CHECK(t.vocab_size() == 9);
  CHECK(t.encode("hold") == std::vector<int>{3, 5, 4, 1});
  CHECK(t.encode("hi!") == std::vector<int>{3, 8, 8});
  CHECK(t.decode({3, 8}) == "h\xEF\xBF\xBD");
  CHECK(t.token_text(8) == "<unk>");
}
