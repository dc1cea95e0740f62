#include "app/touch_input.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cmath>
#include <cstdio>

#include "core/json.h"
#include "ui/a11y.h"
#include "ui/touch.h"

namespace tmx {

namespace {
float dist(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }
ImVec2 mid(ImVec2 a, ImVec2 b) { return ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f); }

// Whether a finger on the active item should drag it rather than scroll: sliders and drags (they
// take the left/right keys while active), scrollbars moved along their axis, and items that asked
// (ui::touch_drag_item). `motion` is the finger's way out of the slop, (0, 0) for a finger held still.
const char* g_why = "";  // the last decision, for the probe
bool drags_active_item(ImVec2 motion) {
  const ImGuiContext& g = *GImGui;
  const ImGuiID id = g.ActiveId;
  g_why = "nothing active";
  if (!id) return false;
  g_why = "slider";
  // Sliders and drags declare left/right and nothing else (a text field also takes Cancel).
  if ((g.ActiveIdUsingNavDirMask & ((1 << ImGuiDir_Left) | (1 << ImGuiDir_Right))) && g.ActiveIdUsingNavInputMask == 0 &&
      g.InputTextState.ID != id)
    return true;
  g_why = "claimed";
  if (ui::touch_drag_claimed(id)) return true;
  // A scrollbar across the finger's way (a wide table's, swiped up the page) is not held: the page
  // scrolls, as it would from anywhere else on the table.
  g_why = "scrollbar";
  if (ImGuiWindow* w = g.ActiveIdWindow) {
    const bool x_bar = id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_X);
    const bool y_bar = id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y);
    if (x_bar || y_bar) {
      const bool still = motion.x == 0 && motion.y == 0;  // held (a long press): any scrollbar holds
      const bool sideways = std::fabs(motion.x) > std::fabs(motion.y);
      if (still || (x_bar && sideways) || (y_bar && !sideways)) return true;
      g_why = "a scrollbar across the swipe";
      return false;
    }
  }
  g_why = "a button";
  return false;
}
}  // namespace

TouchInput& touch_input() {
  static TouchInput t;
  return t;
}

TouchInput::Finger* TouchInput::find(int64_t id) {
  for (int i = 0; i < count_; ++i)
    if (f_[i].id == id) return &f_[i];
  return nullptr;
}

void TouchInput::cancel_press() {
  if (pressed_ && press_sent_ && GImGui) ImGui::ClearActiveID();  // no click on release
  pressed_ = false;
  release_pending_ = false;
}

void TouchInput::finger_down(int64_t id, float x, float y, double t) {
  device_ = true;
  owns_pointer_ = true;
  if (count_ >= 2 || find(id)) return;
  const ImVec2 p(x, y);
  f_[count_++] = Finger{id, p, p, t};
  if (count_ == 2) {  // a second finger: a pinch, whatever the first one was doing
    if (mode_ == Mode::Pending || mode_ == Mode::Drag) cancel_press();
    mode_ = Mode::Pinch;
    pinch_started_ = false;
    pointer_hidden_ = true;
    return;
  }
  last_pos_ = p;
  last_t_ = t;
  if (coasting_) {  // a finger on coasting content stops it, and is not a tap
    coasting_ = false;
    velocity_ = ImVec2(0, 0);
    mode_ = Mode::Stopper;
    pointer_hidden_ = true;
    return;
  }
  velocity_ = ImVec2(0, 0);
  mode_ = Mode::Pending;
  pointer_ = p;
  pointer_hidden_ = false;
  hide_after_ = 0;
  pressed_ = true;
  press_sent_ = false;
  release_pending_ = false;
  frames_pressed_ = 0;
  hold_ = GImGui && ui::a11y::inputable_at(p);
  hold_released_ = false;
}

// The topmost window under p that takes the mouse (what ImGui would call hovered there).
static ImGuiWindow* window_at(ImVec2 p) {
  ImGuiContext& g = *GImGui;
  for (int i = g.Windows.Size - 1; i >= 0; --i) {
    ImGuiWindow* w = g.Windows[i];
    if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
    if (w->OuterRectClipped.Contains(p)) return w;
  }
  return nullptr;
}

// The finger left the slop of a pending press: drag what it pressed, or scroll. Before any frame
// saw the press there is nothing pressed yet: it is a swipe. A held control (hold_) is pressed only
// if the finger went along it (sideways), else the swipe scrolls past it.
void TouchInput::decide() {
  const ImVec2 motion(f_[0].pos.x - f_[0].start.x, f_[0].pos.y - f_[0].start.y);
  bool crossed = false;
  if (hold_) {
    hold_ = false;
    if (std::fabs(motion.x) > std::fabs(motion.y)) {  // along the control: press it, then drag
      hold_released_ = true;
      return;
    }
    pressed_ = false;  // across it: a swipe; the control was never pressed
    crossed = true;
  }
  if (hold_released_ && !press_sent_) return;  // the press goes out with the next frame
  hold_released_ = false;
  if (press_sent_ && frames_pressed_ >= 1 && drags_active_item(motion)) {
    mode_ = Mode::Drag;
    ++drags_;
    return;
  }
  if (crossed) g_why = "a control the swipe crossed";
  else if (!press_sent_) g_why = "not pressed yet";
  cancel_press();
  mode_ = Mode::Pan;
  ++pans_;
  pan_window_ = GImGui ? window_at(f_[0].start) : nullptr;
  pan_pending_ = ImVec2(f_[0].pos.x - f_[0].start.x, f_[0].pos.y - f_[0].start.y);  // the slop too: content follows the finger
  pointer_hidden_ = true;
}

void TouchInput::finger_move(int64_t id, float x, float y, double t) {
  Finger* f = find(id);
  if (!f) return;
  const ImVec2 p(x, y);
  f->pos = p;
  if (count_ != 1) return;
  const double dt = t - last_t_;  // the finger's speed, for momentum
  if (dt > 1e-4) {
    const ImVec2 v(static_cast<float>((p.x - last_pos_.x) / dt), static_cast<float>((p.y - last_pos_.y) / dt));
    velocity_ = ImVec2(0.8f * v.x + 0.2f * velocity_.x, 0.8f * v.y + 0.2f * velocity_.y);
  }
  switch (mode_) {
    case Mode::Pending:
      if (dist(p, f->start) > kSlop) decide();
      break;
    case Mode::Stopper:
      if (dist(p, f->start) > kSlop) {  // keep scrolling what was coasting
        mode_ = Mode::Pan;
        ++pans_;
        pan_pending_ = ImVec2(p.x - f->start.x, p.y - f->start.y);
      }
      break;
    case Mode::Pan:
      pan_pending_.x += p.x - last_pos_.x;
      pan_pending_.y += p.y - last_pos_.y;
      break;
    default: break;
  }
  last_pos_ = p;
  last_t_ = t;
}

void TouchInput::finger_up(int64_t id, float x, float y, double t) {
  Finger* f = find(id);
  if (!f) return;
  f->pos = ImVec2(x, y);
  const Finger gone = *f;
  *f = f_[--count_];
  if (count_ > 0) return;  // the rest of a pinch: ignored until every finger is up
  switch (mode_) {
    case Mode::Pending:  // a tap (or a long press that did not reach its time)
      if (dist(gone.pos, gone.start) > kSlop) {  // moved and lifted before a frame saw it: a swipe
        decide();
        if (mode_ == Mode::Pan) {
          flick_ = t - last_t_ < lift_window() ? std::hypot(velocity_.x, velocity_.y) : 0.0f;
          coasting_ = !reduced_motion_ && flick_ > 60.0f;
        }
        release_pending_ = pressed_;
        break;
      }
      hold_ = false;  // a tap on a held control: pressed now, released on the frame after
      release_pending_ = true;
      hide_after_ = 3;
      ++taps_;
      if (last_tap_t_ >= 0 && t - last_tap_t_ < kDoubleTap && dist(gone.pos, last_tap_pos_) < 30.0f) {
        double_tap_ = true;
        double_tap_pos_ = gone.pos;
        last_tap_t_ = -1;
      } else {
        last_tap_t_ = t;
        last_tap_pos_ = gone.pos;
      }
      break;
    case Mode::Drag:
      release_pending_ = pressed_;
      hide_after_ = 3;
      break;
    case Mode::Pan:
      flick_ = t - last_t_ < lift_window() ? std::hypot(velocity_.x, velocity_.y) : 0.0f;
      coasting_ = !reduced_motion_ && flick_ > 60.0f;
      if (!coasting_) velocity_ = ImVec2(0, 0);
      break;
    case Mode::Hover: break;  // the pointer stays: what it shows stays until the next touch
    default: pointer_hidden_ = true; break;
  }
  mode_ = Mode::Idle;
}

float TouchInput::scroll_by(ImVec2 delta) {
  auto* w = static_cast<ImGuiWindow*>(pan_window_);
  if (!w || ImGui::FindWindowByID(w->ID) != w) return 0;
  float taken = 0;
  ImVec2 rest = delta;
  while (w && (rest.x != 0 || rest.y != 0)) {
    for (int axis = 0; axis < 2; ++axis) {
      const float max = axis ? w->ScrollMax.y : w->ScrollMax.x;
      float& r = axis ? rest.y : rest.x;
      if (r == 0 || max <= 0 || (w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) continue;
      const float target = axis ? w->ScrollTarget.y : w->ScrollTarget.x;
      const float cur = target < FLT_MAX ? target : (axis ? w->Scroll.y : w->Scroll.x);
      const float want = std::fmin(std::fmax(cur - r, 0.0f), max);
      if (want == cur) continue;
      if (axis) ImGui::SetScrollY(w, want); else ImGui::SetScrollX(w, want);
      taken += std::fabs(cur - want);
      r -= cur - want;
      last_scrolled_ = w->Name;
    }
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
    w = w->ParentWindow;  // chained: the rest goes to the parent
  }
  scrolled_ += taken;
  return taken;
}

// A finger lifted within this time of its last move flicks (momentum); events only arrive once
// per frame, so on a slow frame the window is two frames long.
double TouchInput::lift_window() const { return std::fmax(0.1, 2.0 * frame_dt_); }

void TouchInput::apply(ImGuiIO& io, double t, float dt) {
  frame_dt_ = std::isfinite(dt) ? std::fmin(dt, 0.5f) : 0.0f;
  ui::TouchFrame& tf = ui::touch_frame();
  tf.pinching = false;
  tf.pinch_scale = 1.0f;
  tf.pinch_pan = ImVec2(0, 0);
  tf.double_tap = false;
  tf.device = device_;
  if (!owns_pointer_) return;

  // A finger that moved while no frame had seen its press yet.
  if (mode_ == Mode::Pending && count_ == 1 && dist(f_[0].pos, f_[0].start) > kSlop) decide();
  // Long press: hover where the finger is (unless it holds a slider still). ImGui must have seen
  // the press for a couple of frames, so a slow frame does not turn a swipe into one.
  if (mode_ == Mode::Pending && count_ == 1 && t - f_[0].t0 >= kLongPress && frames_pressed_ >= 2 && !drags_active_item(ImVec2(0, 0))) {
    cancel_press();
    mode_ = Mode::Hover;
    ++long_presses_;
  }

  bool down = pressed_ && !hold_;
  if (pressed_ && !press_sent_ && !hold_) {
    press_sent_ = true;
    frames_pressed_ = 0;
  } else if (release_pending_) {
    down = false;
    pressed_ = release_pending_ = false;
  }
  if (down) ++frames_pressed_;
  io.MouseDown[0] = down;
  io.MouseDown[1] = io.MouseDown[2] = false;

  if ((mode_ == Mode::Pending || mode_ == Mode::Drag || mode_ == Mode::Hover) && count_ == 1) pointer_ = f_[0].pos;
  if (mode_ == Mode::Pan || mode_ == Mode::Stopper) pointer_hidden_ = true;
  if (hide_after_ > 0 && --hide_after_ == 0) pointer_hidden_ = true;
  io.MousePos = pointer_hidden_ ? ImVec2(-FLT_MAX, -FLT_MAX) : pointer_;

  if (pan_pending_.x != 0 || pan_pending_.y != 0) {
    scroll_by(pan_pending_);
    pan_pending_ = ImVec2(0, 0);
  }
  if (coasting_) {
    const float step = std::fmin(dt, 0.1f);
    const float taken = scroll_by(ImVec2(velocity_.x * step, velocity_.y * step));
    coasted_ += taken;
    const float k = std::exp(-step / kTimeConstant);
    velocity_ = ImVec2(velocity_.x * k, velocity_.y * k);
    if (taken < 0.01f || std::hypot(velocity_.x, velocity_.y) < 20.0f) {
      coasting_ = false;
      velocity_ = ImVec2(0, 0);
    }
  }

  if (mode_ == Mode::Pinch && count_ == 2) {
    const float d = dist(f_[0].pos, f_[1].pos);
    const ImVec2 m = mid(f_[0].pos, f_[1].pos);
    if (pinch_started_ && pinch_dist_ > 1.0f) {
      tf.pinch_scale = d / pinch_dist_;
      tf.pinch_pan = ImVec2(m.x - pinch_mid_.x, m.y - pinch_mid_.y);
    } else {
      pinch_started_ = true;
      ++pinches_;
    }
    tf.pinching = true;
    tf.pinch_center = m;
    pinch_dist_ = d;
    pinch_mid_ = m;
    io.MousePos = m;  // hovering the zoomed area, so it takes the pinch
  }
  if (double_tap_) {
    tf.double_tap = true;
    tf.double_tap_pos = double_tap_pos_;
    double_tap_ = false;
  }
}

std::string TouchInput::status_json() const {
  static const char* kModes[] = {"idle", "pending", "drag", "pan", "hover", "pinch", "stopper"};
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "{\"device\":%s,\"mode\":\"%s\",\"fingers\":%d,\"taps\":%d,\"pans\":%d,\"drags\":%d,\"longPresses\":%d,"
                "\"pinches\":%d,\"scrolled\":%.1f,\"coasted\":%.1f,\"coasting\":%s,\"flick\":%.0f,\"zoom\":%.3f,\"frameHeight\":%.1f,\"window\":",
                device_ ? "true" : "false", kModes[static_cast<int>(mode_)], count_, taps_, pans_, drags_, long_presses_,
                pinches_, static_cast<double>(scrolled_), static_cast<double>(coasted_), coasting_ ? "true" : "false", static_cast<double>(flick_),
                static_cast<double>(ui::zoom_max_drawn()), static_cast<double>(GImGui ? ImGui::GetFrameHeight() : 0.0f));
  // Whether a tooltip was drawn last frame (what a long press is for).
  const ImGuiWindow* tip = GImGui ? ImGui::FindWindowByName("##Tooltip_00") : nullptr;
  return std::string(buf) + json::quote(last_scrolled_) + ",\"active\":" + json::quote(g_why) +
         ",\"tooltip\":" + (tip && tip->Active ? "true" : "false") + ",\"held\":" + (hold_ ? "true" : "false") + "}";
}

}  // namespace tmx
