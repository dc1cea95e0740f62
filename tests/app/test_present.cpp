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
