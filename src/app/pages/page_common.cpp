// Shared page furniture: titles and clickable cards.
#include <imgui.h>
#include <imgui_internal.h>  // GetItemID

#include <algorithm>
#include <cfloat>

#include "app/pages/pages.h"
#include "ui/a11y.h"
#include "ui/cjk_wrap.h"
#include "ui/fonts.h"
#include "ui/legibility.h"
#include "ui/theme.h"

namespace tmx {

void page_title(const char* title, const char* subtitle) {
  // Both wrap to the column (at most 720 px of it), so a phone shows them whole.
  const float wrap = ImGui::GetCursorPosX() + std::min(720.0f, std::max(60.0f, ImGui::GetContentRegionAvail().x));
  ImGui::PushFont(ui::fonts().h1);
  ImGui::PushTextWrapPos(wrap);
  ui::text_wrapped(title);
  ui::a11y::text(1, title);  // the page's heading, as text in the page (ui/a11y.h)
  ui::check_item_fits(title);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (subtitle) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().text_dim);
    ImGui::PushTextWrapPos(wrap);
    ui::text_wrapped(subtitle);
    ui::a11y::text(0, subtitle);
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
  const float pad = 16.0f;
  const bool thumb = extras && extras->thumb && extras->thumb_size.x > 0;
  // A thumbnail sits left of the text, or above it (as wide as the card) when the text column
  // beside it would be narrower than the thumbnail (a phone).
  ImVec2 thumb_size = thumb ? extras->thumb_size : ImVec2(0, 0);
  const bool thumb_above = thumb && width - 3 * pad - thumb_size.x < thumb_size.x;
  if (thumb_above) thumb_size = ImVec2(width - 2 * pad, (width - 2 * pad) * thumb_size.y / thumb_size.x);
  const float text_w = std::max(40.0f, width - 2 * pad - (thumb && !thumb_above ? thumb_size.x + pad : 0.0f));
  const float text_top = thumb_above ? thumb_size.y + pad : 0.0f;  // below the thumbnail
  // Title and body wrap to the card; the card grows to hold them (a narrow screen cuts nothing).
  ImFont* tf = ui::fonts().h3 ? ui::fonts().h3 : ImGui::GetFont();
  ImFont* bf = ui::fonts().body ? ui::fonts().body : ImGui::GetFont();
  const float ts = tf->FontSize * ImGui::GetIO().FontGlobalScale, bs = bf->FontSize * ImGui::GetIO().FontGlobalScale;
  // Chinese breaks between characters (ImGui alone would break only at spaces).
  const std::string title_s = ui::cjk_wrap(title, tf, ts, text_w);
  const std::string body_s = body ? ui::cjk_wrap(body, bf, bs, text_w) : std::string();
  const std::string footer_s = extras ? ui::cjk_wrap(extras->footer, bf, bs, text_w) : std::string();
  const float title_h = tf->CalcTextSizeA(ts, FLT_MAX, text_w, title_s.c_str()).y;
  const float body_h = !body_s.empty() ? bf->CalcTextSizeA(bs, FLT_MAX, text_w, body_s.c_str()).y + 8.0f : 0.0f;
  const float footer_h = !footer_s.empty() ? bf->CalcTextSizeA(bs, FLT_MAX, text_w, footer_s.c_str()).y + 8.0f : 0.0f;
  height = std::max({thumb_above ? 0.0f : height, 2 * pad + text_top + title_h + body_h + footer_h,
                     thumb && !thumb_above ? thumb_size.y + 2 * pad : 0.0f});
  const bool clicked = ImGui::InvisibleButton("##card", ImVec2(width, height));
  // For screen readers: a link-like button named by the title, described by the body and footer.
  ui::a11y::link(ImGui::GetItemID(), title,
                 std::string(body ? body : "") + (extras && !extras->footer.empty() ? " " + extras->footer : ""), p0.x, p0.y,
                 p0.x + width, p0.y + height);
  ui::check_item_fits(title);
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  dl->AddRectFilled(p0, p1, hovered ? pal.card_hover : pal.card, 8.0f);
  dl->AddRect(p0, p1, hovered ? pal.accent : pal.border, 8.0f, 0, hovered ? 1.5f : 1.0f);
  float tx = p0.x + pad;  // text column
  if (thumb) {
    const ImVec2 to(p0.x + pad, p0.y + pad), sz = thumb_size;
    dl->PushClipRect(to, ImVec2(to.x + sz.x, to.y + sz.y), true);
    extras->thumb(dl, to, sz);
    dl->PopClipRect();
    if (!thumb_above) tx += sz.x + pad;
  }
  const float ty = p0.y + pad + text_top;
  dl->AddText(tf, ts, ImVec2(tx, ty), pal.text, title_s.c_str(), nullptr, text_w);
  if (!body_s.empty()) dl->AddText(bf, bs, ImVec2(tx, ty + title_h + 8.0f), pal.text_dim, body_s.c_str(), nullptr, text_w);
  if (!footer_s.empty())
    dl->AddText(bf, bs, ImVec2(tx, p1.y - pad - (footer_h - 8.0f)), pal.text_dim, footer_s.c_str(), nullptr, text_w);
  ImGui::PopID();
  return clicked;
}

}  // namespace tmx
