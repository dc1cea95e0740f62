// Scene parameters (t, chapter, speed, loop) mean the same on the Cinema page's address and in a
// note's ```scene block: one reader (ui/scene_params.h), the same clamping, the same warnings.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_registry.h"
#include "app/app.h"
#include "app/pages/pages.h"
#include "headless_imgui.h"
#include "ui/i18n.h"
#include "ui/markdown/document.h"
#include "ui/markdown/note_view.h"
#include "ui/scene_params.h"
#include "ui/scene_player.h"
#include "ui/widget.h"

using namespace tmx;

namespace {

constexpr const char* kScene = "attention-mechanism";

struct Outcome {
  float t = 0, speed = 1;
  bool loop = false;
  std::string problems;  // the sentences, joined by "; "
};

// "a=1&b=2" -> the Cinema page at that address, after two frames (it writes its state back to the URL).
Outcome cinema(test::HeadlessImGui& g, App& app, const std::string& query) {
  app.on_hash(std::string("#/cinema/") + kScene + "?" + query);
  g.frames(2, [&] { app.frame(1.0f / 60.0f); });
  Outcome o;
  REQUIRE(app.route().room == Room::Cinema);
  o.t = std::stof(app.route().param("t", "0"));
  o.speed = std::stof(app.route().param("speed", "1"));
  o.loop = app.route().param("loop") == "1";
  for (const std::string& n : cinema_notices()) o.problems += (o.problems.empty() ? "" : "; ") + n;  // as a note joins them
  return o;
}

// The same parameters in a note: ```scene attention-mechanism a=1 b=2
Outcome note(const std::string& query) {
  std::string words = query;
  for (char& c : words)
    if (c == '&') c = ' ';
  ui::md::NoteView v;
  v.set_document(ui::md::parse(std::string("```scene ") + kScene + " " + words + "\n```\n"), "n", ".", ".");
  REQUIRE(v.players().size() == 1);
  const ui::ScenePlayer& p = *v.players().begin()->second;
  Outcome o;
  o.t = p.t();
  o.speed = p.speed();
  o.loop = p.loop();
  o.problems = ui::param_get(v.doc().blocks[0].params, "#problems");
  return o;
}

}  // namespace

TEST_CASE("scene params: the Cinema address and a note's scene block agree on every value", "[scene-params][app]") {
  auto scene = anim::find_scene(kScene)->create();
  const float dur = scene->duration();
  REQUIRE(scene->chapters().size() >= 3);
  char just_past_end[32];
  std::snprintf(just_past_end, sizeof just_past_end, "%.3f", dur + 0.005f);
  // {address query, whether it deserves a warning}
  const std::vector<std::pair<std::string, bool>> queries = {
      {"t=5", false},          {"t=1e9", true},        {std::string("t=") + just_past_end, false},
      {"t=-3", true},          {"t=abc", true},        {"t=nan", true},
      {"speed=0.5", false},    {"speed=3", true},      {"speed=x", true},
      {"speed=0.3", true},     {"speed=1e9", true},    {"loop=1", false},      {"loop=0", false},
      {"loop=yes", true},      {"chapter=2", false},   {"chapter=3&t=5", true},
      {"chapter=99", true},    {"chapter=1.5", true},  {"t=4&speed=1.5&loop=1", false},
      {"foo=1", true}};
  test::HeadlessImGui g(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  for (const auto& [q, warns] : queries) {
    INFO(q);
    const Outcome c = cinema(g, app, q), n = note(q);
    CHECK(c.t == Approx(n.t).margin(0.006f));  // the address keeps hundredths
    CHECK(c.speed == n.speed);
    CHECK(c.loop == n.loop);
    CHECK(c.problems == n.problems);
    CHECK(c.problems.empty() == !warns);
  }
}

TEST_CASE("scene params: values are clamped with a warning, never silently", "[scene-params]") {
  auto scene = anim::find_scene(kScene)->create();
  const float dur = scene->duration();
  auto read = [&](ui::Params p) { return ui::read_scene_params(p, *scene); };

  ui::SceneParams sp = read({{"t", "5"}});
  CHECK(sp.has_start);
  CHECK(sp.t == 5.0f);
  CHECK(sp.problems.empty());

  sp = read({{"t", "1e9"}});
  CHECK(sp.t == dur);
  REQUIRE(sp.problems.size() == 1);
  CHECK(sp.problems[0] == trf(S::SceneTOutside, {"1e9", ui::fmt_scene_time(dur), ui::fmt_scene_time(dur)}));

  sp = read({{"t", std::to_string(dur + 0.5f * ui::kSceneTimeSlack)}});  // a rounded-up end is the end
  CHECK(sp.t == dur);
  CHECK(sp.problems.empty());

  sp = read({{"t", "-1"}});
  CHECK(sp.t == 0.0f);
  CHECK(sp.problems.size() == 1);

  sp = read({{"t", "soon"}});
  CHECK_FALSE(sp.has_start);
  CHECK(sp.problems == std::vector<std::string>{trf(S::SceneTNotNumber, {"soon"})});

  sp = read({{"chapter", "2"}});
  CHECK(sp.has_start);
  CHECK(sp.t == scene->chapters()[1].start);
  CHECK(sp.problems.empty());

  sp = read({{"chapter", "2"}, {"t", "1"}});
  CHECK(sp.t == scene->chapters()[1].start);
  CHECK(sp.problems == std::vector<std::string>{trf(S::SceneParamBoth, {"2"})});

  sp = read({{"speed", "3"}});
  CHECK(sp.speed == 2.0f);
  CHECK(sp.problems.size() == 1);
  sp = read({{"speed", "1e9"}});  // far out of range: still the nearest end
  CHECK(sp.speed == 2.0f);
  CHECK(sp.problems.size() == 1);
  sp = read({{"speed", "-1e20"}});
  CHECK(sp.speed == 0.25f);
  sp = read({{"speed", "0.75"}});
  CHECK(sp.speed == 0.75f);
  CHECK(sp.problems.empty());

  sp = read({{"loop", "true"}});
  CHECK_FALSE(sp.loop);
  CHECK(sp.problems == std::vector<std::string>{trf(S::SceneParamLoop, {"true"})});

  // Hostile text is shown printable and short.
  sp = read({{"t", std::string("\x01<b>\xC0\xAF") + std::string(200, 'x')}});
  REQUIRE(sp.problems.size() == 1);
  CHECK(sp.problems[0].find('\x01') == std::string::npos);
  CHECK(sp.problems[0].find("\xC0\xAF") == std::string::npos);
  CHECK(sp.problems[0].size() < 200);

  // Unknown keys are reported unless the caller allows them; '#' keys are internal.
  CHECK(read({{"x", "1"}}).problems.size() == 1);
  CHECK(ui::read_scene_params({{"scene", "a"}, {"#problems", "b"}}, *scene, {"scene"}).problems.empty());
}
