// [SECTION] Colors and setup
// [SECTION] Text
// [SECTION] Shapes, arrows, connectors
// [SECTION] Matrices, heatmaps, chips, vectors, plots
#include "anim/stage.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "anim/colormap.h"
#include "core/tokenizer/utf8.h"

namespace tmx::anim {

//-----------------------------------------------------------------------------
// [SECTION] Colors and setup
//-----------------------------------------------------------------------------
StageColors StageColors::make(bool dark) {
  if (dark)
    return {IM_COL32(18, 20, 26, 255),   IM_COL32(232, 234, 240, 255), IM_COL32(150, 156, 170, 255),
            IM_COL32(70, 75, 90, 255),   IM_COL32(110, 168, 255, 255), IM_COL32(96, 165, 250, 255),
            IM_COL32(52, 211, 153, 255), IM_COL32(251, 191, 36, 255),  IM_COL32(74, 222, 128, 255),
            IM_COL32(248, 113, 113, 255), IM_COL32(34, 38, 48, 255)};
  return {IM_COL32(250, 250, 252, 255), IM_COL32(24, 26, 32, 255),    IM_COL32(90, 96, 110, 255),
          IM_COL32(200, 204, 214, 255), IM_COL32(37, 99, 235, 255),   IM_COL32(37, 99, 235, 255),
          IM_COL32(5, 150, 105, 255),   IM_COL32(202, 138, 4, 255),   IM_COL32(22, 163, 74, 255),
          IM_COL32(220, 38, 38, 255),   IM_COL32(236, 238, 244, 255)};
}

Stage::Stage(ImDrawList* dl, ImVec2 origin_px, float width_px, StageFonts fonts, bool dark, StageMath math)
    : dl_(dl), o_(origin_px), k_(width_px / kW), f_(fonts), m_(std::move(math)), dark_(dark), c_(StageColors::make(dark)) {}

ImU32 Stage::with_alpha(ImU32 c, float a) {
  a = std::isfinite(a) ? std::min(1.0f, std::max(0.0f, a)) : 0.0f;
  const unsigned old = (c >> 24) & 0xFF;
  return (c & 0x00FFFFFFu) | (static_cast<ImU32>(old * a + 0.5f) << 24);
}

void Stage::background() {
  dl_->AddRectFilled(px({0, 0}), px({kW, kH}), c_.bg);
}

ImFont* Stage::font(bool bold) const {
  ImFont* f = bold ? (f_.bold ? f_.bold : f_.text) : f_.text;
  return f ? f : ImGui::GetFont();
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------
float Stage::text_width(const std::string& s, float size, bool bold) const {
  const float fs = len(size);
  if (fs <= 0) return 0;
  return font(bold)->CalcTextSizeA(fs, 1e9f, 0, s.c_str()).x / k_;
}

void Stage::text(ImVec2 pos, const std::string& s, float size, ImU32 col, float alpha, Align a, float write,
                 bool bold) {
  if (alpha <= 0.003f || s.empty() || write <= 0) return;
  ImFont* f = font(bold);
  const float fs = len(size);
  if (fs < 1.0f) return;
  // Reveal whole UTF-8 code points only.
  size_t n = s.size();
  if (write < 1) {
    n = tok::utf8_ceil(s, static_cast<size_t>(std::ceil(write * static_cast<float>(s.size()))));
  }
  const float w_full = f->CalcTextSizeA(fs, 1e9f, 0, s.c_str()).x;
  ImVec2 p = px(pos);
  if (a == Align::Center) p.x -= w_full * 0.5f;
  if (a == Align::Right) p.x -= w_full;
  p.y -= fs * 0.5f;  // pos is the vertical middle of the line
  dl_->AddText(f, fs, ImVec2(std::floor(p.x), std::floor(p.y)), with_alpha(col, alpha), s.c_str(), s.c_str() + n);
}

void Stage::mono(ImVec2 pos, const std::string& s, float size, ImU32 col, float alpha, Align a) {
  StageFonts saved = f_;
  if (f_.mono) f_.text = f_.mono;
  text(pos, s, size, col, alpha, a);
  f_ = saved;
}

ImVec2 Stage::math(ImVec2 pos, const char* latex, float size, Align a, float alpha, ImU32 col, float reveal) {
  if (!latex || !*latex) return ImVec2(0, 0);
  if (col == 0) col = c_.fg;
  const float fs = len(size);
  StageMathImage img;
  const float zoom = fs / kMathEmPx;
  if (fs > 0 && m_.find && m_.find(latex, zoom, img) && img.tex && img.w > 0 && img.h > 0) {
    const float w = img.w * zoom, h = img.h * zoom;
    if (alpha > 0.003f && reveal > 0) {
      ImVec2 p = px(pos);
      if (a == Align::Center) p.x -= w * 0.5f;
      if (a == Align::Right) p.x -= w;
      p.y += fs * 0.25f - (img.h - img.depth) * zoom;  // baseline 0.25 em below the axis
      p = ImVec2(std::floor(p.x), std::floor(p.y));  // whole pixels: the PNG stays crisp at zoom 1 and 2
      const float u = std::min(1.0f, reveal);
      dl_->AddImage(img.tex, p, ImVec2(p.x + w * u, p.y + h), ImVec2(0, 0), ImVec2(u, 1), with_alpha(col, alpha));
    }
    return ImVec2(w / k_, h / k_);
  }
  // Not typeset (no hook, or the formula is missing from the manifest): readable source.
  StageFonts saved = f_;
  if (f_.mono) f_.text = f_.mono;
  text(pos, latex, size * 0.85f, col, alpha, a, reveal);
  const float w = text_width(latex, size * 0.85f);
  f_ = saved;
  return ImVec2(w, size);
}

//-----------------------------------------------------------------------------
// [SECTION] Shapes, arrows, connectors
//-----------------------------------------------------------------------------
void Stage::box(ImVec2 a, ImVec2 b, ImU32 fill, ImU32 border, float alpha, float rounding, float grow) {
  if (alpha <= 0.003f) return;
  grow = std::min(1.0f, std::max(0.0f, grow));
  const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
  const ImVec2 ga(c.x + (a.x - c.x) * grow, c.y + (a.y - c.y) * grow), gb(c.x + (b.x - c.x) * grow, c.y + (b.y - c.y) * grow);
  dl_->AddRectFilled(px(ga), px(gb), with_alpha(fill, alpha), len(rounding));
  if (border) dl_->AddRect(px(ga), px(gb), with_alpha(border, alpha), len(rounding), 0, std::max(1.0f, len(0.025f)));
}

void Stage::line(ImVec2 a, ImVec2 b, ImU32 col, float alpha, float thick) {
  if (alpha <= 0.003f) return;
  dl_->AddLine(px(a), px(b), with_alpha(col, alpha), std::max(1.0f, len(thick)));
}

static void arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 dir, float size, ImU32 col) {
  const float l = std::sqrt(dir.x * dir.x + dir.y * dir.y);
  if (l < 1e-6f) return;
  const ImVec2 d(dir.x / l, dir.y / l), n(-d.y, d.x);
  const ImVec2 base(tip.x - d.x * size, tip.y - d.y * size);
  dl->AddTriangleFilled(tip, ImVec2(base.x + n.x * size * 0.5f, base.y + n.y * size * 0.5f),
                        ImVec2(base.x - n.x * size * 0.5f, base.y - n.y * size * 0.5f), col);
}

void Stage::arrow(ImVec2 a, ImVec2 b, ImU32 col, float alpha, float progress, float thick) {
  if (alpha <= 0.003f || progress <= 0) return;
  progress = std::min(1.0f, progress);
  const ImVec2 e(a.x + (b.x - a.x) * progress, a.y + (b.y - a.y) * progress);
  const ImU32 c = with_alpha(col, alpha);
  const ImVec2 pa = px(a), pe = px(e);
  const ImVec2 d(pe.x - pa.x, pe.y - pa.y);
  const float l = std::sqrt(d.x * d.x + d.y * d.y), hs = len(0.18f);
  if (l > hs) {
    const ImVec2 stop(pe.x - d.x / l * hs * 0.8f, pe.y - d.y / l * hs * 0.8f);
    dl_->AddLine(pa, stop, c, std::max(1.0f, len(thick)));
  }
  arrow_head(dl_, pe, d, hs, c);
}

void Stage::connector(ImVec2 a, ImVec2 b, ImU32 col, float alpha, float progress, float thick) {
  if (alpha <= 0.003f || progress <= 0) return;
  const float mx = (a.x + b.x) / 2;
  const ImVec2 pts[4] = {a, {mx, a.y}, {mx, b.y}, b};
  float seg[3], total = 0;
  for (int i = 0; i < 3; ++i) {
    seg[i] = std::fabs(pts[i + 1].x - pts[i].x) + std::fabs(pts[i + 1].y - pts[i].y);
    total += seg[i];
  }
  float remain = std::min(1.0f, progress) * total;
  const ImU32 c = with_alpha(col, alpha);
  for (int i = 0; i < 3 && remain > 0; ++i) {
    const float u = seg[i] > 0 ? std::min(1.0f, remain / seg[i]) : 1.0f;
    const ImVec2 e(pts[i].x + (pts[i + 1].x - pts[i].x) * u, pts[i].y + (pts[i + 1].y - pts[i].y) * u);
    const bool last = i == 2 && u >= 1.0f;
    if (last) arrow(pts[i], e, col, alpha, 1, thick);
    else dl_->AddLine(px(pts[i]), px(e), c, std::max(1.0f, len(thick)));
    remain -= seg[i];
  }
}

void Stage::circle(ImVec2 c, float r, ImU32 col, float alpha, bool filled) {
  if (alpha <= 0.003f) return;
  if (filled) dl_->AddCircleFilled(px(c), len(r), with_alpha(col, alpha), 24);
  else dl_->AddCircle(px(c), len(r), with_alpha(col, alpha), 24, std::max(1.0f, len(0.03f)));
}

//-----------------------------------------------------------------------------
// [SECTION] Matrices, heatmaps, chips, vectors, plots
//-----------------------------------------------------------------------------
ImVec2 Stage::matrix(ImVec2 tl, const Mat& m, float cw, float ch, float alpha, float range, float reveal,
                     const char* fmt, float ts) {
  const ImVec2 br(tl.x + cw * m.cols(), tl.y + ch * m.rows());
  if (alpha <= 0.003f) return br;
  const int rows_shown = static_cast<int>(std::ceil(std::min(1.0f, std::max(0.0f, reveal)) * m.rows()));
  char buf[32];
  for (int i = 0; i < rows_shown; ++i)
    for (int j = 0; j < m.cols(); ++j) {
      const float v = m(i, j);
      const ImVec2 a(tl.x + cw * j, tl.y + ch * i), b(a.x + cw, a.y + ch);
      if (range > 0 && std::isfinite(v))
        dl_->AddRectFilled(px(a), px(b), to_u32(colormap_diverging(v / range, dark_), alpha * 0.85f));
      if (std::isinf(v)) std::snprintf(buf, sizeof buf, "%s", v < 0 ? "-\xE2\x88\x9E" : "\xE2\x88\x9E");  // ∞
      else std::snprintf(buf, sizeof buf, fmt, v);
      text(ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), buf, ts, c_.fg, alpha, Align::Center);
    }
  // Brackets.
  const ImU32 bc = with_alpha(c_.dim, alpha);
  const float t = std::max(1.0f, len(0.03f)), hook = len(0.1f);
  const ImVec2 p = px(tl), q = px(br);
  dl_->AddLine(ImVec2(p.x, p.y), ImVec2(p.x, q.y), bc, t);
  dl_->AddLine(ImVec2(p.x, p.y), ImVec2(p.x + hook, p.y), bc, t);
  dl_->AddLine(ImVec2(p.x, q.y), ImVec2(p.x + hook, q.y), bc, t);
  dl_->AddLine(ImVec2(q.x, p.y), ImVec2(q.x, q.y), bc, t);
  dl_->AddLine(ImVec2(q.x, p.y), ImVec2(q.x - hook, p.y), bc, t);
  dl_->AddLine(ImVec2(q.x, q.y), ImVec2(q.x - hook, q.y), bc, t);
  return br;
}

void Stage::heatmap(ImVec2 tl, const Mat& m, float cell, float lo, float hi, float alpha, float reveal, bool numbers,
                    float ts) {
  if (alpha <= 0.003f) return;
  const int rows_shown = static_cast<int>(std::ceil(std::min(1.0f, std::max(0.0f, reveal)) * m.rows()));
  const float span = hi > lo ? hi - lo : 1.0f;
  char buf[32];
  for (int i = 0; i < rows_shown; ++i)
    for (int j = 0; j < m.cols(); ++j) {
      const float v = m(i, j);
      const ImVec2 a(tl.x + cell * j, tl.y + cell * i), b(a.x + cell, a.y + cell);
      if (!std::isfinite(v)) {  // masked: hatched grey
        dl_->AddRectFilled(px(a), px(b), with_alpha(c_.box, alpha));
        dl_->AddLine(px(a), px(b), with_alpha(c_.faint, alpha), 1.0f);
        continue;
      }
      const float x = (v - lo) / span;
      dl_->AddRectFilled(px(a), px(b), to_u32(colormap_sequential(x), alpha));
      if (numbers) {
        std::snprintf(buf, sizeof buf, "%.2f", v);
        text(ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), buf, ts, x > 0.6f ? IM_COL32(20, 20, 20, 255) : IM_COL32(240, 240, 240, 255),
             alpha, Align::Center);
      }
    }
  dl_->AddRect(px(tl), px(ImVec2(tl.x + cell * m.cols(), tl.y + cell * m.rows())), with_alpha(c_.faint, alpha));
}

void Stage::token_chip(ImVec2 c, const std::string& s, ImU32 col, float alpha, float size) {
  if (alpha <= 0.003f) return;
  const float w = text_width(s, size) + 0.3f, h = size + 0.22f;
  box(ImVec2(c.x - w / 2, c.y - h / 2), ImVec2(c.x + w / 2, c.y + h / 2), with_alpha(col, 0.22f), col, alpha, h / 2);
  text(c, s, size, c_.fg, alpha, Align::Center);
}

void Stage::vector2(ImVec2 o, float x, float y, float unit, ImU32 col, float alpha, const char* label) {
  const ImVec2 e(o.x + x * unit, o.y - y * unit);
  arrow(o, e, col, alpha);
  if (label) text(ImVec2(e.x + 0.15f, e.y - 0.15f), label, 0.3f, col, alpha);
}

void Stage::plot(ImVec2 a, ImVec2 b, const std::vector<float>& ys, float lo, float hi, ImU32 col, float alpha,
                 float progress, bool axes, bool dots) {
  if (alpha <= 0.003f || ys.empty()) return;
  if (axes) {
    line(ImVec2(a.x, b.y), b, c_.faint, alpha, 0.02f);
    line(a, ImVec2(a.x, b.y), c_.faint, alpha, 0.02f);
    if (lo < 0 && hi > 0) {
      const float y0 = b.y - (0 - lo) / (hi - lo) * (b.y - a.y);
      line(ImVec2(a.x, y0), ImVec2(b.x, y0), c_.faint, alpha * 0.6f, 0.015f);
    }
  }
  const int n = static_cast<int>(ys.size());
  const float span = hi > lo ? hi - lo : 1.0f;
  const float shown = std::min(1.0f, std::max(0.0f, progress)) * (n - 1);
  auto pt = [&](int i) {
    const float x = n > 1 ? a.x + (b.x - a.x) * i / (n - 1) : a.x;
    const float y = b.y - (std::min(hi, std::max(lo, ys[i])) - lo) / span * (b.y - a.y);
    return ImVec2(x, y);
  };
  const ImU32 c = with_alpha(col, alpha);
  for (int i = 0; i + 1 < n && i < shown; ++i) {
    ImVec2 p = pt(i), q = pt(i + 1);
    const float u = std::min(1.0f, shown - i);
    q = ImVec2(p.x + (q.x - p.x) * u, p.y + (q.y - p.y) * u);
    dl_->AddLine(px(p), px(q), c, std::max(1.0f, len(0.035f)));
  }
  if (dots)
    for (int i = 0; i < n && i <= shown; ++i) dl_->AddCircleFilled(px(pt(i)), len(0.06f), c, 12);
}

}  // namespace tmx::anim
