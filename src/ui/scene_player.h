// A scene player: the stage, play/pause, a scrub bar with chapter marks, chapter steps, speed
// and loop. The Cinema draws one full-page (and adds URL sync, fullscreen, embed links on top);
// a ```scene block in a note draws one inline at reading-column width. The stage always shows the
// frame at the clock's t; a scene's t = 0 is its poster (title and first picture).
//
// Keyboard (Space plays/pauses, arrows step chapters) is never taken while a text box has focus.
// Keys::Always gives it to this player (the Cinema page); Keys::WhenActive only when the mouse is
// over this player or it was the last one clicked, so several inline players and the page coexist.
#pragma once
#include <imgui.h>

#include <functional>
#include <memory>
#include <string>

#include "anim/scene.h"

namespace tmx::ui {

constexpr int kSceneSpeedCount = 7;
float scene_speed(int i);             // 0.25x .. 2x
const char* scene_speed_name(int i);  // "0.25×" ..
int nearest_scene_speed(float s);     // index of the offered speed closest to s (NaN: 1x)
std::string fmt_scene_time(float t); // one decimal, "12.5"

// SameLine, unless an item about `width` px wide would run off the right edge.
void same_line_if_fits(float width);

class ScenePlayer {
 public:
  enum class Keys { Always, WhenActive };
  struct Options {
    float max_stage_height = 0;  // 0: as wide as the region allows
    float min_width = 240;
    Keys keys = Keys::Always;
    bool chapter_row = true;
    // Only the stage, as large as the region allows (letterboxed, centred), no controls: the
    // Cinema's fullscreen view. Space, arrows and a click on the stage still work.
    bool stage_only = false;
    // Drawn at the end of the control row (Fullscreen in the Cinema; room for e.g. a video
    // toggle). Start with same_line_if_fits(width) to stay on the row while it fits.
    std::function<void()> extra_controls;
    // Draws the stage instead of the live scene when it returns true (the Cinema's video mode);
    // it may seek or play/pause the player. Called after time advanced, before the controls.
    std::function<bool(ScenePlayer& player, ImDrawList* dl, ImVec2 p0, ImVec2 p1)> draw_stage;
  };

  ScenePlayer() = default;
  explicit ScenePlayer(const anim::SceneInfo& info) { set_scene(info); }
  void set_scene(const anim::SceneInfo& info);  // a fresh scene at t = 0, paused, 1x, no loop

  const anim::SceneInfo* info() const { return info_; }
  const anim::Scene* scene() const { return scene_.get(); }
  float duration() const { return scene_ ? scene_->duration() : 0.0f; }

  float t() const { return t_; }
  void seek(float t);  // clamped to [0, duration]; NaN -> 0
  bool playing() const { return playing_; }
  void toggle_play();  // at the end, play restarts from 0
  void pause() { playing_ = false; }
  float speed() const { return scene_speed(speed_i_); }
  void set_speed(float s) { speed_i_ = nearest_scene_speed(s); }
  bool loop() const { return loop_; }
  void set_loop(bool on) { loop_ = on; }
  void step_chapter(int dir);
  // Playing: moves t by dt * speed; wraps when looping, else stops at the end.
  void advance(float dt);

  // Advances time by this frame's delta, handles keys, draws stage and controls into the
  // current window using the available width. Push an ID first when drawing several.
  void draw(const Options& opt);

  // After draw(): whether keys act on this player, and the stage's screen rectangle.
  bool keys_active() const { return keys_active_; }
  ImVec2 stage_min() const { return stage_min_; }
  ImVec2 stage_max() const { return stage_max_; }
  ImVec2 play_button_center() const { return play_center_; }

 private:
  void draw_scrub_bar(float width);
  void draw_sideways_hint(float width, float room);
  void draw_controls(const Options& opt);

  const anim::SceneInfo* info_ = nullptr;
  std::unique_ptr<anim::Scene> scene_;
  float t_ = 0;
  bool playing_ = false;
  int speed_i_ = 3;  // 1x
  bool loop_ = false;
  bool keys_active_ = false;
  ImVec2 stage_min_, stage_max_, play_center_;
};

}  // namespace tmx::ui
