// The notes room inside the whole app, headless: chapters, deep links, the all-in-one page,
// and the search box driven with mouse and keyboard like a user would.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <string>

#include "app/app.h"
#include "headless_imgui.h"
#include "ui/markdown/library.h"
#include "ui/math.h"
#include "ui/widget.h"

using namespace tmx;

namespace {
// The shared headless context (tests/headless_imgui.h) driving the whole app.
struct Headless : test::HeadlessImGui {
  using HeadlessImGui::HeadlessImGui;
  void frames(App& app, int n) {
    HeadlessImGui::frames(n, [&] { app.frame(1.0f / 60.0f); });
  }
};
}  // namespace

TEST_CASE("notes: chapters, deep links and the all-in-one page draw in the app", "[app][notes]") {
  for (float width : {1280.0f, 420.0f}) {
    Headless h(width, 800);
    App app(std::string(TMX_SOURCE_DIR) + "/content");
    for (const char* r : {"#/notes/attention", "#/notes/attention#masking", "#/notes/ssm-mamba#the-scan",
                          "#/notes/attention#no-such-heading", "#/notes/all", "#/notes/all?repeat=8",
                          "#/notes/all?repeat=-3"}) {
      INFO(r << " at width " << width);
      app.on_hash(r);
      h.frames(app, 4);
      CHECK(app.status_json().find("\"room\":\"notes\"") != std::string::npos);
    }
  }
  CHECK(ui::math_cache().size() >= 50);  // the build's typeset math was found and loaded
}

TEST_CASE("notes: typing in the index search and pressing Enter opens the match", "[app][notes]") {
  Headless h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  app.on_hash("#/notes");
  h.frames(app, 2);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(500, 168);  // the search box under the title (same layout as the browser)
  h.frames(app, 1);
  io.MouseDown[0] = true;
  h.frames(app, 1);
  io.MouseDown[0] = false;
  h.frames(app, 1);
  for (char c : std::string("selective")) io.AddInputCharacter(static_cast<unsigned>(c));
  h.frames(app, 2);
  io.KeysDown[13] = true;
  h.frames(app, 1);
  io.KeysDown[13] = false;
  h.frames(app, 2);
  CHECK(app.route().slug == "ssm-mamba");
  CHECK_FALSE(app.route().anchor.empty());
}

TEST_CASE("notes: every chapter has a summary, a reading time and the scene and widget it embeds", "[app][notes]") {
  ui::md::Library lib;
  lib.scan(std::string(TMX_SOURCE_DIR) + "/content");
  REQUIRE(lib.chapters().size() >= 10);
  for (int i = 0; i < static_cast<int>(lib.chapters().size()); ++i) {
    INFO(lib.chapters()[i].slug);
    const ui::md::ChapterFacts f = lib.facts(i);
    CHECK(f.summary.size() >= 40);   // a sentence, not a fragment
    CHECK(f.summary.size() <= 230);  // and not the whole opening paragraph
    CHECK(f.words > 500);
    CHECK(f.minutes == std::max(1, (f.words + 199) / 200));
    CHECK(f.summary.find('\n') == std::string::npos);
  }
  const ui::md::ChapterFacts a = lib.facts(lib.find("attention"));
  CHECK(a.scene == "attention-mechanism");     // its first ```scene block
  CHECK(a.widget == "attention-example");      // its first ```widget block
  CHECK(a.summary.rfind("A language model reads a sequence of tokens", 0) == 0);
}

TEST_CASE("home: the start-here path and the About page draw; the UI kit gallery is not listed", "[app]") {
  for (float width : {1280.0f, 390.0f}) {
    Headless h(width, 800);
    App app(std::string(TMX_SOURCE_DIR) + "/content");
    for (const char* r : {"#/", "#/about", "#/lab"}) {
      INFO(r << " at " << width);
      app.on_hash(r);
      h.frames(app, 3);
      CHECK(app.status_json().find("\"found\":true") != std::string::npos);
    }
  }
  CHECK(ui::find_widget("ui-kit"));  // still reachable by its URL
  CHECK(ui::find_widget("ui-kit")->internal);
}
