// [SECTION] Colors and setup
// [SECTION] Text
// [SECTION] Shapes, arrows, connectors
// [SECTION] Matrices, heatmaps, chips, vectors, plots
// [SECTION] Layout helpers
#include "anim/stage.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

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

Stage::Stage(ImDrawList* dl, ImVec2 origin_px, float width_px, StageFonts fonts, bool dark, StageMath math,
             StageText text)
    : dl_(dl), o_(origin_px), k_(width_px / kW), f_(fonts), m_(std::move(math)), t_(std::move(text)), dark_(dark),
      c_(StageColors::make(dark)) {}

ImVec2 Stage::px(ImVec2 u) const {
  const float z = cam_.zoom;
  return ImVec2(o_.x + ((u.x - cam_.center.x) * z + kW / 2) * k_, o_.y + ((u.y - cam_.center.y) * z + kH / 2) * k_);
}

ImU32 Stage::with_alpha(ImU32 c, float a) {
  a = std::isfinite(a) ? std::min(1.0f, std::max(0.0f, a)) : 0.0f;
  const unsigned old = (c >> 24) & 0xFF;
  return (c & 0x00FFFFFFu) | (static_cast<ImU32>(old * a + 0.5f) << 24);
}

void Stage::background() {
  const ImVec2 b(o_.x + kW * k_, o_.y + kH * k_);
  if (bg_fill_) bg_fill_(dl_, o_, b, c_.bg, 0.0f);
  else dl_->AddRectFilled(o_, b, c_.bg);
}

ImFont* Stage::font(const Txt& o) const {
  ImFont* f = o.mono_ && f_.mono ? f_.mono : o.bold_ ? (f_.bold ? f_.bold : f_.text) : f_.text;
  return f ? f : ImGui::GetFont();
}

// Only what is clearly visible is checked: faint (fading, moving) items (StageLog::min_alpha) and
// what the clip rect hides are left out; text is clipped like the drawing.
void Stage::log_line(ImVec2 pa, ImVec2 pb, float alpha) {
  if (!log_ || alpha <= log_->min_alpha) return;
  // Clip to the clip rect (Liang-Barsky), as the drawing is.
  const ImVec2 c0 = dl_->GetClipRectMin(), c1 = dl_->GetClipRectMax();
  const float dx = pb.x - pa.x, dy = pb.y - pa.y;
  const float p[4] = {-dx, dx, -dy, dy}, q[4] = {pa.x - c0.x, c1.x - pa.x, pa.y - c0.y, c1.y - pa.y};
  float t0 = 0, t1 = 1;
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return;
      continue;
    }
    const float r = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, r);
    else t1 = std::min(t1, r);
    if (t0 > t1) return;
  }
  log_->lines.push_back({ImVec2(pa.x + dx * t0, pa.y + dy * t0), ImVec2(pa.x + dx * t1, pa.y + dy * t1), alpha});
}

void Stage::log_text(ImVec2 a, ImVec2 b, float px, float alpha, const std::string& s, bool is_math) {
  if (!log_ || alpha <= log_->min_alpha) return;
  const ImVec2 c0 = dl_->GetClipRectMin(), c1 = dl_->GetClipRectMax();
  const bool clipped = a.x < c0.x - 0.5f || a.y < c0.y - 0.5f || b.x > c1.x + 0.5f || b.y > c1.y + 0.5f;
  a = ImVec2(std::max(a.x, c0.x), std::max(a.y, c0.y));
  b = ImVec2(std::min(b.x, c1.x), std::min(b.y, c1.y));
  if (b.x - a.x < 1 || b.y - a.y < 1) return;
  log_->texts.push_back({a, b, px, alpha, s, is_math, clipped});
}

std::string Stage::tr(const std::string& english, const std::vector<std::string>& args) const {
  if (log_) log_->keys.push_back(english);
  const std::string f = t_.translate ? t_.translate(english) : english;
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '{' && i + 2 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '9' && f[i + 2] == '}') {
      const size_t k = static_cast<size_t>(f[i + 1] - '0');
      if (k < args.size()) out += args[k];
      i += 2;
      continue;
    }
    out += f[i];
  }
  return out;
}
std::string Stage::tr(const std::string& english, std::initializer_list<std::string> args) const {
  return tr(english, std::vector<std::string>(args));
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------
// With a text floor, text may come out larger than the design made room for. Two rules keep it
// readable: text pushed past the edge of what is drawn (the stage, the content band) moves back
// inside, and text that would run into text already drawn this frame is left out (the later of
// the two: the design draws what matters first, and the chrome's title and caption sit apart).
// Faint text (fading in or out) neither takes room nor is left out.
constexpr float kPlacedAlpha = 0.3f;
bool Stage::blocked(ImVec2 a, ImVec2 b) const {
  for (const ImVec4& r : placed_)
    if (std::min(b.x, r.z) - std::max(a.x, r.x) > 1.0f && std::min(b.y, r.w) - std::max(a.y, r.y) > 1.0f) return true;
  return false;
}

bool Stage::fits_floored(ImVec2& p, float w, float h, float alpha) {
  const ImVec2 c0 = dl_->GetClipRectMin(), c1 = dl_->GetClipRectMax();
  const ImVec2 mid(p.x + w / 2, p.y + h / 2);
  // Only text whose middle is on show moves: what the camera or the design puts out of view stays
  // there (and takes no room).
  if (mid.x < c0.x || mid.x > c1.x || mid.y < c0.y || mid.y > c1.y) return true;
  if (p.x + w > c1.x) p.x = std::max(c0.x, c1.x - w);
  if (p.x < c0.x && w <= c1.x - c0.x) p.x = c0.x;
  if (p.y + h > c1.y) p.y = std::max(c0.y, c1.y - h);
  if (p.y < c0.y && h <= c1.y - c0.y) p.y = c0.y;
  if (alpha < kPlacedAlpha) return true;
  const ImVec2 b(p.x + w, p.y + h);
  if (blocked(p, b)) return false;
  placed_.push_back(ImVec4(p.x, p.y, b.x, b.y));
  return true;
}

float Stage::text_px(float size) const {
  const float fs = len(size);
  if (fs >= floor_px_) return fs;
  return drop_small_ ? 0.0f : floor_px_;
}

float Stage::text_width(const std::string& s, const Txt& o) const {
  const float fs = text_px(o.size_);
  if (fs <= 0) return 0;
  return font(o)->CalcTextSizeA(fs, 1e9f, 0, s.c_str()).x / scale();
}

float Stage::text(ImVec2 pos, const std::string& s, const Txt& o) {
  const float fs = text_px(o.size_);
  if (o.alpha_ <= 0.003f || s.empty() || o.reveal_ <= 0 || fs < 1.0f) return 0;
  ImFont* f = font(o);
  // Reveal whole UTF-8 code points only.
  size_t n = s.size();
  if (o.reveal_ < 1) {
    n = tok::utf8_ceil(s, static_cast<size_t>(std::ceil(o.reveal_ * static_cast<float>(s.size()))));
  }
  const float w_full = f->CalcTextSizeA(fs, 1e9f, 0, s.c_str()).x;
  ImVec2 p = px(pos);
  if (o.align_ == Align::Center) p.x -= w_full * 0.5f;
  if (o.align_ == Align::Right) p.x -= w_full;
  p.y -= fs * 0.5f;  // pos is the vertical middle of the line
  if (floor_px_ > 0 && !o.moving_ && !fits_floored(p, w_full, fs, o.alpha_)) return 0;
  p = ImVec2(std::floor(p.x), std::floor(p.y));
  dl_->AddText(f, fs, p, with_alpha(o.col_ ? o.col_ : c_.fg, o.alpha_), s.c_str(), s.c_str() + n);
  if (!o.moving_) log_text(p, ImVec2(p.x + w_full, p.y + fs), fs, o.alpha_, s, false);
  return w_full / scale();
}

ImVec2 Stage::math(ImVec2 pos, const char* latex, const Txt& o) {
  if (!latex || !*latex) return ImVec2(0, 0);
  const ImU32 col = o.col_ ? o.col_ : c_.fg;
  const float fs = text_px(o.size_);
  if (fs <= 0) return ImVec2(0, o.size_);  // left out (see set_text_floor)
  StageMathImage img;
  const float zoom = fs / kMathEmPx;
  if (fs > 0 && m_.find && m_.find(latex, zoom, img) && img.tex && img.w > 0 && img.h > 0) {
    const float w = img.w * zoom, h = img.h * zoom;
    if (o.alpha_ > 0.003f && o.reveal_ > 0) {
      ImVec2 p = px(pos);
      if (o.align_ == Align::Center) p.x -= w * 0.5f;
      if (o.align_ == Align::Right) p.x -= w;
      p.y += fs * 0.25f - (img.h - img.depth) * zoom;  // baseline 0.25 em below the axis
      if (floor_px_ > 0 && !o.moving_ && !fits_floored(p, w, h, o.alpha_)) return ImVec2(w / scale(), h / scale());
      p = ImVec2(std::floor(p.x), std::floor(p.y));  // whole pixels: the PNG stays crisp at zoom 1 and 2
      const float u = std::min(1.0f, o.reveal_);
      dl_->AddImage(img.tex, p, ImVec2(p.x + w * u, p.y + h), ImVec2(0, 0), ImVec2(u, 1), with_alpha(col, o.alpha_));
      if (!o.moving_) log_text(p, ImVec2(p.x + w, p.y + h), fs, o.alpha_, latex, true);
    }
    return ImVec2(w / scale(), h / scale());
  }
  // Not typeset (no hook, or the formula is missing from the manifest): readable source.
  Txt src = o;
  src.mono().size(o.size_ * 0.85f).col(col);
  const float w = text(pos, latex, src);
  return ImVec2(w > 0 ? w : text_width(latex, src), o.size_);
}

//-----------------------------------------------------------------------------
// [SECTION] Shapes, arrows, connectors
//-----------------------------------------------------------------------------
void Stage::box(const Rect& r, ImU32 fill, ImU32 border, float alpha, float rounding, float grow) {
  if (alpha <= 0.003f) return;
  grow = std::min(1.0f, std::max(0.0f, grow));
  const ImVec2 c = r.center();
  const ImVec2 ga = lerp(c, r.min, grow), gb = lerp(c, r.max, grow);
  if (fill) dl_->AddRectFilled(px(ga), px(gb), with_alpha(fill, alpha), len(rounding));
  if (border) {
    const ImVec2 p0 = px(ga), p1 = px(gb);
    dl_->AddRect(p0, p1, with_alpha(border, alpha), len(rounding), 0, std::max(1.0f, len(0.025f)));
    log_line(p0, ImVec2(p1.x, p0.y), alpha);  // a border must not cut through a label either
    log_line(ImVec2(p1.x, p0.y), p1, alpha);
    log_line(p1, ImVec2(p0.x, p1.y), alpha);
    log_line(ImVec2(p0.x, p1.y), p0, alpha);
  }
}

void Stage::line(ImVec2 a, ImVec2 b, ImU32 col, float alpha, float thick) {
  if (alpha <= 0.003f) return;
  dl_->AddLine(px(a), px(b), with_alpha(col, alpha), std::max(1.0f, len(thick)));
  log_line(px(a), px(b), alpha);
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
  const ImVec2 e = lerp(a, b, progress);
  const ImU32 c = with_alpha(col, alpha);
  const ImVec2 pa = px(a), pe = px(e);
  const ImVec2 d(pe.x - pa.x, pe.y - pa.y);
  const float l = std::sqrt(d.x * d.x + d.y * d.y), hs = len(0.18f);
  if (l > hs) {
    const ImVec2 stop(pe.x - d.x / l * hs * 0.8f, pe.y - d.y / l * hs * 0.8f);
    dl_->AddLine(pa, stop, c, std::max(1.0f, len(thick)));
  }
  log_line(pa, pe, alpha);
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
  for (int i = 0; i < 3 && remain > 0; ++i) {
    const float u = seg[i] > 0 ? std::min(1.0f, remain / seg[i]) : 1.0f;
    const ImVec2 e = lerp(pts[i], pts[i + 1], u);
    if (i == 2 && u >= 1.0f) arrow(pts[i], e, col, alpha, 1, thick);
    else line(pts[i], e, col, alpha, thick);
    remain -= seg[i];
  }
}

void Stage::circle(ImVec2 c, float r, ImU32 col, float alpha, bool filled) {
  if (alpha <= 0.003f) return;
  if (filled) dl_->AddCircleFilled(px(c), len(r), with_alpha(col, alpha), 24);
  else dl_->AddCircle(px(c), len(r), with_alpha(col, alpha), 48, std::max(1.0f, len(0.03f)));
}

//-----------------------------------------------------------------------------
// [SECTION] Matrices, heatmaps, chips, vectors, plots
//-----------------------------------------------------------------------------
namespace {
// A cell's number in `fmt` (infinities as ∞ and −∞).
void cell_number(char* buf, size_t n, const char* fmt, float v) {
  if (std::isinf(v)) std::snprintf(buf, n, "%s", v < 0 ? "\xE2\x88\x92\xE2\x88\x9E" : "\xE2\x88\x9E");
  else {
    std::snprintf(buf, n, fmt, v);
    // A small negative rounded to zero would read "-0.0": the sign says nothing there.
    if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) std::memmove(buf, buf + 1, std::strlen(buf));
  }
}

// `fmt` with `fewer` digits less after the point ("%.2f" -> "%.1f", "%.4g" -> "%.3g"); empty when it
// has no precision to give up (or is not a "%.N" format).
std::string fewer_digits(const std::string& fmt, int fewer) {
  if (fewer == 0) return fmt;
  const size_t at = fmt.find("%.");
  if (at == std::string::npos) return "";
  size_t e = at + 2;
  while (e < fmt.size() && fmt[e] >= '0' && fmt[e] <= '9') ++e;
  if (e == at + 2 || e >= fmt.size() || (fmt[e] != 'f' && fmt[e] != 'g')) return "";
  const int d = std::stoi(fmt.substr(at + 2, e - at - 2)) - fewer;
  if (d < (fmt[e] == 'g' ? 1 : 0)) return "";
  return fmt.substr(0, at + 2) + std::to_string(d) + fmt.substr(e);
}
}  // namespace

bool Stage::cell_numbers_fit(const Mat& m, ImVec2 cell, float size, std::string& fmt) const {
  const float fs = text_px(size);
  if (fs <= 0) return false;
  if (fs <= len(size) + 0.01f) return true;  // drawn at the design's size: the design fits it
  if (fs > len(cell.y) + 0.5f) return false;  // a line taller than the cell
  const float room = len(cell.x) - 2.0f;     // a pixel clear on each side
  ImFont* f = font(Txt());
  char buf[32];
  for (int fewer = 0;; ++fewer) {
    const std::string g = fewer_digits(fmt, fewer);
    if (g.empty()) return false;
    float widest = 0;
    for (int i = 0; i < m.rows(); ++i)
      for (int j = 0; j < m.cols(); ++j) {
        cell_number(buf, sizeof buf, g.c_str(), m(i, j));
        widest = std::max(widest, f->CalcTextSizeA(fs, 1e9f, 0, buf).x);
      }
    if (widest <= room) {
      fmt = g;
      return true;
    }
  }
}

Rect Stage::matrix(ImVec2 tl, const Mat& m, const Mx& o) {
  const ImVec2 cw = o.cell_;
  const Rect r = Rect::at(tl, matrix_size(m, cw));
  if (o.alpha_ <= 0.003f) return r;
  const int rows_shown = static_cast<int>(std::ceil(std::min(1.0f, std::max(0.0f, o.reveal_)) * m.rows()));
  std::string fmt = o.fmt_;
  const bool numbers = o.numbers_ && cell_numbers_fit(m, cw, o.text_, fmt);
  char buf[32];
  for (int i = 0; i < rows_shown; ++i)
    for (int j = 0; j < m.cols(); ++j) {
      const float v = m(i, j);
      const ImVec2 a(tl.x + cw.x * j, tl.y + cw.y * i), b(a.x + cw.x, a.y + cw.y);
      if (o.tint_ > 0 && std::isfinite(v))
        dl_->AddRectFilled(px(a), px(b), to_u32(colormap_diverging(v / o.tint_, dark_), o.alpha_ * 0.85f));
      if (!numbers) continue;
      cell_number(buf, sizeof buf, fmt.c_str(), v);
      text(ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), buf, Txt().size(o.text_).alpha(o.alpha_).center().moving(o.moving_));
    }
  if (o.focus_row_ >= 0 && m.rows() > 0) {  // a highlight that travels along the rows
    const float y = tl.y + cw.y * std::min(static_cast<float>(m.rows() - 1), o.focus_row_);
    box(Rect{{tl.x - 0.05f, y - 0.03f}, {r.max.x + 0.05f, y + cw.y + 0.03f}}, 0, o.focus_col_, o.alpha_, 0.06f);
  }
  // Brackets (not logged: numbers sit inside them).
  const ImU32 bc = with_alpha(c_.dim, o.alpha_);
  const float t = std::max(1.0f, len(0.03f)), hook = len(0.1f);
  const ImVec2 p = px(r.min), q = px(r.max);
  dl_->AddLine(ImVec2(p.x, p.y), ImVec2(p.x, q.y), bc, t);
  dl_->AddLine(ImVec2(p.x, p.y), ImVec2(p.x + hook, p.y), bc, t);
  dl_->AddLine(ImVec2(p.x, q.y), ImVec2(p.x + hook, q.y), bc, t);
  dl_->AddLine(ImVec2(q.x, p.y), ImVec2(q.x, q.y), bc, t);
  dl_->AddLine(ImVec2(q.x, p.y), ImVec2(q.x - hook, p.y), bc, t);
  dl_->AddLine(ImVec2(q.x, q.y), ImVec2(q.x - hook, q.y), bc, t);
  return r;
}

Rect Stage::heatmap(ImVec2 tl, const Mat& m, const Hm& o) {
  const float cell = o.cell_;
  const Rect r = Rect::at(tl, {cell * m.cols(), cell * m.rows()});
  if (o.alpha_ <= 0.003f) return r;
  const int rows_shown = static_cast<int>(std::ceil(std::min(1.0f, std::max(0.0f, o.reveal_)) * m.rows()));
  const float span = o.hi_ > o.lo_ ? o.hi_ - o.lo_ : 1.0f;
  std::string fmt = "%.2f";
  const bool numbers = o.text_ > 0 && cell_numbers_fit(m, {cell, cell}, o.text_, fmt);
  char buf[32];
  for (int i = 0; i < rows_shown; ++i)
    for (int j = 0; j < m.cols(); ++j) {
      const float v = m(i, j);
      const ImVec2 a(tl.x + cell * j, tl.y + cell * i), b(a.x + cell, a.y + cell);
      if (!std::isfinite(v)) {  // masked: hatched grey
        dl_->AddRectFilled(px(a), px(b), with_alpha(c_.box, o.alpha_));
        dl_->AddLine(px(a), px(b), with_alpha(c_.faint, o.alpha_), 1.0f);
        continue;
      }
      const float x = (v - o.lo_) / span;
      dl_->AddRectFilled(px(a), px(b), to_u32(colormap_sequential(x), o.alpha_));
      if (numbers) {
        cell_number(buf, sizeof buf, fmt.c_str(), v);
        text(ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), buf,
             Txt().size(o.text_).alpha(o.alpha_).center().moving(o.moving_).col(x > 0.6f ? IM_COL32(20, 20, 20, 255) : IM_COL32(240, 240, 240, 255)));
      }
    }
  dl_->AddRect(px(r.min), px(r.max), with_alpha(c_.faint, o.alpha_));
  return r;
}

Rect Stage::token_chip(ImVec2 c, const std::string& s, ImU32 col, float alpha, float size) {
  const float w = text_width(s, Txt().size(size)) + 0.3f, h = size + 0.22f;
  const Rect r = Rect::centered(c, {w, h});
  if (alpha <= 0.003f) return r;
  box(r, with_alpha(col, 0.22f), col, alpha, h / 2);
  text(c, s, Txt().size(size).alpha(alpha).center());
  return r;
}

void Stage::vector2(ImVec2 o, float x, float y, float unit, ImU32 col, float alpha) {
  arrow(o, ImVec2(o.x + x * unit, o.y - y * unit), col, alpha);
}

void Stage::plot(const Rect& r, const std::vector<Series>& series, const PlotOpts& o) {
  if (o.alpha_ <= 0.003f || series.empty()) return;
  const ImVec2 a = r.min, b = r.max;
  const float lo = o.lo_, hi = o.hi_, span = hi > lo ? hi - lo : 1.0f;
  const ImU32 axis = c_.faint;
  line(ImVec2(a.x, b.y), b, axis, o.alpha_, 0.02f);
  line(a, ImVec2(a.x, b.y), axis, o.alpha_, 0.02f);
  auto ymap = [&](float v) { return b.y - (std::min(hi, std::max(lo, v)) - lo) / span * (b.y - a.y); };
  if (lo < 0 && hi > 0) line(ImVec2(a.x, ymap(0)), ImVec2(b.x, ymap(0)), axis, o.alpha_ * 0.6f, 0.015f);
  // Axis values: y at lo, hi (and 0), x at the first and last point.
  char buf[48];
  const Txt tick = Txt::small().col(c_.dim).alpha(o.alpha_);
  int yt = 0, xt = 0;
  std::vector<float> yv = {lo, hi};
  if (lo < 0 && hi > 0) yv.push_back(0.0f);
  for (float v : yv) {
    std::snprintf(buf, sizeof buf, o.y_fmt_.c_str(), v);
    text(ImVec2(a.x - 0.1f, ymap(v)), buf, Txt(tick).right());
    ++yt;
  }
  for (float v : {o.x0_, o.x1_}) {
    std::snprintf(buf, sizeof buf, o.x_fmt_.c_str(), v);
    text(ImVec2(v == o.x0_ ? a.x : b.x, b.y + 0.22f), buf, Txt(tick).center());
    ++xt;
  }
  if (!o.x_name_.empty()) text(ImVec2((a.x + b.x) / 2, b.y + 0.22f), tr(o.x_name_), Txt(tick).center());
  // Series.
  int labelled = 0;
  float lx = b.x;  // legend, right-aligned above the plot
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    const Series& s = *it;
    const int n = static_cast<int>(s.ys.size());
    const float shown = std::min(1.0f, std::max(0.0f, o.progress_)) * (n - 1);
    auto pt = [&](int i) { return ImVec2(n > 1 ? a.x + (b.x - a.x) * i / (n - 1) : a.x, ymap(s.ys[i])); };
    const ImU32 c = with_alpha(s.col, o.alpha_);
    for (int i = 0; i + 1 < n && i < shown; ++i) {
      const ImVec2 p = pt(i), q = lerp(p, pt(i + 1), std::min(1.0f, shown - i));
      dl_->AddLine(px(p), px(q), c, std::max(1.0f, len(0.035f)));
      log_line(px(p), px(q), o.alpha_);
    }
    if (s.dots)
      for (int i = 0; i < n && i <= shown; ++i) dl_->AddCircleFilled(px(pt(i)), len(0.06f), c, 12);
    if (!s.label.empty()) {
      const std::string& l = s.label;
      const float w = text_width(l, Txt::small());
      text(ImVec2(lx - w, a.y - 0.25f), l, Txt::small().col(s.col).alpha(o.alpha_));
      box(Rect::centered({lx - w - 0.2f, a.y - 0.25f}, {0.2f, 0.08f}), s.col, 0, o.alpha_, 0.02f);
      lx -= w + 0.55f;
      ++labelled;
    }
  }
  if (log_) log_->plots.push_back({px(a), px(b), static_cast<int>(series.size()), labelled, xt, yt});
}

//-----------------------------------------------------------------------------
// [SECTION] Layout helpers
//-----------------------------------------------------------------------------
std::vector<Rect> row(ImVec2 start, ImVec2 size, int n, float gap) {
  std::vector<Rect> out;
  for (int i = 0; i < n; ++i) out.push_back(Rect::at({start.x + i * (size.x + gap), start.y}, size));
  return out;
}

std::vector<Rect> column(ImVec2 start, ImVec2 size, int n, float gap) {
  std::vector<Rect> out;
  for (int i = 0; i < n; ++i) out.push_back(Rect::at({start.x, start.y + i * (size.y + gap)}, size));
  return out;
}

Rect grid(const Rect& area, int rows, int cols, int i, int j, float gap) {
  const float cw = (area.w() - gap * (cols - 1)) / cols, ch = (area.h() - gap * (rows - 1)) / rows;
  return Rect::at({area.min.x + j * (cw + gap), area.min.y + i * (ch + gap)}, {cw, ch});
}

}  // namespace tmx::anim
