// [SECTION] Setup, links
// [SECTION] Measuring (cached per width)
// [SECTION] Frame: visible blocks, anchors, scrolling
// [SECTION] Block kinds: paragraph, heading, list, quote, code, table, rule, directive, error
#include "ui/markdown/note_view.h"
#include "ui/cjk_wrap.h"
#include "ui/markdown/note_metrics.h"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>

#include "anim/scene_registry.h"
#include "core/tokenizer/utf8.h"
#include "ui/a11y.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/scene_params.h"
#include "ui/scene_text.h"
#include "ui/theme.h"
#include "ui/url.h"
#include "ui/video_view.h"
#include "ui/touch.h"

namespace tmx::ui::md {

namespace {

float font_px(ImFont* f) { return f->FontSize * ImGui::GetIO().FontGlobalScale; }

}  // namespace

using namespace metrics;

const char* metrics::callout_title(Callout c) {
  switch (c) {
    case Callout::Note: return tr(S::NoteCalloutNote);
    case Callout::Tip: return tr(S::NoteCalloutTip);
    case Callout::Important: return tr(S::NoteCalloutImportant);
    case Callout::Warning: return tr(S::NoteCalloutWarning);
    case Callout::Caution: return tr(S::NoteCalloutCaution);
    default: return "";
  }
}

namespace {

ImU32 callout_color(Callout c) {
  const Palette& p = palette();
  switch (c) {
    case Callout::Tip: return p.success;
    case Callout::Important: return p.series[3];
    case Callout::Warning: return p.warning;
    case Callout::Caution: return p.error;
    case Callout::Note: return p.accent;
    default: return p.border;
  }
}

ImU32 with_alpha(ImU32 c, int a) { return (c & 0x00ffffffu) | (static_cast<ImU32>(a) << 24); }

void walk(std::vector<Block>& blocks, const std::function<void(Block&)>& f) {
  for (Block& b : blocks) {
    f(b);
    for (auto& item : b.items) walk(item, f);
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Setup, links
//-----------------------------------------------------------------------------
namespace {

std::string shown(const std::string& s) { return tok::utf8_printable(s, 40); }

// Adds a sentence to the block's "#problems" (drawn as an error box above it).
void add_problem(Block& b, const std::string& msg) {
  std::string all = param_get(b.params, "#problems");
  all += (all.empty() ? "" : "; ") + msg;
  b.params.erase(std::remove_if(b.params.begin(), b.params.end(), [](const auto& kv) { return kv.first == "#problems"; }),
                 b.params.end());
  b.params.emplace_back("#problems", all);
}

// ```scene NAME t=12.5 | chapter=3, speed=0.5, loop=1: a player set up as the block says.
// Problems are added to the block's "#problems" (drawn as the usual error box above it).
std::unique_ptr<ScenePlayer> make_player(const anim::SceneInfo& info, Block& b) {
  auto p = std::make_unique<ScenePlayer>(info);
  const SceneParams sp = read_scene_params(b.params, *p->scene(), b.lang == "video" ? std::vector<std::string>{"scene"}
                                                                                    : std::vector<std::string>{});
  apply_scene_params(*p, sp);
  for (const auto& m : sp.problems) add_problem(b, m);
  return p;
}

}  // namespace

void NoteView::set_document(Document doc, std::string slug, std::string base_dir, std::string content_root) {
  doc_ = std::move(doc);
  slug_ = std::move(slug);
  base_dir_ = std::move(base_dir);
  content_root_ = std::move(content_root);
  ctx_.doc = &doc_;
  ctx_.base_dir = base_dir_;
  ctx_.math = &math_cache();
  cache_.clear();
  widgets_.clear();
  players_.clear();
  videos_.clear();
  directive_h_.clear();
  walk(doc_.blocks, [this](Block& b) {
    if (b.kind == BlockKind::Directive && b.lang == "scene") {
      if (const anim::SceneInfo* info = anim::find_scene(b.text)) players_[b.id] = make_player(*info, b);
      return;
    }
    // ```video NAME.mp4 scene=SLUG: the scene drawn live when the recording cannot play here.
    if (b.kind == BlockKind::Directive && b.lang == "video") {
      const std::string fallback = param_get(b.params, "scene");
      if (fallback.empty()) return;
      if (const anim::SceneInfo* info = anim::find_scene(fallback)) {
        players_[b.id] = make_player(*info, b);
      } else {
        add_problem(b, trf(S::SceneUnknown, {shown(fallback), std::to_string(anim::scenes().size())}));
      }
      return;
    }
    if (b.kind != BlockKind::Directive || b.lang != "widget") return;
    const WidgetInfo* info = find_widget(b.text);
    if (!info) return;
    auto w = info->create();
    Params p;
    for (const auto& kv : b.params)
      if (kv.first[0] != '#') p.push_back(kv);
    w->set_params(p);
    widgets_[b.id] = std::move(w);
  });
}

std::string NoteView::resolve_internal(const std::string& href) const {
  if (href.empty()) return "";
  if (href[0] == '#' && href.size() > 1 && href[1] == '/') return href;
  if (href[0] == '#') return note_hash(slug_, slugify(href.substr(1)));
  if (href.find("://") != std::string::npos || href.rfind("mailto:", 0) == 0) return "";
  // A note file: "02-ssm-mamba.md", "./02-ssm-mamba.md#scan", "../notes/02-ssm-mamba.md".
  std::string path = href, anchor;
  const size_t hash = path.find('#');
  if (hash != std::string::npos) {
    anchor = path.substr(hash + 1);
    path = path.substr(0, hash);
  }
  if (path.size() < 4 || path.compare(path.size() - 3, 3, ".md") != 0) return "";
  std::string stem = path.substr(0, path.size() - 3);
  const size_t slash = stem.find_last_of('/');
  if (slash != std::string::npos) stem = stem.substr(slash + 1);
  const size_t dash = stem.find('-');
  if (dash != std::string::npos && dash <= 3 && std::all_of(stem.begin(), stem.begin() + dash, ::isdigit))
    stem = stem.substr(dash + 1);
  return note_hash(stem, anchor.empty() ? "" : slugify(anchor));
}

std::string NoteView::directive_link(const Block& b) const {
  if (b.kind != BlockKind::Directive) return "";
  if (b.lang == "widget") {
    auto it = widgets_.find(b.id);
    return it == widgets_.end() ? "" : room_hash("lab", b.text, it->second->params());  // values percent-encoded
  }
  auto it = players_.find(b.id);
  if (it == players_.end()) return "";
  char t[32];
  std::snprintf(t, sizeof t, "%.2f", it->second->t());
  return room_hash("cinema", it->second->info()->slug, {{"t", t}});
}

std::string NoteView::heading_link(const Block& b) const { return note_hash(slug_, b.anchor); }

void NoteView::follow_link(int link) {
  if (link < 0 || link >= static_cast<int>(doc_.links.size())) return;
  const std::string& href = doc_.links[link];
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) {
    host_open_external(href);
    return;
  }
  const std::string h = resolve_internal(href);
  if (!h.empty()) host_navigate(h);
}

float NoteView::anchor_y(const std::string& anchor) const {
  for (const auto& a : anchors_)
    if (a.first == anchor) return a.second;
  return -1;
}

int NoteView::layout_errors() const {
  int n = 0;
  for (const auto& kv : cache_) {
    n += kv.second.text.errors;
    for (const auto& c : kv.second.cells) n += c.errors;
  }
  return n;
}

TextStyle NoteView::style_for(const Block& b) const {
  const Fonts& F = fonts();
  TextStyle st;
  st.font = F.body;
  st.bold = F.bold;
  st.mono = F.mono;
  st.line_height = 1.65f;
  if (b.kind == BlockKind::Heading) {
    st.font = b.level == 1 ? F.h1 : b.level == 2 ? F.h2 : b.level == 3 ? F.h3 : F.bold;
    st.bold = st.font;
    st.line_height = 1.3f;
  }
  return st;
}

//-----------------------------------------------------------------------------
// [SECTION] Measuring (cached per width)
//-----------------------------------------------------------------------------
float NoteView::measure_blocks(std::vector<Block>& blocks, float width) {
  float y = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) y += gap_before(blocks[i], kBlockGap);
    y += measure(blocks[i], width);
  }
  return y;
}

float NoteView::measure(Block& b, float width) {
  // Containers are re-summed every frame (a live widget inside may change height); leaves are cached.
  if (b.kind == BlockKind::List) {
    float h = 0;
    for (size_t i = 0; i < b.items.size(); ++i) h += (i ? kItemGap : 0.0f) + measure_blocks(b.items[i], width - kListIndent);
    return h;
  }
  if (b.kind == BlockKind::Quote) {
    const float title = b.callout != Callout::None ? font_px(fonts().bold) + 8.0f : 0.0f;
    return measure_blocks(b.items[0], width - 2 * kQuotePad) + 2 * kQuoteTop + title;
  }
  if (b.kind == BlockKind::Directive) {
    auto it = directive_h_.find(b.id);
    float h = it != directive_h_.end() ? it->second : 320.0f;
    const std::string problems = param_get(b.params, "#problems");
    if (!problems.empty()) h += error_box_height(trf(S::NoteDirectiveProblems, {problems}), width) + 8.0f;
    return h;
  }
  Cache& c = cache_[b.id];
  if (c.width == width) return c.height;
  c = Cache();
  c.width = width;
  switch (b.kind) {
    case BlockKind::Paragraph: case BlockKind::Heading:
      layout_inlines(c.text, b.inlines, width, style_for(b), ctx_);
      c.height = c.text.height;
      break;
    case BlockKind::Rule: c.height = 24.0f; break;
    case BlockKind::Error: c.height = error_box_height(b.text, width); break;
    case BlockKind::Code: {
      ImFont* f = fonts().mono;
      const float size = font_px(f);
      const float cw = f->CalcTextSizeA(size, FLT_MAX, 0, "M").x;
      const float lh = std::round(size * 1.55f);
      const int cols = std::max(8, static_cast<int>((width - 2 * kCodePad) / cw));
      c.tokens = highlight(b.text, code_lang(b.lang));
      int col = 0, line = 0;
      for (const TokSpan& t : c.tokens) {
        uint32_t i = t.begin;
        while (i < t.end) {
          if (b.text[i] == '\n') {
            ++line;
            col = 0;
            ++i;
            continue;
          }
          if (col >= cols) {  // soft wrap, continuation indented by two columns
            ++line;
            col = 2;
          }
          const uint32_t start = i;
          const int start_col = col;
          while (i < t.end && b.text[i] != '\n' && col < cols) {
            unsigned cp;
            const int n = ImTextCharFromUtf8(&cp, b.text.data() + i, b.text.data() + t.end);
            i += static_cast<uint32_t>(n > 0 ? n : 1);
            ++col;
          }
          c.code.push_back({kCodePad + start_col * cw, kCodeHeader + line * lh, start, i, t.kind});
        }
      }
      const bool trailing_nl = !b.text.empty() && b.text.back() == '\n';
      const int lines = line + (trailing_nl ? 0 : 1);
      c.height = kCodeHeader + std::max(1, lines) * lh + kCodePad - 4.0f;
      break;
    }
    case BlockKind::Table: {
      size_t ncols = 0;
      for (const auto& row : b.rows) ncols = std::max(ncols, row.size());
      if (ncols == 0) break;
      TextStyle st = style_for(b);
      st.line_height = 1.45f;
      TextStyle head = st;
      head.font = fonts().bold;
      c.cells.resize(b.rows.size() * ncols);
      c.col_w.assign(ncols, 40.0f);
      for (size_t r = 0; r < b.rows.size(); ++r)
        for (size_t k = 0; k < b.rows[r].size(); ++k) {
          TextLayout natural;
          layout_inlines(natural, b.rows[r][k], 1e6f, static_cast<int>(r) < b.header_rows ? head : st, ctx_);
          c.col_w[k] = std::max(c.col_w[k], natural.max_line_width + 2 * kCellPadX + 1.0f);
        }
      // Too wide: shrink the wide columns proportionally, keep the narrow ones whole.
      float sum = 0;
      for (float w : c.col_w) sum += w;
      if (sum > width) {
        const float fair = width / ncols;
        float fixed = 0, wide = 0;
        for (float w : c.col_w) (w <= fair ? fixed : wide) += w;
        const float scale = wide > 0 ? std::max(0.1f, (width - fixed) / wide) : 1.0f;
        for (float& w : c.col_w)
          if (w > fair) w = std::max(48.0f, w * scale);
      }
      c.col_x.assign(ncols, 0.0f);
      for (size_t k = 1; k < ncols; ++k) c.col_x[k] = c.col_x[k - 1] + c.col_w[k - 1];
      c.row_y.assign(b.rows.size(), 0.0f);
      c.row_h.assign(b.rows.size(), 0.0f);
      float y = 0;
      for (size_t r = 0; r < b.rows.size(); ++r) {
        float h = 0;
        for (size_t k = 0; k < b.rows[r].size(); ++k) {
          TextLayout& cell = c.cells[r * ncols + k];
          layout_inlines(cell, b.rows[r][k], c.col_w[k] - 2 * kCellPadX, static_cast<int>(r) < b.header_rows ? head : st,
                         ctx_);
          h = std::max(h, cell.height);
        }
        c.row_y[r] = y;
        c.row_h[r] = h + 2 * kCellPadY;
        y += c.row_h[r];
      }
      c.height = y;
      break;
    }
    default: break;
  }
  return c.height;
}

//-----------------------------------------------------------------------------
// [SECTION] Frame: visible blocks, anchors, scrolling
//-----------------------------------------------------------------------------
void NoteView::draw() {
  const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
  if (fonts().scale != fonts_scale_ || fonts().generation != fonts_generation_) {  // cached runs hold ImFont*
    cache_.clear();
    fonts_scale_ = fonts().scale;
    fonts_generation_ = fonts().generation;
  }
  const ImVec2 wpos = ImGui::GetWindowPos();
  clip_y0_ = wpos.y;
  clip_y1_ = wpos.y + ImGui::GetWindowHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  origin_ = origin;
  clip_ = ImVec4(wpos.x, wpos.y, wpos.x + ImGui::GetWindowWidth(), clip_y1_);
  anchors_.clear();
  clicked_link_ = -1;

  // The reading measure: kMaxLineChars of average body text.
  {
    ImFont* f = fonts().body;
    const float avg = f->CalcTextSizeA(font_px(f), FLT_MAX, 0.0f, kMeasureSample).x / std::strlen(kMeasureSample);
    text_w_ = std::min(width, std::round(avg * kMaxLineChars));
  }

  // A new width re-wraps everything: the block at the top of the window (and how far into it) stays
  // there while the new layout settles (cards are measured as they are drawn, a frame later).
  if (last_width_ > 0 && width != last_width_ && pending_anchor_.empty() && !pending_top_) {
    const float view_top = clip_y0_ - origin.y;
    for (size_t i = 0; i < block_top_.size(); ++i)
      if (block_top_[i] + block_h_[i] > view_top) {
        keep_block_ = static_cast<int>(i);
        keep_frac_ = block_h_[i] > 0 ? std::clamp((view_top - block_top_[i]) / block_h_[i], 0.0f, 1.0f) : 0.0f;
        keep_frames_ = 12;
        break;
      }
  }
  if (ImGui::GetIO().MouseWheel != 0 || !pending_anchor_.empty() || pending_top_) keep_frames_ = 0;  // the reader moved
  last_width_ = width;
  block_top_.assign(doc_.blocks.size(), 0.0f);
  block_h_.assign(doc_.blocks.size(), 0.0f);

  float y = 0;
  for (size_t i = 0; i < doc_.blocks.size(); ++i) {
    Block& b = doc_.blocks[i];
    if (i > 0) y += gap_before(b, kBlockGap);
    const float bw = top_width(b);
    const float h = measure(b, bw);
    block_top_[i] = y;
    block_h_[i] = h;
    if (b.kind == BlockKind::Heading) anchors_.emplace_back(b.anchor, y);
    const float top = origin.y + y;
    if (top + h >= clip_y0_ && top <= clip_y1_) draw_block(b, ImVec2(origin.x + top_x(b), top), bw, 0);
    y += h;
  }
  total_h_ = y;
  if (keep_frames_ > 0 && keep_block_ >= 0 && keep_block_ < static_cast<int>(block_top_.size())) {
    const float target = block_top_[keep_block_] + keep_frac_ * block_h_[keep_block_];
    ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() + target - (clip_y0_ - origin.y)));
    --keep_frames_;
  }
  if (pending_scroll_ != 0) {
    ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() + pending_scroll_));
    pending_scroll_ = 0;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, total_h_ + 24.0f));

  // The reader is "in" the last heading above the top fifth of the window.
  current_anchor_.clear();
  for (const auto& a : anchors_)
    if (origin.y + a.second <= clip_y0_ + ImGui::GetWindowHeight() * 0.2f) current_anchor_ = a.first;
  // At the very end the last headings can never reach the top: take the last one on screen.
  if (ImGui::GetScrollMaxY() > 0 && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f)
    for (const auto& a : anchors_)
      if (origin.y + a.second < clip_y1_ - 60.0f) current_anchor_ = a.first;

  if (pending_top_) {
    ImGui::SetScrollY(0);
    pending_top_ = false;
  }
  if (!pending_anchor_.empty()) {
    const float ay = anchor_y(pending_anchor_);
    if (ay >= 0) {
      const float target = ImGui::GetScrollY() + (origin.y + ay) - (clip_y0_ + 8.0f);
      ImGui::SetScrollY(std::max(0.0f, target));
      // The first frame of a note does not know its scroll range yet: re-check next frame.
      if (std::fabs(target - ImGui::GetScrollY()) < 1.0f || ++anchor_tries_ > 3) {
        pending_anchor_.clear();
        anchor_tries_ = 0;
      }
    } else {
      pending_anchor_.clear();  // unknown anchor: stay at the top
    }
  }
  if (clicked_link_ >= 0) follow_link(clicked_link_);
}

float NoteView::top_width(const Block& b) const {
  return is_wide_block(b) ? last_width_ : std::min(last_width_, text_w_);
}

// Text keeps its reading measure and shares a centre line with the figures, scenes and widgets
// that take the whole column (a phone held sideways has ~230 px more column than measure).
float NoteView::top_x(const Block& b) const { return std::floor((last_width_ - top_width(b)) * 0.5f); }

void NoteView::draw_blocks(std::vector<Block>& blocks, ImVec2 origin, float width, int depth) {
  float y = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    Block& b = blocks[i];
    if (i > 0) y += gap_before(b, kBlockGap * kNestedGapScale);
    const float h = measure(b, width);
    const float top = origin.y + y;
    if (top + h >= clip_y0_ && top <= clip_y1_) draw_block(b, ImVec2(origin.x, top), width, depth);
    y += h;
  }
}

void NoteView::draw_block(Block& b, ImVec2 origin, float width, int depth) {
  switch (b.kind) {
    case BlockKind::Paragraph: draw_paragraph(b, origin); break;
    case BlockKind::Heading: draw_heading(b, origin); break;
    case BlockKind::List: draw_list(b, origin, width, depth); break;
    case BlockKind::Quote: draw_quote(b, origin, width, depth); break;
    case BlockKind::Code: draw_code(b, origin, width); break;
    case BlockKind::Table: draw_table(b, origin, width); break;
    case BlockKind::Rule: draw_rule(origin, width); break;
    case BlockKind::Directive: draw_directive(b, origin, width); break;
    case BlockKind::Error: draw_error(b, origin); break;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Block kinds: paragraph, heading, list, quote, code, table, rule, directive, error
//-----------------------------------------------------------------------------
void NoteView::draw_paragraph(Block& b, ImVec2 origin) {
  const int l = draw_text_layout(cache_[b.id].text, origin, clip_y0_, clip_y1_, ctx_);
  if (l >= 0) clicked_link_ = l;
}

void NoteView::draw_heading(Block& b, ImVec2 origin) {
  const Cache& c = cache_[b.id];
  const int l = draw_text_layout(c.text, origin, clip_y0_, clip_y1_, ctx_);
  if (l >= 0) clicked_link_ = l;
  // Hovering a heading shows a '#' in the margin; clicking it puts the deep link in the address bar.
  const ImVec2 q(origin.x + c.width, origin.y + c.height);
  if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(origin.x - 28, origin.y), q)) {
    const ImVec2 hp(origin.x - 22.0f, origin.y + 2.0f);
    ImGui::GetWindowDrawList()->AddText(fonts().h3, font_px(fonts().h3), hp, palette().text_dim, "#");
    if (ImGui::IsMouseHoveringRect(ImVec2(hp.x - 4, hp.y), ImVec2(hp.x + 16, hp.y + 24))) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) host_navigate(heading_link(b));
    }
  }
  if (b.level == 1) {
    ImGui::GetWindowDrawList()->AddLine(ImVec2(origin.x, q.y + 4), ImVec2(q.x, q.y + 4), palette().border);
  }
}

void NoteView::draw_list(Block& b, ImVec2 origin, float width, int depth) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  ImFont* f = fonts().body;
  const float size = font_px(f);
  const float lh = size * 1.65f;
  float y = 0;
  for (size_t i = 0; i < b.items.size(); ++i) {
    if (i) y += kItemGap;
    const float h = measure_blocks(b.items[i], width - kListIndent);
    const float top = origin.y + y;
    if (top + h >= clip_y0_ && top <= clip_y1_) {
      // Marker on the first line's baseline.
      if (b.ordered) {
        char num[16];
        std::snprintf(num, sizeof num, "%u.", b.start + static_cast<unsigned>(i));
        const float w = f->CalcTextSizeA(size, FLT_MAX, 0, num).x;
        dl->AddText(f, size, ImVec2(origin.x + kListIndent - 8.0f - w, top + (lh - size) * 0.5f), pal.text_dim, num);
      } else {
        const ImVec2 c(origin.x + kListIndent - 14.0f, top + lh * 0.5f);
        const int d = depth % 3;
        if (d == 0) dl->AddCircleFilled(c, 2.8f, pal.text_dim);
        else if (d == 1) dl->AddCircle(c, 2.8f, pal.text_dim, 12, 1.2f);
        else dl->AddRectFilled(ImVec2(c.x - 2.5f, c.y - 2.5f), ImVec2(c.x + 2.5f, c.y + 2.5f), pal.text_dim);
      }
      draw_blocks(b.items[i], ImVec2(origin.x + kListIndent, top), width - kListIndent, depth + 1);
    }
    y += h;
  }
}

void NoteView::draw_quote(Block& b, ImVec2 origin, float width, int depth) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  const float h = measure(b, width);
  const ImU32 col = callout_color(b.callout);
  const ImVec2 q(origin.x + width, origin.y + h);
  if (b.callout != Callout::None) dl->AddRectFilled(origin, q, with_alpha(col, 0x1c), 6.0f);
  else dl->AddRectFilled(origin, q, with_alpha(pal.text, 0x08), 6.0f);
  dl->AddRectFilled(origin, ImVec2(origin.x + 4.0f, q.y), col, 6.0f, ImDrawFlags_RoundCornersLeft);
  float y = origin.y + kQuoteTop;
  if (b.callout != Callout::None) {
    ImFont* f = fonts().bold;
    dl->AddText(f, font_px(f), ImVec2(origin.x + kQuotePad, y), col, callout_title(b.callout));
    y += font_px(f) + 8.0f;
  }
  draw_blocks(b.items[0], ImVec2(origin.x + kQuotePad, y), width - 2 * kQuotePad, depth + 1);
}

void NoteView::draw_code(Block& b, ImVec2 origin, float width) {
  Cache& c = cache_[b.id];
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  const ImVec2 q(origin.x + width, origin.y + c.height);
  dl->AddRectFilled(origin, q, with_alpha(pal.text, theme_is_dark() ? 0x0c : 0x09), 8.0f);
  dl->AddRect(origin, q, pal.border, 8.0f);
  ImFont* small = fonts().small;
  if (!b.lang.empty())
    dl->AddText(small, font_px(small), ImVec2(origin.x + kCodePad, origin.y + 8.0f), pal.text_dim, b.lang.c_str());
  // Copy button (top right).
  ImGui::PushID(b.id);
  ImGui::PushFont(small);
  const bool copied = ImGui::GetTime() - c.copied_at < 1.5;
  const char* label = copied ? tr(S::Copied) : tr(S::NoteCodeCopy);
  const float bw = ImGui::CalcTextSize(label).x + 16.0f;
  ImGui::SetCursorScreenPos(ImVec2(q.x - bw - 8.0f, origin.y + 5.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 2));
  if (ImGui::Button(label)) {
    std::string text = b.text;
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (host_copy(text)) c.copied_at = ImGui::GetTime();  // never "Copied" when nothing was
  }
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::PopID();
  ImFont* mono = fonts().mono;
  const float size = font_px(mono);
  dl->PushClipRect(origin, q, true);
  for (const CodeRun& r : c.code) {
    const float y = origin.y + r.y;
    if (y > clip_y1_) break;
    if (y + size < clip_y0_) continue;
    dl->AddText(mono, size, ImVec2(origin.x + r.x, y), token_color(r.kind), b.text.data() + r.begin,
                b.text.data() + r.end);
  }
  dl->PopClipRect();
}

void NoteView::draw_table(Block& b, ImVec2 origin, float width) {
  Cache& c = cache_[b.id];
  if (c.col_w.empty()) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  const size_t ncols = c.col_w.size();
  const float tw = std::min(width, c.col_x.back() + c.col_w.back());
  const ImVec2 q(origin.x + tw, origin.y + c.height);
  dl->PushClipRect(origin, ImVec2(origin.x + width, q.y + 1), true);
  for (size_t r = 0; r < b.rows.size(); ++r) {
    const float y0 = origin.y + c.row_y[r], y1 = y0 + c.row_h[r];
    if (static_cast<int>(r) < b.header_rows) dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(q.x, y1), with_alpha(pal.text, 0x10));
    else if (r % 2 == 0) dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(q.x, y1), with_alpha(pal.text, 0x05));
    if (r > 0) dl->AddLine(ImVec2(origin.x, y0), ImVec2(q.x, y0), pal.border);
    for (size_t k = 0; k < b.rows[r].size() && k < ncols; ++k) {
      const TextLayout& cell = c.cells[r * ncols + k];
      const Align a = k < b.aligns.size() ? b.aligns[k] : Align::Default;
      const float free = c.col_w[k] - 2 * kCellPadX - cell.max_line_width;
      const float dx = a == Align::Right ? free : a == Align::Center ? free * 0.5f : 0.0f;
      const int l = draw_text_layout(cell, ImVec2(origin.x + c.col_x[k] + kCellPadX + std::max(0.0f, dx), y0 + kCellPadY),
                                     clip_y0_, clip_y1_, ctx_);
      if (l >= 0) clicked_link_ = l;
    }
  }
  dl->AddRect(origin, q, pal.border, 6.0f);
  dl->PopClipRect();
}

void NoteView::draw_rule(ImVec2 origin, float width) {
  const float y = origin.y + 12.0f;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(origin.x + width * 0.3f, y), ImVec2(origin.x + width * 0.7f, y),
                                      palette().border, 1.0f);
}

// A directive's card (live widget, scene, video): a header "LABEL · title" with an optional small
// button on the right (returns true when clicked), then the body, drawn between begin_card and
// end_card. The card's height is measured after drawing, so it is one frame behind.
static bool begin_card(int id, ImVec2 origin, float width, float height, const char* label, const std::string& title,
                       const char* button) {
  const Palette& pal = palette();
  ImGui::SetCursorScreenPos(origin);
  ImGui::PushID(id);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.card);
  ImGui::PushStyleColor(ImGuiCol_Border, pal.border);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 14));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 8.0f);
  ImGui::BeginChild("##directive", ImVec2(width, height), true,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_AlwaysUseWindowPadding |
                        ImGuiWindowFlags_NavFlattened);
  ImGui::PushFont(fonts().small);
  ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
  ImGui::Text("%s  \xC2\xB7  %s", label, title.c_str());
  ImGui::PopStyleColor();
  bool clicked = false;
  if (button) {
    // At the right end of the header; on a narrow screen the whole (finger-sized) button, on a
    // line of its own when the header leaves no room for it.
    const bool narrow = ui::narrow_screen();
    const float x = ImGui::GetWindowContentRegionMax().x - (narrow ? ui::button_width(button) : ImGui::CalcTextSize(button).x + 12.0f);
    if (!narrow || ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x <= x) ImGui::SameLine(x);
    clicked = ui::small_button(button);
  }
  ImGui::PopFont();
  return clicked;
}

static void end_card(float& measured_height) {
  const float content_h = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + 14.0f;
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  ImGui::PopID();
  measured_height = std::max(60.0f, content_h);
}

void NoteView::draw_directive(Block& b, ImVec2 origin, float width) {
  if (b.lang == "scene") return draw_scene(b, origin, width);
  // A video with a scene= fallback whose (validly named) file cannot play here: not in this build,
  // the desktop app, the offline file. The scene is drawn live instead, and the block says why.
  if (b.lang == "video" && players_.count(b.id)) {
    auto& v = videos_[b.id];
    if (!v) {
      v = std::make_unique<VideoView>();
      v->set_file(b.text);
    }
    if (!v->problem().empty() && valid_video_name(b.text))
      return draw_scene(b, origin, width, trf(S::VideoLiveFallback, {b.text}));
  }
  const std::string problems = param_get(b.params, "#problems");
  if (!problems.empty()) {
    const std::string msg = trf(S::NoteDirectiveProblems, {problems});
    draw_error_box(msg.data(), msg.data() + msg.size(), origin, width);
    origin.y += error_box_height(msg, width) + 8.0f;
  }
  std::string error;
  std::string title;
  Widget* widget = nullptr;
  VideoView* video = nullptr;
  if (b.lang == "widget") {
    auto it = widgets_.find(b.id);
    const WidgetInfo* info = find_widget(b.text);
    if (it == widgets_.end() || !info) {
      std::string names;
      for (const auto& w : ui::widgets()) names += (names.empty() ? "" : ", ") + std::string(w.slug);
      error = trf(S::NoteWidgetUnknown, {shown(b.text), names.empty() ? tr(S::NoteNone) : names});
    } else {
      widget = it->second.get();
      title = registry_text(info->title);
    }
  } else {  // video: a file in assets/videos/, played inline by ui::VideoView
    auto& v = videos_[b.id];
    if (!v) {
      v = std::make_unique<VideoView>();
      v->set_file(b.text);
    }
    if (!v->problem().empty() && !v->problem_is_platform()) error = v->problem();  // bad name, not in the build
    else {
      title = b.text;
      video = v.get();
    }
  }
  if (!error.empty()) {
    draw_error_box(error.data(), error.data() + error.size(), origin, width);
    directive_h_[b.id] = error_box_height(error, width) + (problems.empty() ? 0.0f : 0.0f);
    return;
  }

  // A card holding the live widget or the video.
  auto it = directive_h_.find(b.id);
  const char* kind = b.lang == "widget" ? tr(S::NoteWidgetLabel) : tr(S::NoteVideoLabel);
  const char* open = widget ? tr(S::NoteOpenInLab) : nullptr;
  if (begin_card(b.id, origin, width, it != directive_h_.end() ? it->second : 320.0f, kind, title, open))
    host_navigate(directive_link(b));
  if (widget) {
    a11y::begin_region(trf(S::A11yWidgetRegion, {title}));
    {
      const NarrowText wrap;  // a phone: as in the Lab, the widget's text wraps at the card (ui/fit.h)
      widget->draw();
    }
    a11y::end_region();
    a11y::watch_widget(*widget, title);
  } else if (video) video->draw(ImGui::GetContentRegionAvail().x);
  end_card(directive_h_[b.id]);
}

// A ```scene block: a card with a live inline player and a link to the same moment in the Cinema.
// Its height is measured after drawing (one frame behind), as for widgets.
void NoteView::draw_scene(Block& b, ImVec2 origin, float width, const std::string& caption) {
  const std::string problems = param_get(b.params, "#problems");
  if (!problems.empty()) {
    const std::string msg = trf(S::NoteDirectiveProblems, {problems});
    draw_error_box(msg.data(), msg.data() + msg.size(), origin, width);
    origin.y += error_box_height(msg, width) + 8.0f;
  }
  auto it = players_.find(b.id);
  if (it == players_.end()) {
    const std::string error = trf(S::SceneUnknown, {b.text.substr(0, 60), std::to_string(anim::scenes().size())});
    draw_error_box(error.data(), error.data() + error.size(), origin, width);
    directive_h_[b.id] = error_box_height(error, width);
    return;
  }
  ScenePlayer& player = *it->second;
  auto h = directive_h_.find(b.id);
  if (begin_card(b.id, origin, width, h != directive_h_.end() ? h->second : 320.0f, tr(S::SceneBlockLabel),
                 registry_text(player.info()->title).c_str(), tr(S::SceneOpenInCinema)))  // the Cinema opens at the frame shown here
    host_navigate(directive_link(b));
  if (!caption.empty()) {
    ImGui::PushFont(fonts().small);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
    ui::text_wrapped(caption);
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  ScenePlayer::Options opt;
  opt.keys = ScenePlayer::Keys::WhenActive;  // Space and arrows only when this player is hovered or clicked last
  player.draw(opt);
  end_card(directive_h_[b.id]);
}

void NoteView::draw_error(Block& b, ImVec2 origin) {
  draw_error_box(b.text.data(), b.text.data() + b.text.size(), origin, cache_[b.id].width);
}

}  // namespace tmx::ui::md
