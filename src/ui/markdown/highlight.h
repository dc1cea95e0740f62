// A small syntax highlighter for code blocks in notes: C++ and Python (others stay plain).
// Lexical only (keywords, types, strings, comments, numbers), which is what a reader needs.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace tmx::ui::md {

enum class Tok : uint8_t { Plain, Keyword, Type, String, Comment, Number, Preproc };

struct TokSpan {
  uint32_t begin, end;
  Tok kind;
};

enum class CodeLang : uint8_t { Plain, Cpp, Python };
CodeLang code_lang(const std::string& fence_lang);  // "cpp", "c++", "cc", "h", "py", "python", …

// Spans cover the whole text in order (Plain included).
std::vector<TokSpan> highlight(const std::string& text, CodeLang lang);
ImU32 token_color(Tok t);

}  // namespace tmx::ui::md
