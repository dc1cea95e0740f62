// The stage: a 16:9 area measured in scene units (16 x 9), scaled onto any pixel rectangle and
// seen through a camera (pan/zoom), with the primitives scenes draw (text, typeset math, boxes,
// arrows, connectors, matrices, heatmaps, token chips, vectors, plots with legend and axis
// values) and layout helpers (Rect, row, column, grid, right_of, below). Calls take named
// options: s.text(p, "softmax", Txt::label().col(c.accent).center().alpha(o.alpha)).
// Draws straight onto an ImDrawList so the anim layer needs nothing from the UI layer; the UI
// fills in fonts, typeset math and translation through hooks (ui/stage_hooks.h).
#pragma once
#include <imgui.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "anim/timeline.h"
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

// Translation of scene strings (titles, captions, labels). The anim layer cannot call ui's tr(),
// so the UI fills this in (ui/stage_hooks.h: the scene string table in ui/scene_text.cpp); left
// empty, the English text is shown.
struct StageText {
  std::function<std::string(const std::string& english)> translate;
};

// What was drawn, in screen pixels, for the legibility test (tests/ui/test_cinema.cpp).
struct StageLog {
  // min/max: the part on screen (cut to the clip rectangle); clipped: the rectangle cut some of it.
  struct Text { ImVec2 min, max; float px; float alpha; std::string s; bool math; bool clipped; };
  struct Seg { ImVec2 a, b; float alpha; };
  struct Plot { ImVec2 min, max; int series, labelled, x_ticks, y_ticks; };
  std::vector<Text> texts;
  std::vector<Seg> lines;
  std::vector<Plot> plots;
  std::vector<std::string> keys;  // English templates that went through Stage::tr
  // Items at or below this opacity (fading in or out) are left out of the log.
  float min_alpha = 0.6f;
};

struct StageColors {
  ImU32 bg, fg, dim, faint, accent, q, k, v, good, warn, box;
  static StageColors make(bool dark);
};

enum class Align { Left, Center, Right };

// Text sizes in scene units (80 px per unit at 1280 x 720; 14 px is the legibility floor).
constexpr float kTitleSize = 0.46f, kBodySize = 0.30f, kLabelSize = 0.24f, kSmallSize = 0.20f, kMinTextSize = 0.18f;

// Named options for text and math. col 0: the theme's foreground.
struct Txt {
  float size_ = kBodySize, alpha_ = 1, reveal_ = 1;
  ImU32 col_ = 0;
  Align align_ = Align::Left;
  bool bold_ = false, mono_ = false, moving_ = false;
  static Txt body() { return Txt(); }
  static Txt label() { return Txt().size(kLabelSize); }
  static Txt small() { return Txt().size(kSmallSize); }
  static Txt heading() { return Txt().size(kBodySize).bold(); }
  Txt& size(float v) { size_ = v; return *this; }
  Txt& col(ImU32 c) { col_ = c; return *this; }
  Txt& alpha(float a) { alpha_ = a; return *this; }
  Txt& reveal(float r) { reveal_ = r; return *this; }
  Txt& align(Align a) { align_ = a; return *this; }
  Txt& center() { align_ = Align::Center; return *this; }
  Txt& right() { align_ = Align::Right; return *this; }
  Txt& bold(bool b = true) { bold_ = b; return *this; }
  Txt& mono(bool m = true) { mono_ = m; return *this; }
  // In flight between two layouts: left out of the legibility check (it may pass over others).
  Txt& moving(bool m = true) { moving_ = m; return *this; }
};

// Named options for matrices of numbers.
struct Mx {
  ImVec2 cell_{0.62f, 0.52f};
  float alpha_ = 1, tint_ = 0, reveal_ = 1, text_ = kSmallSize;
  const char* fmt_ = "%.2f";
  float focus_row_ = -1;  // >= 0: a travelling highlight on that (fractional) row
  ImU32 focus_col_ = 0;
  bool moving_ = false, numbers_ = true;
  Mx& moving(bool m = true) { moving_ = m; return *this; }  // see Txt::moving
  Mx& numbers(bool on) { numbers_ = on; return *this; }     // false: tinted cells only
  Mx& cell(float w, float h) { cell_ = {w, h}; return *this; }
  Mx& alpha(float a) { alpha_ = a; return *this; }
  Mx& tint(float range) { tint_ = range; return *this; }  // diverging tint scaled by range
  Mx& reveal(float r) { reveal_ = r; return *this; }      // rows top to bottom
  Mx& fmt(const char* f) { fmt_ = f; return *this; }
  Mx& text(float size) { text_ = size; return *this; }
  Mx& focus(float row, ImU32 col) { focus_row_ = row; focus_col_ = col; return *this; }
};

// Named options for heatmaps (values in [lo, hi] through the sequential map; NaN/-inf masked).
struct Hm {
  float cell_ = 0.5f, lo_ = 0, hi_ = 1, alpha_ = 1, reveal_ = 1, text_ = 0;  // text 0: no numbers
  bool moving_ = false;
  Hm& moving(bool m = true) { moving_ = m; return *this; }  // see Txt::moving
  Hm& cell(float c) { cell_ = c; return *this; }
  Hm& range(float lo, float hi) { lo_ = lo; hi_ = hi; return *this; }
  Hm& alpha(float a) { alpha_ = a; return *this; }
  Hm& reveal(float r) { reveal_ = r; return *this; }
  Hm& numbers(float size = kSmallSize) { text_ = size; return *this; }
};

// A line plot: every series has a legend label; the axes carry values.
struct Series {
  std::vector<float> ys;
  ImU32 col;
  std::string label;  // legend text, already translated (s.tr("..."))
  bool dots = false;
};
struct PlotOpts {
  float lo_ = 0, hi_ = 1, alpha_ = 1, progress_ = 1;
  float x0_ = 0, x1_ = 1;             // the x values of the first and last point (axis values)
  std::string x_name_, y_fmt_ = "%.1f", x_fmt_ = "%.0f";
  PlotOpts& range(float lo, float hi) { lo_ = lo; hi_ = hi; return *this; }
  PlotOpts& x(float x0, float x1, const std::string& name = "") { x0_ = x0; x1_ = x1; x_name_ = name; return *this; }
  PlotOpts& y_fmt(const std::string& f) { y_fmt_ = f; return *this; }
  PlotOpts& alpha(float a) { alpha_ = a; return *this; }
  PlotOpts& progress(float p) { progress_ = p; return *this; }
};

// An axis-aligned rectangle in scene units, and layout helpers that derive positions from it.
struct Rect {
  ImVec2 min{0, 0}, max{0, 0};
  static Rect at(ImVec2 top_left, ImVec2 size) { return {top_left, {top_left.x + size.x, top_left.y + size.y}}; }
  static Rect centered(ImVec2 c, ImVec2 size) { return {{c.x - size.x / 2, c.y - size.y / 2}, {c.x + size.x / 2, c.y + size.y / 2}}; }
  float w() const { return max.x - min.x; }
  float h() const { return max.y - min.y; }
  ImVec2 size() const { return {w(), h()}; }
  ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
  ImVec2 top() const { return {center().x, min.y}; }
  ImVec2 bottom() const { return {center().x, max.y}; }
  ImVec2 left() const { return {min.x, center().y}; }
  ImVec2 right() const { return {max.x, center().y}; }
  Rect moved(ImVec2 d) const { return {{min.x + d.x, min.y + d.y}, {max.x + d.x, max.y + d.y}}; }
  Rect grown(float m) const { return {{min.x - m, min.y - m}, {max.x + m, max.y + m}}; }
  // Neighbours of the same height / width, `gap` away.
  Rect right_of(ImVec2 sz, float gap) const { return centered({max.x + gap + sz.x / 2, center().y}, sz); }
  Rect left_of(ImVec2 sz, float gap) const { return centered({min.x - gap - sz.x / 2, center().y}, sz); }
  Rect below(ImVec2 sz, float gap) const { return centered({center().x, max.y + gap + sz.y / 2}, sz); }
  Rect above(ImVec2 sz, float gap) const { return centered({center().x, min.y - gap - sz.y / 2}, sz); }
  // Position of a label `gap` above the top edge (the vertical middle of its line).
  ImVec2 label_above(float gap = 0.3f) const { return {center().x, min.y - gap}; }
};
// n rects of `size` in a row starting at `start` (top-left), `gap` apart; column likewise.
std::vector<Rect> row(ImVec2 start, ImVec2 size, int n, float gap);
std::vector<Rect> column(ImVec2 start, ImVec2 size, int n, float gap);
// Cell (i, j) of `area` split into rows x cols with `gap` between cells.
Rect grid(const Rect& area, int rows, int cols, int i, int j, float gap = 0);
// The size a matrix occupies with the given cell.
inline ImVec2 matrix_size(const Mat& m, ImVec2 cell) { return {cell.x * m.cols(), cell.y * m.rows()}; }

class Stage {
 public:
  static constexpr float kW = 16.0f, kH = 9.0f;
  // The band scenes draw in: the Scene draws its title above and captions and progress below.
  static constexpr float kContentTop = 1.45f, kContentBottom = 7.9f;
  Stage(ImDrawList* dl, ImVec2 origin_px, float width_px, StageFonts fonts, bool dark, StageMath math = {},
        StageText text = {});

  // Scene units -> screen pixels, through the camera.
  ImVec2 px(ImVec2 u) const;
  float len(float u) const { return u * k_ * cam_.zoom; }
  float scale() const { return k_ * cam_.zoom; }
  const StageColors& col() const { return c_; }
  bool dark() const { return dark_; }
  ImDrawList* draw_list() const { return dl_; }
  void set_camera(const Camera& c) { cam_ = c; }
  const Camera& camera() const { return cam_; }
  void set_log(StageLog* log) { log_ = log; }
  // The smallest text drawn, in screen px (0: none). On a phone the stage is a few hundred px
  // wide and the design's text sizes would come out at 4-7 px: text is drawn at least this size
  // (text_width() agrees, so layouts that measure text follow). drop_smaller: text the design
  // makes smaller is left out instead (thumbnails, which are pictures, not reading).
  void set_text_floor(float px, bool drop_smaller = false) { floor_px_ = px; drop_small_ = drop_smaller; }
  float text_floor() const { return floor_px_; }

  // Translates an English template and fills "{0}", "{1}"... with args.
  std::string tr(const std::string& english, std::initializer_list<std::string> args = {}) const;
  std::string tr(const std::string& english, const std::vector<std::string>& args) const;

  void background();
  // How background() fills the stage's rect (default: AddRectFilled). The scene player passes
  // ui::fill_opaque_rect, which clears it instead of shading half a screen of pixels.
  using Fill = void (*)(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding);
  void set_background_fill(Fill f) { bg_fill_ = f; }
  // Text whose line is vertically centred on pos.y. Returns its width in units.
  float text(ImVec2 pos, const std::string& s, const Txt& o = Txt());
  float text_width(const std::string& s, const Txt& o = Txt()) const;  // in units
  // A typeset formula (display style) whose math axis sits on pos.y (where text() centres its
  // line), so formulas with and without sub/superscripts line up with text; size is the text
  // size it matches; the white PNG is tinted (col 0: foreground). Returns its size in units.
  // Scenes write the LaTeX as R"tex(...)tex" literals: scripts/gen_math.mjs typesets exactly
  // those. A formula the hook does not know is drawn as its LaTeX source in the mono font.
  ImVec2 math(ImVec2 pos, const char* latex, const Txt& o = Txt());
  static constexpr float kMathEmPx = 16.74f;  // the font size a 1x formula image matches (7.4 px/ex)

  void box(const Rect& r, ImU32 fill, ImU32 border, float alpha = 1, float rounding = 0.12f, float grow = 1);
  void arrow(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float progress = 1, float thick = 0.04f);
  // Orthogonal connector a -> b: horizontal, vertical, horizontal (elbow at the middle x).
  void connector(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float progress = 1, float thick = 0.035f);
  void circle(ImVec2 c, float r, ImU32 col, float alpha = 1, bool filled = true);
  void line(ImVec2 a, ImVec2 b, ImU32 col, float alpha = 1, float thick = 0.03f);

  // A matrix of numbers with brackets; returns the rect it covers.
  Rect matrix(ImVec2 top_left, const Mat& m, const Mx& o = Mx());
  Rect heatmap(ImVec2 top_left, const Mat& m, const Hm& o = Hm());
  // A rounded chip with a word; returns its rect.
  Rect token_chip(ImVec2 center, const std::string& s, ImU32 col, float alpha = 1, float size = kLabelSize);
  // An arrow from origin for a 2-D vector (unit = scene units per 1.0).
  void vector2(ImVec2 origin, float x, float y, float unit, ImU32 col, float alpha = 1);
  // A line plot of every series in r (x = index), axis values at lo/hi (and 0) and at the first
  // and last x, a legend above the top-right corner; progress reveals points left to right.
  void plot(const Rect& r, const std::vector<Series>& series, const PlotOpts& o);

  static ImU32 with_alpha(ImU32 c, float a);

 private:
  ImFont* font(const Txt& o) const;
  void log_line(ImVec2 pa, ImVec2 pb, float alpha);
  void log_text(ImVec2 a, ImVec2 b, float px, float alpha, const std::string& s, bool is_math);
  ImDrawList* dl_;
  Fill bg_fill_ = nullptr;
  ImVec2 o_;
  float k_;
  Camera cam_;
  StageFonts f_;
  StageMath m_;
  StageText t_;
  bool dark_;
  StageColors c_;
  StageLog* log_ = nullptr;
  float floor_px_ = 0;
  bool drop_small_ = false;
  float text_px(float size) const;  // a text size in units -> screen px, with the floor (0: not drawn)
  // Whether the numbers of m, `size` high, fit in cells of `cell` units once the floor enlarged
  // them; fmt gives up digits after the point until they do. False: the cells go without numbers.
  bool cell_numbers_fit(const Mat& m, ImVec2 cell, float size, std::string& fmt) const;
  // While the floor enlarges text: the screen boxes of this frame's texts so far, and whether a
  // new box would run into one of them (an enlarged text that would is left out).
  std::vector<ImVec4> placed_;
  bool blocked(ImVec2 a, ImVec2 b) const;
  bool fits_floored(ImVec2& top_left, float w, float h, float alpha);  // moves it inside; false: left out
};

}  // namespace tmx::anim
