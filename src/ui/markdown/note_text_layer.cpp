// The note as a text layer for the web page (wasm_shell/text_layer.js builds real DOM from it):
// headings, paragraphs, lists, quotes, tables, code, formulas (their LaTeX), figures and each live
// widget or scene as a named region, in reading order, each piece of text at the place the canvas
// draws it. The browser then gives selection, copy, find, translation and screen readers.
//
// JSON shape (coordinates in CSS px from the note's top-left; see text_layer.js):
//   {"key", "lang", "links": [href, …], "blocks": [node, …]}
//   node: {"k": "p"|"h"|"ul"|"ol"|"q"|"code"|"table"|"hr"|"dir"|"err", "x", "y", "w", "h", …}
//     p/h/err: "r": [run, …] (h: "l" level); ul/ol: "start", "items": [[node, …], …];
//     q: "title", "c": [node, …]; code: "lang", "r": [[x, y, text], …];
//     table: "hr" header rows, "rows": [[[run, …], …], …]; dir: "kind", "name" ("Widget: Attention lab").
//   run: [kind ("t" text, "m" formula: LaTeX, "i" figure: its label, "e" error), x, y, w, h, font px, flags, text, link]
//     flags: 1 italic, 2 bold, 4 struck, 8 code, 16 space before, 32 starts a new line, 64 dim.
#include <imgui.h>

#include <cstdio>
#include <initializer_list>

#include "core/json.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/markdown/note_metrics.h"
#include "ui/markdown/note_view.h"
#include "ui/scene_text.h"

namespace tmx::ui::md {

using namespace metrics;

namespace {

// A figure's name for screen readers: "Figure: " and its caption (the dim lines drawn under it).
std::string figure_label(const TextLayout& l, const Run& image) {
  std::string caption;
  for (const Run* r = &image + 1; r < l.runs.data() + l.runs.size() && r->kind == RunKind::Text && r->tone == Tone::Dim; ++r)
    caption += (caption.empty() ? "" : " ") + l.text.substr(r->begin, r->end - r->begin);
  return caption.empty() ? std::string(tr(S::A11yFigure)) : trf(S::A11yFigureCaption, {caption});
}

}  // namespace

struct NoteView::Emit {
  NoteView& v;
  std::string out;

  void num(float f) {
    char b[24];
    std::snprintf(b, sizeof b, "%.1f", static_cast<double>(f));
    out += b;
  }
  void nums(std::initializer_list<float> v) {  // "a,b,c"
    bool first = true;
    for (float f : v) {
      if (!first) out += ",";
      first = false;
      num(f);
    }
  }
  void box(const char* kind, float x, float y, float w, float h) {
    out += "{\"k\":\"";
    out += kind;
    out += "\",\"x\":";
    num(x);
    out += ",\"y\":";
    num(y);
    out += ",\"w\":";
    num(w);
    out += ",\"h\":";
    num(h);
  }

  void runs(const TextLayout& l, float ox, float oy) {
    out += "[";
    const Run* prev = nullptr;
    bool first = true;
    for (const Run& r : l.runs) {
      int flags = 0;
      if (r.style & kEm) flags |= 1;
      if (r.font == fonts().bold || r.font == fonts().h1 || r.font == fonts().h2 || r.font == fonts().h3) flags |= 2;
      if (r.style & kDel) flags |= 4;
      if (r.code) flags |= 8;
      if (r.tone == Tone::Dim) flags |= 64;
      if (prev) {
        const bool new_line = r.x <= prev->x || r.y >= prev->y + prev->h;
        if (new_line) {
          flags |= 32;
          if (!r.glue) flags |= 16;  // a line wrapped inside Chinese text joins without a space
        } else {
          const float pads = (prev->code ? 4.0f : 0.0f) + (r.code ? 4.0f : 0.0f);
          if (r.x - (prev->x + prev->w) > pads + 0.5f) flags |= 16;
        }
      }
      const char* kind = r.kind == RunKind::Math ? "m" : r.kind == RunKind::Image ? "i" : r.kind == RunKind::Error ? "e" : "t";
      std::string text;
      if (r.kind == RunKind::Text || r.kind == RunKind::Error) text.assign(l.text, r.begin, r.end - r.begin);
      else if (r.kind == RunKind::Math) text = r.path;
      else if (r.kind == RunKind::Image) text = figure_label(l, r);
      out += first ? "[\"" : ",[\"";
      first = false;
      out += kind;
      out += "\",";
      nums({ox + r.x, oy + r.y, r.w, r.h, r.size});
      out += "," + std::to_string(flags) + "," + json::quote(text) + "," + std::to_string(r.link) + "]";
      prev = &r;
    }
    out += "]";
  }

  // Blocks placed as NoteView::draw (top: each at its top_width) and draw_blocks place them.
  void blocks(std::vector<Block>& bs, float ox, float oy, float width, float gap, bool top = false) {
    float y = 0;
    for (size_t i = 0; i < bs.size(); ++i) {
      if (i > 0) y += gap_before(bs[i], gap);
      const float w = top ? v.top_width(bs[i]) : width;
      const float h = v.measure(bs[i], w);
      if (i > 0) out += ",";
      block(bs[i], ox + (top ? v.top_x(bs[i]) : 0.0f), oy + y, w, h);
      y += h;
    }
  }

  void block(Block& b, float x, float y, float width, float h) {
    switch (b.kind) {
      case BlockKind::Paragraph: case BlockKind::Heading: {
        box(b.kind == BlockKind::Heading ? "h" : "p", x, y, width, h);
        if (b.kind == BlockKind::Heading) out += ",\"l\":" + std::to_string(b.level);
        out += ",\"r\":";
        runs(v.cache_[b.id].text, x, y);
        break;
      }
      case BlockKind::List: {
        box(b.ordered ? "ol" : "ul", x, y, width, h);
        out += ",\"start\":" + std::to_string(b.start) + ",\"items\":[";
        float iy = 0;
        for (size_t i = 0; i < b.items.size(); ++i) {
          if (i) iy += kItemGap;
          out += i ? ",[" : "[";
          blocks(b.items[i], x + kListIndent, y + iy, width - kListIndent, kBlockGap * kNestedGapScale);
          out += "]";
          iy += v.measure_blocks(b.items[i], width - kListIndent);
        }
        out += "]";
        break;
      }
      case BlockKind::Quote: {
        box("q", x, y, width, h);
        const char* title = callout_title(b.callout);
        out += ",\"title\":" + json::quote(title) + ",\"c\":[";
        const float ty = b.callout != Callout::None ? fonts().bold->FontSize * ImGui::GetIO().FontGlobalScale + 8.0f : 0.0f;
        if (!b.items.empty()) blocks(b.items[0], x + kQuotePad, y + kQuoteTop + ty, width - 2 * kQuotePad, kBlockGap * kNestedGapScale);
        out += "]";
        break;
      }
      case BlockKind::Code: {
        box("code", x, y, width, h);
        out += ",\"lang\":" + json::quote(b.lang) + ",\"r\":[";
        const Cache& c = v.cache_[b.id];
        for (size_t i = 0; i < c.code.size(); ++i) {
          const CodeRun& r = c.code[i];
          out += i ? ",[" : "[";
          nums({x + r.x, y + r.y});
          out += "," + json::quote(b.text.substr(r.begin, r.end - r.begin)) + "]";
        }
        out += "]";
        break;
      }
      case BlockKind::Table: {
        box("table", x, y, width, h);
        out += ",\"hr\":" + std::to_string(b.header_rows) + ",\"rows\":[";
        const Cache& c = v.cache_[b.id];
        const size_t ncols = c.col_w.size();
        for (size_t r = 0; r < b.rows.size() && ncols; ++r) {
          out += r ? ",[" : "[";
          for (size_t k = 0; k < b.rows[r].size() && k < ncols; ++k) {
            const TextLayout& cell = c.cells[r * ncols + k];
            const Align a = k < b.aligns.size() ? b.aligns[k] : Align::Default;
            const float free = c.col_w[k] - 2 * kCellPadX - cell.max_line_width;
            const float dx = a == Align::Right ? free : a == Align::Center ? free * 0.5f : 0.0f;
            if (k) out += ",";
            runs(cell, x + c.col_x[k] + kCellPadX + std::max(0.0f, dx), y + c.row_y[r] + kCellPadY);
          }
          out += "]";
        }
        out += "]";
        break;
      }
      case BlockKind::Rule: box("hr", x, y, width, h); break;
      case BlockKind::Error: {
        box("err", x, y, width, h);
        out += ",\"r\":[[\"e\",";
        nums({x, y, width, h});
        out += ",16,0," + json::quote(b.text) + ",-1]]";
        break;
      }
      case BlockKind::Directive: {
        std::string name, kind = b.lang;
        if (b.lang == "widget") {
          const WidgetInfo* info = find_widget(b.text);
          name = trf(S::A11yWidgetRegion, {info ? registry_text(info->title) : b.text});
        } else if (auto it = v.players_.find(b.id); it != v.players_.end()) {
          name = trf(S::A11ySceneRegion, {registry_text(it->second->info()->title)});
        } else {
          name = trf(S::A11yVideoRegion, {b.text});
        }
        box("dir", x, y, width, h);
        out += ",\"kind\":" + json::quote(kind) + ",\"name\":" + json::quote(name);
        break;
      }
    }
    out += "}";
  }
};

std::string NoteView::layout_key() const {
  char b[96];
  std::snprintf(b, sizeof b, "|%.1f|%.1f|%.2f|%d", static_cast<double>(last_width_), static_cast<double>(total_h_),
                static_cast<double>(fonts_scale_), static_cast<int>(language()));
  return slug_ + b;
}

std::string NoteView::text_layer_json() {
  Emit e{*this, {}};
  e.out.reserve(64 * 1024);
  e.out += "{\"key\":" + json::quote(layout_key()) + ",\"links\":[";
  for (size_t i = 0; i < doc_.links.size(); ++i) {
    const std::string& href = doc_.links[i];
    const bool web = href.rfind("https://", 0) == 0 || href.rfind("http://", 0) == 0;
    e.out += (i ? "," : "") + json::quote(web ? href : resolve_internal(href));
  }
  e.out += "],\"blocks\":[";
  if (last_width_ > 0) e.blocks(doc_.blocks, 0, 0, last_width_, kBlockGap, /*top=*/true);
  e.out += "]}";
  return e.out;
}

}  // namespace tmx::ui::md
