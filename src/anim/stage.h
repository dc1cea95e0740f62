// The stage: a 16:9 area measured in scene units (16 x 9), scaled onto any pixel rectangle,
// with the primitives scenes draw (text, math text, boxes, arrows, orthogonal connectors,
// matrices with numbers, heatmaps, token chips, vectors, small plots). Draws straight onto an
// ImDrawList so the anim layer needs nothing from the UI layer.
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace tmx::anim {

struct StageFonts {
  ImFont* text = nullptr;  // nullptr: ImGui's current font
  ImFont* bold = nullptr;
  ImFont* mono = nullptr;
};

// Typeset math for Stage::math. The anim layer cannot read the math pipeline's manifest or
// textures (that is ui), so the UI layer fills this in (ui/stage_hooks.h); left empty, formulas
// are drawn as their LaTeX source.
struct StageMathImage {
  ImTextureID tex = nullptr;
  float w = 0, h = 0;  // size of the 1x image in px (the pipeline's CSS px)
  float depth = 0;     // how far it reaches below the baseline, same px
};
struct StageMath {
  // latex (as written in the scene), zoom = screen px per 1x px -> the image. False: not typeset.
  std::function<bool(const std::string& latex, float zoom, StageMathImage& out)> find;
};

struct StageColors {
  ImU32 bg, fg, dim, faint, accent, q, k, v, good, warn, box;
  static StageColors make(bool dark);
};

enum class Align { Left, Center, Right };

class Stage {
 public:
  static constexpr float kW = 16.0f, kH = 9.0f;
  Stage(ImDrawList* dl, ImVec2 origin_px, float width_px, StageFonts fonts, bool dark, StageMath math = {});

  ImVec2 px(ImVec2 u) const { return ImVec2(o_.x + u.x * k_, o_.y + u.y * k_); }
  float len(float u) const { return u * k_; }
  float scale() const { return k_; }
  const StageColors& col() const { return c_; }
  bool dark() const { return dark_; }
  ImDrawList* draw_list() const { return dl_; }

  void background();
  // Text at pos (units). size in units (0.4 ~ body text at 1080p). write < 1 reveals a prefix.
  void text(ImVec2 pos, const std::string& s, float size, ImU32 col, float alpha = 1, Align a = Align::Left,
            float write = 1, bool bold = false);
  void mono(ImVec2 pos, const std::string& s, float size, ImU32 col, float alpha = 1, Align a = Align::Left);
  float text_width(const std::string& s, float size, bool bold = false) const;  // in units
  // A typeset formula (display style) whose math axis sits on pos.y (where text() centres its
  // line), so formulas with and without sub/superscripts line up with text. size is the text
  // size it matches (as for text()); col 0 means the foreground colour (the white PNG is tinted,
  // so it reads in both themes); reveal < 1 uncovers it left to right. Returns its size in units.
  // Scenes write the LaTeX as R"tex(...)tex" literals: scripts/gen_math.mjs typesets exactly
  // those. A formula the hook does not know is drawn as its LaTeX source in the mono font.
  ImVec2 math(ImVec2 pos, const char* latex, float size, Align a = Align::Left, float alpha = 1, ImU32 col = 0,
              float reveal = 1);
  static constexpr float kMathEmPx = 16.74f;  // the font size a 1x formula image matches (7.4 px/ex)
  void box(ImVec2 a, ImVec2 b, ImU32 fill, ImU32 border, float alpha = 1, float rounding = 0.12f, float grow = 1);
  void arrow(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float progress = 1, float thick = 0.04f);
  // Orthogonal connector a -> b: horizontal, vertical, horizontal (elbow at the middle x).
  void connector(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float progress = 1, float thick = 0.035f);
  // A matrix of numbers; cells tinted with a diverging map scaled by `range` (0: no tint).
  // reveal in [0, 1] shows rows top to bottom. Returns the bottom-right corner.
  ImVec2 matrix(ImVec2 tl, const Mat& m, float cell_w, float cell_h, float alpha = 1, float range = 0,
                float reveal = 1, const char* fmt = "%.2f", float text_size = 0.26f);
  // Heatmap: values in [lo, hi] through the sequential map; NaN/-inf cells drawn as masked.
  void heatmap(ImVec2 tl, const Mat& m, float cell, float lo, float hi, float alpha = 1, float reveal = 1,
               bool numbers = false, float text_size = 0.22f);
  void token_chip(ImVec2 center, const std::string& s, ImU32 col, float alpha = 1, float size = 0.34f);
  // An arrow from origin for a 2-D vector (scaled by `unit` units per 1.0).
  void vector2(ImVec2 origin, float x, float y, float unit, ImU32 col, float alpha = 1, const char* label = nullptr);
  // A small line plot of ys (x = index) in rect [a, b]; progress reveals points left to right.
  void plot(ImVec2 a, ImVec2 b, const std::vector<float>& ys, float lo, float hi, ImU32 col, float alpha = 1,
            float progress = 1, bool axes = true, bool dots = false);
  void circle(ImVec2 c, float r, ImU32 col, float alpha = 1, bool filled = true);
  void line(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float thick = 0.03f);

  static ImU32 with_alpha(ImU32 c, float a);

 private:
  ImFont* font(bool bold) const;
  ImDrawList* dl_;
  ImVec2 o_;
  float k_;
  StageFonts f_;
  StageMath m_;
  bool dark_;
  StageColors c_;
};

}  // namespace tmx::anim
