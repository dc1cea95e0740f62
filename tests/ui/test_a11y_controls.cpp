// The controls and figures recorded for the page's DOM mirror (ui/a11y.h): what a widget's default
// controls and a scene player record (role, name, value, range), that a value the page sets reaches
// the widget as an edit, and the plots' text alternatives. Headless ImGui.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <memory>
#include <string>

#include "anim/scene.h"
#include "anim/scene_registry.h"
#include "core/json.h"
#include "headless_imgui.h"
#include "ui/a11y.h"
#include "ui/i18n.h"
#include "ui/scene_player.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

// One frame of `draw` inside a region; the record as parsed JSON.
json::Value record(test::HeadlessImGui& g, const std::function<void()>& draw) {
  g.frame([&] {
    a11y::begin_region("Region");
    draw();
    a11y::end_region();
  });
  return json::parse(a11y::take_frame_json(0));
}

const json::Value* item(const json::Value& rec, const std::string& role, const std::string& name) {
  for (const json::Value& r : rec.find("r")->arr)
    for (const json::Value& c : r.find("c")->arr)
      if (c.get_string("t") == role && c.get_string("n") == name) return &c;
  return nullptr;
}

std::string param(const Widget& w, const std::string& key) { return param_get(w.params(), key); }

}  // namespace

TEST_CASE("a widget's default slider is recorded with its name, value and range; a value from the page edits it",
          "[ui][a11y]") {
  set_language(Lang::En);
  test::HeadlessImGui g;
  std::unique_ptr<Widget> w = find_widget("softmax")->create();
  w->set_params({{"T", "0.7"}});
  json::Value rec = record(g, [&] { w->draw(); });
  REQUIRE(rec.find("r")->arr.size() == 1);
  CHECK(rec.find("r")->arr[0].get_string("n") == "Region");
  const json::Value* s = item(rec, "s", "Temperature T");
  REQUIRE(s);
  CHECK(s->get_number("v") == Approx(0.7));
  CHECK(s->get_number("lo") == Approx(0.05));
  CHECK(s->get_number("hi") == Approx(10.0));
  CHECK(s->get_number("st") == Approx(0.1));
  CHECK(s->get_string("vt") == "0.70");  // as the slider draws it (%.2f for a range of 5 or more)
  CHECK(s->get_number("w") > 50);
  CHECK(item(rec, "b", "T = 1"));  // a small_button
  CHECK(item(rec, "f", "Bar chart"));

  // The page sets 0.9: the next frame draws it and the widget's parameter is 0.9.
  a11y::set_value(static_cast<unsigned>(s->get_number("id")), 0.9);
  rec = record(g, [&] { w->draw(); });
  CHECK(param(*w, "T") == "0.9");
  CHECK(item(rec, "s", "Temperature T")->get_string("vt") == "0.90");
  // A value not taken in the frame after it was set is dropped, not applied later.
  a11y::set_value(12345u, 1.0);
  record(g, [&] { w->draw(); });
  double v = 0;
  CHECK_FALSE(a11y::take_value(12345u, v));
  // Outside a region nothing is recorded (the page's own chrome).
  g.frame([&] { w->draw(); });
  CHECK(json::parse(a11y::take_frame_json(0)).find("r")->arr.empty());
}

TEST_CASE("every widget's default controls record a name, and a choice its options", "[ui][a11y]") {
  set_language(Lang::En);
  test::HeadlessImGui g;
  int sliders = 0, choices = 0, checks = 0;
  for (const WidgetInfo& info : widgets()) {
    INFO(info.slug);
    std::unique_ptr<Widget> w = info.create();
    w->set_params({});
    const json::Value rec = record(g, [&] { w->draw(); });
    for (const json::Value& r : rec.find("r")->arr)
      for (const json::Value& c : r.find("c")->arr) {
        CHECK(!c.get_string("n").empty());
        const std::string t = c.get_string("t");
        if (t == "s") {
          ++sliders;
          CHECK(c.get_number("lo") <= c.get_number("v"));
          CHECK(c.get_number("v") <= c.get_number("hi"));
          CHECK(c.get_number("st") > 0);
        }
        if (t == "l") {
          ++choices;
          CHECK(c.find("o")->arr.size() >= 2);
          CHECK(c.get_number("v") >= 0);
        }
        checks += t == "c";
      }
  }
  CHECK(sliders >= 20);
  CHECK(choices >= 5);
  CHECK(checks >= 3);
}

TEST_CASE("a scene player records play, chapter steps, time, speed and loop; the page's time seeks", "[ui][a11y]") {
  set_language(Lang::En);
  test::HeadlessImGui g;
  ScenePlayer p(*anim::find_scene("attention-mechanism"));
  json::Value rec = record(g, [&] { p.draw({}); });
  CHECK(item(rec, "b", "Play"));
  CHECK(item(rec, "b", tr(S::SceneNextChapter)));
  CHECK(item(rec, "c", "Loop"));
  const json::Value* speed = item(rec, "l", "Speed");
  REQUIRE(speed);
  CHECK(speed->find("o")->arr.size() == kSceneSpeedCount);
  const json::Value* time = item(rec, "s", "Time in the scene");
  REQUIRE(time);
  CHECK(time->get_number("hi") == Approx(p.duration()));
  a11y::set_value(static_cast<unsigned>(time->get_number("id")), 3.0);
  a11y::set_value(static_cast<unsigned>(speed->get_number("id")), 5);
  rec = record(g, [&] { p.draw({}); });
  CHECK(p.t() == Approx(3.0f));
  CHECK(p.speed() == scene_speed(5));
  CHECK(item(rec, "s", "Time in the scene")->get_number("v") == Approx(3.0));
}

TEST_CASE("text alternatives of a grid, curves and bars name their largest entries", "[ui][a11y]") {
  set_language(Lang::En);
  const float m[] = {0.1f, 0.7f, 0.2f,  //
                     0.5f, 0.25f, 0.25f};
  const std::vector<std::string> rows{"it", "cat"}, cols{"the", "cat", "sat"};
  const std::string s = a11y::grid_summary("Weights", m, 2, 3, &rows, &cols);
  CHECK(s == "Weights: 2 rows \xC3\x97 3 columns. Smallest 0.1 at row it, column the; largest 0.7 at row it, column cat. "
             "Largest in each row: it \xE2\x86\x92 cat 0.7; cat \xE2\x86\x92 the 0.5.");
  const a11y::Table t = a11y::grid_table(m, 2, 3, &rows, &cols);
  CHECK(t.head == std::vector<std::string>{"", "the", "cat", "sat"});
  CHECK(t.rows.at(1) == std::vector<std::string>{"cat", "0.5", "0.25", "0.25"});
  // Non-finite cells are skipped; labels fall back to indices.
  const float bad[] = {NAN, 2.0f, -1.0f, INFINITY};
  CHECK(a11y::grid_summary("G", bad, 2, 2, nullptr, nullptr) ==
        "G: 2 rows \xC3\x97 2 columns. Smallest -1 at row 1, column 0; largest 2 at row 0, column 1. "
        "Largest in each row: 0 \xE2\x86\x92 1 2; 1 \xE2\x86\x92 0 -1.");

  const std::string name = "loss";
  const std::vector<float> x{0, 1, 2, 3}, y{2.5f, 1.5f, 1.25f, 1.0f};
  CHECK(a11y::curves_summary("Loss", {{&name, &x, &y}}) == "Loss: loss: 4 points, last 1 at x = 3, from 1 to 2.5.");
  const a11y::Table ct = a11y::curves_table({{&name, &x, &y}});
  CHECK(ct.rows.size() == 4);
  CHECK(ct.rows[3] == std::vector<std::string>{"3", "1"});
  CHECK(a11y::bars_summary("Probabilities", {0.1f, 0.6f, 0.3f}, {"a", "b", "c"}) ==
        "Probabilities: 3 bars; largest b 0.6; c 0.3; a 0.1.");
}

TEST_CASE("controls drawn with plain ImGui calls are recorded through ImGui's item hooks, only inside a region",
          "[ui][a11y]") {
  set_language(Lang::En);
  test::HeadlessImGui g;
  bool on = true;
  float v = 0.5f;
  const auto draw = [&](bool record_slider) {
    ImGui::Button("Go##x");
    ImGui::Checkbox("Loud", &on);
    if (ImGui::TreeNode("More")) ImGui::TreePop();
    ImGui::SliderFloat("Gain", &v, 0, 1);
    if (record_slider) a11y::slider("Gain", v, 0, 1, 0.1, "0.5");
    ImGui::ArrowButton("##next", ImGuiDir_Right);
  };
  json::Value rec = record(g, [&] { draw(false); });
  REQUIRE(item(rec, "b", "Go"));  // the label as drawn
  const json::Value* c = item(rec, "c", "Loud");
  REQUIRE(c);
  CHECK(c->find("on")->b);
  const json::Value* t = item(rec, "b", "More");
  REQUIRE(t);
  CHECK_FALSE(t->find("ex")->b);  // a closed tree node: aria-expanded false
  // A slider's value is not in ImGui's hook, and the arrow has no label: both are reported missing.
  CHECK_FALSE(item(rec, "s", "Gain"));
  const std::vector<std::string>& missing = a11y::missing_last_frame();
  CHECK(a11y::items_last_frame() == 5);
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].find("\"Gain\"") != std::string::npos);
  CHECK(missing[1].find("Region: item ") == 0);
  // With the slider's record the slider is complete (the record replaces the hook's guess, once).
  rec = record(g, [&] { draw(true); });
  CHECK(item(rec, "s", "Gain"));
  CHECK(a11y::missing_last_frame().size() == 1);
  CHECK(a11y::controls_last_frame() == 4);
  // Outside any region: nothing recorded, and ImGui's hooks are off.
  g.frame([&] { draw(false); });
  CHECK(json::parse(a11y::take_frame_json(0)).find("r")->arr.empty());
  CHECK(a11y::items_last_frame() == 0);
}

TEST_CASE("every control every Lab widget draws has a named record for the page (items counted by ImGui's hooks)",
          "[ui][a11y]") {
  set_language(Lang::En);
  test::HeadlessImGui g;
  int items = 0, widgets_seen = 0;
  for (const WidgetInfo& info : widgets()) {
    INFO(info.slug);
    std::unique_ptr<Widget> w = info.create();
    w->set_params({});
    json::Value rec;
    for (int i = 0; i < 4; ++i) rec = record(g, [&] { w->draw(); });  // a few frames: sliced work, models
    const std::vector<std::string> missing = a11y::missing_last_frame();
    std::string list;
    for (const std::string& m : missing) list += "\n  " + m;
    INFO("items with no named record:" << list);
    CHECK(missing.empty());
    CHECK(a11y::items_last_frame() > 0);
    items += a11y::items_last_frame();
    ++widgets_seen;
  }
  CHECK(widgets_seen >= 15);
  CHECK(items >= 150);
}
