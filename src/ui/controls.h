// ImGui controls whose ImGui item alone does not tell a screen reader enough (a slider's value and
// range, a choice's options, a name for an arrow or a table cell): each draws the ImGui item and
// records it for the page's DOM controls (ui/a11y.h), and takes a value the page set as an edit.
// Buttons, checkboxes, selectables, tabs and tree nodes with a visible label need none of this:
// ImGui's item hooks record them (ui/a11y.h). tests/ui/test_a11y_coverage.cpp fails on an item
// drawn in a widget that has no named record.
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

// ImGui::SliderInt / DragFloat with the same arguments; `name` for the screen reader when the
// label is hidden ("##v"), else the label as drawn.
bool slider_int(const char* label, int* v, int lo, int hi, const char* fmt = "%d", ImGuiSliderFlags flags = 0);
bool drag_float(const char* label, float* v, float speed, float lo, float hi, const char* fmt = "%.3f",
                ImGuiSliderFlags flags = 0, const std::string& name = "");
// ImGui::ArrowButton named "Previous" / "Next" (left / right) or `name`.
bool arrow_button(const char* id, ImGuiDir dir, const std::string& name = "");
// ImGui::RadioButton, recorded as a toggle button pressed when active.
bool radio_button(const char* label, bool active);
bool radio_button(const char* label, int* v, int value);
// ImGui::InputText; `name` when the label is hidden ("##prompt"), else the label.
bool input_text(const char* label, char* buf, size_t size, ImGuiInputTextFlags flags = 0, const std::string& name = "");
// ImGui::BeginCombo, recorded as a button "Label: preview" that opens the list (whose entries are
// recorded as buttons by ImGui's item hooks). Pair with ImGui::EndCombo() as usual.
bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags = 0);

}  // namespace tmx::ui
