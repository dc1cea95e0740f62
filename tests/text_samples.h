// Texts the tokenizer tests share (core and UI): a Chinese line and an emoji line, both split by
// GPT-2 into tokens that end inside characters.
#pragma once

namespace tmx::test {

// 白日依山尽，黄河入海流。 (Wang Zhihuan, "At Heron Lodge"; public domain)
constexpr const char* kTangLine =
    "\xE7\x99\xBD\xE6\x97\xA5\xE4\xBE\x9D\xE5\xB1\xB1\xE5\xB0\xBD\xEF\xBC\x8C\xE9\xBB\x84\xE6\xB2\xB3\xE5\x85\xA5"
    "\xE6\xB5\xB7\xE6\xB5\x81\xE3\x80\x82";
// I ❤️ pizza 🍕 👍🏽 👨‍👩‍👧 (a variation selector, a skin tone and a ZWJ family)
constexpr const char* kEmojiLine =
    "I \xE2\x9D\xA4\xEF\xB8\x8F pizza \xF0\x9F\x8D\x95 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";

}  // namespace tmx::test
