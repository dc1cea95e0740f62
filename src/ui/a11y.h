// Screen readers and the web page's DOM (native builds record the same, and tests read it):
//  - announcements: one short sentence when a widget recomputes because one of its settings
//    changed (read out through an ARIA live region, src/app/text_layer.cpp);
//  - controls: the sliders, checkboxes, choices and buttons of each widget and scene player, recorded
//    as they are drawn (name from tr(), value, range, box) and mirrored by the page as real,
//    transparent DOM controls (wasm_shell/controls.js, src/app/control_layer.cpp). What the page does
//    to them comes back here: a value (take_value, read by the control's drawing code before it draws
//    the item) or focus (ImGui's focus ring follows); presses go through keyboard_nav::activate;
//  - figures: each heatmap, matrix, line plot and bar chart as text (caption and a compact summary),
//    with its numbers as a table when the reader asks for it.
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

namespace tmx::ui {
class Widget;

namespace a11y {

// After a widget's draw(): when its settings differ from the last call for the same widget, queues
// "Title: Label value; Label value" (the settings that changed, then its first warning if any).
// The first call for a widget only records its state.
void watch_widget(const Widget& w, const std::string& title);
// The sentence queued this frame ("" if none); clears it.
std::string take_announcement();

// --- Controls: call right after drawing the item (ImGui's last item gives its id and box) ---
void button(const std::string& name, int pressed = -1);  // pressed: 0/1 for a toggle (aria-pressed), -1 none
// A button for the item `id` ImGui added earlier in this region (its box from ImGui's item hooks),
// for an item that is no longer ImGui's last item when recorded (a combo whose list is open).
void button_for(unsigned id, const std::string& name);
void checkbox(const std::string& name, bool checked);
// value_text: the value as the control shows it ("0.700").
void slider(const std::string& name, double value, double lo, double hi, double step, const std::string& value_text);
void choice(const std::string& name, const std::vector<std::string>& options, int selected);
// A text field: focusing it in the page starts editing (the page's hidden input then takes the keys).
void text_field(const std::string& name, const std::string& text);
// The controls, texts and figures recorded between these belong to one part of the page, a named
// landmark there: the top bar (Banner), the navigation, the page's content (Main), a widget or scene
// player (Region), a popup (Dialog). Outside any region nothing is recorded. Inside a region every
// control ImGui draws is recorded even without a call here (ImGui's item hooks,
// imgui_ext/item_hooks.h: buttons, checkboxes, selectables, tabs, tree nodes, menu items, by their
// label); the calls above add what ImGui does not say (a slider's value and range, a choice's
// options, a name for an unlabelled item) and replace the hook's record of the same item.
enum class Landmark { Banner, Navigation, Main, Region, Dialog };
void begin_region(const std::string& name, Landmark kind = Landmark::Region);
void end_region();
// A heading (level 1-6) or paragraph (level 0) of the page as text, placed over ImGui's last item
// (or the box given), for pages whose text is drawn (home, indexes, cards).
void text(int level, const std::string& s);
void text_at(int level, const std::string& s, float x0, float y0, float x1, float y1);
// A link-like button over the box: name and a longer description (aria-description).
void link(unsigned id, const std::string& name, const std::string& description, float x0, float y0, float x1, float y1);
// A picture the pointer acts on (a drawing surface, the Cinema stage), over ImGui's last item: its
// name and what it shows now. live: the page reads changes of `shows` out (a scene's chapter).
void picture(const std::string& name, const std::string& shows, bool live = false);
// From the page: a slider's new value or a choice's index, for the item `id` (ImGui id of its label
// in its ID scope). The drawing code takes it before drawing the item and treats it as an edit.
void set_value(unsigned id, double v);
bool take_value(unsigned id, double& v);
// From the page: a DOM control got focus; ImGui's focus ring moves to the item when next drawn.
void request_focus(unsigned id);

// --- Figures (one helper for every plot) ---
struct Table {
  std::vector<std::string> head;              // column headers (first: the row header's title)
  std::vector<std::vector<std::string>> rows;  // each row: its header, then the cells
};
// Records the figure drawn with ImGui id `id` over the box [x0,y0]-[x1,y1]: its caption, its
// summary, and (only while the reader has asked for it) its table.
void figure(unsigned id, float x0, float y0, float x1, float y1, const std::string& caption, const std::string& summary,
            const std::function<Table()>& table);
void show_table(unsigned id, bool on);
// Text alternatives of a grid (heatmap, matrix), curves and bars. Labels may be null or short.
std::string grid_summary(const std::string& caption, const float* data, int rows, int cols,
                         const std::vector<std::string>* row_labels, const std::vector<std::string>* col_labels);
Table grid_table(const float* data, int rows, int cols, const std::vector<std::string>* row_labels,
                 const std::vector<std::string>* col_labels);
struct Curve {
  const std::string* name;
  const std::vector<float>* x;
  const std::vector<float>* y;
};
std::string curves_summary(const std::string& caption, const std::vector<Curve>& curves);
Table curves_table(const std::vector<Curve>& curves);
std::string bars_summary(const std::string& caption, const std::vector<float>& values,
                         const std::vector<std::string>& labels);

// Once per frame, after the page: the controls and figures recorded this frame as JSON (shape in
// wasm_shell/controls.js) and ImGui's keyboard item; clears the record. Count: controls recorded.
std::string take_frame_json(unsigned nav_id);
int controls_last_frame();
// For tests, last frame: the visible items ImGui added inside regions (interactive items) and those
// of them that got no record or no name ("Region: label or box"), i.e. nothing in the page for them.
int items_last_frame();
const std::vector<std::string>& missing_last_frame();
// Whether a slider, drag or text field was drawn at p (screen px) last frame, inside a region: a
// finger that lands on one is not a press until it shows where it goes (app/touch_input.cpp).
bool inputable_at(ImVec2 p);

}  // namespace a11y
}  // namespace tmx::ui
