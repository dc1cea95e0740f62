#include "ui/cjk_wrap.h"

#include <imgui.h>
#include <imgui_internal.h>

#include "core/tokenizer/utf8.h"
#include "ui/markdown/library.h"  // is_cjk, is_cjk_punct

namespace tmx::ui {

bool cjk_break(uint32_t a, uint32_t b) {
  const bool cjk_a = md::is_cjk(a) || md::is_cjk_punct(a), cjk_b = md::is_cjk(b) || md::is_cjk_punct(b);
  if (!cjk_a && !cjk_b) return false;
  static const char32_t kNoBreakBefore[] = U"\uFF0C\u3002\u3001\uFF1A\uFF1B\uFF01\uFF1F\uFF09\u300D\u300F\u300B\u3009\u3011\u3015\u2026\u2014\u201D\u2019,.;:!?)]";
  static const char32_t kNoBreakAfter[] = U"\uFF08\u300C\u300E\u300A\u3008\u3010\u3014\u201C\u2018([";
  for (const char32_t* c = kNoBreakBefore; *c; ++c)
    if (b == *c) return false;
  for (const char32_t* c = kNoBreakAfter; *c; ++c)
    if (a == *c) return false;
  return true;
}

namespace {

bool has_cjk(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0xE0) { ++i; continue; }  // CJK is 3 or 4 bytes in UTF-8
    const tok::Utf8Unit u = tok::utf8_next(s, i);
    if (u.valid && (md::is_cjk(u.cp) || md::is_cjk_punct(u.cp))) return true;
    i += static_cast<size_t>(u.len > 0 ? u.len : 1);
  }
  return false;
}

}  // namespace

std::string cjk_wrap(std::string_view text, ImFont* font, float size, float width) {
  if (!font || width <= 0.0f || !has_cjk(text)) return std::string(text);
  const float scale = size / font->FontSize;
  const float limit = width - 1.0f;  // ImGui must not find a line of ours one hair too wide
  std::string out;
  out.reserve(text.size() + 16);
  size_t start = 0;       // this line's first byte
  size_t brk = 0;         // the last place the line may break (0: none yet), a byte offset
  bool brk_space = false; // it is a space (dropped at the break)
  float w = 0.0f;         // the line's width so far
  uint32_t prev = 0;
  auto advance = [&](uint32_t cp) { return font->GetCharAdvance(static_cast<ImWchar>(cp <= 0xFFFF ? cp : 0xFFFD)) * scale; };
  for (size_t i = 0; i < text.size();) {
    const tok::Utf8Unit u = tok::utf8_next(text, i);
    const size_t n = static_cast<size_t>(u.len > 0 ? u.len : 1);
    const uint32_t cp = u.valid ? u.cp : 0xFFFD;
    if (cp == '\n') {
      out.append(text.substr(start, i + 1 - start));
      start = i + 1, brk = 0, w = 0.0f, prev = 0, i += n;
      continue;
    }
    if (cp == ' ') brk = i, brk_space = true;
    else if (prev && prev != ' ' && cjk_break(prev, cp)) brk = i, brk_space = false;
    w += advance(cp);
    if (w > limit && brk > start) {
      size_t end = brk;
      while (end > start && text[end - 1] == ' ') --end;
      out.append(text.substr(start, end - start));
      out += '\n';
      start = brk_space ? brk + 1 : brk;
      while (start < i && text[start] == ' ') ++start;
      brk = 0;
      w = 0.0f;
      for (size_t k = start; k < i + n;) {  // the part already read that starts the new line
        const tok::Utf8Unit v = tok::utf8_next(text, k);
        w += advance(v.valid ? v.cp : 0xFFFD);
        k += static_cast<size_t>(v.len > 0 ? v.len : 1);
      }
    }
    prev = cp;
    i += n;
  }
  out.append(text.substr(start));
  return out;
}

std::string cjk_wrap(std::string_view text) {
  ImGuiWindow* win = ImGui::GetCurrentWindow();
  if (!win) return std::string(text);
  const float pos = win->DC.TextWrapPos < 0.0f ? 0.0f : win->DC.TextWrapPos;
  return cjk_wrap(text, ImGui::GetFont(), ImGui::GetFontSize(), ImGui::CalcWrapWidthForPos(win->DC.CursorPos, pos));
}

void text_wrapped(std::string_view text) {
  const std::string s = cjk_wrap(text);
  ImGui::TextWrapped("%s", s.c_str());
}

}  // namespace tmx::ui
