// The tokenization chapter's numbers (content/en/notes/02-tokenization.md), in one place for
// `tmx note-tables`, the chapter's test and the bpe scene, so the three always agree.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"

namespace tmx::tok {

// The worked example: a short text whose BPE trace fits on a page and on the stage.
constexpr const char* kBpeExampleText = "the cat sat on the mat; the rat ate the hat that the cat had";
constexpr int kBpeExampleMerges = 10;  // asked for; training stops when no pair occurs twice
BpeTrainResult bpe_example_training();

// Sizes of a text at four granularities: bytes, characters (code points), GPT-2's pre-tokenized
// pieces ("words"), and GPT-2 tokens.
struct TextSizes {
  int64_t bytes = 0, chars = 0, pieces = 0, tokens = 0;
};
TextSizes text_sizes(std::string_view text, const Gpt2Tokenizer& gpt2);

// GPT-2's pre-tokenized pieces of a text, as strings.
std::vector<std::string> gpt2_pieces(std::string_view text);

// A token for a markdown table: in backticks, a space shown as a middle dot, a newline as an arrow.
std::string md_token(std::string_view bytes);
// "`12345` → `123` `45`": a text and its tokens under a tokenizer.
std::string md_split(std::string_view text, const Tokenizer& t);

// Vocabulary size vs compression: BPE trained once on `train` (the merges of a smaller vocabulary
// are a prefix of a larger one's), the held-out text encoded with the first V - 256 merges.
struct VocabRow {
  int vocab;
  int64_t tokens;  // of the held-out text
};
std::vector<VocabRow> vocab_sweep(std::string_view train, std::string_view held_out, const std::vector<int>& sizes);

// The distinct non-space characters of a text, counted by how many GPT-2 tokens each needs on
// its own: result[n - 1] characters take n tokens (the last bucket: max_tokens or more).
std::vector<int64_t> gpt2_tokens_per_char_histogram(std::string_view text, const Gpt2Tokenizer& gpt2, int max_tokens);

}  // namespace tmx::tok
