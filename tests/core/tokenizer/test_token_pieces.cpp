// token_pieces: how GPT-2's byte-level tokens sit on the characters of Chinese and emoji text
// (many of them split a character), checked against the characters' own byte ranges.
#include <catch2/catch.hpp>

#include "core/tokenizer/utf8.h"
#include "../../text_samples.h"
#include "tok_test_util.h"

using namespace tmx::tok;
using namespace tmx::tok::test;

TEST_CASE("token pieces: GPT-2 tokens of Chinese and emoji text tile the bytes and name the characters they split",
          "[tokenizer][gpt2]") {
  const std::string texts[] = {tmx::test::kTangLine, tmx::test::kEmojiLine};
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
