#include "ui/latex_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <cstring>
#include <string_view>

namespace tmx::ui {

namespace {

struct Sym { const char* name; const char* text; };
constexpr Sym kSymbols[] = {
    {"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}, {"delta", "δ"}, {"epsilon", "ε"}, {"varepsilon", "ε"},
    {"zeta", "ζ"}, {"eta", "η"}, {"theta", "θ"}, {"iota", "ι"}, {"kappa", "κ"}, {"lambda", "λ"}, {"mu", "μ"},
    {"nu", "ν"}, {"xi", "ξ"}, {"pi", "π"}, {"rho", "ρ"}, {"sigma", "σ"}, {"tau", "τ"}, {"phi", "φ"},
    {"varphi", "φ"}, {"chi", "χ"}, {"psi", "ψ"}, {"omega", "ω"}, {"Gamma", "Γ"}, {"Delta", "Δ"},
    {"Theta", "Θ"}, {"Lambda", "Λ"}, {"Xi", "Ξ"}, {"Pi", "Π"}, {"Sigma", "Σ"}, {"Phi", "Φ"}, {"Psi", "Ψ"},
    {"Omega", "Ω"}, {"cdot", "·"}, {"times", "×"}, {"in", "∈"}, {"le", "≤"}, {"leq", "≤"}, {"ge", "≥"},
    {"geq", "≥"}, {"ne", "≠"}, {"neq", "≠"}, {"approx", "≈"}, {"sim", "∼"}, {"propto", "∝"}, {"sum", "Σ"},
    {"prod", "Π"}, {"infty", "∞"}, {"to", "→"}, {"rightarrow", "→"}, {"leftarrow", "←"}, {"mapsto", "↦"},
    {"Rightarrow", "⇒"}, {"odot", "⊙"}, {"otimes", "⊗"}, {"oplus", "⊕"}, {"partial", "∂"}, {"nabla", "∇"},
    {"ldots", "…"}, {"dots", "…"}, {"cdots", "⋯"}, {"pm", "±"}, {"top", "ᵀ"}, {"intercal", "ᵀ"},
    {"lVert", "‖"}, {"rVert", "‖"}, {"Vert", "‖"}, {"|", "‖"}, {"langle", "⟨"}, {"rangle", "⟩"}, {"mid", "|"},
    {"quad", " "}, {"qquad", " "}, {",", " "}, {";", " "}, {":", " "}, {"!", ""}, {" ", " "}, {"{", "{"},
    {"}", "}"}, {"_", "_"}, {"%", "%"}, {"&", "&"}, {"#", "#"}, {"left", ""}, {"right", ""}, {"big", ""},
    {"Big", ""}, {"bigl", ""}, {"bigr", ""}, {"Bigl", ""}, {"Bigr", ""}, {"displaystyle", ""}, {"ell", "ℓ"},
    {"forall", "∀"}, {"exists", "∃"}, {"cap", "∩"}, {"cup", "∪"}, {"subset", "⊂"}, {"equiv", "≡"},
    {"coloneqq", "≔"}, {"ll", "≪"}, {"gg", "≫"}, {"lfloor", "⌊"}, {"rfloor", "⌋"}, {"lceil", "⌈"},
    {"rceil", "⌉"}, {"circ", "∘"}, {"star", "⋆"}, {"ast", "∗"}, {"hat", ""}, {"tilde", ""}, {"bar", ""},
    {"overline", ""}, {"vec", ""}, {"dot", ""},
};
// Commands whose argument is shown as it is.
constexpr const char* kWrappers[] = {"text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal",
                                     "boldsymbol", "textbf", "textit", "operatorname", "mbox", "bm"};
constexpr Sym kBlackboard[] = {{"R", "ℝ"}, {"N", "ℕ"}, {"Z", "ℤ"}, {"Q", "ℚ"}, {"C", "ℂ"}, {"E", "𝔼"}};
// Unicode sub/superscripts for single characters (others keep "_" / "^").
constexpr Sym kSub[] = {{"0", "₀"}, {"1", "₁"}, {"2", "₂"}, {"3", "₃"}, {"4", "₄"}, {"5", "₅"}, {"6", "₆"},
                        {"7", "₇"}, {"8", "₈"}, {"9", "₉"}, {"i", "ᵢ"}, {"j", "ⱼ"}, {"t", "ₜ"}, {"k", "ₖ"},
                        {"n", "ₙ"}, {"m", "ₘ"}, {"+", "₊"}, {"-", "₋"}};
constexpr Sym kSup[] = {{"0", "⁰"}, {"1", "¹"}, {"2", "²"}, {"3", "³"}, {"4", "⁴"}, {"5", "⁵"}, {"6", "⁶"},
                        {"7", "⁷"}, {"8", "⁸"}, {"9", "⁹"}, {"T", "ᵀ"}, {"ᵀ", "ᵀ"}, {"n", "ⁿ"}, {"i", "ⁱ"},
                        {"+", "⁺"}, {"-", "⁻"}, {"(", "⁽"}, {")", "⁾"}, {"′", "′"}, {"'", "′"}};

template <size_t N>
const char* lookup(const Sym (&table)[N], std::string_view name) {
  for (const Sym& s : table)
    if (name == s.name) return s.text;
  return nullptr;
}

struct Reader {
  std::string_view s;
  size_t i = 0;
  int depth = 0;

  std::string command() {  // after a backslash: letters, or one other character
    size_t j = i;
    if (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) {
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    } else if (j < s.size()) {
      ++j;
    }
    std::string name(s.substr(i, j - i));
    i = j;
    return name;
  }
  void skip_space() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  // One argument: {group}, \command or a single character.
  std::string argument() {
    skip_space();
    if (i >= s.size()) return "";
    if (s[i] == '{') {
      ++i;
      if (depth >= 32) return "";
      ++depth;
      std::string out = run('}');
      --depth;
      if (i < s.size()) ++i;
      return out;
    }
    if (s[i] == '\\') {
      ++i;
      return expand(command());
    }
    size_t n = 1;  // one UTF-8 character
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    std::string out(s.substr(i, n));
    i += n;
    return out;
  }
  std::string script(const Sym* table, size_t count, const char* mark) {
    const std::string a = argument();
    std::string out;
    bool all = !a.empty();
    for (size_t k = 0; k < a.size() && all;) {
      size_t n = 1;
      while (k + n < a.size() && (static_cast<unsigned char>(a[k + n]) & 0xC0) == 0x80) ++n;
      const std::string ch = a.substr(k, n);
      const Sym* hit = nullptr;
      for (size_t t = 0; t < count; ++t)
        if (ch == table[t].name) hit = &table[t];
      if (hit) out += hit->text;
      else all = false;
      k += n;
    }
    if (all) return out;
    return std::string(mark) + (a.size() > 1 ? "(" + a + ")" : a);
  }
  std::string expand(const std::string& name) {
    if (depth > 32) return "";
    ++depth;
    std::string out;
    if (name == "frac" || name == "dfrac" || name == "tfrac") {
      const std::string a = argument(), b = argument();
      auto wrap = [](const std::string& x) { return x.find_first_of(" +-") != std::string::npos ? "(" + x + ")" : x; };
      out = wrap(a) + "/" + wrap(b);
    } else if (name == "sqrt") {
      skip_space();
      if (i < s.size() && s[i] == '[') {  // \sqrt[n]{x}: the index is dropped
        while (i < s.size() && s[i] != ']') ++i;
        if (i < s.size()) ++i;
      }
      const std::string a = argument();
      out = "√" + (a.find_first_of(" +-") != std::string::npos ? "(" + a + ")" : a);
    } else if (name == "mathbb") {
      const std::string a = argument();
      const char* t = lookup(kBlackboard, a);
      out = t ? t : a;
    } else if (std::find_if(std::begin(kWrappers), std::end(kWrappers), [&](const char* w) { return name == w; }) !=
               std::end(kWrappers)) {
      out = argument();
    } else if (const char* t = lookup(kSymbols, name)) {
      out = t;
    } else {
      out = name;  // \log, \exp, \max, \softmax, …
    }
    --depth;
    return out;
  }
  std::string run(char stop) {
    std::string out;
    while (i < s.size() && s[i] != stop) {
      const char c = s[i];
      if (c == '\\') {
        ++i;
        const std::string name = command();
        const std::string e = expand(name);
        // "\log x": keep a space after a word-like command.
        out += e;
        if (!e.empty() && std::isalpha(static_cast<unsigned char>(e.back())) && i < s.size() && s[i] == ' ') out += ' ';
      } else if (c == '{') {
        ++i;
        if (depth < 32) {
          ++depth;
          out += run('}');
          --depth;
          if (i < s.size()) ++i;
        }
      } else if (c == '_') {
        ++i;
        out += script(kSub, std::size(kSub), "_");
      } else if (c == '^') {
        ++i;
        out += script(kSup, std::size(kSup), "^");
      } else if (c == '&' || c == '~') {
        out += ' ';
        ++i;
      } else {
        out += c;
        ++i;
      }
    }
    return out;
  }
};

}  // namespace

std::string latex_to_text(const std::string& latex) {
  Reader r{latex};
  std::string raw;
  while (r.i < latex.size()) {
    raw += r.run('\0');
    if (r.i < latex.size()) ++r.i;  // a stray '}'
  }
  std::string out;  // collapse whitespace
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace tmx::ui
