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

namespace {
int g_woken = 0, g_slept = 0;  // calls of on_sleep(false) and on_sleep(true): the loop's owner moving its loop
}  // namespace

TEST_CASE("present: an idle app sleeps; input, a call from the page, a change or sliced work wake it", "[present]") {
  using tmx::present::asleep;
  using tmx::present::kSleepAfterFrames;
  using tmx::present::settle_sleep;
  tmx::test::HeadlessImGui g;
  draw(g, "sleep", IM_COL32(0, 0, 255, 255));
  const ImDrawData& d = *ImGui::GetDrawData();
  double t = 200;
  // One frame, as the web loop runs it: present (or not), then settle whether the next one sleeps.
  auto frame = [&] {
    t += 1.0 / 60;
    tmx::present::should_present(d, t);
    return settle_sleep();
  };
  tmx::present::wake();
  tmx::present::invalidate();
  tmx::present::set_on_sleep([](bool asleep) { ++(asleep ? g_slept : g_woken); });
  for (int i = 0; i < kSleepAfterFrames; ++i) CHECK_FALSE(frame());  // awake: a new picture, then quiet frames
  CHECK(frame());                                                     // then asleep
  CHECK(asleep());
  CHECK(g_slept == 1);
  const long slept0 = tmx::present::counts().slept;
  for (int i = 0; i < 5; ++i) CHECK(frame());  // timer frames: still asleep, counted
  CHECK(tmx::present::counts().slept - slept0 == 5);
  // The once-a-second safety present (these timer frames cross a second) does not wake it.
  for (int i = 0; i < 90; ++i) CHECK(frame());
  CHECK(g_woken == 0);
  CHECK(g_slept == 1);  // told once, not on every timer frame

  // A call from the page or an input event (wake()) says so once, and the next kSleepAfterFrames
  // frames are awake; wake() while awake says nothing again.
  tmx::present::wake();
  CHECK(g_woken == 1);
  CHECK_FALSE(asleep());
  tmx::present::wake();
  CHECK(g_woken == 1);
  for (int i = 0; i < kSleepAfterFrames - 1; ++i) CHECK_FALSE(frame());
  CHECK(frame());
  CHECK(g_slept == 2);

  // A new picture on a timer frame wakes it, and says so (the loop goes back to animation frames).
  tmx::present::invalidate();
  CHECK_FALSE(frame());
  CHECK(g_woken == 2);
  for (int i = 1; i < kSleepAfterFrames; ++i) CHECK_FALSE(frame());
  CHECK(frame());
  CHECK(g_slept == 3);

  // Sliced work (wake() after each frame) keeps it awake though the picture stays the same.
  for (int i = 0; i < 3 * kSleepAfterFrames; ++i) {
    tmx::present::wake();
    CHECK_FALSE(frame());
  }
  CHECK(g_woken == 3);  // the first of those woke it from sleep

  // presentAlways (the bench's baseline) never sleeps.
  tmx::present::set_always(true);
  for (int i = 0; i < 3 * kSleepAfterFrames; ++i) CHECK_FALSE(frame());
  tmx::present::set_always(false);
  CHECK(g_slept == 3);
  tmx::present::set_on_sleep(nullptr);
}
