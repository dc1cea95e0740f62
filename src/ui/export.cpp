#include "ui/export.h"

#include <cstdio>

#include "ui/fonts.h"
#include "ui/host.h"

namespace tmx::ui {

namespace {
bool g_pending = false;
PngRequest g_request;
}  // namespace

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
  if (ImGui::SmallButton("Export")) ImGui::OpenPopup("##export");
  if (fonts().small) ImGui::PopFont();
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::MenuItem("Image (PNG)")) {
      request_png_export(rect_min, rect_max, basename + ".png");
      started = true;
    }
    if (csv && ImGui::MenuItem("Data (CSV)")) {
      host_save_file(basename + ".csv", csv(user), "text/csv");
      started = true;
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
  return started;
}

}  // namespace tmx::ui
