// What the anim layer's Stage needs from the UI layer, filled in here so anim never includes ui:
// the app's fonts, typeset math from the math pipeline (ui::math_cache()), and the translation
// of scene strings (ui/scene_text.h).
#pragma once
#include <string>

#include "anim/stage.h"

namespace tmx::ui {

anim::StageFonts stage_fonts();
// Looks formulas up in math_cache(); textures are loaded on first use. Works headless (fake
// texture ids) and in tmx-render (which sets host().create_texture and loads the cache).
anim::StageMath stage_math();
// Scene strings in the current language (scene_text()).
anim::StageText stage_text();
// The text floor (anim::Stage::set_text_floor) for stages drawn in the app now: the readable
// minimum (ui/legibility.h) on touch screens and windows narrower than a desktop's 1280 px,
// 0 otherwise (a desktop's stage draws the design's sizes, all >= 14 px at 1280 px).
float stage_text_floor();
// Whether a stage `width_px` wide shows the scenes' text at the floor without overlaps (the phone
// test in tests/ui/test_cinema.cpp checks every scene at kMinLegibleStageWidth and wider). Always
// true where there is no floor.
constexpr float kMinLegibleStageWidth = 600.0f;
bool stage_width_legible(float width_px);
// What a stage too narrow to read says under it (a row of the scene string table, translated).
std::string stage_sideways_hint();
// A stage with all three hooks, `width_px` wide at `origin`.
anim::Stage make_stage(ImDrawList* dl, ImVec2 origin, float width_px, bool dark);

}  // namespace tmx::ui
