// Legibility probes for tests on small screens: how small is the smallest text on screen, and
// which titles and tab labels did not fit.
//
// text_sizes() measures what was really drawn: every glyph quad of the last frame's draw data (so
// ImGui's own widgets, our helpers, scenes and pinch-zoomed areas alike) is matched to its font
// glyph by texture coordinates, and its drawn height against the glyph's height at the font size
// gives the size it was drawn at, in CSS px. It reads ImGui::GetDrawData(), so call it between
// frames (the status probe does); it costs nothing while no one asks.
//
// note_clipped() is called by the helpers that draw titles, tab labels and card titles when a
// label could not be drawn whole (cut by the window edge, or ellipsised by a tab bar); the count
// of this frame's and the last frame's notes goes to the status probe.
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

struct TextSizes {
  int glyphs = 0;          // glyph quads drawn on screen
  float min_px = 0;        // the smallest size among them (CSS px; 0: no text)
  ImVec2 min_at;           // where the smallest glyph is (screen px)
  int below = 0;           // glyphs smaller than `floor_px`
  int cut = 0;             // glyphs cut by the right edge of their clip rectangle (a line running
                           // out of its window: usually one glyph per cut line)
  ImVec2 cut_at;           // the first of them
  std::string cut_text;    // the glyphs drawn on the first cut glyph's line up to it (which text is cut)
};
TextSizes text_sizes(float floor_px = 12.0f);
std::string text_sizes_json(float floor_px = 12.0f);  // {"minPx":..,"at":[x,y],"glyphs":..,"below":..,"cut":..}

// The smallest text a phone reader should be given (CSS px).
constexpr float kMinReadablePx = 12.0f;

// A title or label that was not drawn whole this frame (what: its text).
void note_clipped(const char* what);
// After an item (a title, a tab, a button): notes it when its rectangle runs past the window's
// visible right edge. Returns true when it fits.
bool check_item_fits(const char* what);
// Inside a tab bar, before EndTabBar(): notes every tab narrower than its label (ImGui shrinks
// tabs that do not fit and ellipsises their labels).
void check_tab_bar_fits();
// A region whose text scrolls sideways (a table wider than its column, a text field): a glyph cut
// at an edge inside it is not counted as cut (the reader scrolls to it). Cleared every frame.
void note_scrolls_sideways(ImVec2 min, ImVec2 max);
void legibility_new_frame();        // the app, at the start of each frame
std::string clipped_json();         // last frame's notes: {"count":N,"labels":[...]}

}  // namespace tmx::ui
