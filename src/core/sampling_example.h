// The sampling chapter's worked example, shared by `tmx note-tables`, the chapter's test
// (tests/core/test_note_examples.cpp) and the sampling scene's data: a shipped model's next-token
// logits after a real prompt, and the settings the chapter applies to them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/language_model.h"
#include "core/sampling.h"
#include "core/tensor.h"
#include "core/tokenizer/tokenizer.h"

namespace tmx {

inline constexpr const char* kSamplingPrompt = "And God said unto";
inline constexpr SamplerConfig kSamplingExampleConfig{0.8f, 6, 0.75f};  // the chapter's T, top-k, top-p

// A model with its tokenizer, and the logits of the token after `prompt` (1 x vocab).
struct NextToken {
  std::unique_ptr<LanguageModel> model;
  std::unique_ptr<tok::Tokenizer> tokenizer;
  std::vector<int> ids;  // the prompt, tokenized
  RowVec logits;
};
// dir: a model directory (config.json, model.safetensors, tokenizer file). Throws tmx::Error
// naming the problem (missing files, an empty prompt).
NextToken next_token(const std::string& dir, const std::string& prompt);

// A token as the chapter and the scene print it: spaces as a middle dot, newlines as a return
// arrow, invalid UTF-8 replaced.
std::string shown_token(const std::string& bytes);

}  // namespace tmx
