// The one UTF-8 implementation (core/tokenizer/utf8.h) that the notes parser, the router, the
// stage and the widgets share: sanitizing, printable text and character boundaries.
#include <catch2/catch.hpp>

#include <string>

#include "core/tokenizer/utf8.h"

using namespace tmx::tok;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
}

TEST_CASE("utf8: sanitize replaces each invalid byte and NUL, keeps valid text", "[utf8]") {
  CHECK(utf8_sanitize("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x99\x82") == "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x99\x82");
  CHECK(utf8_sanitize("\xC0\xAF") == kFFFD + kFFFD);                    // overlong '/'
  CHECK(utf8_sanitize("\xE0\x80\xAF") == kFFFD + kFFFD + kFFFD);        // overlong, 3 bytes
  CHECK(utf8_sanitize("\xED\xA0\x80") == kFFFD + kFFFD + kFFFD);        // a surrogate (U+D800)
  CHECK(utf8_sanitize("\xF4\x90\x80\x80") == kFFFD + kFFFD + kFFFD + kFFFD);  // above U+10FFFF
  CHECK(utf8_sanitize("a\xE4\xBD") == "a" + kFFFD + kFFFD);             // truncated at the end
  CHECK(utf8_sanitize(std::string("a\0b", 3)) == "a" + kFFFD + "b");
  const std::string bad = std::string("ok \xff\xfe bad \xc3 trunc \xe2\x82 also \xf0\x9f\x98 and ") + '\0' +
                          " nul \xed\xa0\x80 surrogate \xc0\xaf overlong";
  const std::string clean = utf8_sanitize(bad);
  CHECK(utf8_valid(clean));
  CHECK(clean.find('\0') == std::string::npos);
  CHECK(utf8_sanitize(clean) == clean);  // valid after one pass
}

TEST_CASE("utf8: printable text has no control characters, no invalid sequences, and a length limit",
          "[utf8][security]") {
  CHECK(utf8_printable("a\nb\x01" "c\x7f") == "a b c ");
  CHECK(utf8_printable("\xff\xfe") == kFFFD + kFFFD);
  CHECK(utf8_printable("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(utf8_printable("\xC0\xAF..\xED\xA0\x80") == kFFFD + kFFFD + ".." + kFFFD + kFFFD + kFFFD);
  const std::string s = utf8_printable(std::string(1000, 'x'), 50);
  CHECK(s.size() <= 50 + 3);
  CHECK(s.substr(s.size() - 3) == "\xE2\x80\xA6");
  // The cut never splits a character: 20 two-byte characters in 15 bytes -> 7 of them and "…".
  std::string e;
  for (int i = 0; i < 20; ++i) e += "\xC3\xA9";
  const std::string cut = utf8_printable(e, 15);
  CHECK(utf8_valid(cut));
  CHECK(cut == e.substr(0, 14) + "\xE2\x80\xA6");
}

TEST_CASE("utf8: floor and ceil move to character boundaries", "[utf8]") {
  const std::string s = "a\xC3\xA9" "b\xF0\x9F\x99\x82";  // a é b 🙂: boundaries 0 1 3 4 8
  CHECK(utf8_floor(s, 0) == 0);
  CHECK(utf8_floor(s, 2) == 1);
  CHECK(utf8_floor(s, 3) == 3);
  CHECK(utf8_floor(s, 7) == 4);
  CHECK(utf8_floor(s, 99) == s.size());
  CHECK(utf8_ceil(s, 2) == 3);
  CHECK(utf8_ceil(s, 5) == 8);
  CHECK(utf8_ceil(s, 8) == 8);
  CHECK(utf8_ceil(s, 99) == s.size());
}
