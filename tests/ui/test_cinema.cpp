// Cinema: every scene draws at start, middle and end in a headless ImGui context; a frame is a
// pure function of t (played to t == scrubbed to t, vertex for vertex); t = 0 is a poster (title
// and a first picture); every chapter's midpoint passes the legibility rules at 1280 x 720; the
// timeline's motion vocabulary (move, transform, highlight, camera, eases) does what it says;
// the player clamps bad URL values with a visible notice and writes t back to the URL.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "app/app.h"
#include "app/platform.h"
#include "core/model_size.h"
#include "headless_imgui.h"
#include "ui/math.h"
#include "ui/stage_hooks.h"

using namespace tmx;

namespace tmx::anim {
std::unique_ptr<Scene> make_template_scene();  // src/anim/scenes/_template.cpp
}

namespace {

struct Frame {
  int cmds = 0;  // draw commands: > 1 once a formula image (another texture) is on screen
  std::vector<ImDrawVert> vtx;
  std::vector<ImDrawIdx> idx;
  bool operator==(const Frame& o) const {
    return cmds == o.cmds && vtx.size() == o.vtx.size() && idx == o.idx &&
           std::memcmp(vtx.data(), o.vtx.data(), vtx.size() * sizeof(ImDrawVert)) == 0;
  }
};

// Frames include the typeset formulas (image quads) when the build's math is available.
// floor_px: the text floor a small screen sets (Stage::set_text_floor).
Frame draw_frame(const anim::Scene& s, float t, float width = 960.0f, anim::StageLog* log = nullptr, float floor_px = 0,
                 bool drop_smaller = false) {
  if (ui::math_cache().size() == 0) ui::math_cache().load(TMX_MATH_DIR);
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  anim::Stage stage = ui::make_stage(&dl, ImVec2(0, 0), width, true);
  stage.set_log(log);
  stage.set_text_floor(floor_px, drop_smaller);
  s.render(stage, t);
  Frame f;
  f.cmds = dl.CmdBuffer.Size;
  f.vtx.assign(dl.VtxBuffer.Data, dl.VtxBuffer.Data + dl.VtxBuffer.Size);
  f.idx.assign(dl.IdxBuffer.Data, dl.IdxBuffer.Data + dl.IdxBuffer.Size);
  return f;
}

// Every registered scene plus the template a new scene starts from.
std::vector<std::pair<std::string, std::unique_ptr<anim::Scene>>> all_scenes() {
  std::vector<std::pair<std::string, std::unique_ptr<anim::Scene>>> out;
  for (const auto& info : anim::scenes()) out.emplace_back(info.slug, info.create());
  out.emplace_back("_template", anim::make_template_scene());
  return out;
}

bool overlap(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1, float inset) {
  return std::min(a1.x, b1.x) - std::max(a0.x, b0.x) > inset && std::min(a1.y, b1.y) - std::max(a0.y, b0.y) > inset;
}

// Liang-Barsky: does segment p-q pass through the rectangle (shrunk by `inset` px)?
bool crosses(ImVec2 p, ImVec2 q, ImVec2 r0, ImVec2 r1, float inset) {
  r0 = ImVec2(r0.x + inset, r0.y + inset);
  r1 = ImVec2(r1.x - inset, r1.y - inset);
  if (r1.x <= r0.x || r1.y <= r0.y) return false;
  float t0 = 0, t1 = 1;
  const float dx = q.x - p.x, dy = q.y - p.y;
  const float pp[4] = {-dx, dx, -dy, dy}, qq[4] = {p.x - r0.x, r1.x - p.x, p.y - r0.y, r1.y - p.y};
  for (int i = 0; i < 4; ++i) {
    if (pp[i] == 0) {
      if (qq[i] < 0) return false;
      continue;
    }
    const float r = qq[i] / pp[i];
    if (pp[i] < 0) t0 = std::max(t0, r);
    else t1 = std::min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

// The legibility rules for one frame's log (1280 x 720): returns the problems found.
std::vector<std::string> legibility_problems(const anim::StageLog& log) {
  std::vector<std::string> bad;
  const auto& ts = log.texts;
  for (size_t i = 0; i < ts.size(); ++i) {
    const auto& a = ts[i];
    if (a.px < 14.0f - 1e-3f) bad.push_back("text smaller than 14 px (" + std::to_string(a.px) + "): " + a.s);
    if (a.min.x < -1 || a.max.x > 1281 || a.min.y < -1 || a.max.y > 721) bad.push_back("text off the stage: " + a.s);
    if (!a.math && (a.s.find('_') != std::string::npos || a.s.find('^') != std::string::npos))
      bad.push_back("untypeset subscript or superscript (use Stage::math): " + a.s);
    for (size_t j = i + 1; j < ts.size(); ++j)
      if (overlap(a.min, a.max, ts[j].min, ts[j].max, 1.5f)) bad.push_back("labels overlap: '" + a.s + "' and '" + ts[j].s + "'");
    for (const auto& l : log.lines)
      if (crosses(l.a, l.b, a.min, a.max, 2.0f)) {
        bad.push_back("a line crosses the label: " + a.s);
        break;
      }
  }
  for (const auto& p : log.plots) {
    if (p.labelled < p.series) bad.push_back("a plot without a legend entry for every series");
    if (p.x_ticks < 2 || p.y_ticks < 2) bad.push_back("a plot without axis values");
  }
  return bad;
}

// What `draw` logs on a 1280 px stage with a draw list of its own (inside a HeadlessImGui frame).
anim::StageLog log_of(const std::function<void(anim::Stage&)>& draw) {
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  anim::StageLog log;
  anim::Stage s = ui::make_stage(&dl, ImVec2(0, 0), 1280, true);
  s.set_log(&log);
  draw(s);
  return log;
}

}  // namespace

TEST_CASE("the attention, grouped-query and Mamba scenes are registered", "[cinema]") {
  for (const char* slug : {"attention-mechanism", "grouped-query-attention", "mamba-mechanism"}) {
    INFO(slug);
    CHECK(anim::find_scene(slug) != nullptr);
  }
}

TEST_CASE("every scene draws at start, middle and end; chapters are ordered and captioned", "[cinema]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  REQUIRE(!anim::scenes().empty());
  for (const auto& [slug, s] : all_scenes()) {
    INFO(slug);
    REQUIRE(s->duration() > 5.0f);
    REQUIRE(s->duration() < 600.0f);
    REQUIRE(s->chapters().size() >= (slug == "_template" ? 2u : 3u));
    CHECK(s->chapters()[0].start == 0.0f);
    for (size_t i = 1; i < s->chapters().size(); ++i) CHECK(s->chapters()[i].start > s->chapters()[i - 1].start);
    for (const auto& c : s->chapters()) CHECK(!c.caption.empty());
    const Frame a = draw_frame(*s, 0), b = draw_frame(*s, s->duration() / 2), c = draw_frame(*s, s->duration());
    CHECK(b.vtx.size() > 200);
    CHECK(c.vtx.size() > 200);
    CHECK(!(b == c));  // the scene changes over time
    // Out-of-range and non-finite times are clamped, never a crash.
    CHECK(draw_frame(*s, -5) == a);
    CHECK(draw_frame(*s, 1e9f) == c);
    CHECK(draw_frame(*s, NAN) == a);
  }
  ImGui::EndFrame();
}

TEST_CASE("t = 0 is a poster: the title and a first picture, not an empty stage", "[cinema]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  for (const auto& [slug, s] : all_scenes()) {
    INFO(slug);
    anim::StageLog log;
    const Frame f = draw_frame(*s, 0, 1280, &log);
    // Title (top band), and content drawn in the content band: text there, or many vertices.
    bool title = false;
    int content_texts = 0;
    for (const auto& t : log.texts) {
      if (t.max.y < 1.2f * 80) title = title || t.px > 30;
      else if (t.max.y < anim::Stage::kContentBottom * 80) ++content_texts;
    }
    CHECK(title);
    CHECK(content_texts >= 2);
    CHECK(f.vtx.size() > 300);
  }
  ImGui::EndFrame();
}

TEST_CASE("legibility: at each chapter's midpoint and the last frame at 1280x720, text >= 14 px, no overlaps or crossed labels, typeset "
          "subscripts, plots with legend and axis values", "[cinema][legibility]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  int frames = 0, texts = 0, plots = 0;
  for (const auto& [slug, s] : all_scenes()) {
    const auto& cs = s->chapters();
    for (size_t k = 0; k <= cs.size(); ++k) {  // each chapter's midpoint, then the last frame
      const bool last = k == cs.size();
      const float end = k + 1 < cs.size() ? cs[k + 1].start : s->duration();
      const float t = last ? s->duration() : (cs[k].start + end) / 2;
      INFO(slug << (last ? ", last frame" : ", chapter " + std::to_string(k + 1) + " '" + cs[k].title + "'") << " at t = " << t);
      anim::StageLog log;
      draw_frame(*s, t, 1280, &log);
      for (const auto& p : legibility_problems(log)) FAIL_CHECK(p);
      ++frames;
      texts += static_cast<int>(log.texts.size());
      plots += static_cast<int>(log.plots.size());
    }
  }
  CHECK(frames >= 2 * 19);
  CHECK(texts > 300);
  CHECK(plots >= 3);  // the Mamba scene's plots are among the checked
  ImGui::EndFrame();
}

// What a reader on a phone would see wrong in one frame: pairs of texts that overlap (touching is
// fine), texts the stage or the content band cuts, texts under the floor.
struct PhoneProblems {
  int overlaps = 0, clipped = 0, small = 0;
  std::vector<std::string> what;
};
PhoneProblems phone_problems(const anim::StageLog& log, float floor_px) {
  PhoneProblems p;
  const auto& ts = log.texts;
  for (size_t i = 0; i < ts.size(); ++i) {
    const auto& a = ts[i];
    if (a.px < floor_px - 1e-3f) {
      ++p.small;
      p.what.push_back("smaller than the floor (" + std::to_string(a.px) + " px): " + a.s);
    }
    if (a.clipped) {
      ++p.clipped;
      char at[96];
      std::snprintf(at, sizeof at, " (on screen %.0f,%.0f - %.0f,%.0f)", a.min.x, a.min.y, a.max.x, a.max.y);
      p.what.push_back("clipped: " + a.s + at);
    }
    for (size_t j = i + 1; j < ts.size(); ++j)
      if (overlap(a.min, a.max, ts[j].min, ts[j].max, 1.0f)) {
        ++p.overlaps;
        p.what.push_back("overlap: '" + a.s + "' and '" + ts[j].s + "'");
      }
  }
  return p;
}

// Every scene at the middle and the end of each chapter on a phone-sized stage (the widths the
// player gives it in landscape) with the 12 px text floor: no overlapping, clipped or small text.
// Texts fading in or out (opacity < 0.3) and ones in flight (Txt::moving) are left out.
TEST_CASE("phone stages: with the 12 px floor no text overlaps another, none is clipped", "[cinema][legibility][phone]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  const float floor_px = 12.0f;
  int frames = 0, texts = 0;
  for (const float width : {844.0f, 640.0f, 600.0f}) {
    std::printf("phone stage %.0f px wide (floor %.0f px): overlapping pairs / clipped texts / texts drawn of the design's\n", width, floor_px);
    for (const auto& [slug, s] : all_scenes()) {
      const auto& cs = s->chapters();
      PhoneProblems sum;
      int shown = 0, designed = 0;  // texts drawn here and in the design (the rest left out: numbers that do not fit, collisions)
      for (size_t k = 0; k < cs.size(); ++k) {
        const float end = k + 1 < cs.size() ? cs[k + 1].start : s->duration();
        for (const float t : {(cs[k].start + end) / 2, end - 0.05f}) {
          INFO(slug << " at " << width << " px, chapter " << k + 1 << " '" << cs[k].title << "' at t = " << t);
          anim::StageLog log;
          log.min_alpha = 0.3f;
          draw_frame(*s, t, width, &log, floor_px);
          anim::StageLog design;  // the same frame at 1280 px, where nothing is enlarged
          design.min_alpha = 0.3f;
          draw_frame(*s, t, 1280, &design);
          shown += static_cast<int>(log.texts.size());
          designed += static_cast<int>(design.texts.size());
          const PhoneProblems p = phone_problems(log, floor_px);
          for (const auto& w : p.what) FAIL_CHECK(w);
          sum.overlaps += p.overlaps;
          sum.clipped += p.clipped;
          sum.small += p.small;
          ++frames;
          texts += static_cast<int>(log.texts.size());
        }
      }
      std::printf("  %-28s %4d %4d   texts %4d of %4d\n", slug.c_str(), sum.overlaps, sum.clipped, shown, designed);
    }
  }
  CHECK(frames >= 80);
  CHECK(texts > 1000);
  ImGui::EndFrame();
}

TEST_CASE("legibility rules catch what they are meant to catch", "[cinema][legibility]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  auto check = [](const std::function<void(anim::Stage&)>& draw) { return legibility_problems(log_of(draw)); };
  using anim::Txt;
  CHECK(check([](anim::Stage& s) { s.text({1, 1}, "fine", Txt::label()); }).empty());
  CHECK(check([](anim::Stage& s) { s.text({1, 1}, "tiny", Txt().size(0.16f)); }).size() == 1);
  CHECK(check([](anim::Stage& s) { s.text({1, 1}, "W_Q", Txt()); }).size() == 1);
  CHECK(check([](anim::Stage& s) { s.text({1, 1}, "one", Txt()); s.text({1.1f, 1.05f}, "two", Txt()); }).size() == 1);
  CHECK(check([](anim::Stage& s) { s.text({1, 1}, "label", Txt()); s.line({0.5f, 1}, {3, 1}, s.col().fg); }).size() == 1);
  CHECK(check([](anim::Stage& s) { s.plot({{2, 2}, {6, 4}}, {{{0, 1, 0}, s.col().fg, ""}}, anim::PlotOpts()); }).size() == 1);
  ImGui::EndFrame();
}

TEST_CASE("matrix cells: a small negative rounded to zero reads 0.0, not -0.0", "[cinema]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  Mat m(1, 4);
  m << -0.04f, -0.5f, 0.02f, -0.0f;
  std::vector<std::string> cells;
  for (const auto& t : log_of([&](anim::Stage& s) { s.matrix({1, 1}, m, anim::Mx().fmt("%.1f")); }).texts) cells.push_back(t.s);
  CHECK(cells == std::vector<std::string>{"0.0", "-0.5", "0.0", "0.0"});
  ImGui::EndFrame();
}

TEST_CASE("a frame is a pure function of t: playing to t draws what scrubbing to t draws", "[cinema]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  for (const auto& info : anim::scenes()) {
    INFO(info.slug);
    auto played = info.create();
    const float target = played->duration() * 0.73f;
    // Play: draw every frame at 30 fps from 0 (this would expose any state kept between frames).
    float t = 0;
    Frame last;
    const float dt = 1.0f / 30.0f;
    const int n = static_cast<int>(target / dt);
    for (int i = 0; i <= n; ++i, t = i * dt) last = draw_frame(*played, t);
    t = n * dt;
    // Scrub: a fresh scene, jumped straight to t after visiting the end.
    auto scrubbed = info.create();
    draw_frame(*scrubbed, scrubbed->duration());
    const Frame jumped = draw_frame(*scrubbed, t);
    CHECK(jumped == last);
    if (std::string(info.slug) == "attention-mechanism") CHECK(last.cmds > 1);  // Q = XW_Q ... are images
    CHECK(!(draw_frame(*scrubbed, t * 0.5f) == last));  // the comparison can fail
  }
  ImGui::EndFrame();
}

TEST_CASE("timeline motion: move, transform, highlight, camera and eases", "[cinema][timeline]") {
  using namespace anim;
  Timeline tl;
  tl.chapter("a", "caption a").create({0}, 1.0f).then().move({0}, {2, -1}, 2.0f, Ease::Linear).then()
      .transform({1}, 1.0f, Ease::Linear).highlight({2}, 2.0f).camera({4, 3}, 2.0f, 1.0f, Ease::Linear).then()
      .camera_reset(1.0f).then();
  tl.end(0.5f);
  CHECK(tl.state(0, 0).alpha == 0);
  CHECK(tl.state(0, 1).alpha == 1);
  CHECK(tl.state(0, 2).offset.x == Approx(1.0f));  // halfway through the move
  CHECK(tl.state(0, 2).offset.y == Approx(-0.5f));
  CHECK(tl.state(0, 10).offset.x == Approx(2.0f));  // stays moved
  CHECK(tl.state(1, 3.5f).morph == Approx(0.5f));
  CHECK(tl.state(2, 4.0f).highlight == Approx(1.0f));  // a pulse: up, then back down
  CHECK(tl.state(2, 5.0f).highlight == Approx(0.0f).margin(1e-4));
  CHECK(tl.camera_at(0).zoom == 1.0f);
  CHECK(tl.camera_at(3.5f).zoom == Approx(1.5f));
  CHECK(tl.camera_at(3.5f).center.x == Approx(6.0f));
  CHECK(tl.camera_at(4.0f).center.y == Approx(3.0f));
  CHECK(tl.camera_at(100).zoom == Approx(1.0f));  // reset
  CHECK(tl.state(5, 2).visible() == false);     // an object without tracks stays hidden
  CHECK(tl.chapters()[0].caption == "caption a");
  CHECK(ease(Ease::OutBack, 0.7f) > 1.0f);       // overshoots, then settles
  CHECK(ease(Ease::OutBack, 1.0f) == Approx(1.0f));
  CHECK(ease(Ease::OutCubic, 0.5f) > 0.5f);
  // The stage follows the camera: a zoom of 2 on the centre doubles lengths around it.
  ImDrawList dl(nullptr);
  Stage s(&dl, ImVec2(0, 0), 1600, {}, true);
  CHECK(s.px({8, 4.5f}).x == Approx(800));
  s.set_camera({{8, 4.5f}, 2});
  CHECK(s.px({9, 4.5f}).x == Approx(1000));
  CHECK(s.len(1) == Approx(200));
}

TEST_CASE("the ported scenes move: each uses transforms or moves; between them they move, pulse, pan and zoom", "[cinema][timeline]") {
  bool camera = false, moved = false, pulsed = false;
  for (const char* slug : {"attention-mechanism", "grouped-query-attention", "mamba-mechanism"}) {
    INFO(slug);
    auto s = anim::find_scene(slug)->create();
    int motion = 0;
    for (const auto& k : s->timeline().tracks()) {
      if (k.kind == anim::TrackKind::Transform || k.kind == anim::TrackKind::Move) ++motion;
      if (k.kind == anim::TrackKind::Camera) camera = true;
      if (k.kind == anim::TrackKind::Move) moved = true;
      if (k.kind == anim::TrackKind::Highlight) pulsed = true;
    }
    CHECK(motion >= 2);
  }
  CHECK(camera);
  CHECK(moved);
  CHECK(pulsed);
}

TEST_CASE("layout helpers derive positions", "[cinema][timeline]") {
  using namespace anim;
  const Rect a = Rect::at({1, 2}, {2, 1});
  CHECK(a.center().x == Approx(2.0f));
  const Rect b = a.right_of({1, 3}, 0.5f);
  CHECK(b.min.x == Approx(3.5f));
  CHECK(b.center().y == Approx(a.center().y));
  CHECK(a.below({2, 1}, 0.25f).min.y == Approx(3.25f));
  const auto r = row({0, 0}, {1, 1}, 3, 0.5f);
  REQUIRE(r.size() == 3);
  CHECK(r[2].min.x == Approx(3.0f));
  CHECK(column({0, 0}, {1, 1}, 2, 1)[1].min.y == Approx(2.0f));
  const Rect g = grid({{0, 0}, {10, 4}}, 2, 5, 1, 2);
  CHECK(g.min.x == Approx(4.0f));
  CHECK(g.min.y == Approx(2.0f));
}

TEST_CASE("chapter stepping moves between chapter starts", "[cinema]") {
  const auto* info = anim::find_scene("attention-mechanism");
  REQUIRE(info);
  auto s = info->create();
  const auto& cs = s->chapters();
  REQUIRE(cs.size() >= 3);
  CHECK(anim::chapter_step(*s, 0, +1) == Approx(cs[1].start));
  CHECK(anim::chapter_step(*s, cs[2].start + 0.1f, -1) == Approx(cs[1].start));
  CHECK(anim::chapter_step(*s, cs[2].start + 2.0f, -1) == Approx(cs[2].start));
  CHECK(anim::chapter_at(*s, cs[1].start + 0.01f) == 1);
}

TEST_CASE("player: URL values are clamped with a notice and t is written back", "[cinema][app]") {
  test::HeadlessImGui h;
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  auto frames = [&](int n) {
    for (int i = 0; i < n; ++i) {
      ImGui::NewFrame();
      app.frame(1.0f / 60.0f);
      ImGui::Render();
      REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  };
  const float dur = anim::find_scene("attention-mechanism")->create()->duration();

  app.on_hash("#/cinema/attention-mechanism?t=12.5");
  frames(3);
  CHECK(app.route().param("t") == "12.5");  // paused: stays where the link said
  app.on_hash("#/cinema/attention-mechanism?t=NaN");
  frames(2);
  CHECK(app.route().param("t") == "0.0");
  app.on_hash("#/cinema/attention-mechanism?t=-5");
  frames(2);
  CHECK(app.route().param("t") == "0.0");
  app.on_hash("#/cinema/attention-mechanism?t=1e9&speed=100");
  frames(2);
  CHECK(std::stof(app.route().param("t")) == Approx(dur).margin(0.006));
  CHECK(app.route().param("speed") == "2");
  app.on_hash("#/embed/cinema/attention-mechanism?t=3&speed=abc&loop=1");
  frames(2);
  CHECK(app.route().embed);
  CHECK(app.route().param("t") == "3.0");
  CHECK(app.route().param("speed").empty());  // 1x is the default and not written
  CHECK(app.route().param("loop") == "1");
  for (const char* r : {"#/cinema", "#/cinema/grouped-query-attention", "#/cinema/mamba-mechanism?t=9",
                        "#/embed/cinema/mamba-mechanism"}) {
    INFO(r);
    app.on_hash(r);
    frames(2);
  }
}

// One frame of the app: whether the chrome (top bar) drew, and how wide the widest filled 16:9
// stage background is.
void stage_frame(App& app, bool& chrome, float& stage_w) {
  ImGui::NewFrame();
  app.frame(1.0f / 60.0f);
  ImGui::Render();
  chrome = false;
  stage_w = 0;
  const ImDrawData* dd = ImGui::GetDrawData();
  const ImU32 bg = anim::StageColors::make(app.dark_theme()).bg;
  for (int i = 0; i < dd->CmdListsCount; ++i) {
    const ImDrawList* dl = dd->CmdLists[i];
    if (std::string(dl->_OwnerName ? dl->_OwnerName : "").find("##topbar") != std::string::npos) chrome = true;
    for (int v = 0; v + 3 < dl->VtxBuffer.Size; ++v)
      if (dl->VtxBuffer[v].col == bg && dl->VtxBuffer[v + 2].col == bg)
        stage_w = std::max(stage_w, dl->VtxBuffer[v + 2].pos.x - dl->VtxBuffer[v].pos.x);
  }
}

TEST_CASE("fullscreen shows the stage alone, as large as the screen allows", "[cinema][app]") {
  test::HeadlessImGui h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  bool chrome = false;
  float w = 0;
  app.on_hash("#/cinema/attention-mechanism");
  for (int i = 0; i < 2; ++i) stage_frame(app, chrome, w);
  CHECK(chrome);
  CHECK(w < 1100);  // beside the navigation, above the controls
  platform::toggle_fullscreen();
  REQUIRE(platform::is_fullscreen());
  for (int i = 0; i < 2; ++i) stage_frame(app, chrome, w);
  CHECK_FALSE(chrome);
  CHECK(w == Approx(1280).margin(2));  // 1280 x 720 of an 1280 x 800 screen, letterboxed
  platform::toggle_fullscreen();
  for (int i = 0; i < 2; ++i) stage_frame(app, chrome, w);
  CHECK(chrome);
}

TEST_CASE("a phone held sideways: the stage takes the page's width (the page scrolls to the controls), fullscreen "
          "fills the screen's height", "[cinema][app][phone]") {
  test::HeadlessImGui h(844, 390);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  bool chrome = false;
  float w = 0;
  app.on_hash("#/cinema/attention-mechanism");
  for (int i = 0; i < 3; ++i) stage_frame(app, chrome, w);
  CHECK(chrome);
  CHECK(w > 760);  // not shrunk to the short window's height (that would be ~310 px)
  CHECK(ui::stage_width_legible(w));
  platform::toggle_fullscreen();
  for (int i = 0; i < 2; ++i) stage_frame(app, chrome, w);
  CHECK_FALSE(chrome);
  CHECK(w == Approx(693).margin(2));  // 693 x 390: the screen's whole height
  platform::toggle_fullscreen();
}

TEST_CASE("a phone held upright: the stage is narrower than a legible one, so it is drawn as a picture", "[cinema][app][phone]") {
  test::HeadlessImGui h(390, 844);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  bool chrome = false;
  float w = 0;
  app.on_hash("#/cinema/attention-mechanism");
  for (int i = 0; i < 3; ++i) stage_frame(app, chrome, w);
  CHECK(w > 300);
  CHECK_FALSE(ui::stage_width_legible(w));
  // As a picture: nothing under the floor is drawn (the title is left out too: too small).
  ImGui::NewFrame();
  const auto s = anim::find_scene("attention-mechanism")->create();
  for (const float t : {0.0f, s->duration() / 2, s->duration()}) {
    INFO("t = " << t);
    anim::StageLog log;
    log.min_alpha = 0;
    draw_frame(*s, t, w, &log, ui::stage_text_floor(), /*drop_smaller=*/true);
    for (const auto& x : log.texts) CHECK(x.px >= 12.0f - 1e-3f);
  }
  ImGui::EndFrame();
}

TEST_CASE("GQA scene numbers: parameter formula matches a real Llama, KV cache is 4/24 of MHA", "[cinema]") {
  LlamaConfig tiny;
  tiny.vocab_size = 50;
  tiny.hidden_size = 48;
  tiny.num_hidden_layers = 2;
  tiny.num_attention_heads = 6;
  tiny.num_key_value_heads = 2;
  tiny.intermediate_size = 80;
  tiny.max_position_embeddings = 16;
  for (bool tied : {false, true}) {
    tiny.tie_word_embeddings = tied;
    Llama m(tiny);
    int64_t n = 0;
    for (const auto& p : m.params()) n += p.value->size();
    CHECK(decoder_params(decoder_shape(tiny)).total() == n);
  }
  const LlamaConfig ref = gqa_reference_config();  // the scene's model
  CHECK(ref.head_dim() == 64);
  CHECK(ref.max_position_embeddings == 2048);
  const double p = static_cast<double>(decoder_params(decoder_shape(ref)).total());
  CHECK(p > 0.95e9);
  CHECK(p < 1.1e9);
  LlamaConfig mha = ref;
  mha.num_key_value_heads = 24;
  CHECK(kv_cache_bytes(decoder_shape(ref), 2048, 1, 2) * 6 == kv_cache_bytes(decoder_shape(mha), 2048, 1, 2));
  CHECK(kv_cache_bytes(decoder_shape(ref), 2048, 1, 2) == 2LL * 24 * 4 * 64 * 2048 * 2);
}
