// Cinema: the scene index (cards with live thumbnails) and the scene player
// (#/cinema/<slug>?t=12.5&speed=0.5&loop=1; #/embed/cinema/<slug>?t=… has no app chrome).
//
// [SECTION] Player state and URL parameters
// [SECTION] Stage, controls, keyboard
// [SECTION] Scene index with thumbnails
// [SECTION] Page
#include <imgui.h>
#include <imgui_internal.h>  // PushItemFlag(NoNav): Space/arrows belong to the player

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "anim/scene.h"
#include "anim/scene_registry.h"
#include "app/app.h"
#include "app/pages/pages.h"
#include "app/platform.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/scene_video.h"
#include "ui/theme.h"

namespace tmx {

//-----------------------------------------------------------------------------
// [SECTION] Player state and URL parameters
//-----------------------------------------------------------------------------
namespace {

constexpr float kSpeeds[] = {0.25f, 0.5f, 0.75f, 1.0f, 1.25f, 1.5f, 2.0f};
constexpr const char* kSpeedNames[] = {"0.25\xC3\x97", "0.5\xC3\x97", "0.75\xC3\x97", "1\xC3\x97",
                                       "1.25\xC3\x97", "1.5\xC3\x97", "2\xC3\x97"};
constexpr int kSpeedCount = 7;
constexpr float kUrlEverySeconds = 1.0f;  // while playing, the URL's t follows at this rate

struct Player {
  std::string slug;
  std::unique_ptr<anim::Scene> scene;
  float t = 0;
  bool playing = false;
  float speed = 1;
  bool loop = false;
  std::string applied;               // route key last applied from / written to the URL
  std::vector<std::string> notices;  // problems with the URL's values, shown above the stage
  float since_url = 0;               // seconds since the URL's t was last written while playing
  ui::SceneVideo video;              // "Video" toggle: the scene's MP4 instead of the live drawing
};

Player& player() {
  static Player p;
  return p;
}

std::string route_key(const Route& r) {
  std::string k = r.slug + "?";
  for (const auto& p : r.params) k += p.first + "=" + p.second + "&";
  return k;
}

// Times in the URL: hundredths, trailing zeros trimmed to one decimal ("12.5", "3.0", "7.25").
std::string fmt_url_time(float t) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", t);
  std::string s = b;
  if (s.size() > 3 && s.back() == '0') s.pop_back();
  return s;
}

std::string fmt_time(float t) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", std::round(t * 10.0f) / 10.0f);
  return b;
}

// Reads a float; false if the text is empty, malformed or not finite.
bool parse_float(const std::string& s, float& out) {
  if (s.empty() || s.size() > 40) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != 0 || !std::isfinite(v)) return false;
  out = static_cast<float>(std::max(-1e30, std::min(1e30, v)));
  return true;
}

void apply_params(Player& p, const Route& r) {
  p.notices.clear();
  const float dur = p.scene->duration();
  const std::string ts = sanitize_for_display(r.param("t"), 24);
  float t = 0;
  char b[160];
  if (!r.param("t").empty()) {
    if (!parse_float(r.param("t"), t)) {
      std::snprintf(b, sizeof b, "t=%s is not a number: starting at 0 s.", ts.c_str());
      p.notices.push_back(b);
      t = 0;
    } else if (t < 0 || t > dur + 0.01f) {  // the URL's hundredths may round the end up a little
      const float c = std::min(dur, std::max(0.0f, t));
      std::snprintf(b, sizeof b, "t=%s is outside the scene (0\xE2\x80\x93%s s): clamped to %s s.", ts.c_str(),
                    fmt_time(dur).c_str(), fmt_time(c).c_str());
      p.notices.push_back(b);
      t = c;
    }
  }
  p.t = std::min(dur, std::max(0.0f, t));
  p.speed = 1;
  if (!r.param("speed").empty()) {
    float s = 1;
    const bool ok = parse_float(r.param("speed"), s);
    const float c = ok ? std::min(2.0f, std::max(0.25f, s)) : 1.0f;
    // Snap to the nearest offered speed.
    int best = 3;
    for (int i = 0; i < kSpeedCount; ++i)
      if (std::fabs(kSpeeds[i] - c) < std::fabs(kSpeeds[best] - c)) best = i;
    p.speed = kSpeeds[best];
    if (!ok || std::fabs(p.speed - s) > 1e-4f) {
      std::snprintf(b, sizeof b, "speed=%s is not one of 0.25\xE2\x80\x93" "2: using %s.",
                    sanitize_for_display(r.param("speed"), 24).c_str(), kSpeedNames[best]);
      p.notices.push_back(b);
    }
  }
  p.loop = r.param("loop") == "1";
}

ui::Params current_params(const Player& p) {
  ui::Params out = {{"t", fmt_url_time(p.t)}};
  if (p.speed != 1.0f) {
    char b[16];
    std::snprintf(b, sizeof b, "%g", p.speed);
    out.push_back({"speed", b});
  }
  if (p.loop) out.push_back({"loop", "1"});
  return out;
}

void write_url(App& app, Player& p) {
  app.replace_params(current_params(p));
  p.applied = route_key(app.route());
  p.since_url = 0;
}

anim::StageFonts stage_fonts() { return {ui::fonts().body, ui::fonts().bold, ui::fonts().mono}; }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Stage, controls, keyboard
//-----------------------------------------------------------------------------
// SameLine, unless the next item (about `width` px) would run off the right edge.
static void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

static void draw_scrub_bar(Player& p, float width) {
  const ui::Palette& pal = ui::palette();
  const float h = 22.0f, dur = p.scene->duration();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##scrub", ImVec2(width, h));
  const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (active) {
    const float u = (ImGui::GetIO().MousePos.x - p0.x) / std::max(1.0f, width);
    p.t = std::min(dur, std::max(0.0f, u * dur));
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = p0.y + h / 2, x1 = p0.x + width;
  dl->AddRectFilled(ImVec2(p0.x, y - 3), ImVec2(x1, y + 3), pal.border, 3);
  const float xt = p0.x + width * (dur > 0 ? p.t / dur : 0);
  dl->AddRectFilled(ImVec2(p0.x, y - 3), ImVec2(xt, y + 3), pal.accent, 3);
  for (const auto& c : p.scene->chapters()) {  // chapter marks
    const float x = p0.x + width * c.start / dur;
    dl->AddRectFilled(ImVec2(x - 1, y - 7), ImVec2(x + 1, y + 7), pal.text_dim);
  }
  dl->AddCircleFilled(ImVec2(xt, y), active || hovered ? 8.0f : 6.5f, pal.accent, 20);
  if (hovered && !active) {
    const float u = (ImGui::GetIO().MousePos.x - p0.x) / std::max(1.0f, width);
    const int k = anim::chapter_at(*p.scene, u * dur);
    ImGui::SetTooltip("%s s%s%s", fmt_time(u * dur).c_str(), k >= 0 ? "  \xC2\xB7  " : "",
                      k >= 0 ? p.scene->chapters()[k].title.c_str() : "");
  }
}

static void draw_player(App& app, const anim::SceneInfo& info) {
  Player& p = player();
  const Route& route = app.route();
  if (p.slug != info.slug || !p.scene) {
    p = Player();
    p.slug = info.slug;
    p.scene = info.create();
  }
  if (p.applied != route_key(route)) {  // address changed from outside: load, back/forward, link
    apply_params(p, route);
    p.applied = route_key(route);
    p.playing = false;
  }
  anim::Scene& scene = *p.scene;
  const float dur = scene.duration();
  ImGuiIO& io = ImGui::GetIO();
  const ui::Palette& pal = ui::palette();

  // Time advances before drawing, so this frame shows the new t.
  if (p.playing) {
    const float dt = std::isfinite(io.DeltaTime) ? std::min(0.25f, std::max(0.0f, io.DeltaTime)) : 0.0f;
    p.t += dt * p.speed;
    if (p.t >= dur) {
      if (p.loop) p.t = std::fmod(p.t, std::max(0.01f, dur));
      else { p.t = dur; p.playing = false; }
    }
    p.since_url += dt;
  }

  // Keyboard: space plays/pauses, arrows step chapters (not while typing somewhere).
  if (!io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
      if (!p.playing && p.t >= dur) p.t = 0;
      p.playing = !p.playing;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) p.t = anim::chapter_step(scene, p.t, -1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) p.t = anim::chapter_step(scene, p.t, +1);
  }

  // Keyboard navigation would make Space also "press" the last clicked button and toggle twice.
  ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
  for (const auto& n : p.notices) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
    ImGui::TextWrapped("Note: %s", n.c_str());
    ImGui::PopStyleColor();
  }

  // Stage: 16:9, as wide as fits with the controls below it.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float controls_h = 124.0f;  // scrub bar, buttons and one row of chapters
  float w = avail.x;
  if (avail.y > 200.0f) w = std::min(w, (avail.y - controls_h) * 16.0f / 9.0f);
  w = std::max(240.0f, std::floor(w));
  const float h = std::floor(w * 9.0f / 16.0f);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##stage", ImVec2(w, h));
  if (ImGui::IsItemClicked()) {
    if (!p.playing && p.t >= dur) p.t = 0;
    p.playing = !p.playing;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  anim::Stage stage(dl, o, w, stage_fonts(), app.dark_theme());
  if (!p.video.draw_stage(p.slug, dl, o, ImVec2(o.x + w, o.y + h), p.t, p.playing, p.speed, p.loop, dur))
    scene.render(stage, p.t);
  if (!p.playing) {  // a big play mark while paused
    const float r = std::min(22.0f, std::max(10.0f, w * 0.022f)), k = r / 22.0f;
    const ImVec2 c(o.x + w - 2 * r, o.y + h - 1.8f * r);
    dl->AddCircleFilled(c, r, IM_COL32(0, 0, 0, 110), 32);
    dl->AddTriangleFilled(ImVec2(c.x - 7 * k, c.y - 11 * k), ImVec2(c.x - 7 * k, c.y + 11 * k), ImVec2(c.x + 12 * k, c.y),
                          IM_COL32(255, 255, 255, 220));
  }

  // Controls.
  ImGui::Dummy(ImVec2(0, 2));
  draw_scrub_bar(p, w);
  if (ImGui::Button(p.playing ? "Pause##pp" : "Play##pp", ImVec2(64, 0))) {
    if (!p.playing && p.t >= dur) p.t = 0;
    p.playing = !p.playing;
  }
  ImGui::SameLine();
  if (ImGui::Button("\xE2\x97\x80##prev")) p.t = anim::chapter_step(scene, p.t, -1);  // ◀
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous chapter (\xE2\x86\x90)");
  ImGui::SameLine();
  if (ImGui::Button("\xE2\x96\xB6##next")) p.t = anim::chapter_step(scene, p.t, +1);  // ▶
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next chapter (\xE2\x86\x92)");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s / %s s", fmt_time(p.t).c_str(), fmt_time(dur).c_str());
  same_line_if_fits(84.0f);
  int si = 3;
  for (int i = 0; i < kSpeedCount; ++i)
    if (kSpeeds[i] == p.speed) si = i;
  ImGui::SetNextItemWidth(84.0f);
  if (ImGui::Combo("##speed", &si, kSpeedNames, kSpeedCount)) p.speed = kSpeeds[si];
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed");
  same_line_if_fits(70.0f);
  ImGui::Checkbox("Loop", &p.loop);
  p.video.draw_toggle(p.slug);
  if (platform::is_web()) {
    same_line_if_fits(100.0f);
    if (ImGui::Button("Fullscreen")) platform::toggle_fullscreen();
  }
  // Chapters.
  const int cur = anim::chapter_at(scene, p.t);
  const auto& cs = scene.chapters();
  ImGui::PushFont(ui::fonts().small);
  for (int i = 0; i < static_cast<int>(cs.size()); ++i) {
    if (i > 0) {
      ImGui::SameLine();
      if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(cs[i].title.c_str()).x + 40.0f) ImGui::NewLine();
    }
    ImGui::PushID(i);
    const bool on = i == cur;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    char label[128];
    std::snprintf(label, sizeof label, "%d. %s", i + 1, cs[i].title.c_str());
    if (ImGui::SmallButton(label)) p.t = cs[i].start;
    if (on) ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::PopFont();
  ImGui::PopItemFlag();

  // State -> URL (replace, no history entry): at once when paused, once a second while playing.
  // While paused, t snaps to the URL's precision, so the link redraws exactly this frame.
  if (!p.playing) p.t = std::strtof(fmt_url_time(p.t).c_str(), nullptr);
  const ui::Params now = current_params(p);
  if (now != route.params && (!p.playing || p.since_url >= kUrlEverySeconds)) write_url(app, p);

  if (!route.embed) {
    ImGui::Dummy(ImVec2(0, 6));
    const std::string base = platform::share_base_url();
    Route share = app.route();
    if (ImGui::Button(tr(S::CopyLink))) platform::copy_to_clipboard(base + format_route(share));
    ImGui::SameLine();
    if (ImGui::Button(tr(S::CopyEmbed))) {
      share.embed = true;
      platform::copy_to_clipboard("<iframe src=\"" + base + format_route(share) +
                                  "\" width=\"800\" height=\"560\" style=\"border:0\" loading=\"lazy\" "
                                  "allowfullscreen title=\"" + std::string(info.title) + "\"></iframe>");
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Scene index with thumbnails
//-----------------------------------------------------------------------------
static const anim::Scene* thumbnail_scene(const anim::SceneInfo& s) {
  static std::map<std::string, std::unique_ptr<anim::Scene>> cache;
  auto& e = cache[s.slug];
  if (!e) e = s.create();
  return e.get();
}

static bool scene_card(App& app, const anim::SceneInfo& s, float width) {
  const ui::Palette& pal = ui::palette();
  const float thumb_w = 192.0f, thumb_h = 108.0f, pad = 12.0f, height = thumb_h + 2 * pad;
  ImGui::PushID(s.slug);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##card", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  dl->AddRectFilled(p0, p1, hovered ? pal.card_hover : pal.card, 8.0f);
  dl->AddRect(p0, p1, hovered ? pal.accent : pal.border, 8.0f, 0, hovered ? 1.5f : 1.0f);
  const anim::Scene* sc = thumbnail_scene(s);
  const ImVec2 to(p0.x + pad, p0.y + pad);
  dl->PushClipRect(to, ImVec2(to.x + thumb_w, to.y + thumb_h), true);
  anim::Stage stage(dl, to, thumb_w, stage_fonts(), app.dark_theme());
  sc->render(stage, sc->poster_time());
  dl->PopClipRect();
  const float tx = to.x + thumb_w + 16.0f;
  ImGui::PushFont(ui::fonts().h3);
  dl->AddText(ImVec2(tx, p0.y + pad), pal.text, s.title);
  const float title_h = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  ImFont* f = ui::fonts().body;
  const float size = f->FontSize * ImGui::GetIO().FontGlobalScale;
  dl->AddText(f, size, ImVec2(tx, p0.y + pad + title_h + 6.0f), pal.text_dim, s.summary, nullptr, p1.x - tx - pad);
  char dur[64];
  std::snprintf(dur, sizeof dur, "%s s \xC2\xB7 %d chapters", fmt_time(sc->duration()).c_str(),
                static_cast<int>(sc->chapters().size()));
  dl->AddText(ImVec2(tx, p1.y - pad - ImGui::GetTextLineHeight()), pal.text_dim, dur);
  ImGui::PopID();
  return clicked;
}

//-----------------------------------------------------------------------------
// [SECTION] Page
//-----------------------------------------------------------------------------
void draw_cinema_page(App& app) {
  const Route& route = app.route();
  if (!route.slug.empty()) {
    const anim::SceneInfo* info = anim::find_scene(route.slug);
    if (!info) return draw_not_found_page(app, tr(S::UnknownScene));
    if (!route.embed) page_title(info->title, nullptr);
    return draw_player(app, *info);
  }
  if (route.embed) return draw_not_found_page(app, tr(S::UnknownScene));
  page_title(tr(S::CinemaIndexTitle), tr(S::CinemaIndexIntro));
  const auto& ss = anim::scenes();
  if (ss.empty()) ImGui::TextDisabled("%s", tr(S::CinemaEmpty));
  const float w = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
  for (const auto& s : ss) {
    if (scene_card(app, s, w)) app.go_hash(std::string("#/cinema/") + s.slug);
    ImGui::Dummy(ImVec2(0, 4));
  }
}

}  // namespace tmx
