// The page's DOM controls (wasm_shell/controls.js): each frame, the controls and figures the widgets
// and scene players recorded (ui/a11y.h) go to the page when they changed, with the item ImGui's
// focus ring is on; what a reader does to the DOM controls comes back through the tmx_a11y_* calls
// below (values and focus to ui/a11y, presses and Tab to app/keyboard_nav). Native: records only.
#pragma once

namespace tmx::control_layer {

// Once per frame, after the page and before ImGui::Render().
void end_frame();
// For tests (native too): how many times the record was sent to the page.
int sent();

}  // namespace tmx::control_layer
