// LaTeX as readable text (ui/latex_text.h): what notes search, chapter summaries and titles show.
#include <catch2/catch.hpp>

#include <string>

#include "ui/latex_text.h"
#include "ui/markdown/document.h"

using tmx::ui::latex_to_text;

TEST_CASE("latex_to_text renders common notation as Unicode text", "[latex]") {
  CHECK(latex_to_text("q_i \\cdot k_j") == "qᵢ · kⱼ");
  CHECK(latex_to_text("\\frac{QK^\\top}{\\sqrt{d_k}}") == "QKᵀ/√dₖ");
  CHECK(latex_to_text("W_Q \\in \\mathbb{R}^{d \\times d_k}") == "W_Q ∈ ℝ^(d × dₖ)");
  CHECK(latex_to_text("\\text{softmax}(x)_i") == "softmax(x)ᵢ");
  CHECK(latex_to_text("\\sqrt{x + 1}") == "√(x + 1)");
  CHECK(latex_to_text("x^{2}") == "x²");
  CHECK(latex_to_text("\\log p") == "log p");
  CHECK(latex_to_text("\\alpha,\\quad \\beta") == "α, β");
}

TEST_CASE("latex_to_text survives malformed and hostile input", "[latex]") {
  CHECK(latex_to_text("") == "");
  CHECK(latex_to_text("\\") == "");
  CHECK(latex_to_text("\\frac") == "/");
  CHECK(latex_to_text("^") == "^");
  for (const std::string unit : {"{", "\\frac", "x^", "\\sqrt", "_{", "\\text{", "}"}) {
    std::string s;
    for (int i = 0; i < 50000; ++i) s += unit;
    const std::string out = latex_to_text(s);  // bounded nesting: no stack overflow
    CHECK(out.size() <= s.size() * 3);
  }
}

TEST_CASE("notes' plain text shows formulas as readable text, not LaTeX", "[latex][markdown]") {
  const auto d = tmx::ui::md::parse("Scores $q_i \\cdot k_j$ are scaled by $\\sqrt{d_k}$.\n");
  REQUIRE(!d.blocks.empty());
  CHECK(tmx::ui::md::plain_text(d.blocks[0].inlines) == "Scores qᵢ · kⱼ are scaled by √dₖ.");
  REQUIRE(!d.sections.empty());
  CHECK(d.sections[0].text.find("\\cdot") == std::string::npos);
}
