// The whole app drawn in a headless ImGui context (no window, no GL) on every kind of route,
// at two window widths, for several frames: nothing may assert or crash, and the status JSON
// reflects the route.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <string>

#include "app/app.h"
#include "headless_imgui.h"

using namespace tmx;

namespace {
// The shared headless context (tests/headless_imgui.h) driving the whole app; every frame draws something.
struct Headless : test::HeadlessImGui {
  using HeadlessImGui::HeadlessImGui;
  void frames(App& app, int n) {
    for (int i = 0; i < n; ++i) {
      HeadlessImGui::frames(1, [&] { app.frame(1.0f / 60.0f); });
      REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  }
};
}  // namespace

TEST_CASE("every route draws headless at wide and narrow widths", "[app]") {
  for (float width : {1280.0f, 420.0f}) {
    Headless h(width, 800);
    App app(std::string(TMX_SOURCE_DIR) + "/content");
    const char* routes[] = {"#/", "#/notes", "#/cinema", "#/lab", "#/lab/softmax?T=0.3",
                            "#/embed/lab/softmax?T=4", "#/lab/softmax?T=NaN&logits=1e999",
                            "#/notes/does-not-exist", "#/cinema/nope", "#/embed/cinema/nope", "#/what"};
    for (const char* r : routes) {
      INFO(r << " at width " << width);
      app.on_hash(r);
      h.frames(app, 3);
    }
  }
}

TEST_CASE("status JSON tracks the route", "[app]") {
  Headless h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  app.on_hash("#/embed/lab/softmax?T=0.5");
  h.frames(app, 2);
  const std::string s = app.status_json();
  CHECK(s.find("\"ready\":true") != std::string::npos);
  CHECK(s.find("\"room\":\"lab\"") != std::string::npos);
  CHECK(s.find("\"embed\":true") != std::string::npos);
  CHECK(s.find("T=0.5") != std::string::npos);
  CHECK(s.find("\"work\":{\"p50\":0.00,\"p95\":0.00,\"max\":0.00,\"last\":0.00,\"frames\":0,\"aim\":6.00}") != std::string::npos);
  app.record_work(2.0f);
  app.record_work(4.0f);
  CHECK(app.status_json().find("\"work\":{\"p50\":4.00,\"p95\":4.00,\"max\":4.00,\"last\":4.00,\"frames\":2,\"aim\":6.00}") != std::string::npos);
  app.record_work(1.0f);  // the latest frame's, whatever the others
  CHECK(app.status_json().find("\"max\":4.00,\"last\":1.00,\"frames\":3,") != std::string::npos);
  app.on_hash("#/x\"y");
  h.frames(app, 1);
  CHECK(app.status_json().find("\"room\":\"not-found\"") != std::string::npos);
}

TEST_CASE("widget state flows into the route (for the URL)", "[app]") {
  Headless h(1280, 800);
  App app(std::string(TMX_SOURCE_DIR) + "/content");
  app.on_hash("#/lab/softmax?T=1e9");  // clamped by the widget; the URL follows the clamped value
  h.frames(app, 2);
  CHECK(app.route().param("T") == "10");
  CHECK(!app.route().param("logits").empty());
}
