// Line breaking for Chinese in ImGui text. ImGui 1.86 wraps only at spaces (and after ASCII
// punctuation), so a Chinese sentence is one long "word": a line before it is left half empty
// ("... into ISO" / "日期：每个输出符号…") or the sentence is cut anywhere. Text with CJK in it
// gets explicit line breaks instead, at spaces and between CJK characters (cjk_break, the notes'
// rule: never before a closing mark such as ，。）, never after an opening one such as （“). Text
// without CJK is returned as it is (ImGui's own wrapping is right for it).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

struct ImFont;

namespace tmx::ui {

// May a line break between the characters a and b (one of them CJK)?
bool cjk_break(uint32_t a, uint32_t b);
// `text` with '\n' where a line must break to fit `width` px in `font` at `size` px.
std::string cjk_wrap(std::string_view text, ImFont* font, float size, float width);
// The same for the current font at the width ImGui::TextWrapped would wrap to now.
std::string cjk_wrap(std::string_view text);
// ImGui::TextWrapped for any language.
void text_wrapped(std::string_view text);

}  // namespace tmx::ui
