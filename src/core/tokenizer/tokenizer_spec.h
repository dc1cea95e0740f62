// Naming and finding tokenizers: the "gpt2" | "char" | "bpe:PATH" spec of the CLI, and the
// tokenizer file saved beside a trained model (so text is encoded exactly as in training).
//
// A model directory written by `tmx train` holds at most one of:
//   tokenizer.tmxbpe     a byte-level BPE saved by `tmx bpe-train` (BpeTokenizer::load_file)
//   tokenizer.char.txt   a vocabulary char tokenizer: every character of the vocabulary once, so
//                        CharTokenizer::from_text(file) rebuilds the same ids
//   (neither)            GPT-2's tokenizer
#pragma once
#include <memory>
#include <string>

#include "core/tokenizer/tokenizer.h"

namespace tmx::tok {

inline constexpr const char* kBpeTokenizerFile = "tokenizer.tmxbpe";
inline constexpr const char* kCharTokenizerFile = "tokenizer.char.txt";

// "gpt2" (GPT-2's ranks from gpt2_asset), "char" (open char tokenizer) or "bpe:PATH".
// nullptr + err on an unknown spec or an unreadable file.
std::unique_ptr<Tokenizer> make_tokenizer(const std::string& spec, const std::string& gpt2_asset, std::string& err);

// The tokenizer a model directory was trained with (see above); nullptr + err when its file is bad.
std::unique_ptr<Tokenizer> load_model_tokenizer(const std::string& dir, const std::string& gpt2_asset, std::string& err);

}  // namespace tmx::tok
