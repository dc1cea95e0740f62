// [SECTION] Speeds, time text
// [SECTION] State
// [SECTION] Keyboard scope (which player the keys belong to)
// [SECTION] Drawing: stage, scrub bar, controls, chapters
#include "ui/scene_player.h"

#include <imgui.h>
#include <imgui_internal.h>  // PushItemFlag(NoNav): Space/arrows belong to the player

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/a11y.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/opaque_fill.h"
#include "ui/scene_description.h"
#include "ui/scene_text.h"
#include "ui/stage_hooks.h"
#include "ui/touch.h"
#include "ui/theme.h"

namespace tmx::ui {

//-----------------------------------------------------------------------------
// [SECTION] Speeds, time text
//-----------------------------------------------------------------------------
namespace {
constexpr float kSpeeds[kSceneSpeedCount] = {0.25f, 0.5f, 0.75f, 1.0f, 1.25f, 1.5f, 2.0f};
constexpr const char* kSpeedNames[kSceneSpeedCount] = {"0.25\xC3\x97", "0.5\xC3\x97",  "0.75\xC3\x97", "1\xC3\x97",
                                                       "1.25\xC3\x97", "1.5\xC3\x97", "2\xC3\x97"};
constexpr int kOneX = 3;
}  // namespace

float scene_speed(int i) { return kSpeeds[std::min(kSceneSpeedCount - 1, std::max(0, i))]; }
const char* scene_speed_name(int i) { return kSpeedNames[std::min(kSceneSpeedCount - 1, std::max(0, i))]; }

int nearest_scene_speed(float s) {
  if (!std::isfinite(s)) return kOneX;
  int best = kOneX;
  for (int i = 0; i < kSceneSpeedCount; ++i)
    if (std::fabs(kSpeeds[i] - s) < std::fabs(kSpeeds[best] - s)) best = i;
  return best;
}

std::string fmt_scene_time(float t) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", std::round(t * 10.0f) / 10.0f);
  return b;
}

void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------
void ScenePlayer::set_scene(const anim::SceneInfo& info) {
  info_ = &info;
  scene_ = info.create();
  t_ = 0;
  playing_ = false;
  speed_i_ = kOneX;
  loop_ = false;
}

void ScenePlayer::seek(float t) {
  if (!std::isfinite(t)) t = 0;
  t_ = std::min(duration(), std::max(0.0f, t));
}

void ScenePlayer::toggle_play() {
  if (!playing_ && t_ >= duration()) t_ = 0;
  playing_ = !playing_;
}

void ScenePlayer::step_chapter(int dir) {
  if (scene_) t_ = anim::chapter_step(*scene_, t_, dir);
}

void ScenePlayer::advance(float dt) {
  if (!playing_ || !scene_) return;
  dt = std::isfinite(dt) ? std::min(0.25f, std::max(0.0f, dt)) : 0.0f;
  const float dur = duration();
  t_ += dt * speed();
  if (t_ >= dur) {
    if (loop_) t_ = std::fmod(t_, std::max(0.01f, dur));
    else {
      t_ = dur;
      playing_ = false;
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Keyboard scope (which player the keys belong to)
//-----------------------------------------------------------------------------
// Inline players share one rule: the player under the mouse (as of the previous frame, so the
// draw order does not matter) gets the keys; with none under the mouse, the one clicked last.
namespace {
struct KeyScope {
  ImGuiContext* ctx = nullptr;
  int frame = -1;
  ImGuiID hovered_prev = 0, hovered_now = 0, focused = 0;
};

KeyScope& key_scope() {
  static KeyScope k;
  if (k.ctx != ImGui::GetCurrentContext()) k = KeyScope{ImGui::GetCurrentContext()};
  if (k.frame != ImGui::GetFrameCount()) {
    k.frame = ImGui::GetFrameCount();
    k.hovered_prev = k.hovered_now;
    k.hovered_now = 0;
  }
  return k;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Drawing: stage, scrub bar, controls, chapters
//-----------------------------------------------------------------------------
void ScenePlayer::draw_scrub_bar(float width) {
  const Palette& pal = palette();
  const float h = 22.0f, dur = duration();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  double from_page = 0;  // the page's DOM slider (ui/a11y.h)
  if (a11y::take_value(ImGui::GetID("##scrub"), from_page)) seek(static_cast<float>(from_page));
  ImGui::InvisibleButton("##scrub", ImVec2(width, h));
  touch_drag_item();  // a finger on the bar scrubs
  touch_note_item("scrub");
  const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (active) seek((ImGui::GetIO().MousePos.x - p0.x) / std::max(1.0f, width) * dur);
  {
    const int k = anim::chapter_at(*scene_, t_);
    const std::string at = fmt_scene_time(t_);
    a11y::slider(tr(S::A11ySceneTime), t_, 0, dur, 1.0,
                 k >= 0 ? trf(S::SceneAtTimeChapter, {at, scene_->chapters()[k].title}) : trf(S::SceneAtTime, {at}));
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = p0.y + h / 2, x1 = p0.x + width;
  dl->AddRectFilled(ImVec2(p0.x, y - 3), ImVec2(x1, y + 3), pal.border, 3);
  const float xt = p0.x + width * (dur > 0 ? t_ / dur : 0);
  dl->AddRectFilled(ImVec2(p0.x, y - 3), ImVec2(xt, y + 3), pal.accent, 3);
  for (const auto& c : scene_->chapters()) {  // chapter marks
    const float x = p0.x + width * c.start / dur;
    dl->AddRectFilled(ImVec2(x - 1, y - 7), ImVec2(x + 1, y + 7), pal.text_dim);
  }
  dl->AddCircleFilled(ImVec2(xt, y), active || hovered ? 8.0f : 6.5f, pal.accent, 20);
  if (hovered && !active) {
    const float u = std::min(1.0f, std::max(0.0f, (ImGui::GetIO().MousePos.x - p0.x) / std::max(1.0f, width)));
    const int k = anim::chapter_at(*scene_, u * dur);
    const std::string at = fmt_scene_time(u * dur);
    const std::string tip = k >= 0 ? trf(S::SceneAtTimeChapter, {at, scene_text(scene_->chapters()[k].title)})
                                   : trf(S::SceneAtTime, {at});
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

// Below a stage too narrow to read: how to read it. room >= 0: the letterbox below a fullscreen
// stage (drawn there, centred, when it fits).
void ScenePlayer::draw_sideways_hint(float width, float room) {
  const std::string text = stage_sideways_hint();
  const char* hint = text.c_str();
  ImGui::PushFont(fonts().small);
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
  if (room >= 0) {
    const float tw = std::min(width - 24.0f, ImGui::CalcTextSize(hint).x);
    const ImVec2 sz = ImGui::CalcTextSize(hint, nullptr, false, tw);
    if (room >= sz.y + 24.0f) {
      const ImVec2 c = ImGui::GetCursorScreenPos();
      ImGui::SetCursorScreenPos(ImVec2(c.x + std::floor((width - tw) / 2), c.y + 12.0f));
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + tw);
      ImGui::TextUnformatted(hint);
      ImGui::PopTextWrapPos();
    }
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(hint);
    ImGui::PopTextWrapPos();
  }
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void ScenePlayer::draw_controls(const Options& opt) {
  const float dur = duration();
  char label[64];
  // "###": one id whether it reads Play or Pause, so the page's DOM button (and its focus) stays.
  std::snprintf(label, sizeof label, "%s###pp", tr(playing_ ? S::ScenePause : S::ScenePlay));
  const float pw = std::max(ImGui::CalcTextSize(tr(S::ScenePlay)).x, ImGui::CalcTextSize(tr(S::ScenePause)).x) +
                   2 * ImGui::GetStyle().FramePadding.x;
  const bool was_playing = playing_;
  if (ImGui::Button(label, ImVec2(std::max(64.0f, pw), 0))) toggle_play();
  touch_note_item("play");  // where the tests tap it
  a11y::button(tr(was_playing ? S::ScenePause : S::ScenePlay));
  play_center_ = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                        (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
  ImGui::SameLine();
  if (ImGui::Button("\xE2\x97\x80##prev")) step_chapter(-1);  // ◀
  a11y::button(tr(S::ScenePrevChapter));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::ScenePrevChapter));
  ImGui::SameLine();
  if (ImGui::Button("\xE2\x96\xB6##next")) step_chapter(+1);  // ▶
  a11y::button(tr(S::SceneNextChapter));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::SceneNextChapter));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(trf(S::SceneTimeOf, {fmt_scene_time(t_), fmt_scene_time(dur)}).c_str());
  same_line_if_fits(84.0f);
  int si = speed_i_;
  ImGui::SetNextItemWidth(84.0f);
  const ImGuiID speed_id = ImGui::GetID("##speed");
  double from_page = 0;
  if (a11y::take_value(speed_id, from_page) && from_page >= 0 && from_page < kSceneSpeedCount)
    speed_i_ = si = static_cast<int>(from_page);
  if (ImGui::Combo("##speed", &si, kSpeedNames, kSceneSpeedCount)) speed_i_ = si;
  if (ImGui::GetItemID() == speed_id)  // (not while its list is open)
    a11y::choice(tr(S::SceneSpeed), std::vector<std::string>(kSpeedNames, kSpeedNames + kSceneSpeedCount), speed_i_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::SceneSpeed));
  same_line_if_fits(ImGui::CalcTextSize(tr(S::SceneLoop)).x + 40.0f);
  ImGui::Checkbox(tr(S::SceneLoop), &loop_);
  a11y::checkbox(tr(S::SceneLoop), loop_);
  if (opt.extra_controls) opt.extra_controls();

  if (!opt.chapter_row) return;
  const int cur = anim::chapter_at(*scene_, t_);
  const auto& cs = scene_->chapters();
  ImGui::PushFont(fonts().small);
  for (int i = 0; i < static_cast<int>(cs.size()); ++i) {
    const std::string title = scene_text(cs[i].title);  // the chapter name in the UI's language
    if (i > 0) {
      ImGui::SameLine();
      if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(title.c_str()).x + 40.0f) ImGui::NewLine();
    }
    ImGui::PushID(i);
    const bool on = i == cur;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    std::snprintf(label, sizeof label, "%d. ", i + 1);
    if (ui::small_button((label + title).c_str())) seek(cs[i].start);
    if (on) ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::PopFont();
}

void ScenePlayer::draw(const Options& opt) {
  if (!scene_) return;
  ImGuiIO& io = ImGui::GetIO();
  const ImGuiID id = ImGui::GetID("##scene_player");
  KeyScope& ks = key_scope();

  // Time advances before drawing, so this frame shows the new t.
  advance(io.DeltaTime);

  // Keys: never while typing; inline players only when they are the active one.
  keys_active_ = !io.WantTextInput &&
                 (opt.keys == Keys::Always || ks.hovered_prev == id || (ks.hovered_prev == 0 && ks.focused == id));
  if (keys_active_) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) toggle_play();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) step_chapter(-1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) step_chapter(+1);
  }

  // Keyboard navigation would make Space also "press" the last clicked button and toggle twice.
  ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
  ImGui::PushID("##scene_player");
  a11y::begin_region(trf(S::A11ySceneRegion, {info_ ? registry_text(info_->title) : std::string()}));

  // Stage: 16:9, as wide as the region (and the optional height limit) allows. A height limit that
  // would make the stage too small to read (a phone held sideways: a short window) is not applied:
  // the stage takes the whole width and the page scrolls to the controls below it.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float w = avail.x;
  if (opt.max_stage_height > 0) {
    const float by_height = opt.max_stage_height * 16.0f / 9.0f;
    if (stage_width_legible(by_height)) w = std::min(w, by_height);
  }
  if (opt.stage_only) w = std::min(w, avail.y * 16.0f / 9.0f);
  w = std::max(opt.min_width, std::floor(w));
  const float h = std::floor(w * 9.0f / 16.0f);
  // Too narrow for the scene's labels at the readable size (a phone held upright): the stage is
  // drawn as a picture (text that would be under the floor left out) and says how to read it.
  const bool legible = stage_width_legible(w);
  if (opt.stage_only) {  // centred in the region, on black
    const ImVec2 c = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(c, ImVec2(c.x + avail.x, c.y + avail.y), IM_COL32(0, 0, 0, 255));
    ImGui::SetCursorScreenPos(ImVec2(c.x + std::max(0.0f, std::floor((avail.x - w) / 2)), c.y + std::max(0.0f, std::floor((avail.y - h) / 2))));
  }
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##stage", ImVec2(w, h));
  a11y::picture(tr(S::A11yStage), scene_description(*scene_, t_), /*live=*/true);  // ui/scene_description.h
  touch_note_item("stage");
  if (ImGui::IsItemClicked()) toggle_play();
  const bool stage_hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    ZoomArea zoom("##stage_zoom", o, ImVec2(o.x + w, o.y + h));  // pinch zoom (ui/touch.h)
    if (!opt.draw_stage || !opt.draw_stage(*this, dl, o, ImVec2(o.x + w, o.y + h))) {
      anim::Stage stage = make_stage(dl, o, w, theme_is_dark());
      stage.set_background_fill(fill_opaque_rect);  // a clear, not half a screen of shaded pixels
      stage.set_text_floor(stage_text_floor(), /*drop_smaller=*/!legible);
      scene_->render(stage, t_);
    }
  }
  stage_min_ = o;
  stage_max_ = ImVec2(o.x + w, o.y + h);
  if (!playing_ && !opt.stage_only) {  // a big play mark while paused
    const float r = std::min(22.0f, std::max(10.0f, w * 0.022f)), k = r / 22.0f;
    const ImVec2 c(o.x + w - 2 * r, o.y + h - 1.8f * r);
    dl->AddCircleFilled(c, r, IM_COL32(0, 0, 0, 110), 32);
    dl->AddTriangleFilled(ImVec2(c.x - 7 * k, c.y - 11 * k), ImVec2(c.x - 7 * k, c.y + 11 * k), ImVec2(c.x + 12 * k, c.y),
                          IM_COL32(255, 255, 255, 220));
  }

  if (!legible) draw_sideways_hint(opt.stage_only ? avail.x : w, opt.stage_only ? std::floor((avail.y - h) / 2) : -1.0f);
  if (!opt.stage_only) {
    ImGui::Dummy(ImVec2(0, 2));
    draw_scrub_bar(w);
    draw_controls(opt);
  }
  a11y::end_region();
  ImGui::PopID();
  ImGui::PopItemFlag();

  // Which inline player the keys belong to: hovered now, or clicked last.
  if (opt.keys == Keys::WhenActive) {
    const ImVec2 end(o.x + w, ImGui::GetItemRectMax().y);
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
                         ImGui::IsMouseHoveringRect(o, end);
    if (hovered) ks.hovered_now = id;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      if (hovered) ks.focused = id;
      else if (ks.focused == id) ks.focused = 0;
    }
    if (ks.focused == id)  // show where Space goes
      dl->AddRect(ImVec2(o.x - 2, o.y - 2), ImVec2(o.x + w + 2, o.y + h + 2), palette().accent, 4.0f, 0, 2.0f);
    const float hover_s = ImGui::GetCurrentContext()->HoveredIdTimer;
    if (stage_hovered && !playing_ && hover_s > 1.0f && hover_s < 4.0f)  // a brief hint, not while reading
      ImGui::SetTooltip("%s\n%s", tr(S::SceneStageHint), tr(S::SceneKeysHint));
  }
}

}  // namespace tmx::ui
