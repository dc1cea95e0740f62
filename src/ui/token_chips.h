// Token chips (UI kit): a tokenized text as wrapped chips, spaces made visible, optional ids and
// weights (tinted background), hover tooltip, click to select.
#pragma once
#include <string>
#include <vector>

namespace tmx::ui {

struct TokenChipsStyle {
  const std::vector<int>* ids = nullptr;        // shown in the tooltip (and under the chip if show_ids)
  const std::vector<float>* weights = nullptr;  // 0..1: accent tint strength (e.g. attention weights)
  bool show_ids = false;
};

// Returns the hovered chip or -1; *selected changes on click (click again to clear).
int token_chips(const char* id, const std::vector<std::string>& tokens, int* selected = nullptr,
                const TokenChipsStyle& style = {});

// Leading/trailing/inner spaces as a visible middle dot, newlines as ↵ (what a tokenizer sees):
// core/tokenizer/utf8.h's tok::visible_token.
std::string visible_token(const std::string& t);

}  // namespace tmx::ui
