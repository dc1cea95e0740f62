// Fitting widgets into a narrow column (a phone or a tablet held upright) without cutting anything:
// the one place widgets ask "is this a narrow screen", put a control on the next line when the
// current one has no room left, and draw tables that scroll sideways instead of running past the
// edge. On a desktop (a window at least kNarrowBelowPx wide) none of these change the layout.
//
//   ui::NarrowText wrap;                    // the Lab page, around a widget: plain text wraps at the column
//   ui::new_line_unless_fits(w);            // before a control that follows SameLine()
//   if (ui::begin_table("t", 4, ImGuiTableFlags_SizingFixedFit, 3)) { ...; ui::end_table(); }
#pragma once
#include <imgui.h>

namespace tmx::ui {

// Below this window width the app has a navigation drawer and widgets lay out for a narrow column.
constexpr float kNarrowBelowPx = 900.0f;
bool narrow_screen();  // the main viewport is narrower than kNarrowBelowPx

// On a narrow screen: text drawn by ImGui::Text / TextUnformatted / TextDisabled in the current
// window wraps at the column's right edge while this lives (ImGui's TextWrapPos; a child window
// starts without it). Nothing on a desktop.
class NarrowText {
 public:
  NarrowText();
  ~NarrowText();
  NarrowText(const NarrowText&) = delete;
  NarrowText& operator=(const NarrowText&) = delete;

 private:
  bool pushed_;
};

// After SameLine(), on a narrow screen: moves to a new line when less than `width` px is left on
// this one (at the start of a line, or on a desktop, it does nothing). Returns true when the item
// stays on the line.
bool new_line_unless_fits(float width);
// The width ImGui::Button(label) takes (its label, without an "##id" part, and frame padding), and
// the same for a control of `item_width` followed by its label (SliderFloat, BeginCombo, ...).
float button_width(const char* label);
float labelled_width(float item_width, const char* label);

// BeginTable that never cuts a column: on a narrow screen a table of fixed-width columns scrolls
// sideways, as tall as `rows` rows of one text line each (the header row included), and text in
// stretching columns wraps inside its cell. Inside the table text does not inherit a NarrowText
// wrap (ImGui would wrap at a fixed column's current width and the column could never grow).
// Call end_table() when (and only when) it returned true.
bool begin_table(const char* id, int columns, ImGuiTableFlags flags, int rows, ImVec2 outer_size = ImVec2(0, 0));
void end_table();

}  // namespace tmx::ui
