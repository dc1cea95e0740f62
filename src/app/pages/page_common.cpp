// Shared page furniture: titles and clickable cards.
#include <imgui.h>

#include "app/pages/pages.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace tmx {

void page_title(const char* title, const char* subtitle) {
  ImGui::PushFont(ui::fonts().h1);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  if (subtitle) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().text_dim);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 720.0f);
    ImGui::TextWrapped("%s", subtitle);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 8));
}

bool link_card(const char* id, const char* title, const char* body, float width, float height,
               const CardExtras* extras) {
  const ui::Palette& pal = ui::palette();
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##card", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  dl->AddRectFilled(p0, p1, hovered ? pal.card_hover : pal.card, 8.0f);
  dl->AddRect(p0, p1, hovered ? pal.accent : pal.border, 8.0f, 0, hovered ? 1.5f : 1.0f);
  const float pad = 16.0f;
  float tx = p0.x + pad;  // text column
  if (extras && extras->thumb && extras->thumb_size.x > 0) {
    const ImVec2 to(p0.x + pad, p0.y + pad), sz = extras->thumb_size;
    dl->PushClipRect(to, ImVec2(to.x + sz.x, to.y + sz.y), true);
    extras->thumb(dl, to, sz);
    dl->PopClipRect();
    tx += sz.x + pad;
  }
  ImGui::PushFont(ui::fonts().h3);
  dl->AddText(ImVec2(tx, p0.y + pad), pal.text, title);
  const float title_h = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  if (body) {
    ImFont* f = ui::fonts().body;
    const float size = f->FontSize * ImGui::GetIO().FontGlobalScale;
    dl->AddText(f, size, ImVec2(tx, p0.y + pad + title_h + 8.0f), pal.text_dim, body, nullptr, p1.x - tx - pad);
  }
  if (extras && !extras->footer.empty())
    dl->AddText(ImVec2(tx, p1.y - pad - ImGui::GetTextLineHeight()), pal.text_dim, extras->footer.c_str());
  ImGui::PopID();
  return clicked;
}

}  // namespace tmx
