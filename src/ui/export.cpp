#include "ui/export.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/host.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {
bool g_pending = false;
PngRequest g_request;
std::vector<ExportTarget> g_targets;  // this frame's
int g_targets_frame = -1;

void record_target(const std::string& name, ImVec2 plot_min, ImVec2 plot_max) {
  const int frame = ImGui::GetFrameCount();
  if (frame != g_targets_frame) {
    g_targets.clear();
    g_targets_frame = frame;
  }
  if (g_targets.size() < 64) g_targets.push_back({name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), plot_min, plot_max});
}
}  // namespace

const std::vector<ExportTarget>& export_targets() {
  static const std::vector<ExportTarget> none;
  // Only the latest frame's: a plot that is no longer drawn has no button.
  return ImGui::GetCurrentContext() && g_targets_frame >= ImGui::GetFrameCount() - 1 ? g_targets : none;
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string matrix_csv(const float* data, int rows, int cols, const std::vector<std::string>* row_labels,
                       const std::vector<std::string>* col_labels) {
  std::string out;
  const bool rl = row_labels && static_cast<int>(row_labels->size()) >= rows;
  if (col_labels && static_cast<int>(col_labels->size()) >= cols) {
    if (rl) out += ",";
    for (int c = 0; c < cols; ++c) out += (c ? "," : "") + csv_escape((*col_labels)[c]);
    out += "\n";
  }
  char buf[32];
  for (int r = 0; r < rows; ++r) {
    if (rl) out += csv_escape((*row_labels)[r]) + ",";
    for (int c = 0; c < cols; ++c) {
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(data[static_cast<size_t>(r) * cols + c]));
      out += (c ? "," : "") + std::string(buf);
    }
    out += "\n";
  }
  return out;
}

void request_png_export(ImVec2 min, ImVec2 max, const std::string& filename) {
  g_request = {min, max, filename};
  g_pending = true;
}

bool take_png_request(PngRequest& out) {
  if (!g_pending) return false;
  out = g_request;
  g_pending = false;
  return true;
}

bool export_button(const char* id, ImVec2 rect_min, ImVec2 rect_max, const std::string& basename,
                   const std::string& (*csv)(void* user), void* user) {
  bool started = false;
  ImGui::PushID(id);
  if (fonts().small) ImGui::PushFont(fonts().small);
  if (ui::small_button(tr(S::KitExport))) ImGui::OpenPopup("##export");
  record_target(basename, rect_min, rect_max);
  if (fonts().small) ImGui::PopFont();
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::MenuItem(tr(S::KitExportPng))) {
      request_png_export(rect_min, rect_max, basename + ".png");
      started = true;
    }
    record_target(basename + ".png", rect_min, rect_max);
    if (csv) {
      if (ImGui::MenuItem(tr(S::KitExportCsv))) {
        host_save_file(basename + ".csv", csv(user), "text/csv");
        started = true;
      }
      record_target(basename + ".csv", rect_min, rect_max);
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
  return started;
}

//-----------------------------------------------------------------------------
// Copy buttons
//-----------------------------------------------------------------------------
namespace {
struct CopyState {
  double copied_at = -1e9;
  bool fallback = false;
  bool focus = false;  // the box just opened: put the keyboard (and the selection) in it
};
std::unordered_map<ImGuiID, CopyState>& copy_states() {
  static std::unordered_map<ImGuiID, CopyState> m;
  return m;
}
ImGuiID g_last_copy = 0;
constexpr double kCopiedSeconds = 1.5;
}  // namespace

bool copy_button(const char* label, const std::string& text) {
  const ImGuiID id = ImGui::GetID(label);
  CopyState& c = copy_states()[id];
  const bool copied = ImGui::GetTime() - c.copied_at < kCopiedSeconds;
  ImGui::PushID(label);
  // The label keeps the button's width while it says "Copied", so nothing beside it jumps.
  const float w = std::max(ImGui::CalcTextSize(label).x, ImGui::CalcTextSize(tr(S::Copied)).x) +
                  2 * ImGui::GetStyle().FramePadding.x;
  const bool clicked = ImGui::Button(copied ? tr(S::Copied) : label, ImVec2(w, 0));
  ImGui::PopID();
  if (clicked) {
    g_last_copy = id;
    if (c.fallback) {
      c.fallback = false;  // the box was open: close it
    } else if (host_copy(text)) {
      c.copied_at = ImGui::GetTime();
    } else {
      c.fallback = true;
    }
  }
  if (clicked && c.fallback) c.focus = true;
  return clicked;
}

void copy_fallback_box(const char* label, const std::string& text) {
  const auto it = copy_states().find(ImGui::GetID(label));
  if (it == copy_states().end() || !it->second.fallback) return;
  ImGui::TextDisabled("%s", tr(S::CopyByHand));
  std::string buf = text;  // read-only: the box only shows it
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 720.0f));
  ImGui::PushID(label);
  if (it->second.focus) ImGui::SetKeyboardFocusHere(), it->second.focus = false;
  ImGui::InputText("##copy", buf.data(), buf.size() + 1, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
  ImGui::PopID();
}

CopyFeedback copy_feedback() {
  const auto it = copy_states().find(g_last_copy);
  if (g_last_copy == 0 || it == copy_states().end()) return CopyFeedback::None;
  if (it->second.fallback) return CopyFeedback::Fallback;
  return ImGui::GetTime() - it->second.copied_at < kCopiedSeconds ? CopyFeedback::Copied : CopyFeedback::None;
}

}  // namespace tmx::ui
