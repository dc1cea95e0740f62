#include "ui/tab_row.h"

#include <imgui.h>
#include <imgui_internal.h>  // FindRenderedTextEnd

#include <algorithm>

#include "ui/a11y.h"
#include "ui/legibility.h"
#include "ui/touch.h"

namespace tmx::ui {

int tab_row(const char* id, const char* const* labels, int n, int selected, bool force) {
  const ImGuiStyle& st = ImGui::GetStyle();
  // Width the tab bar needs to show every label whole (a tab is its label plus frame padding).
  float need = 0;
  for (int i = 0; i < n; ++i) {
    const char* end = ImGui::FindRenderedTextEnd(labels[i]);
    need += ImGui::CalcTextSize(labels[i], end).x + 2 * st.FramePadding.x + st.ItemInnerSpacing.x;
  }
  int out = selected;
  ImGui::PushID(id);
  if (need <= ImGui::GetContentRegionAvail().x) {
    if (ImGui::BeginTabBar(id)) {
      for (int i = 0; i < n; ++i) {
        const ImGuiTabItemFlags f = force && i == selected ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(labels[i], nullptr, f);
        a11y::button(std::string(labels[i], ImGui::FindRenderedTextEnd(labels[i])), open ? 1 : 0);  // ui/a11y.h
        if (open) {
          out = i;
          ImGui::EndTabItem();
        }
      }
      check_tab_bar_fits();
      ImGui::EndTabBar();
    }
  } else {
    // Wrapped: buttons in the tab colours, as many per line as fit, a line under the row.
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int i = 0; i < n; ++i) {
      const char* end = ImGui::FindRenderedTextEnd(labels[i]);
      const float w = ImGui::CalcTextSize(labels[i], end).x + 2 * st.FramePadding.x;
      if (i > 0) {
        ImGui::SameLine(0, st.ItemInnerSpacing.x);
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      }
      const bool on = i == selected;
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on ? ImGuiCol_TabActive : ImGuiCol_Tab));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_TabHovered));
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
      // A label wider than the whole column wraps inside its button instead of being cut.
      const float avail = std::max(40.0f, right - ImGui::GetCursorScreenPos().x);
      ImGui::PushID(i);
      bool clicked;
      if (w <= avail) {
        clicked = ImGui::Button(labels[i], ImVec2(0, std::max(ImGui::GetFrameHeight(), finger_min_height())));
      } else {
        const float tw = avail - 2 * st.FramePadding.x;
        const ImVec2 ts = ImGui::CalcTextSize(labels[i], end, false, tw);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        clicked = ImGui::Button("##wrapped", ImVec2(avail, std::max(ts.y + 2 * st.FramePadding.y, finger_min_height())));
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                                            ImVec2(p.x + st.FramePadding.x, p.y + st.FramePadding.y),
                                            ImGui::GetColorU32(ImGuiCol_Text), labels[i], end, tw);
      }
      a11y::button(std::string(labels[i], end), on ? 1 : 0);  // named even when its label is drawn by hand
      ImGui::PopID();
      ImGui::PopStyleColor(3);
      check_item_fits(labels[i]);
      if (clicked) out = i;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - st.ItemSpacing.y * 0.5f),
                                        ImVec2(right, p.y - st.ItemSpacing.y * 0.5f), ImGui::GetColorU32(ImGuiCol_TabActive));
  }
  ImGui::PopID();
  return out;
}

}  // namespace tmx::ui
