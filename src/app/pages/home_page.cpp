// Home: what this is and a path through the topics in reading order (read -> watch -> try), then
// the three rooms. About (#/about): build facts and a live frame-time readout.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "anim/scene_registry.h"
#include "app/app.h"
#include "app/pages/pages.h"
#include "build_info.h"
#include "ui/a11y.h"
#include "ui/cjk_wrap.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/markdown/library.h"
#include "ui/theme.h"
#include "ui/url.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx {

// One row per chapter: its number and title, summary and reading time, and three buttons. The
// buttons stack under the text when the column is narrow.
static void draw_start_here(App& app) {
  ui::md::Library& lib = notes_library(app);
  const auto& chs = lib.chapters();
  if (chs.empty()) return;
  ImGui::PushFont(ui::fonts().h2 ? ui::fonts().h2 : ui::fonts().h3);
  ImGui::TextUnformatted(tr(S::StartHere));
  ui::a11y::text(2, tr(S::StartHere));  // what a sighted reader reads here, as text (ui/a11y.h)
  ImGui::PopFont();
  const float col = std::min(ImGui::GetContentRegionAvail().x, 760.0f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ui::text_wrapped(tr(S::StartHereIntro));
  ImGui::PopStyleColor();
  ui::a11y::text(0, tr(S::StartHereIntro));
  ImGui::Dummy(ImVec2(0, 6));
  const ui::Palette& pal = ui::palette();
  for (size_t i = 0; i < chs.size(); ++i) {
    const ui::md::ChapterFacts& f = lib.facts(static_cast<int>(i));
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushFont(ui::fonts().bold);
    ui::text_wrapped(std::to_string(i + 1) + ". " + chs[i].title);
    ui::a11y::text(3, std::to_string(i + 1) + ". " + chs[i].title);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
    const std::string minutes = trf(S::ChapterMinutes, {std::to_string(i + 1), std::to_string(f.minutes)});
    ui::text_wrapped(f.summary + "  (" + minutes + ")");
    ui::a11y::text(0, f.summary + " (" + minutes + ")");
    ImGui::PopStyleColor();
    // Each button's spoken name says which chapter it is for ("Read: Attention from first principles").
    const auto named = [&](S action) { ui::a11y::button(trf(S::A11yActionOn, {tr(action), chs[i].title})); };
    if (ui::small_button(tr(S::PathRead))) app.go_hash(ui::note_hash(chs[i].slug));
    named(S::PathRead);
    if (!f.scene.empty() && anim::find_scene(f.scene)) {
      ImGui::SameLine();
      if (ui::small_button(tr(S::PathWatch))) app.go_hash(ui::room_hash("cinema", f.scene));
      named(S::PathWatch);
    }
    if (!f.widget.empty() && ui::find_widget(f.widget)) {
      ImGui::SameLine();
      if (ui::small_button(tr(S::PathTry))) app.go_hash(ui::room_hash("lab", f.widget));
      named(S::PathTry);
    }
    ImGui::Dummy(ImVec2(0, 6));
    ImGui::PopID();
  }
  ImGui::PopTextWrapPos();
}

void draw_home_page(App& app) {
  page_title(tr(S::AppTitle), tr(S::HomeTagline));
  const float col = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col);
  ui::text_wrapped(tr(S::HomeIntro));
  ui::a11y::text(0, tr(S::HomeIntro));
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, 12));

  draw_start_here(app);

  ImGui::Dummy(ImVec2(0, 12));
  ImGui::PushFont(ui::fonts().h3);
  ImGui::TextUnformatted(tr(S::HomeRooms));
  ui::a11y::text(2, tr(S::HomeRooms));
  ImGui::PopFont();
  // Three room cards: side by side when there is room, stacked otherwise.
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool row = avail >= 3 * 220.0f + 2 * 16.0f;
  const float w = row ? std::min(300.0f, (avail - 32.0f) / 3.0f) : std::min(avail, 520.0f);
  struct Card { const char* id; S title; S body; const char* hash; };
  const Card cards[] = {{"notes", S::Notes, S::HomeNotesCard, "#/notes"},
                        {"cinema", S::Cinema, S::HomeCinemaCard, "#/cinema"},
                        {"lab", S::Lab, S::HomeLabCard, "#/lab"}};
  for (int i = 0; i < 3; ++i) {
    if (row && i > 0) ImGui::SameLine(0, 16.0f);
    if (link_card(cards[i].id, tr(cards[i].title), tr(cards[i].body), w, 120.0f)) app.go_hash(cards[i].hash);
  }
}

static void draw_frame_time(const App& app) {
  const FrameStats& st = app.stats();
  const float mean = st.mean_ms();
  ImGui::Text("%s: %.2f ms (p95 %.2f ms)   %s: %.0f", tr(S::FrameTime), static_cast<double>(mean),
              static_cast<double>(st.p95_ms()), tr(S::Fps), mean > 0 ? 1000.0 / mean : 0.0);
  // The interval above includes the browser's compositing; this is our own CPU time per frame.
  const FrameStats& work = app.work();
  ImGui::TextDisabled("%s: p50 %.2f ms, p95 %.2f ms", tr(S::FrameWork), static_cast<double>(work.percentile_ms(0.5f)),
                      static_cast<double>(work.p95_ms()));
  // Sparkline of the last frames, oldest first.
  float series[FrameStats::kHistory];
  for (int i = 0; i < st.count; ++i) series[i] = st.ms[(st.head - st.count + i + FrameStats::kHistory) % FrameStats::kHistory];
  ImGui::PushStyleColor(ImGuiCol_PlotLines, ui::palette().accent);
  ImGui::PlotLines("##frametime", series, st.count, 0, nullptr, 0.0f, std::max(33.4f, mean * 2.0f),
                   ImVec2(std::min(420.0f, ImGui::GetContentRegionAvail().x), 48.0f));
  ImGui::PopStyleColor();
}

void draw_about_page(App& app) {
  page_title(tr(S::About), tr(S::AboutIntro));
  ImGui::PushFont(ui::fonts().h3);
  ImGui::TextUnformatted(tr(S::BuildInfo));
  ImGui::PopFont();
  if (ImGui::BeginTable("##build", 2, ImGuiTableFlags_SizingFixedFit)) {
    auto rowf = [](const char* k, const char* v) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", k);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v);
    };
    char scale[32];
    snprintf(scale, sizeof scale, "%.2fx", static_cast<double>(ImGui::GetIO().DisplayFramebufferScale.x));
    rowf(tr(S::Version), TMX_VERSION);
    rowf(tr(S::Platform), TMX_PLATFORM);
    rowf(tr(S::Built), TMX_BUILD_DATE);
    rowf(tr(S::Revision), TMX_GIT_REV);
    rowf(tr(S::DisplayScale), scale);
    ImGui::EndTable();
  }
  ImGui::Dummy(ImVec2(0, 6));
  draw_frame_time(app);
}

}  // namespace tmx
