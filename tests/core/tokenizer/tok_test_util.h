// Shared helpers for the tokenizer tests: the GPT-2 asset (built into TMX_GEN_DIR) and hex.
#pragma once
#include <memory>
#include <string>

#include "core/tokenizer/gpt2_tokenizer.h"

namespace tmx::tok::test {

inline std::string gpt2_asset_path() { return std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe"; }

// Loaded once per test binary (loading validates 50k tokens); fails the test if missing.
const Gpt2Tokenizer& gpt2();

std::string from_hex(const std::string& hex);
std::string to_hex(const std::string& bytes);

}  // namespace tmx::tok::test
