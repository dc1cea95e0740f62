// Rich-text layout: inline content (styled text, code spans, links, math, figures) broken into
// lines for a given width, once, then drawn every frame with only the visible lines touched.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/markdown/document.h"
#include "ui/math.h"

namespace tmx::ui::md {

enum class RunKind : uint8_t { Text, Math, Image, Error };
enum class Tone : uint8_t { Body, Dim, Link, Error };

struct Run {
  RunKind kind = RunKind::Text;
  Tone tone = Tone::Body;
  uint8_t style = 0;          // InlineStyle bits (em is drawn slanted)
  bool code = false;          // code span: mono font on a tinted background
  bool glue = false;          // opens a line at a break between CJK characters: no space before it
  ImFont* font = nullptr;
  float size = 0;             // font size in CSS px
  float x = 0, y = 0, w = 0, h = 0;  // box relative to the layout origin (y = top)
  uint32_t begin = 0, end = 0;       // Text/Error: byte range in TextLayout::text
  int link = -1;
  const MathEntry* math = nullptr;   // Math
  std::string path;                  // Image: file (a figure: its 1x PNG); Math: LaTeX (tooltips)
  std::string path_2x;               // Image from an SVG figure: the 2x PNG for HiDPI screens
  float img_w = 0, img_h = 0;        // Image: drawn size
};

struct TextStyle {
  ImFont* font = nullptr;     // regular face
  ImFont* bold = nullptr;     // for **strong**
  ImFont* mono = nullptr;     // for `code`
  float line_height = 1.6f;   // multiple of the font size
  Tone tone = Tone::Body;
};

struct TextLayout {
  float width = -1;           // width it was laid out for (-1: never)
  float height = 0;
  float max_line_width = 0;   // widest line (tables use it for natural column widths)
  std::string text;
  std::vector<Run> runs;
  int errors = 0;             // missing math/images (tests count them)
};

struct LayoutContext {
  const Document* doc = nullptr;
  std::string base_dir;       // images resolve relative to this folder
  const MathCache* math = nullptr;
};

void layout_inlines(TextLayout& out, const std::vector<Inline>& inlines, float width, const TextStyle& st,
                    const LayoutContext& ctx);

// Draws the runs whose lines intersect [clip_y0, clip_y1] (screen y). Returns the link index
// clicked this frame, or -1. Hovered links get an underline, a hand cursor and their address.
int draw_text_layout(const TextLayout& l, ImVec2 origin, float clip_y0, float clip_y1, const LayoutContext& ctx);

ImU32 tone_color(Tone t);

// The inline error box (missing asset, bad directive, …): full width, wrapped message.
float error_box_height(const std::string& msg, float width);
void draw_error_box(const char* begin, const char* end, ImVec2 pos, float width);

}  // namespace tmx::ui::md
