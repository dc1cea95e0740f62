// The catalog (tmx catalog, window.explorer.catalog()): valid JSON listing every note, scene and
// widget, each widget's parameters as declared, and every listed route opens (found: true).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "anim/scene_registry.h"
#include "app/app.h"
#include "core/json.h"
#include "headless_imgui.h"
#include "ui/catalog.h"
#include "ui/widget.h"

using namespace tmx;

TEST_CASE("the catalog lists notes, scenes and widgets with their declared parameters", "[app][catalog]") {
  const std::string root = std::string(TMX_SOURCE_DIR) + "/content";
  const json::Value c = json::parse(ui::catalog_json(root));
  const json::Value* notes = c.find("notes");
  const json::Value* scenes = c.find("scenes");
  const json::Value* widgets = c.find("widgets");
  REQUIRE((notes && scenes && widgets));
  REQUIRE(notes->arr.size() >= 2);
  bool attention = false;
  for (const auto& n : notes->arr) {
    CHECK(!n.get_string("slug").empty());
    CHECK(!n.get_string("title").empty());
    REQUIRE(n.find("headings"));
    CHECK(!n.find("headings")->arr.empty());
    if (n.get_string("slug") == "attention") attention = true;
  }
  CHECK(attention);
  REQUIRE(scenes->arr.size() == anim::scenes().size());
  for (const auto& s : scenes->arr) {
    CHECK(s.get_number("duration") > 0);
    CHECK(!s.find("chapters")->arr.empty());
  }
  REQUIRE(widgets->arr.size() == ui::widgets().size());
  for (const auto& w : widgets->arr) {
    INFO(w.get_string("slug"));
    const ui::WidgetInfo* info = ui::find_widget(w.get_string("slug"));
    REQUIRE(info);
    const auto widget = info->create();
    const auto& specs = widget->param_specs().list();
    const auto& params = w.find("params")->arr;
    REQUIRE(params.size() == specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
      CHECK(params[i].get_string("key") == specs[i].key);
      CHECK(params[i].has("default"));
      CHECK(params[i].has("min"));
      CHECK(params[i].has("max"));
      CHECK(params[i].has("choices"));
    }
  }
  // One entry in full: the softmax widget's temperature.
  for (const auto& w : widgets->arr) {
    if (w.get_string("slug") != "softmax") continue;
    const json::Value& t = w.find("params")->arr[0];
    CHECK(t.get_string("key") == "T");
    CHECK(t.get_number("default") == 1.0);
    CHECK(t.get_number("min") == Approx(0.05));
    CHECK(t.get_number("max") == 10.0);
    CHECK(t.find("choices")->is_null());
  }
}

// Routing only: drawing every page is the browser test's job (tests/browser/catalog.test.mjs), and
// the notes room keeps text layouts across App instances, which must not outlive an ImGui context.
TEST_CASE("every route the catalog lists opens with found: true and its title", "[app][catalog]") {
  test::HeadlessImGui h(1280, 800);  // the app expects a context, even without frames
  const std::string root = std::string(TMX_SOURCE_DIR) + "/content";
  App app(root);
  const json::Value c = json::parse(app.catalog_json());
  int routes = 0;
  auto check = [&](const std::string& hash, const std::string& title) {
    INFO(hash);
    app.on_hash(hash);
    const json::Value s = json::parse(app.status_json());
    CHECK(s.find("found")->b);
    CHECK(s.get_string("title") == title);
    ++routes;
  };
  for (const auto& n : c.find("notes")->arr) {
    check("#/notes/" + n.get_string("slug"), n.get_string("title"));
    for (const auto& hd : n.find("headings")->arr) {
      app.on_hash("#/notes/" + n.get_string("slug") + "#" + hd.get_string("anchor"));
      CHECK(app.route_found());
    }
  }
  for (const auto& s : c.find("scenes")->arr) check("#/cinema/" + s.get_string("slug"), s.get_string("title"));
  for (const auto& w : c.find("widgets")->arr) {
    check("#/lab/" + w.get_string("slug"), w.get_string("title"));
    check("#/embed/lab/" + w.get_string("slug"), w.get_string("title"));
  }
  CHECK(routes >= 2 + 3 + 10);
  // And the ones that do not exist say so.
  for (const char* bad : {"#/notes/nope", "#/cinema/nope", "#/lab/nope", "#/embed/lab", "#/what"}) {
    INFO(bad);
    app.on_hash(bad);
    CHECK(!app.route_found());
    CHECK(json::parse(app.status_json()).find("found")->b == false);
  }
}

// Every ```widget block in the chapters names a widget of the catalog and only parameters it
// declares, with values in range: a chapter never shows a widget with a warning box.
TEST_CASE("every widget block in the notes uses declared parameters without warnings", "[app][catalog]") {
  int blocks = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(TMX_SOURCE_DIR) + "/content/en/notes")) {
    std::ifstream f(e.path());
    std::string line;
    while (std::getline(f, line)) {
      if (line.rfind("```widget ", 0) != 0) continue;
      std::istringstream words(line.substr(10));
      std::string slug, kv;
      words >> slug;
      ui::Params p;
      while (words >> kv) {
        const size_t eq = kv.find('=');
        REQUIRE(eq != std::string::npos);
        p.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
      }
      INFO(e.path().filename().string() << ": " << line);
      const ui::WidgetInfo* info = ui::find_widget(slug);
      REQUIRE(info);
      auto w = info->create();
      w->set_params(p);
      CHECK(w->warnings().empty());
      ++blocks;
    }
  }
  CHECK(blocks >= 5);
}
