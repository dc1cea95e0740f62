// LaTeX as readable plain text, for places that show a formula's words rather than its picture:
// notes search results, chapter summaries, heading titles ("q_i \cdot k_j" -> "qᵢ · kⱼ",
// "\frac{QK^\top}{\sqrt{d_k}}" -> "QKᵀ/√d_k"). Not a typesetter: unknown commands lose their
// backslash, braces go, sub- and superscripts use Unicode where a glyph exists.
#pragma once
#include <string>

namespace tmx::ui {

std::string latex_to_text(const std::string& latex);

}  // namespace tmx::ui
