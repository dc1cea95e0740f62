// One function per page. Each draws into the content area of the current window.
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

namespace tmx {
class App;
struct Route;
void draw_home_page(App& app);
void draw_notes_page(App& app);
void draw_cinema_page(App& app);
void draw_lab_page(App& app);
void draw_about_page(App& app);
// The chapters in reading order (title, summary, reading time, first scene and widget), shared by
// the notes index and the home page's "start here" path.
namespace ui::md { class Library; }
ui::md::Library& notes_library(App& app);
void draw_not_found_page(App& app, const char* detail);
void draw_not_found_page(App& app, const Route& route);  // the router's reason, in the reader's language
// For tests: the chapter's table of contents as drawn last frame, as JSON
// [{anchor, x, y, w, h, active}] in CSS px ("[]" when no chapter is shown).
std::string notes_toc_json();
// For tests: the problems the Cinema page found in its address's t, chapter, speed and loop
// (ui/scene_params.h), as shown above the stage.
const std::vector<std::string>& cinema_notices();

// Shared page furniture.
void page_title(const char* title, const char* subtitle = nullptr);
// Optional parts of a card: a picture left of the text (e.g. a live scene thumbnail) and a dim
// line at the bottom.
struct CardExtras {
  ImVec2 thumb_size{0, 0};
  std::function<void(ImDrawList* dl, ImVec2 pos, ImVec2 size)> thumb;  // drawn clipped to its box
  std::string footer;
};
bool link_card(const char* id, const char* title, const char* body, float width, float height,
               const CardExtras* extras = nullptr);
}  // namespace tmx
