// The GPT-2 pre-tokenization pattern, implemented by hand (no std::regex):
//
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// with JavaScript semantics (js-tiktoken is our reference): \s is JS whitespace, the
// alternatives are tried in order at each position, and each quantifier is greedy.
// Invalid UTF-8 bytes count as "other" characters (like U+FFFD would), so every byte of the
// input lands in exactly one piece and the pieces tile the input. Linear time.
#pragma once
#include <cstddef>
#include <string_view>

namespace tmx::tok {

class Gpt2PreTokenizer {
 public:
  explicit Gpt2PreTokenizer(std::string_view text) : s_(text) {}
  // Next piece as bytes [begin, end) of the text; false at the end.
  bool next(size_t& begin, size_t& end);

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace tmx::tok
