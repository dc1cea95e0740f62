// Notes: the chapter index with search, and a chapter view (reading column + table of contents
// that follows the scroll + search, previous/next chapter). Rendering lives in src/ui/markdown.
// [SECTION] State: library, open notes, search query
// [SECTION] Search box and results
// [SECTION] Index page
// [SECTION] Chapter page
#include <imgui.h>
#include <imgui_internal.h>  // GetItemID

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "app/app.h"
#include "app/language.h"
#include "app/pages/pages.h"
#include "app/text_layer.h"
#include "core/json.h"
#include "ui/cjk_wrap.h"
#include "ui/a11y.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/image.h"
#include "ui/markdown/library.h"
#include "ui/markdown/note_view.h"
#include "ui/math.h"
#include "ui/pack_store.h"
#include "ui/theme.h"
#include "ui/url.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] State: library, open notes, search query
//-----------------------------------------------------------------------------
constexpr float kColumn = 720.0f;   // reading column (CSS px): ~75 characters per line at 16 px
constexpr float kSidebar = 250.0f;
constexpr float kSidebarWide = 340.0f;  // the table of contents on wide windows

// content/<lang>/figures rasterized: gen/figures for English, gen/figures-zh for Chinese (so a
// Chinese note's ../figures/NAME.svg is the translated figure; see CMakeLists.txt).
std::string figures_dir(Lang lang) {
#ifdef __EMSCRIPTEN__
  std::string d = "/figures";  // preloaded from the build's gen/figures (see CMakeLists.txt)
#else
  std::string d = TMX_FIGURES_DIR;
  if (const char* env = std::getenv("TMX_FIGURES")) d = env;
#endif
  return lang == Lang::En ? d : d + "-" + lang_code(lang);
}

struct NotesState {
  std::string root;
  Lang lang = Lang::En;
  bool edition = false;  // the scan saw the edition's pack in place (ui/pack_store.h)
  ui::md::Library lib;
  std::map<std::string, std::unique_ptr<ui::md::NoteView>> views;  // by slug
  std::map<std::string, std::string> applied;                      // slug -> anchor last scrolled to
  char query[128] = "";
  std::string shown_slug;  // the page the query was typed on: leaving it clears the query
  std::string opened_slug;  // the chapter drawn last frame
};

// The table of contents drawn last frame (for tests: status().toc).
struct TocEntry {
  std::string anchor;
  ImVec2 min, max;
  bool active;
};
std::vector<TocEntry> g_toc;

NotesState& state(const std::string& root) {
  static NotesState s;
  // The Chinese edition's text is a pack on the website: a scan made before it arrived (the home page
  // asks from its first frame) found no chapters, so it is made again once the pack is in.
  const bool edition = ui::pack_store().want(lang_code(language())).phase == ui::ModelPhase::Ready;
  if (s.root != root || s.lang != language() || (edition && !s.edition)) {  // or the reader switched language
    s.root = root;
    s.lang = language();
    s.edition = edition;
    s.lib.scan(root, lang_code(s.lang));
    s.views.clear();
    s.applied.clear();
    s.query[0] = 0;
    ui::math_cache().load(app_math_dir());
    ui::figure_dir() = figures_dir(s.lang);
  }
  return s;
}

ui::md::NoteView& view_for(NotesState& s, int chapter) {
  const auto& ch = s.lib.chapters()[chapter];
  auto& v = s.views[ch.slug];
  if (!v) {
    v = std::make_unique<ui::md::NoteView>();
    v->set_document(s.lib.document(chapter), ch.slug, ch.dir, s.root);
  }
  return *v;
}

std::string hash_for(const NotesState& s, const ui::md::SearchHit& h) {
  return ui::note_hash(s.lib.chapters()[h.chapter].slug, h.anchor);
}

//-----------------------------------------------------------------------------
// [SECTION] Search box and results
//-----------------------------------------------------------------------------
// Returns true when a result was opened.
bool draw_search(App& app, NotesState& s, float width, size_t max_hits) {
  const ui::Palette& pal = ui::palette();
  ImGui::SetNextItemWidth(width);
  ui::fonts_want_text(s.query);
  const bool enter = ImGui::InputTextWithHint("##notes-search", tr(S::SearchNotes), s.query, sizeof s.query,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ui::a11y::text_field(tr(S::SearchNotes), s.query);  // the page's DOM field (ui/a11y.h)
  if (std::string(s.query).size() < 2) return false;
  const auto hits = s.lib.search(s.query, max_hits);
  if (enter && !hits.empty()) {
    app.go_hash(hash_for(s, hits[0]));
    return true;
  }
  ImGui::Dummy(ImVec2(0, 2));
  if (hits.empty()) {
    ImGui::TextDisabled("%s", tr(S::NoResults));
    return false;
  }
  ImFont* small = ui::fonts().small;
  for (size_t i = 0; i < hits.size(); ++i) {
    const auto& h = hits[i];
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const std::string where = s.lib.chapters()[h.chapter].title + "  \xE2\x80\xBA  " + h.section;
    const std::string ctx = h.in_title ? "" : h.before + h.match + h.after;
    const float size = small->FontSize * ImGui::GetIO().FontGlobalScale;
    const float ctx_h = ctx.empty() ? 0.0f : small->CalcTextSizeA(size, FLT_MAX, width - 16.0f, ctx.c_str()).y;
    const float h_total = ImGui::GetTextLineHeight() + ctx_h + 14.0f;
    if (ImGui::InvisibleButton("##hit", ImVec2(width, h_total))) app.go_hash(hash_for(s, h));
    ui::a11y::link(ImGui::GetItemID(), where, ctx, p0.x, p0.y, p0.x + width, p0.y + h_total);
    const bool hov = ImGui::IsItemHovered();
    if (hov) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + h_total), hov ? pal.card_hover : pal.card, 6.0f);
    if (i == 0) dl->AddRect(p0, ImVec2(p0.x + width, p0.y + h_total), pal.accent_soft, 6.0f);
    dl->AddText(ui::fonts().bold, ui::fonts().bold->FontSize * ImGui::GetIO().FontGlobalScale,
                ImVec2(p0.x + 8, p0.y + 6), pal.text, where.c_str());
    if (!ctx.empty())
      dl->AddText(small, size, ImVec2(p0.x + 8, p0.y + 8 + ImGui::GetTextLineHeight()), pal.text_dim, ctx.c_str(),
                  nullptr, width - 16.0f);
    ImGui::PopID();
  }
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Index page
//-----------------------------------------------------------------------------
void draw_index(App& app, NotesState& s) {
  page_title(tr(S::NotesIndexTitle), tr(S::NotesIndexIntro));
  const auto& chs = s.lib.chapters();
  const float w = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  draw_search(app, s, w, 30);
  if (std::string(s.query).size() >= 2) return;
  ImGui::Dummy(ImVec2(0, 8));
  if (chs.empty()) ImGui::TextDisabled("%s", tr(S::NotesEmpty));
  for (size_t i = 0; i < chs.size(); ++i) {
    const ui::md::ChapterFacts& f = s.lib.facts(static_cast<int>(i));
    CardExtras ex;
    ex.footer = trf(S::ChapterMinutes, {std::to_string(i + 1), std::to_string(f.minutes)});
    if (link_card(chs[i].slug.c_str(), chs[i].title.c_str(), f.summary.c_str(), w, 80.0f, &ex))
      app.go_hash(ui::note_hash(chs[i].slug));
    ImGui::Dummy(ImVec2(0, 4));
  }
  if (chs.size() > 1) {
    ImGui::Dummy(ImVec2(0, 4));
    if (ui::small_button(tr(S::AllChaptersOnePage))) app.go_hash(ui::note_hash("all"));
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Chapter page
//-----------------------------------------------------------------------------
void draw_prev_next(App& app, NotesState& s, int chapter, float width) {
  const auto& chs = s.lib.chapters();
  ImGui::Dummy(ImVec2(0, 28));
  const float gap = 12.0f, w = (width - gap) * 0.5f;
  if (chapter > 0) {
    if (link_card("prev", chs[chapter - 1].title.c_str(), tr(S::PreviousChapter), w, 84.0f))
      app.go_hash(ui::note_hash(chs[chapter - 1].slug));
  } else {
    ImGui::Dummy(ImVec2(w, 84.0f));
  }
  ImGui::SameLine(0, gap);
  if (chapter + 1 < static_cast<int>(chs.size())) {
    if (link_card("next", chs[chapter + 1].title.c_str(), tr(S::NextChapter), w, 84.0f))
      app.go_hash(ui::note_hash(chs[chapter + 1].slug));
  }
  ImGui::Dummy(ImVec2(0, 40));
}

void draw_toc(App& app, NotesState& s, ui::md::NoteView& view, const std::string& slug, float width) {
  const ui::Palette& pal = ui::palette();
  ImGui::PushFont(ui::fonts().small);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.text_dim), "%s", tr(S::OnThisPage));
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 2));
  const std::string& current = view.current_anchor();
  for (const auto& h : view.doc().headings) {
    if (h.level > 3) continue;
    const bool active = h.anchor == current;
    const float indent = h.level == 1 ? 0.0f : (h.level - 2) * 14.0f + 8.0f;
    ImGui::PushID(h.anchor.c_str());
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    ImGui::PushStyleColor(ImGuiCol_Text, active ? pal.accent : (h.level == 1 ? pal.text : pal.text_dim));
    ImGui::PushFont(active || h.level == 1 ? ui::fonts().bold : ui::fonts().body);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - indent - 8.0f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ui::text_wrapped(h.title);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (active)
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - indent - 2, p.y), ImVec2(p.x - indent, ImGui::GetItemRectMax().y),
                                                pal.accent);
    g_toc.push_back({h.anchor, p, ImGui::GetItemRectMax(), active});
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ImGui::IsItemClicked()) {
      view.request_anchor(h.anchor);
      app.go_hash(ui::note_hash(slug, h.anchor));
    }
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(0, 16));
  draw_search(app, s, width, 8);
}

// "#/notes/all": every chapter on one page (reading or printing in one go). `repeat=N` (1-8)
// concatenates the book N times: a long document for the scrolling benchmark.
ui::md::NoteView& all_view(NotesState& s, int repeat) {
  const std::string key = "all?" + std::to_string(repeat);
  auto& v = s.views[key];
  if (!v) {
    std::string md;
    for (int r = 0; r < repeat; ++r)
      for (int i = 0; i < static_cast<int>(s.lib.chapters().size()); ++i) md += s.lib.source(i) + "\n\n";
    v = std::make_unique<ui::md::NoteView>();
    const std::string dir = s.lib.chapters().empty() ? s.root : s.lib.chapters()[0].dir;
    v->set_document(ui::md::parse(md), "all", dir, s.root);
  }
  return *v;
}

void draw_chapter(App& app, NotesState& s, int chapter) {
  const Route& route = app.route();
  int repeat = 1;
  if (chapter < 0) {
    std::vector<std::string> warnings;
    repeat = ui::param_int(route.params, "repeat", 1, 1, 8, warnings);
  }
  ui::md::NoteView& view = chapter >= 0 ? view_for(s, chapter) : all_view(s, repeat);
  // Deep link / TOC / search result: scroll to the heading once per change of the address.
  // A chapter opened without an anchor starts at its top (the note window's scroll is shared).
  auto applied = s.applied.find(route.slug);
  if (applied == s.applied.end() || applied->second != route.anchor || s.opened_slug != route.slug) {
    if (!route.anchor.empty()) view.request_anchor(route.anchor);
    else view.request_top();
    s.applied[route.slug] = route.anchor;
    s.opened_slug = route.slug;
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool sidebar = !app.narrow() && avail.x >= 600.0f + kSidebar + 40.0f;
  const float pad = app.narrow() ? 0.0f : 12.0f;
  const float col = std::min(kColumn, avail.x - (sidebar ? kSidebar + 40.0f : 0.0f));
  const float scrollbar = ImGui::GetStyle().ScrollbarSize;
  // Wide windows: the column keeps its reading width (~75 characters); the table of contents
  // widens (up to kSidebarWide) and the pair is centred in what is left.
  const float note_w = col + 2 * pad + scrollbar;
  const float toc_w = sidebar ? std::clamp(avail.x - note_w - 28.0f - 120.0f, kSidebar, kSidebarWide) : 0.0f;
  // Without the sidebar (phones, narrow windows) the column alone is centred.
  const float lead = std::floor(std::max(0.0f, (avail.x - note_w - (sidebar ? 28.0f + toc_w : 0.0f)) * 0.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, 8));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
  ImGui::BeginChild("##note", ImVec2(lead + note_w, avail.y), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
  if (lead > 0) ImGui::Indent(lead);  // the margin still scrolls the note
  view.draw();
  if (repeat == 1) text_layer::show_note(view);  // the repeated book is a scrolling benchmark
  if (chapter >= 0) draw_prev_next(app, s, chapter, ImGui::GetContentRegionAvail().x);
  if (lead > 0) ImGui::Unindent(lead);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (!sidebar) return;
  ImGui::SameLine(0, 28.0f);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
  ImGui::BeginChild("##toc", ImVec2(toc_w, avail.y), false, ImGuiWindowFlags_NavFlattened);
  draw_toc(app, s, view, route.slug, toc_w - 16.0f);
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace

ui::md::Library& notes_library(App& app) { return state(app.content_root()).lib; }

std::string notes_toc_json() {
  std::string out = "[";
  char buf[128];
  for (const TocEntry& e : g_toc) {
    std::snprintf(buf, sizeof buf, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"active\":%s}", e.min.x, e.min.y,
                  e.max.x - e.min.x, e.max.y - e.min.y, e.active ? "true" : "false");
    out += (out.size() > 1 ? ",{\"anchor\":" : "{\"anchor\":") + json::quote(e.anchor) + buf;
  }
  return out + "]";
}

void draw_notes_page(App& app) {
  g_toc.clear();
  // The Chinese edition's text is a pack on the website (ui/pack_store.h): wait for it, with progress.
  const ui::ModelState edition = ui::pack_store().want(lang_code(language()));
  if (edition.phase != ui::ModelPhase::Ready) {
    ImGui::Dummy(ImVec2(0, 24));
    return ui::draw_pack_wait(tr(S::PackChinese), lang_code(language()), edition);
  }
  NotesState& s = state(app.content_root());
  const Route& route = app.route();
  if (route.slug != s.shown_slug) {
    s.query[0] = 0;
    s.shown_slug = route.slug;
  }
  if (route.slug.empty()) return draw_index(app, s);
  const int chapter = s.lib.find(route.slug);
  if (chapter < 0 && route.slug != "all") return draw_not_found_page(app, tr(S::UnknownNote));
  draw_chapter(app, s, chapter);
}

}  // namespace tmx
