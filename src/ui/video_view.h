// A video from assets/videos/ drawn inside ImGui: the picture (a GL texture the platform fills
// from a browser <video> element each frame, see ui/host.h), play/pause, a scrub bar, the time
// and a mute toggle; a loading state; and an error box that names the file and the problem.
// Used by ```video blocks in notes and by the Cinema's "Video" toggle.
// Everything platform-specific goes through ui::Host::video, so this file is platform-free.
#pragma once
#include <imgui.h>

#include <string>

#include "ui/host.h"

namespace tmx::ui {

// File names allowed for videos: ^[a-z0-9][a-z0-9._-]{0,80}\.mp4$ (so no slashes, no "..",
// nothing to escape in a URL). Returns false and says why in *why (one sentence, names it).
bool valid_video_name(const std::string& name, std::string* why = nullptr);

class VideoView {
 public:
  VideoView();
  ~VideoView();  // releases the browser's <video> element
  VideoView(const VideoView&) = delete;
  VideoView& operator=(const VideoView&) = delete;

  // Chooses the file (a name in assets/videos/). Invalid or unknown names become problem().
  void set_file(const std::string& name);
  const std::string& file() const { return file_; }
  // Why this video cannot play here (bad name, not in this build, platform), naming the file; "" if it can.
  const std::string& problem() const { return problem_; }
  // The problem is the platform (desktop app, offline file), not the file: shown calmly, not as an error.
  bool problem_is_platform() const { return platform_problem_; }

  // Picture and a row of controls, `width` wide, at the cursor (advances it).
  void draw(float width);
  // The picture only, letterboxed into [p0, p1] (the Cinema stage); problems and loading are
  // drawn inside the rect. Returns false when there is no picture to show (problem or loading).
  bool draw_picture(ImDrawList* dl, ImVec2 p0, ImVec2 p1);

  // Playback from outside (the Cinema player); no-ops while there is a problem.
  void play();
  void pause();
  void seek(double seconds);
  void set_rate(float rate);
  void set_loop(bool loop);
  void set_muted(bool muted);

  // Makes the video follow an external player: play/pause, speed and loop are pushed to the video,
  // a jump of t (scrub, chapter step) seeks it, and while it plays the video is the clock: t is
  // set from it. When it ends (and does not loop), playing becomes false.
  void follow(float& t, bool& playing, float speed, bool loop);

  const VideoStatus& status() const { return st_; }  // as of the last poll

 private:
  void poll();  // refreshes status() once per frame (opens the element on first use)
  void draw_message(ImDrawList* dl, ImVec2 p0, ImVec2 p1, const std::string& text, bool error);
  void draw_controls();

  int id_;
  std::string file_, problem_;
  VideoStatus st_;
  int polled_frame_ = -1;
  bool opened_ = false;
  bool platform_problem_ = false;  // problem_ is "not on this platform" (shown calmly, not as an error)
  float followed_t_ = -1;          // follow(): the t we last agreed on with the video
  bool was_playing_ = false;       // follow(): the player's playing flag last frame
  bool settling_pause_ = false;    // follow(): paused by us; adopt the element's time once it stops
};

}  // namespace tmx::ui
