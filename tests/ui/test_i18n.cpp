#include <catch2/catch.hpp>
#include <cstring>

#include <set>
#include <string>

#include "anim/scene.h"
#include "headless_imgui.h"
#include "ui/i18n.h"
#include "ui/scene_text.h"
#include "ui/stage_hooks.h"

using namespace tmx;

TEST_CASE("every UI string has text in every language", "[ui][i18n]") {
  for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
    set_language(static_cast<Lang>(l));
    for (int i = 0; i < static_cast<int>(S::Count); ++i) {
      INFO("language " << l << ", string " << i);
      const char* t = tr(static_cast<S>(i));
      REQUIRE(t != nullptr);
      CHECK(std::strlen(t) > 0);
    }
  }
  set_language(Lang::En);
  CHECK(std::strcmp(tr(S::Notes), "Notes") == 0);
}

// Scene strings: the Scene's own (title, subtitle, chapter titles and captions) and every label
// an object draws through Stage::tr (collected by drawing each scene at 4 frames a second) must
// have a row in the scene string table (src/ui/scene_text.cpp) with text in every language.
TEST_CASE("every scene string has text in every language", "[ui][i18n][cinema]") {
  test::HeadlessImGui g;
  ImGui::NewFrame();
  std::set<std::string> keys;
  for (const auto& info : anim::scenes()) {
    auto s = info.create();
    for (const auto& k : s->strings()) keys.insert(k);
    for (float t = 0; t <= s->duration() + 0.25f; t += 0.25f) {
      ImDrawList dl(ImGui::GetDrawListSharedData());
      dl._ResetForNewFrame();
      dl.PushClipRectFullScreen();
      dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
      anim::StageLog log;
      anim::Stage stage = ui::make_stage(&dl, ImVec2(0, 0), 960, true);
      stage.set_log(&log);
      s->render(stage, t);
      keys.insert(log.keys.begin(), log.keys.end());
    }
  }
  ImGui::EndFrame();
  CHECK(keys.size() > 40);
  for (const auto& k : keys)
    for (int l = 0; l < static_cast<int>(Lang::Count); ++l) {
      INFO("language " << l);
      if (!ui::scene_text_in(k, static_cast<Lang>(l))) FAIL_CHECK("no text in src/ui/scene_text.cpp for: " << k);
    }
  // The hook reaches the stage: a translated string is what the stage draws.
  CHECK(ui::scene_text("Causal mask") == "Causal mask");
  CHECK(ui::scene_text("a string no scene has") == "a string no scene has");  // English when missing
}
