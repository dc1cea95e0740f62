// What the anim layer's Stage needs from the UI layer, filled in here so anim never includes ui:
// the app's fonts, and typeset math from the math pipeline (ui::math_cache()).
#pragma once
#include "anim/stage.h"

namespace tmx::ui {

anim::StageFonts stage_fonts();
// Looks formulas up in math_cache(); textures are loaded on first use. Works headless (fake
// texture ids) and in tmx-render (which sets host().create_texture and loads the cache).
anim::StageMath stage_math();

}  // namespace tmx::ui
