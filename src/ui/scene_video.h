// The Cinema's "Video" toggle: when assets/videos/<scene>.mp4 is in the build, the player can
// show that MP4 (ui::VideoView) in the stage instead of drawing the scene live. The video
// follows the player (play/pause, t, speed, loop) and, while it plays, is the player's clock;
// turning it off keeps t. The toggle is also bound to the V key.
#pragma once
#include <imgui.h>

#include <memory>
#include <string>

namespace tmx::ui {

class VideoView;

class SceneVideo {
 public:
  SceneVideo();
  ~SceneVideo();
  SceneVideo(SceneVideo&&) noexcept;
  SceneVideo& operator=(SceneVideo&&) noexcept;

  // Whether the scene has a video in this build (assets/videos/<slug>.mp4).
  bool available(const std::string& slug);
  bool on() const { return on_; }
  // A checkbox (only when available; call it in the controls row) and the V key.
  void draw_toggle(const std::string& slug);
  // When on: follows the player's clock and draws the video into the stage rect, returning true
  // (the caller then skips the live drawing). When off: does nothing and returns false.
  bool draw_stage(const std::string& slug, ImDrawList* dl, ImVec2 p0, ImVec2 p1, float& t, bool& playing,
                  float speed, bool loop, float duration);

 private:
  void reset(const std::string& slug);

  std::string slug_;
  int available_ = -1;  // -1 unknown, 0 no, 1 yes
  bool on_ = false;
  std::unique_ptr<VideoView> view_;
};

}  // namespace tmx::ui
