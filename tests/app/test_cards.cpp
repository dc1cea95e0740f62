// Shared page furniture: link_card's optional thumbnail and footer (the Cinema index uses them).
#include <catch2/catch.hpp>

#include "headless_imgui.h"
#include "app/pages/pages.h"

TEST_CASE("link_card draws an optional thumbnail, clipped to its box, left of the text", "[app][cards]") {
  tmx::test::HeadlessImGui g;
  ImVec2 got_pos(-1, -1), got_size(0, 0), card(0, 0);
  int calls = 0;
  tmx::CardExtras ex;
  ex.thumb_size = ImVec2(192, 108);
  ex.thumb = [&](ImDrawList* dl, ImVec2 pos, ImVec2 size) {
    ++calls;
    got_pos = pos;
    got_size = size;
    CHECK(dl->GetClipRectMax().x <= pos.x + size.x + 0.5f);  // drawing cannot spill into the text
  };
  ex.footer = "40.0 s \xC2\xB7 7 chapters";
  g.frame([&] {
    card = ImGui::GetCursorScreenPos();
    tmx::link_card("c", "Title", "Body", 600, 140, &ex);
    tmx::link_card("plain", "Title", "Body", 600, 100);  // no extras: as before
  });
  CHECK(calls == 1);
  CHECK(got_size.x == 192);
  CHECK(got_pos.x > card.x);
  CHECK(got_pos.y > card.y);
}
