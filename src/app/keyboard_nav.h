// Keyboard-only use: Tab / Shift+Tab move through every control in drawing order (Dear ImGui 1.86
// tabs only between text fields), with the theme's focus ring; a slider or drag reached by Tab is
// ready for the arrow keys (Left/Right change it, Space/Enter/Esc let go), a text field for typing;
// Space and Enter press buttons and toggle checkboxes. Child windows of the page join their
// parent's order (ImGuiWindowFlags_NavFlattened), so Tab walks from the page into a note's widgets.
#pragma once

namespace tmx::keyboard_nav {

// Around ImGui::NewFrame(): takes Tab away from ImGui's own (text-field-only) tabbing and maps Enter
// to "activate" for controls that are not text fields.
void before_new_frame();
// Submits this frame's tabbing request (scored by the items drawn this frame, applied next frame).
void after_new_frame();
// From the page's DOM controls (app/control_layer.h): press the item `id` this frame as Space or
// Enter on it would (buttons, checkboxes), and Tab / Shift+Tab from the item the DOM has focused.
void activate(unsigned id);
void tab(int dir);
// For tests: the item the keyboard is on (ImGui's nav id) and whether its ring is shown.
unsigned focused_id();
bool ring_visible();

}  // namespace tmx::keyboard_nav
