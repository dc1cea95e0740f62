// Fingers -> ImGui input (the platform feeds finger events in window pixels; no SDL here, so the
// recognizer runs headless in tests):
//   tap            a click where the finger was (press on down, release on up);
//   swipe          scrolls the window under the finger, following it 1:1, then coasts with
//                  momentum that decays; a finger put down while coasting only stops it;
//                  chained: what a scrolled-to-the-end child cannot take goes to its parent;
//   drag           a finger that starts on a slider, a drag, a scrollbar or an item that called
//                  ui::touch_drag_item() drags it instead of scrolling;
//   long press     (0.5 s without moving) hovers there: tooltips and heatmap values show, and stay
//                  until the next touch;
//   two fingers    a pinch (ui::touch_frame(): centre, scale and pan per frame), for ui::ZoomArea;
//   double tap     reported in ui::touch_frame() (ZoomArea resets) besides the two clicks.
// While fingers drive the pointer, apply() owns io.MousePos/MouseDown; a real mouse takes it back.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>

namespace tmx {

class TouchInput {
 public:
  void finger_down(int64_t id, float x, float y, double t);
  void finger_move(int64_t id, float x, float y, double t);
  void finger_up(int64_t id, float x, float y, double t);
  void mouse_used() { owns_pointer_ = false; }  // a real mouse moved: it owns the pointer again
  void set_device(bool touch) { device_ = touch; }
  void set_reduced_motion(bool on) { reduced_motion_ = on; }  // no coasting after a swipe

  // Between the backend's NewFrame and ImGui::NewFrame: the mouse state this frame, scrolling,
  // and ui::touch_frame(). t in seconds, dt this frame's length.
  void apply(ImGuiIO& io, double t, float dt);

  bool device() const { return device_; }
  std::string status_json() const;

  static constexpr float kSlop = 10.0f;         // CSS px a finger may wander and still tap
  static constexpr double kLongPress = 0.5;     // s
  static constexpr double kDoubleTap = 0.35;    // s between taps
  static constexpr float kTimeConstant = 0.325f;  // s: momentum decays like exp(-t / this)

 private:
  enum class Mode { Idle, Pending, Drag, Pan, Hover, Pinch, Stopper };
  struct Finger { int64_t id = -1; ImVec2 pos, start; double t0 = 0; };
  Finger* find(int64_t id);
  void decide();
  double lift_window() const;
  float scroll_by(ImVec2 delta);  // returns how much of it was taken (px)
  void cancel_press();

  Finger f_[2];
  int count_ = 0;
  Mode mode_ = Mode::Idle;
  bool device_ = false;
  bool reduced_motion_ = false;
  bool owns_pointer_ = false;
  // Press bookkeeping: pressed_ is what io.MouseDown[0] says; a tap shorter than a frame is a
  // press this frame and a release the next.
  bool pressed_ = false, press_sent_ = false, release_pending_ = false;
  int frames_pressed_ = 0;
  // The finger landed on a slider, drag or text field (ui::a11y::inputable_at): its press waits until
  // the finger lifts (a tap) or moves along it (a drag); a swipe across it scrolls the page and never
  // presses it, so scrolling past a widget does not move its sliders.
  bool hold_ = false;
  bool hold_released_ = false;  // moved along it: pressed on the next frame, then dragged
  ImVec2 pointer_;          // where the pointer is while fingers own it
  bool pointer_hidden_ = true;
  int hide_after_ = 0;      // frames left before the pointer leaves after a tap
  // Panning: the window under the finger when the swipe began, finger movement not yet applied,
  // velocity (px/s) for momentum.
  void* pan_window_ = nullptr;
  ImVec2 pan_pending_, velocity_;
  ImVec2 last_pos_;
  double last_t_ = 0;
  bool coasting_ = false;
  // Pinch: last frame's distance and midpoint.
  float pinch_dist_ = 0;
  ImVec2 pinch_mid_;
  bool pinch_started_ = false;
  // Double tap.
  double last_tap_t_ = -1;
  ImVec2 last_tap_pos_;
  bool double_tap_ = false;
  ImVec2 double_tap_pos_;
  // For the status probe.
  int taps_ = 0, pans_ = 0, long_presses_ = 0, pinches_ = 0, drags_ = 0;
  float frame_dt_ = 0;  // the last frame's length (s)
  float flick_ = 0;     // finger speed (px/s) when the last swipe ended
  float scrolled_ = 0;  // total px scrolled by fingers (both axes, absolute)
  float coasted_ = 0;   // of which px by momentum after a flick
  std::string last_scrolled_;  // name of the window scrolled last
};

TouchInput& touch_input();

}  // namespace tmx
