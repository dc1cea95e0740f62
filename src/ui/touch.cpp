#include "ui/touch.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>
#include <unordered_map>

#include "ui/a11y.h"
#include "ui/i18n.h"
#include "ui/legibility.h"

namespace tmx::ui {

namespace {
TouchFrame g_frame;
ImVector<ImGuiID> g_claims_now, g_claims_prev;

struct Zoom {
  float scale = 1.0f;
  ImVec2 off;
  int last_frame = -1;
};
std::unordered_map<ImGuiID, Zoom> g_zooms;

constexpr float kMaxZoom = 8.0f;
constexpr float kFingerPx = 44.0f;  // the smallest target a finger should have to hit (CSS px)

bool in_rect(ImVec2 p, ImVec2 a, ImVec2 b) { return p.x >= a.x && p.y >= a.y && p.x < b.x && p.y < b.y; }
}  // namespace

TouchFrame& touch_frame() { return g_frame; }

namespace {
struct Target { std::string kind; ImVec2 min, max; };
std::vector<Target> g_targets_now, g_targets_prev;
float g_min_h_now = FLT_MAX, g_min_h_prev = FLT_MAX;
}  // namespace

void touch_note_item(const char* kind) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  if (!ImGui::IsItemVisible()) return;
  if (std::string(kind) == "button" || std::string(kind) == "textBox") g_min_h_now = std::min(g_min_h_now, b.y - a.y);
  for (const Target& t : g_targets_now)
    if (t.kind == kind) return;
  if (g_targets_now.size() < 32) g_targets_now.push_back({kind, a, b});
}

std::string touch_targets_json() {
  std::string out = "{\"minHeight\":";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(g_min_h_prev < FLT_MAX ? g_min_h_prev : 0.0f));
  out += buf;
  for (const Target& t : g_targets_prev) {
    std::snprintf(buf, sizeof buf, ":[%.1f,%.1f,%.1f,%.1f]", static_cast<double>(t.min.x), static_cast<double>(t.min.y),
                  static_cast<double>(t.max.x - t.min.x), static_cast<double>(t.max.y - t.min.y));
    out += ",\"" + t.kind + "\"" + buf;
  }
  return out + "}";
}

bool small_button(const char* label) {
  // On touch screens a full button, and a finger tall whatever the font (the frame height follows it).
  const bool clicked = touch_frame().device ? ImGui::Button(label, ImVec2(0, std::max(ImGui::GetFrameHeight(), kFingerPx)))
                                            : ImGui::SmallButton(label);
  touch_note_item("button");
  check_item_fits(label);  // a button cut by the window's edge is reported (ui/legibility.h)
  a11y::button(label);  // in a widget or player: a DOM button for screen readers (ui/a11y.h)
  return clicked;
}

float finger_min_height() { return touch_frame().device ? kFingerPx : 0.0f; }

ImVec2 selectable_size() {
  // A Selectable's box takes in the item spacing around it: frame height in all.
  return touch_frame().device ? ImVec2(0, ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.y) : ImVec2(0, 0);
}

void touch_drag_item() {
  const ImGuiID id = ImGui::GetItemID();
  if (id && !g_claims_now.contains(id)) g_claims_now.push_back(id);
}

bool touch_drag_claimed(ImGuiID id) { return id && (g_claims_now.contains(id) || g_claims_prev.contains(id)); }

void touch_new_frame() {
  g_claims_prev.swap(g_claims_now);
  g_claims_now.resize(0);
  g_targets_prev.swap(g_targets_now);
  g_targets_now.clear();
  g_min_h_prev = g_min_h_now;
  g_min_h_now = FLT_MAX;
  // Forget the zoom of areas not drawn for a while (a page left and come back to starts at 1x).
  const int f = ImGui::GetFrameCount();
  for (auto it = g_zooms.begin(); it != g_zooms.end();) it = f - it->second.last_frame > 600 ? g_zooms.erase(it) : ++it;
}

ZoomArea::ZoomArea(const char* id, ImVec2 min, ImVec2 max) : id_(ImGui::GetID(id)), min_(min), max_(max) {
  Zoom& z = g_zooms[id_];
  z.last_frame = ImGui::GetFrameCount();
  const ImVec2 size(max.x - min.x, max.y - min.y);
  if (size.x <= 1 || size.y <= 1) return;
  const TouchFrame& t = g_frame;
  if (t.pinching && in_rect(t.pinch_center, min, max) && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows)) {
    // Keep the point under the fingers under them: unzoomed point p = off + (c - min) / s.
    const ImVec2 c_prev(t.pinch_center.x - t.pinch_pan.x, t.pinch_center.y - t.pinch_pan.y);
    const ImVec2 p(z.off.x + (c_prev.x - min.x) / z.scale, z.off.y + (c_prev.y - min.y) / z.scale);
    z.scale = std::clamp(z.scale * t.pinch_scale, 1.0f, kMaxZoom);
    z.off = ImVec2(p.x - (t.pinch_center.x - min.x) / z.scale, p.y - (t.pinch_center.y - min.y) / z.scale);
  }
  if (t.double_tap && in_rect(t.double_tap_pos, min, max)) z = Zoom{1.0f, ImVec2(0, 0), z.last_frame};
  if (z.scale <= 1.0001f) z.off = ImVec2(0, 0);
  z.off.x = std::clamp(z.off.x, 0.0f, size.x - size.x / z.scale);
  z.off.y = std::clamp(z.off.y, 0.0f, size.y - size.y / z.scale);
  scale_ = z.scale;
  off_ = z.off;
  if (scale_ <= 1.0001f) return;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  vtx0_ = dl->VtxBuffer.Size;
  cmd0_ = dl->CmdBuffer.Size - 1;
  // Hover and clicks inside see the unzoomed position under the finger (or mouse).
  ImGuiIO& io = ImGui::GetIO();
  if (in_rect(io.MousePos, min, max)) {
    saved_mouse_ = io.MousePos;
    mouse_mapped_ = true;
    io.MousePos = ImVec2(min.x + off_.x + (io.MousePos.x - min.x) / scale_, min.y + off_.y + (io.MousePos.y - min.y) / scale_);
  }
}

ZoomArea::~ZoomArea() {
  if (scale_ <= 1.0001f) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto map = [&](ImVec2 p) {
    return ImVec2(min_.x + (p.x - min_.x - off_.x) * scale_, min_.y + (p.y - min_.y - off_.y) * scale_);
  };
  for (int i = vtx0_; i < dl->VtxBuffer.Size; ++i) dl->VtxBuffer[i].pos = map(dl->VtxBuffer[i].pos);
  for (int i = std::max(0, cmd0_); i < dl->CmdBuffer.Size; ++i) {
    ImVec4& r = dl->CmdBuffer[i].ClipRect;
    const ImVec2 a = map(ImVec2(r.x, r.y)), b = map(ImVec2(r.z, r.w));
    r = ImVec4(std::max(a.x, min_.x), std::max(a.y, min_.y), std::min(b.x, max_.x), std::min(b.y, max_.y));
  }
  dl->PopClipRect();
  if (mouse_mapped_) ImGui::GetIO().MousePos = saved_mouse_;

  // The way back to 1x without a second finger: a small button in the area's top-right corner.
  const ImVec2 keep = ImGui::GetCursorScreenPos();
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(tr(S::UiZoomReset)).x + 2 * st.FramePadding.x;
  ImGui::SetCursorScreenPos(ImVec2(std::max(min_.x, max_.x - w - 6), min_.y + 6));
  ImGui::PushID(static_cast<int>(id_));
  if (ImGui::Button(tr(S::UiZoomReset))) g_zooms[id_] = Zoom{1.0f, ImVec2(0, 0), ImGui::GetFrameCount()};
  ImGui::PopID();
  ImGui::SetCursorScreenPos(keep);
}

float zoom_max_drawn() {
  float m = 1.0f;
  const int f = ImGui::GetFrameCount();
  for (const auto& [id, z] : g_zooms)
    if (f - z.last_frame <= 1) m = std::max(m, z.scale);
  return m;
}

}  // namespace tmx::ui
