#include "ui/stage_hooks.h"

#include <imgui.h>

#include "ui/fonts.h"
#include "ui/legibility.h"
#include "ui/math.h"
#include "ui/scene_text.h"
#include "ui/touch.h"

namespace tmx::ui {

anim::StageFonts stage_fonts() { return {fonts().body, fonts().bold, fonts().mono}; }

anim::StageMath stage_math() {
  anim::StageMath m;
  m.find = [](const std::string& latex, float zoom, anim::StageMathImage& out) {
    const MathEntry* e = math_cache().find(latex, /*display=*/true);  // scenes use display style
    if (!e) return false;
    // Device pixels per 1x pixel picks the PNG (the web canvas may be scaled by the device ratio).
    const Texture& t = math_cache().texture(*e, zoom * ImGui::GetIO().DisplayFramebufferScale.x);
    if (!t.error.empty() || !t.id) return false;
    out.tex = t.id;
    out.w = e->width;
    out.h = e->height;
    out.depth = e->depth;
    return true;
  };
  return m;
}

anim::StageText stage_text() {
  anim::StageText t;
  t.translate = [](const std::string& english) { return scene_text(english); };
  return t;
}

float stage_text_floor() {
  const bool small_screen = touch_frame().device || ImGui::GetIO().DisplaySize.x < 1280.0f;
  return small_screen ? kMinReadablePx : 0.0f;
}

bool stage_width_legible(float width_px) { return stage_text_floor() <= 0 || width_px >= kMinLegibleStageWidth; }

std::string stage_sideways_hint() { return scene_text("Turn your phone sideways to read the scene's labels and numbers."); }

anim::Stage make_stage(ImDrawList* dl, ImVec2 origin, float width_px, bool dark) {
  return anim::Stage(dl, origin, width_px, stage_fonts(), dark, stage_math(), stage_text());
}

}  // namespace tmx::ui
