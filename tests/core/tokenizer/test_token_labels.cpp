// tok::token_label(s): byte-level tokens that hold part of a UTF-8 character are shown as their
// bytes and, on the completing token, the character; never U+FFFD. Checked against a peer that
// finds the characters with Python's own UTF-8 decoder (scripts/golden/token_labels.py), and on
// GPT-2's real tokens of Chinese and emoji text.
#include <catch2/catch.hpp>

#include "../golden_util.h"
#include "../../text_samples.h"
#include "core/json.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "tok_test_util.h"

using namespace tmx;
using namespace tmx::tok;

namespace {

std::string unhex(const std::string& h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

}  // namespace

TEST_CASE("token labels equal the Python UTF-8 peer on split Chinese, emoji and invalid bytes", "[tokenizer]") {
  const json::Value cases = json::parse(read_file_text(tmx::test::golden("tokenizer/token_labels.json")));
  REQUIRE(cases.arr.size() > 300);
  int partial = 0;
  for (const json::Value& c : cases.arr) {
    const std::string text = unhex(c.get_string("text_hex"));
    std::vector<std::string> tokens;
    size_t prev = 0;
    for (const json::Value& cut : c.find("cuts")->arr) {
      const auto at = static_cast<size_t>(cut.as_int());
      tokens.push_back(text.substr(prev, at - prev));
      prev = at;
    }
    tokens.push_back(text.substr(prev));
    const std::vector<std::string> got = token_labels(tokens);
    const auto& want = c.find("labels")->arr;
    INFO("text " << c.get_string("text_hex"));
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("token " << i << ": " << bytes_hex(tokens[i]));
      CHECK(got[i] == want[i].str);
      CHECK(utf8_valid(got[i]));
      CHECK(got[i].find("\xEF\xBF\xBD") == std::string::npos);  // never U+FFFD
      if (got[i].find("\xE2\x80\xB9") != std::string::npos) ++partial;
    }
  }
  CHECK(partial > 100);  // the cases do split characters
  // The examples the UI shows: 中 = E4 B8 AD split after two bytes.
  CHECK(token_labels({"\xE4\xB8", "\xAD"}) == std::vector<std::string>{"\xE2\x80\xB9" "E4\xE2\x80\x89" "B8\xE2\x80\xBA",
                                                                       "\xE2\x80\xB9" "AD\xE2\x80\xBA\xE2\x80\xA6\xE4\xB8\xAD"});
  CHECK(token_label(" the") == "\xC2\xB7the");
  CHECK(token_label("") == "\xE2\x88\x85");
}

TEST_CASE("token labels of GPT-2's tokens of Chinese and emoji text show every character once", "[tokenizer][gpt2]") {
  for (const std::string& text : {std::string(tmx::test::kTangLine), std::string(tmx::test::kEmojiLine)}) {
    std::vector<std::string> tokens;
    for (int id : tmx::tok::test::gpt2().encode(text)) tokens.push_back(tmx::tok::test::gpt2().token_bytes(id));
    const std::vector<std::string> labels = token_labels(tokens);
    int completing = 0;
    for (const std::string& l : labels) {
      CHECK(l.find("\xEF\xBF\xBD") == std::string::npos);
      if (l.find("\xE2\x80\xA6") != std::string::npos) ++completing;  // "…中"
    }
    CHECK(completing > 0);
    // Every non-ASCII character of the text is shown as itself in exactly one label (whole, or
    // after "…" on the token that completes it).
    for (size_t i = 0; i < text.size();) {
      const Utf8Unit u = utf8_next(text, i);
      const std::string ch = text.substr(i, static_cast<size_t>(u.len));
      i += static_cast<size_t>(u.len);
      if (u.cp < 0x80) continue;
      int found = 0;
      for (const std::string& l : labels) found += l.find(ch) != std::string::npos;
      CAPTURE(ch);
      CHECK(found >= 1);
    }
  }
}
