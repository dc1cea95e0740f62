#include "ui/panels.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/json.h"

namespace tmx::ui {

namespace {
std::vector<std::string> g_groups;  // this frame's groups, as JSON
}  // namespace

bool Panels::side_by_side(float avail, int n, float min_width, float gap) {
  return n <= 1 || avail >= n * min_width + (n - 1) * gap;
}

Panels::Panels(const char* id, int n, float min_width, float gap) : id_(id), n_(std::clamp(n, 1, 8)), gap_(gap) {
  const float avail = ImGui::GetContentRegionAvail().x;
  stacked_ = !side_by_side(avail, n_, min_width, gap);
  width_ = stacked_ ? avail : (avail - (n_ - 1) * gap) / n_;
}

void Panels::begin_panel() {
  if (i_ > 0 && !stacked_) ImGui::SameLine(0, gap_);
  ImGui::BeginGroup();
}

void Panels::end_panel() {
  ImGui::EndGroup();
  if (i_ < n_) rects_[i_][0] = ImGui::GetItemRectMin(), rects_[i_][1] = ImGui::GetItemRectMax();
  ++i_;
}

Panels::~Panels() {
  if (g_groups.size() >= 16) return;
  std::string j = "{\"id\":" + json::quote(id_) + ",\"stacked\":" + (stacked_ ? "true" : "false") + ",\"rects\":[";
  char buf[96];
  for (int k = 0; k < std::min(i_, n_); ++k) {
    std::snprintf(buf, sizeof buf, "%s[%.1f,%.1f,%.1f,%.1f]", k ? "," : "", static_cast<double>(rects_[k][0].x),
                  static_cast<double>(rects_[k][0].y), static_cast<double>(rects_[k][1].x - rects_[k][0].x),
                  static_cast<double>(rects_[k][1].y - rects_[k][0].y));
    j += buf;
  }
  g_groups.push_back(j + "]}");
}

std::string panels_json() {
  std::string out = "[";
  for (size_t i = 0; i < g_groups.size(); ++i) out += (i ? "," : "") + g_groups[i];
  return out + "]";
}

void panels_new_frame() { g_groups.clear(); }

}  // namespace tmx::ui
