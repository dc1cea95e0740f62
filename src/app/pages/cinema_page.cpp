// Cinema: the scene index (cards with live thumbnails) and the scene player
// (#/cinema/<slug>?t=12.5&speed=0.5&loop=1; #/embed/cinema/<slug>?t=… has no app chrome).
//
// [SECTION] Player state and URL parameters
// [SECTION] Player page: the shared player plus URL sync, fullscreen, links
// [SECTION] Scene index with thumbnails
// [SECTION] Page
#include <imgui.h>

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
#include "ui/cjk_wrap.h"
#include "ui/export.h"
#include "ui/i18n.h"
#include "ui/scene_params.h"
#include "ui/scene_player.h"
#include "ui/scene_text.h"
#include "ui/scene_video.h"
#include "ui/stage_hooks.h"
#include "ui/theme.h"
#include "ui/url.h"

namespace tmx {

//-----------------------------------------------------------------------------
// [SECTION] Player state and URL parameters
//-----------------------------------------------------------------------------
namespace {

constexpr float kUrlEverySeconds = 1.0f;  // while playing, the URL's t follows at this rate

// The page's state around the reusable player (ui/scene_player.h): what the URL said last.
struct CinemaState {
  std::string slug;
  ui::ScenePlayer player;
  std::string applied;               // route key last applied from / written to the URL
  std::vector<std::string> notices;  // problems with the URL's values, shown above the stage
  float since_url = 0;               // seconds since the URL's t was last written while playing
  ui::SceneVideo video;              // "Video" toggle: the scene's MP4 instead of the live drawing
};

CinemaState& cinema() {
  static CinemaState c;
  return c;
}

std::string route_key(const Route& r) { return r.slug + ui::query_string(r.params); }

// Times in the URL: hundredths, trailing zeros trimmed to one decimal ("12.5", "3.0", "7.25").
std::string fmt_url_time(float t) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", t);
  std::string s = b;
  if (s.size() > 3 && s.back() == '0') s.pop_back();
  return s;
}

// t, chapter, speed and loop from the address (ui/scene_params.h: the same rules as a note's
// ```scene block). Without t or chapter the scene starts at 0.
void apply_params(CinemaState& c, const Route& r) {
  ui::ScenePlayer& p = c.player;
  const ui::SceneParams sp = ui::read_scene_params(r.params, *p.scene());
  c.notices = sp.problems;
  p.seek(0);
  ui::apply_scene_params(p, sp);
}

ui::Params current_params(const ui::ScenePlayer& p) {
  ui::Params out = {{"t", fmt_url_time(p.t())}};
  if (p.speed() != 1.0f) {
    char b[16];
    std::snprintf(b, sizeof b, "%g", p.speed());
    out.push_back({"speed", b});
  }
  if (p.loop()) out.push_back({"loop", "1"});
  return out;
}

void write_url(App& app, CinemaState& c) {
  app.replace_params(current_params(c.player));
  c.applied = route_key(app.route());
  c.since_url = 0;
}

}  // namespace

const std::vector<std::string>& cinema_notices() { return cinema().notices; }

//-----------------------------------------------------------------------------
// [SECTION] Player page: the shared player plus URL sync, fullscreen, links
//-----------------------------------------------------------------------------
static void draw_player(App& app, const anim::SceneInfo& info) {
  CinemaState& c = cinema();
  ui::ScenePlayer& p = c.player;
  const Route& route = app.route();
  if (c.slug != info.slug || !p.scene()) {
    c = CinemaState();
    c.slug = info.slug;
    p.set_scene(info);
  }
  if (c.applied != route_key(route)) {  // address changed from outside: load, back/forward, link
    apply_params(c, route);
    c.applied = route_key(route);
    p.pause();
  }
  if (p.playing()) c.since_url += std::min(0.25f, std::max(0.0f, ImGui::GetIO().DeltaTime));

  // Fullscreen: the stage alone, filling the screen (Esc, or the browser's own exit, leaves).
  const bool fullscreen = platform::is_fullscreen();
  if (fullscreen && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) platform::toggle_fullscreen();
  const ui::Palette& pal = ui::palette();
  for (const auto& n : fullscreen ? std::vector<std::string>() : c.notices) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
    ui::text_wrapped(trf(S::SceneNotice, {n}));
    ImGui::PopStyleColor();
  }

  // The stage as large as fits with the controls below it; keys always belong to this player.
  ui::ScenePlayer::Options opt;
  const float avail_y = ImGui::GetContentRegionAvail().y;
  const float controls_h = 124.0f;  // scrub bar, buttons and one row of chapters
  if (avail_y > 200.0f && !fullscreen) opt.max_stage_height = avail_y - controls_h;
  opt.keys = ui::ScenePlayer::Keys::Always;
  opt.stage_only = fullscreen;
  // The "Video" toggle (and V key): the scene's MP4, when the build has one, instead of the live
  // drawing; while it plays it is the player's clock.
  opt.draw_stage = [&c](ui::ScenePlayer& sp, ImDrawList* dl, ImVec2 p0, ImVec2 p1) {
    float t = sp.t();
    bool playing = sp.playing();
    if (!c.video.draw_stage(c.slug, dl, p0, p1, t, playing, sp.speed(), sp.loop(), sp.duration())) return false;
    if (t != sp.t()) sp.seek(t);
    if (playing != sp.playing()) sp.toggle_play();
    return true;
  };
  opt.extra_controls = [&c] {
    c.video.draw_toggle(c.slug);
    ui::same_line_if_fits(ImGui::CalcTextSize(tr(S::SceneFullscreen)).x + 24.0f);
    if (ImGui::Button(tr(S::SceneFullscreen))) platform::toggle_fullscreen();
  };
  p.draw(opt);

  // State -> URL (replace, no history entry): at once when paused, once a second while playing.
  // While paused, t snaps to the URL's precision, so the link redraws exactly this frame.
  if (!p.playing()) p.seek(std::strtof(fmt_url_time(p.t()).c_str(), nullptr));
  const ui::Params now = current_params(p);
  if (now != route.params && (!p.playing() || c.since_url >= kUrlEverySeconds)) write_url(app, c);

  if (!route.embed && !fullscreen) {
    ImGui::Dummy(ImVec2(0, 6));
    const std::string base = platform::share_base_url();
    Route share = app.route();
    const std::string link = base + format_route(share);
    share.embed = true;
    const std::string embed = "<iframe src=\"" + base + format_route(share) +
                              "\" width=\"800\" height=\"560\" style=\"border:0\" loading=\"lazy\" "
                              "allowfullscreen title=\"" + std::string(info.title) + "\"></iframe>";
    ui::copy_button(tr(S::CopyLink), link);
    ImGui::SameLine();
    ui::copy_button(tr(S::CopyEmbed), embed);
    ui::copy_fallback_box(tr(S::CopyLink), link);
    ui::copy_fallback_box(tr(S::CopyEmbed), embed);
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
  const anim::Scene* sc = thumbnail_scene(s);
  CardExtras ex;
  ex.thumb_size = ImVec2(192.0f, 108.0f);
  ex.thumb = [&](ImDrawList* dl, ImVec2 pos, ImVec2 size) {
    anim::Stage stage = ui::make_stage(dl, pos, size.x, app.dark_theme());
    stage.set_text_floor(ui::stage_text_floor(), /*drop_smaller=*/true);  // a picture: unreadable text left out
    sc->render(stage, 0);  // t = 0 is the scene's poster
  };
  ex.footer = trf(S::SceneCardMeta, {ui::fmt_scene_time(sc->duration()), std::to_string(sc->chapters().size())});
  return link_card(s.slug, ui::registry_text(s.title).c_str(), ui::registry_text(s.summary).c_str(), width, ex.thumb_size.y + 32.0f, &ex);
}

//-----------------------------------------------------------------------------
// [SECTION] Page
//-----------------------------------------------------------------------------
void draw_cinema_page(App& app) {
  const Route& route = app.route();
  if (!route.slug.empty()) {
    const anim::SceneInfo* info = anim::find_scene(route.slug);
    if (!info) return draw_not_found_page(app, tr(S::UnknownScene));
    if (!route.embed && !platform::is_fullscreen()) page_title(ui::registry_text(info->title).c_str(), nullptr);
    return draw_player(app, *info);
  }
  if (route.embed) return draw_not_found_page(app, tr(S::UnknownScene));
  page_title(tr(S::CinemaIndexTitle), tr(S::CinemaIndexIntro));
  const auto& ss = anim::scenes();
  if (ss.empty()) ImGui::TextDisabled("%s", tr(S::CinemaEmpty));
  const float w = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
  for (const auto& s : ss) {
    if (scene_card(app, s, w)) app.go_hash(ui::room_hash("cinema", s.slug));
    ImGui::Dummy(ImVec2(0, 4));
  }
}

}  // namespace tmx
