#include "ui/markdown/highlight.h"

#include <cctype>
#include <cstring>
#include <unordered_set>

#include "ui/theme.h"

namespace tmx::ui::md {

CodeLang code_lang(const std::string& l) {
  static const char* cpp[] = {"cpp", "c++", "cc", "cxx", "c", "h", "hpp"};
  static const char* py[] = {"py", "python", "python3"};
  for (const char* s : cpp) if (l == s) return CodeLang::Cpp;
  for (const char* s : py) if (l == s) return CodeLang::Python;
  return CodeLang::Plain;
}

static const std::unordered_set<std::string>& keywords(CodeLang lang) {
  static const std::unordered_set<std::string> cpp = {
      "alignas", "auto", "break", "case", "catch", "class", "const", "constexpr", "continue", "default", "delete",
      "do", "else", "enum", "explicit", "extern", "false", "for", "friend", "if", "inline", "mutable", "namespace",
      "new", "noexcept", "nullptr", "operator", "override", "private", "protected", "public", "return", "sizeof",
      "static", "static_cast", "struct", "switch", "template", "this", "throw", "true", "try", "typedef",
      "typename", "using", "virtual", "volatile", "while", "final", "reinterpret_cast", "const_cast"};
  static const std::unordered_set<std::string> py = {
      "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
      "False", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "None", "nonlocal", "not",
      "or", "pass", "raise", "return", "True", "try", "while", "with", "yield", "self"};
  return lang == CodeLang::Python ? py : cpp;
}

static const std::unordered_set<std::string>& types(CodeLang lang) {
  static const std::unordered_set<std::string> cpp = {
      "void", "bool", "char", "int", "long", "short", "float", "double", "unsigned", "signed", "size_t", "int64_t",
      "uint8_t", "uint32_t", "int32_t", "std", "vector", "string", "Mat", "Vec", "Eigen", "array"};
  static const std::unordered_set<std::string> py = {
      "int", "float", "str", "list", "dict", "tuple", "range", "len", "print", "torch", "np", "nn", "F", "math"};
  return lang == CodeLang::Python ? py : cpp;
}

std::vector<TokSpan> highlight(const std::string& s, CodeLang lang) {
  std::vector<TokSpan> out;
  auto push = [&](size_t b, size_t e, Tok k) {
    if (e <= b) return;
    if (!out.empty() && out.back().kind == k && out.back().end == b) out.back().end = static_cast<uint32_t>(e);
    else out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), k});
  };
  const size_t n = s.size();
  if (lang == CodeLang::Plain) {
    push(0, n, Tok::Plain);
    return out;
  }
  const auto& kw = keywords(lang);
  const auto& ty = types(lang);
  size_t i = 0;
  bool line_start = true;
  while (i < n) {
    const char c = s[i];
    // Comments
    if ((lang == CodeLang::Python && c == '#') || (lang == CodeLang::Cpp && c == '/' && i + 1 < n && s[i + 1] == '/')) {
      size_t e = s.find('\n', i);
      if (e == std::string::npos) e = n;
      push(i, e, Tok::Comment);
      i = e;
      continue;
    }
    if (lang == CodeLang::Cpp && c == '/' && i + 1 < n && s[i + 1] == '*') {
      size_t e = s.find("*/", i + 2);
      e = e == std::string::npos ? n : e + 2;
      push(i, e, Tok::Comment);
      i = e;
      continue;
    }
    if (lang == CodeLang::Cpp && c == '#' && line_start) {
      size_t e = s.find('\n', i);
      if (e == std::string::npos) e = n;
      push(i, e, Tok::Preproc);
      i = e;
      continue;
    }
    // Strings (Python triple quotes included)
    if (c == '"' || c == '\'') {
      const bool triple = lang == CodeLang::Python && i + 2 < n && s[i + 1] == c && s[i + 2] == c;
      size_t j = i + (triple ? 3 : 1);
      while (j < n) {
        if (s[j] == '\\') { j += 2; continue; }
        if (triple ? (j + 2 < n && s[j] == c && s[j + 1] == c && s[j + 2] == c) : s[j] == c) {
          j += triple ? 3 : 1;
          break;
        }
        if (!triple && s[j] == '\n') break;
        ++j;
      }
      j = std::min(j, n);
      push(i, j, Tok::String);
      i = j;
      line_start = false;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == '_' ||
                       ((s[j] == '-' || s[j] == '+') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
      push(i, j, Tok::Number);
      i = j;
      line_start = false;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      const std::string w = s.substr(i, j - i);
      push(i, j, kw.count(w) ? Tok::Keyword : ty.count(w) ? Tok::Type : Tok::Plain);
      i = j;
      line_start = false;
      continue;
    }
    if (c == '\n') line_start = true;
    else if (c != ' ' && c != '\t') line_start = false;
    push(i, i + 1, Tok::Plain);
    ++i;
  }
  return out;
}

ImU32 token_color(Tok t) {
  const bool dark = theme_is_dark();
  switch (t) {
    case Tok::Keyword: return dark ? IM_COL32(0xc6, 0x8c, 0xff, 255) : IM_COL32(0x7a, 0x3e, 0xc8, 255);
    case Tok::Type: return dark ? IM_COL32(0x5f, 0xc9, 0xe8, 255) : IM_COL32(0x0b, 0x74, 0x8f, 255);
    case Tok::String: return dark ? IM_COL32(0x9c, 0xd6, 0x7e, 255) : IM_COL32(0x2f, 0x7d, 0x1f, 255);
    case Tok::Comment: return palette().text_dim;
    case Tok::Number: return dark ? IM_COL32(0xff, 0xb0, 0x6b, 255) : IM_COL32(0xb3, 0x55, 0x00, 255);
    case Tok::Preproc: return dark ? IM_COL32(0xff, 0x8f, 0xa3, 255) : IM_COL32(0xb0, 0x24, 0x4a, 255);
    default: return palette().text;
  }
}

}  // namespace tmx::ui::md
