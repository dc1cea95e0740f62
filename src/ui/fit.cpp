#include "ui/fit.h"

#include <imgui_internal.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "ui/legibility.h"

namespace tmx::ui {

bool narrow_screen() { return ImGui::GetMainViewport()->Size.x < kNarrowBelowPx; }

NarrowText::NarrowText() : pushed_(narrow_screen()) {
  if (pushed_) ImGui::PushTextWrapPos(0.0f);  // 0: the window's (or the column's) right edge
}

NarrowText::~NarrowText() {
  if (pushed_) ImGui::PopTextWrapPos();
}

bool new_line_unless_fits(float width) {
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (!w || w->DC.CurrLineSize.y <= 0.0f || !narrow_screen()) return true;  // at the start of a line: SameLine() was not called
  if (ImGui::GetContentRegionAvail().x >= width) return true;
  ImGui::NewLine();
  return false;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float labelled_width(float item_width, const char* label) {
  const float w = ImGui::CalcTextSize(label, nullptr, true).x;
  return item_width + (w > 0 ? ImGui::GetStyle().ItemInnerSpacing.x + w : 0.0f);
}

namespace {
// Sideways-scrolling tables: each one's rows' height last frame (a scrolling table is a child window
// of a fixed height, which is then exactly its rows'), and which of the open tables is one.
std::unordered_map<ImGuiID, float> g_rows_height;
std::vector<bool> g_open;  // per open begin_table(): converted to scroll sideways
}  // namespace

bool begin_table(const char* id, int columns, ImGuiTableFlags flags, int rows, ImVec2 outer_size) {
  const ImGuiTableFlags sizing = flags & ImGuiTableFlags_SizingMask_;
  const bool stretch = sizing == ImGuiTableFlags_SizingStretchProp || sizing == ImGuiTableFlags_SizingStretchSame;
  const bool convert = narrow_screen() && !stretch && !(flags & (ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY));
  if (convert) {
    const ImGuiStyle& st = ImGui::GetStyle();
    flags |= ImGuiTableFlags_ScrollX;
    if (sizing == 0) flags |= ImGuiTableFlags_SizingFixedFit;
    // As tall as its rows (a scrolling table would otherwise take all the height left): measured
    // last frame, guessed as one text line a row in the first.
    const auto it = g_rows_height.find(ImGui::GetID(id));
    const float rows_h = it != g_rows_height.end()
                             ? it->second
                             : static_cast<float>(std::max(1, rows)) * (ImGui::GetTextLineHeight() + 2 * st.CellPadding.y);
    outer_size.y = rows_h + 2.0f + st.ScrollbarSize;
  }
  if (!ImGui::BeginTable(id, columns, flags, outer_size)) return false;
  if (flags & ImGuiTableFlags_ScrollX) {
    const ImGuiTable* t = ImGui::GetCurrentTable();
    note_scrolls_sideways(t->OuterRect.Min, t->OuterRect.Max);
  }
  ImGui::PushTextWrapPos(stretch && narrow_screen() ? 0.0f : -1.0f);
  g_open.push_back(convert);
  return true;
}

void end_table() {
  ImGui::PopTextWrapPos();
  ImGuiTable* t = ImGui::GetCurrentTable();
  const bool converted = !g_open.empty() && g_open.back();
  if (!g_open.empty()) g_open.pop_back();
  ImGui::EndTable();
  if (converted && t) g_rows_height[t->ID] = t->RowPosY2 - t->OuterRect.Min.y;  // the last row ends in EndTable
}

}  // namespace tmx::ui
