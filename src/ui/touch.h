// Touch for the UI layer: what the platform's gesture recognizer (app/touch_input.h) saw this
// frame, the items a finger drags rather than scrolls, and pinch-zoom areas (scenes, heatmaps).
//
// The app turns fingers into ImGui mouse input itself: a tap clicks, a swipe scrolls the window
// under the finger (with momentum), a long press hovers (tooltips), two fingers pinch. Widgets
// only need this header for the two things the mouse cannot say:
//   touch_drag_item()  after an item a finger should drag (a scrub bar, a drawing surface);
//                      sliders, drags and scrollbars are recognised without it;
//   ZoomArea           around drawing that can be pinch-zoomed (double-tap or its button resets).
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

struct TouchFrame {
  bool device = false;       // a touch screen is in use (coarse pointer, or a finger was seen)
  bool pinching = false;     // two fingers down this frame
  ImVec2 pinch_center;       // their midpoint (screen px)
  ImVec2 pinch_pan;          // how far the midpoint moved since last frame
  float pinch_scale = 1.0f;  // their distance now / last frame
  bool double_tap = false;   // a second tap close to the first one, this frame
  ImVec2 double_tap_pos;
};

// Written by the app before each frame; read by the UI.
TouchFrame& touch_frame();

// Call right after an item that a finger on it should drag (it becomes active on press) instead
// of scrolling the page. Remembered for this frame and the next.
void touch_drag_item();
bool touch_drag_claimed(ImGuiID id);
void touch_new_frame();  // the app, at the start of each frame: ages the claims and targets

// Pinch zoom over a rectangle of the current window's draw list: everything drawn between
// begin and end is scaled about the pinch centre and clipped to the rectangle; the mouse is
// mapped back while drawing, so hover and clicks address what is under the finger. At 1x it
// costs nothing. A double tap inside, or the "Reset zoom" button drawn in its corner, resets.
class ZoomArea {
 public:
  ZoomArea(const char* id, ImVec2 min, ImVec2 max);
  ~ZoomArea();
  ZoomArea(const ZoomArea&) = delete;
  ZoomArea& operator=(const ZoomArea&) = delete;
  float scale() const { return scale_; }

 private:
  ImGuiID id_;
  ImVec2 min_, max_;
  float scale_ = 1.0f;
  ImVec2 off_;  // the unzoomed point (relative to min_) shown at min_
  int vtx0_ = 0, cmd0_ = 0;
  ImVec2 saved_mouse_;
  bool mouse_mapped_ = false;
};

// Controls sized for a finger on touch screens: a SmallButton on a desktop, a full-height
// Button on a touch screen; and the size to pass to Selectable so a row is a finger tall.
bool small_button(const char* label);
ImVec2 selectable_size();
float finger_min_height();  // 44 on touch screens, else 0

// For the status probe: items drawn last frame whose size a test checks or whose position it
// taps ("textBox", "heatmap", "stage", "button"): the first rectangle of each kind, and the
// smallest height among the controls noted. touch_note_item() notes the last item.
void touch_note_item(const char* kind);
std::string touch_targets_json();

// The largest zoom among the areas drawn last frame (1: none zoomed), for the status probe.
float zoom_max_drawn();

}  // namespace tmx::ui
