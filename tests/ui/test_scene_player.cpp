// The reusable scene player (ui/scene_player.h) inline in notes, and typeset math on the stage
// (Stage::math through ui/stage_hooks.h): headless ImGui, fake texture ids, real math manifest.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "anim/scene.h"
#include "headless_imgui.h"
#include "ui/i18n.h"
#include "ui/markdown/document.h"
#include "ui/markdown/note_view.h"
#include "ui/math.h"
#include "ui/scene_player.h"
#include "ui/stage_hooks.h"

using namespace tmx;
using namespace tmx::ui;
using namespace tmx::ui::md;

namespace {

const ImVec2 kWindow(760, 1500);  // tall enough that two inline players are both on screen

// One frame of the note with the mouse at `mouse` (button state `down`) and keys as given.
void note_frame(test::HeadlessImGui& g, NoteView& v, ImVec2 mouse, bool down = false, bool space = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Space] = ' ';
  io.KeyMap[ImGuiKey_LeftArrow] = 1;
  io.KeyMap[ImGuiKey_RightArrow] = 2;
  io.MousePos = mouse;
  io.MouseDown[0] = down;
  io.KeysDown[' '] = space;
  g.frame([&] { v.draw(); }, kWindow);
}

// A click: press in one frame, release in the next (ImGui buttons fire on release).
void click(test::HeadlessImGui& g, NoteView& v, ImVec2 at) {
  note_frame(g, v, at, true);
  note_frame(g, v, at, false);
}

const ScenePlayer& player_of(const NoteView& v, int block) { return *v.players().at(v.doc().blocks[block].id); }

}  // namespace

TEST_CASE("inline scene: the directive draws a player; its play button advances t; two players are independent",
          "[scene-player][markdown]") {
  test::HeadlessImGui g(1280, 1600);
  NoteView v;
  v.set_document(parse("Intro.\n\n```scene attention-mechanism\n```\n\n```scene mamba-mechanism\n```\n"), "n", ".", ".");
  REQUIRE(v.players().size() == 2);
  const ImVec2 away(5, 5);
  for (int i = 0; i < 3; ++i) note_frame(g, v, away);  // lay out (card heights are measured after a draw)
  const ScenePlayer& a = player_of(v, 1);
  const ScenePlayer& b = player_of(v, 2);
  // Both drew a stage at reading-column width.
  CHECK(a.stage_max().x - a.stage_min().x > 600);
  CHECK(b.stage_min().y > a.stage_max().y);
  CHECK(a.t() == 0);
  CHECK_FALSE(a.playing());

  click(g, v, a.play_button_center());
  REQUIRE(a.playing());
  for (int i = 0; i < 30; ++i) note_frame(g, v, away);  // half a second of frames at 1/60 s
  CHECK(a.t() > 0.3f);
  CHECK(a.playing());
  CHECK_FALSE(b.playing());  // the other player did not move
  CHECK(b.t() == 0);

  // Space with the mouse over the second player toggles that one only.
  const ImVec2 over_b((b.stage_min().x + b.stage_max().x) / 2, (b.stage_min().y + b.stage_max().y) / 2);
  note_frame(g, v, over_b);
  note_frame(g, v, over_b, false, true);
  note_frame(g, v, over_b, false, false);
  CHECK(b.playing());
  CHECK(a.playing());  // unchanged by a key meant for b
  CHECK(b.keys_active());
  CHECK_FALSE(a.keys_active());
}

TEST_CASE("inline scene: Space is not taken when no player is hovered or was clicked", "[scene-player][markdown]") {
  test::HeadlessImGui g(1280, 1600);
  NoteView v;
  v.set_document(parse("```scene attention-mechanism\n```\n"), "n", ".", ".");
  const ImVec2 away(5, 1400);  // inside the window, below the player
  for (int i = 0; i < 3; ++i) note_frame(g, v, away);
  note_frame(g, v, away, false, true);
  note_frame(g, v, away, false, false);
  const ScenePlayer& p = player_of(v, 0);
  CHECK_FALSE(p.playing());
  CHECK_FALSE(p.keys_active());
  // Clicked once (on the stage, which also toggles play), the player keeps the keys after the
  // mouse leaves; a click elsewhere gives them back to the page.
  const ImVec2 stage((p.stage_min().x + p.stage_max().x) / 2, (p.stage_min().y + p.stage_max().y) / 2);
  click(g, v, stage);
  CHECK(p.playing());
  note_frame(g, v, away);
  note_frame(g, v, away, false, true);
  note_frame(g, v, away, false, false);
  CHECK_FALSE(p.playing());  // Space paused it: it was the last player clicked
  click(g, v, away);
  note_frame(g, v, away, false, true);
  note_frame(g, v, away, false, false);
  CHECK_FALSE(p.playing());
}

TEST_CASE("inline scene: t= and chapter= set the start; bad values and unknown scenes show errors", "[scene-player][markdown]") {
  test::HeadlessImGui g(1280, 2400);
  NoteView v;
  v.set_document(parse("```scene attention-mechanism t=12.5\n```\n\n```scene attention-mechanism chapter=3 loop=1 speed=0.5\n```\n\n"
                       "```scene attention-mechanism t=banana chapter=99 color=red\n```\n\n```scene no-such-scene\n```\n\n"
                       "```scene mamba-mechanism t=1e9\n```\n"),
                 "n", ".", ".");
  REQUIRE(v.players().size() == 4);  // the unknown scene has none
  CHECK(player_of(v, 0).t() == Approx(12.5f));
  const ScenePlayer& c3 = player_of(v, 1);
  CHECK(c3.t() == Approx(c3.scene()->chapters()[2].start));
  CHECK(c3.loop());
  CHECK(c3.speed() == 0.5f);
  const std::string problems = param_get(v.doc().blocks[2].params, "#problems");
  CHECK(problems.find("chapter=99") != std::string::npos);
  CHECK(problems.find("color") != std::string::npos);
  CHECK(param_get(v.doc().blocks[0].params, "#problems").empty());
  const ScenePlayer& late = player_of(v, 4);
  CHECK(late.t() == Approx(late.duration()));  // clamped, with a message
  CHECK(param_get(v.doc().blocks[4].params, "#problems").find("outside") != std::string::npos);
  for (int i = 0; i < 3; ++i) g.frame([&] { v.draw(); }, ImVec2(760, 2400));  // draws errors and players, no crash
  CHECK(v.total_height() > 1000);
}

TEST_CASE("scene player: play, loop, end of scene, chapter steps, speeds", "[scene-player]") {
  const auto* info = anim::find_scene("attention-mechanism");
  REQUIRE(info);
  ScenePlayer p(*info);
  const float dur = p.duration();
  p.advance(1.0f);
  CHECK(p.t() == 0);  // paused: time stands still
  p.toggle_play();
  p.set_speed(2);
  p.advance(0.1f);
  CHECK(p.t() == Approx(0.2f));
  p.advance(NAN);
  CHECK(p.t() == Approx(0.2f));
  p.seek(dur - 0.05f);
  p.advance(0.1f);
  CHECK(p.t() == dur);
  CHECK_FALSE(p.playing());  // stops at the end
  p.toggle_play();
  CHECK(p.t() == 0);  // play at the end restarts
  p.set_loop(true);
  p.seek(dur - 0.05f);
  p.advance(0.1f);
  CHECK(p.playing());
  CHECK(p.t() < 1.0f);  // wrapped around
  p.seek(0);
  p.step_chapter(+1);
  CHECK(p.t() == Approx(p.scene()->chapters()[1].start));
  p.set_speed(100);
  CHECK(p.speed() == 2.0f);
  p.set_speed(NAN);
  CHECK(p.speed() == 1.0f);
  p.seek(NAN);
  CHECK(p.t() == 0);
}

//-----------------------------------------------------------------------------
// Stage::math
//-----------------------------------------------------------------------------
namespace {

struct DrawList {
  ImDrawList dl{ImGui::GetDrawListSharedData()};
  DrawList() {
    dl._ResetForNewFrame();
    dl.PushClipRectFullScreen();
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  }
  bool uses_texture(ImTextureID id) const {
    for (const ImDrawCmd& c : dl.CmdBuffer)
      if (c.TextureId == id && c.ElemCount > 0) return true;
    return false;
  }
};

bool load_build_math() {
  if (math_cache().size() > 0 && math_cache().dir() == TMX_MATH_DIR) return true;
  return math_cache().load(TMX_MATH_DIR);
}

}  // namespace

TEST_CASE("Stage::math draws the manifest's PNG, tinted for the theme; unknown LaTeX falls back to text", "[scene-player][math]") {
  test::HeadlessImGui g;
  REQUIRE(load_build_math());
  const char* latex = R"(QK^\top/\sqrt{d_k})";
  const MathEntry* e = math_cache().find(latex, true);
  REQUIRE(e);  // a scene formula: gen_math.mjs typesets R"tex(...)tex" literals in src/anim/scenes
  CHECK(e->max_zoom == 4);
  ImGui::NewFrame();
  for (bool dark : {true, false}) {
    INFO("dark " << dark);
    DrawList d;
    const float width = 960, size = 0.32f;  // 60 px per unit: ~19 px text
    anim::Stage stage(&d.dl, ImVec2(0, 0), width, stage_fonts(), dark, stage_math());
    const int v0 = d.dl.VtxBuffer.Size;
    const ImVec2 sz = stage.math({8, 4}, latex, anim::Txt().size(size).center());
    const float zoom = stage.len(size) / anim::Stage::kMathEmPx;
    const Texture& tex = math_cache().texture(*e, zoom);
    REQUIRE(tex.id);
    CHECK(d.uses_texture(tex.id));
    CHECK(sz.x * stage.scale() == Approx(e->width * zoom).epsilon(0.01));
    CHECK(sz.y * stage.scale() == Approx(e->height * zoom).epsilon(0.01));
    // One quad, tinted with the theme's foreground (the PNG is white on transparent).
    REQUIRE(d.dl.VtxBuffer.Size == v0 + 4);
    CHECK(d.dl.VtxBuffer[v0].col == anim::StageColors::make(dark).fg);
    // Centred on x = 8 units.
    CHECK((d.dl.VtxBuffer[v0].pos.x + d.dl.VtxBuffer[v0 + 2].pos.x) / 2 == Approx(8 * stage.scale()).margin(1.0));
  }
  {  // Large stage (a 1080p export): the 4x PNG.
    DrawList d;
    anim::Stage stage(&d.dl, ImVec2(0, 0), 1920, stage_fonts(), true, stage_math());
    stage.math({8, 4}, latex, anim::Txt().size(0.4f));
    CHECK(d.uses_texture(math_cache().texture(*e, 3.0f).id));
    CHECK(math_cache().texture(*e, 3.0f).height == Approx(4 * e->height).margin(2));
  }
  {  // Not in the manifest: drawn as text with the font texture, no image.
    DrawList d;
    anim::Stage stage(&d.dl, ImVec2(0, 0), 960, stage_fonts(), true, stage_math());
    const ImVec2 sz = stage.math({1, 1}, R"(\notInTheManifest{x})", anim::Txt().size(0.3f));
    CHECK(sz.x > 1.0f);
    CHECK(d.dl.CmdBuffer.Size == 1);
    CHECK(d.dl.VtxBuffer.Size > 40);
  }
  {  // No hook at all (e.g. a caller without the UI layer): text, never a crash.
    DrawList d;
    anim::Stage stage(&d.dl, ImVec2(0, 0), 960, stage_fonts(), true);
    CHECK(stage.math({1, 1}, latex, anim::Txt().size(0.3f)).x > 0);
    CHECK(stage.math({1, 1}, "", anim::Txt().size(0.3f)).x == 0);
    CHECK(stage.math({1, 1}, nullptr, anim::Txt().size(0.3f)).x == 0);
  }
  ImGui::EndFrame();
}

// Every formula a scene draws must have been typeset by the build; one that is missing would
// silently show LaTeX source. Two checks: the literals in the sources, and what the scenes
// actually ask for while they play.
TEST_CASE("every scene formula is in the build's math manifest", "[scene-player][math]") {
  REQUIRE(load_build_math());
  // 1. Source: every R"tex(...)tex" literal under src/anim/scenes.
  int literals = 0;
  const std::regex re(R"re(R"tex\(([\s\S]*?)\)tex")re");
  for (const auto& f : std::filesystem::directory_iterator(std::string(TMX_SOURCE_DIR) + "/src/anim/scenes")) {
    if (f.path().extension() != ".cpp") continue;
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
      ++literals;
      INFO(f.path().filename().string() << ": " << (*it)[1].str());
      CHECK(math_cache().find((*it)[1].str(), true) != nullptr);
    }
  }
  CHECK(literals >= 6);
  // 2. Runtime: play every scene (4 frames a second) and record what misses the manifest.
  test::HeadlessImGui g;
  ImGui::NewFrame();
  std::set<std::string> asked, missing;
  anim::StageMath rec;
  const anim::StageMath real = stage_math();
  rec.find = [&](const std::string& latex, float zoom, anim::StageMathImage& out) {
    asked.insert(latex);
    const bool ok = real.find(latex, zoom, out);
    if (!ok) missing.insert(latex);
    return ok;
  };
  for (const auto& info : anim::scenes()) {
    auto s = info.create();
    for (float t = 0; t <= s->duration() + 0.25f; t += 0.25f) {
      DrawList d;
      anim::Stage stage(&d.dl, ImVec2(0, 0), 960, stage_fonts(), true, rec);
      s->render(stage, t);
    }
  }
  for (const auto& m : missing) FAIL_CHECK("formula not in the manifest (rebuild, or mark it R\"tex(...)tex\"): " << m);
  CHECK(asked.size() >= 6);
  ImGui::EndFrame();
}

TEST_CASE("trf fills numbered placeholders", "[ui][i18n]") {
  CHECK(trf(S::SceneTimeOf, {"1.5", "40.0"}) == "1.5 / 40.0 s");
  CHECK(trf(S::SceneAtTime, {}) == " s");  // missing arguments are left empty, not a crash
  CHECK(std::string(tr(S::ScenePlay)) == "Play");
}

TEST_CASE("a ```video block with scene= shows that scene live when the recording cannot play here",
          "[scene-player][markdown][video]") {
  // Headless: no video platform, so every video "cannot play here" (as in the desktop app, the
  // offline file, or a web build without the rendered MP4).
  test::HeadlessImGui g(1280, 1600);
  NoteView v;
  v.set_document(parse("```video grouped-query-attention.mp4 scene=grouped-query-attention\n```\n\n"
                       "```video clip.mp4 scene=no-such-scene\n```\n\n"
                       "```video ../x.mp4 scene=mamba-mechanism\n```\n"),
                 "n", ".", ".");
  // The first has a live player of the named scene; the unknown fallback scene is a problem.
  REQUIRE(v.players().size() == 2);
  const ScenePlayer& live = player_of(v, 0);
  CHECK(std::string(live.info()->slug) == "grouped-query-attention");
  for (int i = 0; i < 3; ++i) note_frame(g, v, ImVec2(5, 5));
  CHECK(live.stage_max().x - live.stage_min().x > 600);  // drawn at reading-column width
  click(g, v, live.play_button_center());
  CHECK(live.playing());
  CHECK(v.doc().blocks[1].params.back().first == "#problems");
  CHECK(v.doc().blocks[1].params.back().second.find("no-such-scene") != std::string::npos);
  // A hostile file name is an error even with a fallback: its player is never drawn.
  const ScenePlayer& hostile = player_of(v, 2);
  CHECK(hostile.stage_max().x - hostile.stage_min().x == 0);
}
