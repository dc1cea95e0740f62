// app/present.h: a frame is presented only when its picture changed. The fingerprint must see
// every change of the draw data, and nothing else may make two different pictures look equal.
#include <catch2/catch.hpp>
#include <imgui.h>

#include "app/present.h"
#include "headless_imgui.h"

using tmx::present::fingerprint;

namespace {
std::uint64_t draw(tmx::test::HeadlessImGui& g, const char* text, ImU32 col, ImVec2 at = ImVec2(10, 10)) {
  g.frame([&] {
    ImGui::TextUnformatted(text);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + 40, at.y + 20), col);
  });
  return fingerprint(*ImGui::GetDrawData());
}
}  // namespace

TEST_CASE("present: the fingerprint is stable for the same picture and changes with any change", "[present]") {
  tmx::test::HeadlessImGui g;
  const ImU32 red = IM_COL32(255, 0, 0, 255);
  const std::uint64_t a = draw(g, "attention", red);
  CHECK(draw(g, "attention", red) == a);
  CHECK(draw(g, "attentioN", red) != a);                                  // one glyph
  CHECK(draw(g, "attention", IM_COL32(255, 0, 1, 255)) != a);            // one colour channel
  CHECK(draw(g, "attention", red, ImVec2(10, 10.5f)) != a);              // half a pixel
  ImGui::GetIO().DisplaySize = ImVec2(1280, 801);
  CHECK(draw(g, "attention", red) != a);                                  // the canvas size
}

TEST_CASE("present: unchanged frames are skipped; a change, invalidate() or a second's wait presents", "[present]") {
  tmx::test::HeadlessImGui g;
  const ImU32 red = IM_COL32(255, 0, 0, 255);
  draw(g, "mamba", red);
  const ImDrawData& d = *ImGui::GetDrawData();
  const double t0 = 100;
  const long p0 = tmx::present::counts().presented, s0 = tmx::present::counts().skipped;
  tmx::present::invalidate();
  CHECK(tmx::present::should_present(d, t0));
  CHECK_FALSE(tmx::present::should_present(d, t0 + 0.1));
  CHECK_FALSE(tmx::present::should_present(d, t0 + 0.2));
  tmx::present::invalidate();  // a texture's pixels changed
  CHECK(tmx::present::should_present(d, t0 + 0.3));
  CHECK_FALSE(tmx::present::should_present(d, t0 + 0.4));
  CHECK(tmx::present::should_present(d, t0 + 0.3 + tmx::present::kMaxStaleSeconds));  // the safety net
  draw(g, "mamba!", red);
  CHECK(tmx::present::should_present(*ImGui::GetDrawData(), t0 + 1.4));
  CHECK(tmx::present::counts().presented - p0 == 4);
  CHECK(tmx::present::counts().skipped - s0 == 3);
}

TEST_CASE("present: an idle app rests; input, a call from the page, a change or sliced work wake it", "[present]") {
  using tmx::present::kRestAfterFrames;
  using tmx::present::kRestStride;
  using tmx::present::should_rest;
  tmx::test::HeadlessImGui g;
  draw(g, "rest", IM_COL32(0, 0, 255, 255));
  const ImDrawData& d = *ImGui::GetDrawData();
  double t = 200;
  // One animation frame: rests, or runs and presents (or not) the same picture.
  auto tick = [&](bool events = false) {
    t += 1.0 / 60;
    if (should_rest(events)) return false;
    tmx::present::should_present(d, t);
    return true;
  };
  tmx::present::wake();
  tmx::present::invalidate();
  int ran = 0;
  for (int i = 0; i < kRestAfterFrames; ++i) ran += tick();
  CHECK(ran == kRestAfterFrames);  // the first quiet frames all run
  while (tick()) {}                 // until the first rest
  const long r0 = tmx::present::counts().rested, s0 = tmx::present::counts().skipped;
  ran = 0;
  for (int i = 0; i < 10 * kRestStride; ++i) ran += tick();
  CHECK(ran == 10);  // then one in kRestStride
  CHECK(tmx::present::counts().rested - r0 == 10 * (kRestStride - 1));
  CHECK(tmx::present::counts().skipped - s0 >= 10 * (kRestStride - 1));  // rested frames count as skipped
  // The once-a-second safety present does not end the rest (these frames cross a second).
  ran = 0;
  for (int i = 0; i < 15 * kRestStride; ++i) ran += tick();
  CHECK(ran == 15);
  // A queued input event runs the frame at once, and the ones after it.
  while (!tick()) {}
  CHECK(tick(true));
  for (int i = 1; i < kRestAfterFrames; ++i) CHECK(tick());
  // So does a call from the page, and then the next kRestAfterFrames frames all run.
  while (!tick()) {}
  tmx::present::wake();
  ran = 0;
  for (int i = 0; i < kRestAfterFrames; ++i) ran += tick();
  CHECK(ran == kRestAfterFrames);
  // Sliced work keeps it awake though the picture stays the same.
  while (!tick()) {}
  tmx::present::wake();  // the frame that just ran did sliced work
  ran = 0;
  for (int i = 0; i < 3 * kRestAfterFrames; ++i) {
    if (tick()) ++ran, tmx::present::wake();
  }
  CHECK(ran == 3 * kRestAfterFrames);
  // A new picture too: after the frame that draws it, the next kRestAfterFrames frames run.
  while (tick()) {}
  tmx::present::invalidate();
  while (!tick()) {}
  for (int i = 0; i < kRestAfterFrames; ++i) CHECK(tick());
  // presentAlways (the bench's baseline) never rests.
  tmx::present::set_always(true);
  for (int i = 0; i < 3 * kRestAfterFrames; ++i) CHECK(tick());
  tmx::present::set_always(false);
}
