// Dark and light themes: ImGui style colours plus the few semantic colours our widgets use.
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

struct Palette {
  ImU32 text, text_dim, accent, accent_soft, card, card_hover, border, warning, error, success;
  ImU32 plot_bg, grid, series[6];
};

void apply_theme(bool dark);
bool theme_is_dark();
const Palette& palette();
// A formula written as plain text (no typesetting): monospace, in the accent colour.
void text_formula(const char* s);
// Wrapped text in the warning colour (a failed load, a bad input, a diverged run), or the dim one.
void warning_wrapped(const std::string& s);
void dim_wrapped(const std::string& s);

}  // namespace tmx::ui
