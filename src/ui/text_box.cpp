#include "ui/text_box.h"

#include <imgui.h>

#include <algorithm>

#include "core/tokenizer/utf8.h"
#include "ui/legibility.h"
#include "ui/a11y.h"
#include "ui/i18n.h"
#include "ui/touch.h"
#include "ui/fonts.h"

namespace tmx::ui {

namespace {
int resize(ImGuiInputTextCallbackData* d) {
  if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(d->UserData);
    s->resize(static_cast<size_t>(d->BufTextLen));
    d->Buf = s->data();
  }
  return 0;
}
}  // namespace

bool text_box(const char* id, std::string& text, size_t max_bytes, float height, bool* clamped) {
  const float w = ImGui::GetContentRegionAvail().x;
  if (height > 0) height = std::max(height, finger_min_height());  // a finger-sized target on touch screens
  fonts_want_text(text);  // Chinese typed or pasted: the font it needs (ui/fonts.h)
  const bool changed = ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, ImVec2(w, height),
                                                 ImGuiInputTextFlags_CallbackResize, resize, &text);
  touch_note_item("textBox");
  note_scrolls_sideways(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());  // a long line scrolls, it is not cut
  // For the page's DOM mirror: the label as drawn, or "Text box" for a hidden one ("##text").
  a11y::text_field(std::string(id).rfind("##", 0) == 0 ? std::string(tr(S::A11yTextBox)) : std::string(id), text);
  if (text.size() > max_bytes) {
    text.resize(tok::utf8_floor(text, max_bytes));
    if (clamped) *clamped = true;
  }
  return changed;
}

}  // namespace tmx::ui
