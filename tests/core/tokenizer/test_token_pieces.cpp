// token_pieces: how GPT-2's byte-level tokens sit on the characters of Chinese and emoji text
// (many of them split a character), checked against the characters' own byte ranges.
#include <catch2/catch.hpp>

#include "core/tokenizer/utf8.h"
#include "tok_test_util.h"

using namespace tmx::tok;
using namespace tmx::tok::test;

TEST_CASE("token pieces: GPT-2 tokens of Chinese and emoji text tile the bytes and name the characters they split",
          "[tokenizer][gpt2]") {
  const std::string texts[] = {
      "\xE7\x99\xBD\xE6\x97\xA5\xE4\xBE\x9D\xE5\xB1\xB1\xE5\xB0\xBD\xEF\xBC\x8C\xE9\xBB\x84\xE6\xB2\xB3\xE5\x85\xA5"
      "\xE6\xB5\xB7\xE6\xB5\x81\xE3\x80\x82",  // 白日依山尽，黄河入海流。
      "I \xE2\x9D\xA4\xEF\xB8\x8F pizza \xF0\x9F\x8D\x95 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",  // I ❤️ pizza 🍕 👍🏽 👨‍👩‍👧
  };
  for (const std::string& text : texts) {
    std::vector<TokenSpan> spans;
    gpt2().encode_spans(text, spans);
    const auto pieces = token_pieces(text, spans);
    REQUIRE(pieces.size() == spans.size());
    std::string joined;
    int split = 0, completing = 0;
    for (const TokenPiece& p : pieces) {
      INFO("token " << p.id << " bytes " << bytes_hex(text.substr(p.begin, p.end - p.begin)));
      joined += gpt2().token_bytes(p.id);
      CHECK(text.substr(p.begin, p.end - p.begin) == gpt2().token_bytes(p.id));
      CHECK(p.char_begin <= p.begin);
      CHECK(p.char_end >= p.end);
      const std::string chars = text.substr(p.char_begin, p.char_end - p.char_begin);
      CHECK(utf8_valid(chars));  // the characters it touches are whole characters
      CHECK(p.whole == utf8_valid(text.substr(p.begin, p.end - p.begin)));
      if (!p.whole) ++split;
      if (p.completes) ++completing;
    }
    CHECK(joined == text);
    CHECK(split > 0);       // GPT-2 splits some of these characters ...
    CHECK(completing > 0);  // ... and a later token completes them
  }
  CHECK(bytes_hex("\xE4\xB8\xAD") == "E4 B8 AD");
  CHECK(bytes_hex("") == "");
}
