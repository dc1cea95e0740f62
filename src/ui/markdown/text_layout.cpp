// [SECTION] Line builder
// [SECTION] Inline pieces: words, math, figures, error boxes
// [SECTION] Drawing
#include "ui/markdown/text_layout.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "core/tokenizer/utf8.h"
#include "ui/fonts.h"
#include "ui/cjk_wrap.h"  // cjk_break
#include "ui/i18n.h"
#include "ui/theme.h"

namespace tmx::ui::md {

namespace {

float font_px(ImFont* f) { return f->FontSize * ImGui::GetIO().FontGlobalScale; }
float ascent_px(ImFont* f, float size) { return f->Ascent * size / f->FontSize; }

constexpr float kCodePad = 4.0f;     // horizontal padding inside a code span's background
constexpr float kMathGap = 8.0f;     // vertical space around display math
constexpr float kItalicSlant = 0.2f; // synthetic italic: x shift per unit of height above the baseline

//-----------------------------------------------------------------------------
// [SECTION] Line builder
//-----------------------------------------------------------------------------
struct Builder {
  TextLayout& L;
  const TextStyle& st;
  const LayoutContext& ctx;
  float width;
  float base_lh;
  float x = 0, y = 0;
  size_t line_start = 0;
  bool pending_space = false;
  float pending_space_w = 0;
  bool glue_ = false;  // the piece being placed follows a CJK break (Run::glue)
  bool center = false;  // lines built now are centred (display math, captions)

  void finish_line() {
    if (L.runs.size() == line_start) {
      if (x > 0) y += base_lh;
      x = 0;
      pending_space = false;
      return;
    }
    float asc = 0, desc = 0;
    bool has_text = false;
    for (size_t i = line_start; i < L.runs.size(); ++i) {
      const Run& r = L.runs[i];
      float a, d;
      if (r.kind == RunKind::Text) {
        a = ascent_px(r.font, r.size);
        d = r.size - a;
        has_text = true;
      } else if (r.kind == RunKind::Math && !center) {
        a = r.h - r.math->depth;
        d = r.math->depth;
      } else {
        a = r.h;
        d = 0;
      }
      asc = std::max(asc, a);
      desc = std::max(desc, d);
    }
    const float content = asc + desc;
    const float lh = has_text ? std::max(base_lh, content + 4.0f) : content + 2 * kMathGap;
    const float baseline = y + (lh - content) * 0.5f + asc;
    const Run& last = L.runs.back();
    const float line_w = last.x + last.w + (last.code ? kCodePad : 0.0f);
    const float shift = center ? std::max(0.0f, (width - line_w) * 0.5f) : 0.0f;
    for (size_t i = line_start; i < L.runs.size(); ++i) {
      Run& r = L.runs[i];
      float a = r.kind == RunKind::Text ? ascent_px(r.font, r.size)
                : (r.kind == RunKind::Math && !center) ? r.h - r.math->depth : r.h;
      r.y = baseline - a;
      r.x += shift;
    }
    L.max_line_width = std::max(L.max_line_width, line_w);
    y += lh;
    x = 0;
    line_start = L.runs.size();
    pending_space = false;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Inline pieces: words, math, figures, error boxes
  //---------------------------------------------------------------------------
  float measure(ImFont* f, float size, const char* b, const char* e) const {
    return f->CalcTextSizeA(size, FLT_MAX, 0.0f, b, e).x;
  }

  // One unbreakable word (no spaces) of styled text.
  void word(const char* b, const char* e, ImFont* f, float size, Tone tone, uint8_t style, bool code, int link) {
    float w = measure(f, size, b, e);
    float space = pending_space ? pending_space_w : 0.0f;
    if (x > 0 && x + space + w > width) {
      finish_line();
      space = 0;
    }
    // A word wider than the whole line (a URL, a 1 MB line): break it between characters.
    while (w > width - x && e - b > 1) {
      const float scale = size / f->FontSize;
      float acc = 0;
      const char* p = b;
      while (p < e) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, p, e);
        const float adv = f->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
        if (acc + adv > width - x && p > b) break;
        acc += adv;
        p += n > 0 ? n : 1;
      }
      if (p >= e) break;
      place(b, p, acc, space, f, size, tone, style, code, link);
      finish_line();
      space = 0;
      b = p;
      w = measure(f, size, b, e);
    }
    place(b, e, w, space, f, size, tone, style, code, link);
  }

  void place(const char* b, const char* e, float w, float space, ImFont* f, float size, Tone tone, uint8_t style,
             bool code, int link) {
    Run* last = L.runs.size() > line_start ? &L.runs.back() : nullptr;
    const bool merge = last && last->kind == RunKind::Text && last->font == f && last->tone == tone &&
                       last->style == style && last->code == code && last->link == link &&
                       last->end == L.text.size();
    if (code && !(last && last->code && merge)) x += kCodePad;  // room for the span's background
    x += space;
    if (merge) {
      if (space > 0) L.text += ' ';
      L.text.append(b, e);
      last->end = static_cast<uint32_t>(L.text.size());
      last->w = x + w - last->x;
    } else {
      Run r;
      r.kind = RunKind::Text;
      r.tone = tone;
      r.style = style;
      r.code = code;
      r.font = f;
      r.size = size;
      r.x = x;
      r.w = w;
      r.h = size;
      r.link = link;
      r.glue = glue_;
      r.begin = static_cast<uint32_t>(L.text.size());
      L.text.append(b, e);
      r.end = static_cast<uint32_t>(L.text.size());
      L.runs.push_back(r);
    }
    x += w;
    pending_space = false;
  }

  void text(const std::string& s, ImFont* f, Tone tone, uint8_t style, bool code, int link) {
    const float size = font_px(f);
    const char* p = s.data();
    const char* end = p + s.size();
    while (p < end) {
      if (*p == ' ' || *p == '\n' || *p == '\t') {
        pending_space = x > 0;
        pending_space_w = measure(f, size, " ", " " + 1);
        ++p;
        continue;
      }
      const char* q = p;
      while (q < end && *q != ' ' && *q != '\n' && *q != '\t') ++q;
      // Chinese has no spaces: a "word" may be a whole sentence. Lay it out in pieces that may
      // break between characters (cjk_break), joined without a space when they share a line.
      const char* b = p;
      for (const char* c = p; c < q;) {
        const size_t at = static_cast<size_t>(c - s.data());
        const tok::Utf8Unit u = tok::utf8_next(s, at);
        const char* n = c + std::max(1, u.len);
        if (n < q) {
          const tok::Utf8Unit v = tok::utf8_next(s, static_cast<size_t>(n - s.data()));
          if (u.valid && v.valid && cjk_break(u.cp, v.cp)) {
            glue_ = b != p;
            word(b, n, f, size, tone, style, code, link);
            b = n;
          }
        }
        c = n;
      }
      if (b < q) {
        glue_ = b != p;
        word(b, q, f, size, tone, style, code, link);
      }
      glue_ = false;
      p = q;
    }
    if (code && !L.runs.empty() && L.runs.back().code) x += kCodePad;
  }

  void error_box(const std::string& msg) {
    finish_line();
    Run r;
    r.kind = RunKind::Error;
    r.x = 0;
    r.w = width;
    r.h = error_box_height(msg, width);
    r.begin = static_cast<uint32_t>(L.text.size());
    L.text += msg;
    r.end = static_cast<uint32_t>(L.text.size());
    L.runs.push_back(r);
    L.errors++;
    finish_line();
  }

  void math(const Inline& in, bool display) {
    const MathEntry* m = ctx.math ? ctx.math->find(in.text, display) : nullptr;
    if (!m) {
      const std::string shown = in.text.size() > 120 ? in.text.substr(0, tok::utf8_floor(in.text, 120)) + "…" : in.text;
      if (display) {
        error_box(trf(S::NoteMathMissing, {shown}));
      } else {
        L.errors++;
        text("$" + shown + "$", st.mono ? st.mono : st.font, Tone::Error, 0, true, -1);
      }
      return;
    }
    Run r;
    r.kind = RunKind::Math;
    r.math = m;
    r.path = in.text;
    r.w = std::min(m->width, width);  // an over-wide formula is scaled to fit
    r.h = m->height * (r.w / std::max(1.0f, m->width));
    r.link = in.link;
    if (display) {
      finish_line();
      center = true;
      r.x = 0;
      L.runs.push_back(r);
      finish_line();
      center = false;
      return;
    }
    const float space = pending_space ? pending_space_w : 0.0f;
    if (x > 0 && x + space + r.w > width) finish_line();
    else x += space;
    r.x = x;
    x += r.w;
    pending_space = false;
    L.runs.push_back(r);
  }

  void image(const Inline& in) {
    const std::string& src = in.text;
    if (src.size() > 4 && src.compare(src.size() - 4, 4, ".svg") == 0) return figure(in);
    if (src.rfind("http://", 0) == 0 || src.rfind("https://", 0) == 0 || src.find("..") != std::string::npos ||
        src.empty()) {
      error_box(trf(S::NoteImageOutside, {src.substr(0, tok::utf8_floor(src, 120))}));
      return;
    }
    const std::string path = src[0] == '/' ? src : ctx.base_dir + "/" + src;
    const Texture& t = load_texture(path);
    if (!t.error.empty()) {
      error_box(trf(S::NoteImageFailed, {src.substr(0, tok::utf8_floor(src, 120)), t.error}));
      return;
    }
    // Images next to the note are authored at 2x (retina): shown at half their pixel size.
    place_image(in, path, "", t.width * 0.5f, t.height * 0.5f);
  }

  // An SVG figure from content/<lang>/figures: the build rasterized it at 1x and 2x; the 1x PNG
  // gives its size in CSS px, and the drawing picks the PNG for the screen's pixel ratio.
  void figure(const Inline& in) {
    const std::string p1 = figure_png(in.text, 1.0f), p2 = figure_png(in.text, 2.0f);
    if (p1.empty()) {
      error_box(trf(S::NoteFigureBadName, {in.text.substr(0, tok::utf8_floor(in.text, 120))}));
      return;
    }
    const Texture& t = load_texture(p1, /*fetch=*/false);  // the size (drawing fetches the right PNG)
    if (!t.error.empty()) {
      error_box(trf(S::NoteFigureMissing, {in.text.substr(0, tok::utf8_floor(in.text, 120)), t.error}));
      return;
    }
    place_image(in, p1, p2, static_cast<float>(t.width), static_cast<float>(t.height));
  }

  // A centred image block, never wider than the column, with its alt text as a caption.
  void place_image(const Inline& in, const std::string& path, const std::string& path_2x, float w, float h) {
    finish_line();
    Run r;
    r.kind = RunKind::Image;
    r.path = path;
    r.path_2x = path_2x;
    const float s = w > width ? width / w : 1.0f;
    r.img_w = w * s;
    r.img_h = h * s;
    r.w = r.img_w;
    r.h = r.img_h + 8.0f;
    r.link = in.link;
    center = true;
    L.runs.push_back(r);
    finish_line();
    if (!in.alt.empty() && fonts().small) {
      text(in.alt, fonts().small, Tone::Dim, 0, false, -1);
      finish_line();
    }
    center = false;
  }
};

}  // namespace

void layout_inlines(TextLayout& out, const std::vector<Inline>& inlines, float width, const TextStyle& st,
                    const LayoutContext& ctx) {
  out = TextLayout();
  out.width = width;
  width = std::max(width, 40.0f);
  Builder B{out, st, ctx, width, font_px(st.font) * st.line_height};
  for (const Inline& in : inlines) {
    const Tone tone = in.link >= 0 ? Tone::Link : st.tone;
    switch (in.kind) {
      case InlineKind::Text: {
        ImFont* f = (in.style & kStrong) && st.bold ? st.bold : st.font;
        B.text(in.text, f, tone, in.style, false, in.link);
        break;
      }
      case InlineKind::Code:
        B.text(in.text, st.mono ? st.mono : st.font, tone, in.style, true, in.link);
        break;
      case InlineKind::Math: B.math(in, false); break;
      case InlineKind::MathDisplay: B.math(in, true); break;
      case InlineKind::Image: B.image(in); break;
      case InlineKind::SoftBreak:
        B.pending_space = B.x > 0;
        B.pending_space_w = st.font->CalcTextSizeA(font_px(st.font), FLT_MAX, 0, " ").x;
        break;
      case InlineKind::HardBreak:
        if (B.x == 0 && B.L.runs.size() == B.line_start) B.y += B.base_lh;
        B.finish_line();
        break;
    }
  }
  B.finish_line();
  out.height = B.y;
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------
ImU32 tone_color(Tone t) {
  const Palette& p = palette();
  switch (t) {
    case Tone::Dim: return p.text_dim;
    case Tone::Link: return p.accent;
    case Tone::Error: return p.error;
    default: return p.text;
  }
}

static ImFont* error_font() { return fonts().body ? fonts().body : ImGui::GetFont(); }
constexpr float kErrPadX = 16.0f, kErrPadY = 10.0f;

float error_box_height(const std::string& msg, float width) {
  ImFont* f = error_font();
  const ImVec2 ts = f->CalcTextSizeA(font_px(f), FLT_MAX, std::max(40.0f, width - 2 * kErrPadX), msg.c_str(),
                                     msg.c_str() + msg.size());
  return ts.y + 2 * kErrPadY;
}

void draw_error_box(const char* b, const char* e, ImVec2 p, float width) {
  const Palette& pal = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* f = error_font();
  const std::string msg(b, e);
  const ImVec2 q(p.x + width, p.y + error_box_height(msg, width));
  dl->AddRectFilled(p, q, (pal.error & 0x00ffffff) | 0x22000000, 6.0f);
  dl->AddRect(p, q, (pal.error & 0x00ffffff) | 0xA0000000, 6.0f, 0, 1.0f);
  dl->AddRectFilled(p, ImVec2(p.x + 4, q.y), pal.error, 6.0f, ImDrawFlags_RoundCornersLeft);
  dl->AddText(f, font_px(f), ImVec2(p.x + kErrPadX, p.y + kErrPadY), pal.text, b, e,
              std::max(40.0f, width - 2 * kErrPadX));
}

int draw_text_layout(const TextLayout& l, ImVec2 origin, float clip_y0, float clip_y1, const LayoutContext& ctx) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  const bool window_hovered = ImGui::IsWindowHovered();
  int clicked = -1;
  const float ratio = ImGui::GetIO().DisplayFramebufferScale.x;
  for (const Run& r : l.runs) {
    const ImVec2 p(origin.x + r.x, origin.y + r.y);
    if (p.y > clip_y1) break;  // runs are stored line by line, top to bottom
    if (p.y + r.h < clip_y0) continue;
    const ImVec2 q(p.x + r.w, p.y + r.h);
    const bool hovered = r.link >= 0 && window_hovered && ImGui::IsMouseHoveringRect(p, q);
    switch (r.kind) {
      case RunKind::Text: {
        const ImU32 col = r.tone == Tone::Link ? pal.accent : tone_color(r.tone);
        if (r.code)
          dl->AddRectFilled(ImVec2(p.x - kCodePad, p.y - 2), ImVec2(q.x + kCodePad, q.y + 2), pal.accent_soft & 0x80ffffff,
                            4.0f);
        const int v0 = dl->VtxBuffer.Size;
        dl->AddText(r.font, r.size, p, col, l.text.data() + r.begin, l.text.data() + r.end);
        if (r.style & kEm) {  // synthetic italic: shear the glyph quads around the baseline
          const float base = p.y + ascent_px(r.font, r.size);
          for (int i = v0; i < dl->VtxBuffer.Size; ++i) dl->VtxBuffer[i].pos.x += (base - dl->VtxBuffer[i].pos.y) * kItalicSlant;
        }
        if (r.style & kDel) dl->AddLine(ImVec2(p.x, p.y + r.h * 0.55f), ImVec2(q.x, p.y + r.h * 0.55f), col, 1.0f);
        if (hovered || (r.tone == Tone::Link && !r.code))
          dl->AddLine(ImVec2(p.x, q.y - 1), ImVec2(q.x, q.y - 1), hovered ? col : (col & 0x00ffffff) | 0x60000000, 1.0f);
        break;
      }
      case RunKind::Math: {
        const Texture& t = ctx.math->texture(*r.math, ratio);
        if (t.error.empty() && t.id) {
          const ImU32 tint = hovered ? pal.accent : pal.text;
          dl->AddImage(t.id, p, q, ImVec2(0, 0), ImVec2(1, 1), tint);
        } else if (t.pending) {  // its pack is on its way (ui/pack_store.h)
          dl->AddRectFilled(p, q, (pal.text & 0x00ffffff) | 0x18000000, 2.0f);
        } else {
          dl->AddRect(p, q, pal.error);
          if (ImGui::IsMouseHoveringRect(p, q) && window_hovered) ImGui::SetTooltip("%s", trf(S::NoteMathMissingTip, {r.path}).c_str());
        }
        break;
      }
      case RunKind::Image: {
        // SVG figures: the 2x raster on HiDPI screens (same rule as typeset math).
        const bool hi = !r.path_2x.empty() && ratio > 1.25f;
        const Texture& t = load_texture(hi ? r.path_2x : r.path);
        const ImVec2 a(p.x, p.y + 4.0f), b(p.x + r.img_w, p.y + 4.0f + r.img_h);
        if (t.id) dl->AddImageRounded(t.id, a, b, ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 6.0f);
        else if (t.pending) dl->AddRectFilled(a, b, (pal.text & 0x00ffffff) | 0x18000000, 6.0f);  // pack on its way
        else if (!t.error.empty()) draw_error_box(t.error.data(), t.error.data() + t.error.size(), a, r.img_w);
        break;
      }
      case RunKind::Error:
        draw_error_box(l.text.data() + r.begin, l.text.data() + r.end, p, r.w);
        break;
    }
    if (hovered) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (ctx.doc && r.link < static_cast<int>(ctx.doc->links.size())) ImGui::SetTooltip("%s", ctx.doc->links[r.link].c_str());
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = r.link;
    }
  }
  return clicked;
}

}  // namespace tmx::ui::md
