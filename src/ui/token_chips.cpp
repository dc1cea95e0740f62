#include "ui/token_chips.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/tokenizer/utf8.h"
#include "ui/a11y.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx::ui {

std::string visible_token(const std::string& t) { return tok::visible_token(t); }

int token_chips(const char* id, const std::vector<std::string>& tokens, int* selected, const TokenChipsStyle& st) {
  const Palette& pal = palette();
  ImGui::PushID(id);
  ImFont* mono = fonts().mono ? fonts().mono : ImGui::GetFont();
  ImFont* small = fonts().small ? fonts().small : ImGui::GetFont();
  const float ms = mono->FontSize * ImGui::GetIO().FontGlobalScale;
  const float ss = small->FontSize * ImGui::GetIO().FontGlobalScale;
  const float width = std::max(80.0f, ImGui::GetContentRegionAvail().x);
  const float pad_x = 7.0f, gap = 4.0f;
  const float chip_h = ms + 10.0f + (st.show_ids ? ss + 2.0f : 0.0f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int hovered = -1;
  float x = 0, y = 0;
  std::vector<std::string> shown(tokens.size());
  // Layout first (to size the item), then draw.
  std::vector<ImVec2> pos(tokens.size());
  std::vector<float> w(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    shown[i] = visible_token(tokens[i]);
    float text_w = mono->CalcTextSizeA(ms, FLT_MAX, 0, shown[i].c_str()).x;
    if (st.show_ids && st.ids && i < st.ids->size())  // the id under a one-letter token must fit too
      text_w = std::max(text_w, small->CalcTextSizeA(ss, FLT_MAX, 0, std::to_string((*st.ids)[i]).c_str()).x);
    w[i] = std::min(width, text_w + 2 * pad_x);
    if (x > 0 && x + w[i] > width) {
      x = 0;
      y += chip_h + gap;
    }
    pos[i] = ImVec2(x, y);
    x += w[i] + gap;
  }
  const float total_h = tokens.empty() ? 0.0f : y + chip_h;
  ImGui::InvisibleButton("##chips", ImVec2(width, std::max(1.0f, total_h)));
  {
    std::string list;
    for (size_t i = 0; i < tokens.size() && i < 200; ++i) list += (i ? " \xC2\xB7 " : "") + tokens[i];
    a11y::picture(trf(S::A11yTokens, {std::to_string(tokens.size())}), list);
  }
  const bool item_hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 m = ImGui::GetIO().MousePos;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const ImVec2 a(p0.x + pos[i].x, p0.y + pos[i].y), b(a.x + w[i], a.y + chip_h);
    const bool hov = item_hovered && m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y;
    if (hov) hovered = static_cast<int>(i);
    const bool sel = selected && *selected == static_cast<int>(i);
    ImU32 bg = (pal.series[i % 6] & 0x00ffffff) | 0x30000000;
    if (st.weights && i < st.weights->size()) {
      const float wt = std::clamp((*st.weights)[i], 0.0f, 1.0f);
      bg = (pal.accent & 0x00ffffff) | (static_cast<ImU32>(20 + wt * 200) << 24);
    }
    dl->AddRectFilled(a, b, bg, 5.0f);
    if (sel || hov) dl->AddRect(a, b, sel ? pal.accent : pal.text_dim, 5.0f, 0, sel ? 2.0f : 1.0f);
    dl->PushClipRect(a, b, true);
    dl->AddText(mono, ms, ImVec2(a.x + pad_x, a.y + 5.0f), pal.text, shown[i].c_str());
    if (st.show_ids && st.ids && i < st.ids->size()) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", (*st.ids)[i]);
      dl->AddText(small, ss, ImVec2(a.x + pad_x, a.y + ms + 7.0f), pal.text_dim, buf);
    }
    dl->PopClipRect();
  }
  if (hovered >= 0) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::BeginTooltip();
    ImGui::Text("token %d: \"%s\"", hovered, shown[hovered].c_str());
    if (st.ids && hovered < static_cast<int>(st.ids->size())) ImGui::TextDisabled("id %d", (*st.ids)[hovered]);
    if (st.weights && hovered < static_cast<int>(st.weights->size()))
      ImGui::TextDisabled("weight %.4f", static_cast<double>((*st.weights)[hovered]));
    ImGui::EndTooltip();
    if (clicked && selected) *selected = *selected == hovered ? -1 : hovered;
  }
  ImGui::PopID();
  return hovered;
}

}  // namespace tmx::ui
