// One function per page. Each draws into the content area of the current window.
#pragma once

namespace tmx {
class App;
void draw_home_page(App& app);
void draw_notes_page(App& app);
void draw_cinema_page(App& app);
void draw_lab_page(App& app);
void draw_not_found_page(App& app, const char* detail);

// Shared page furniture.
void page_title(const char* title, const char* subtitle = nullptr);
bool link_card(const char* id, const char* title, const char* body, float width, float height);
}  // namespace tmx
