// The timeline engine. A scene declares objects (Scene::obj) and builds, once, a list of tracks
// on them (create, fade, move, transform, highlight, write) grouped into chapters that carry
// their title and caption, plus camera moves; drawing then asks the timeline for each object's
// state at time t. Nothing is mutated while drawing, so a frame is a pure function of t:
// scrubbing to t draws exactly what playing to t draws.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace tmx::anim {

enum class Ease { Linear, InOutCubic, OutCubic, InOutSine, OutBack };
float ease(Ease e, float u);  // u clamped to [0, 1]

enum class TrackKind {
  Create,     // alpha 0 -> 1 and `create` 0 -> 1 (boxes grow, arrows extend)
  FadeOut,    // alpha 1 -> 0
  Move,       // offset -> `to` (scene units)
  Transform,  // morph 0 -> 1 (the object interpolates between two layouts or two values)
  Highlight,  // highlight 0 -> 1 -> 0 (a pulse)
  Write,      // write 0 -> 1 (text or a formula revealed left to right)
  Camera,     // the camera's centre -> `to`, zoom -> `zoom`
};

struct Track {
  int obj;
  TrackKind kind;
  float t0, dur;
  Ease ease;
  ImVec2 to;         // Move, Camera
  float zoom = 1;    // Camera
};

// An object's state at t, handed to its drawing function.
struct ObjState {
  float t = 0;  // the frame's time (to read other objects' states)
  float alpha = 0, create = 0, morph = 0, highlight = 0, write = 0;
  ImVec2 offset{0, 0};
  bool visible() const { return alpha > 0.003f; }
};

// What the stage shows: centre (scene units) and zoom (1 = the whole 16 x 9 stage).
struct Camera {
  ImVec2 center{8.0f, 4.5f};
  float zoom = 1;
};

// A chapter: its title (scrub bar, chapter buttons) and the caption the Scene draws under the
// stage while it plays. Both are English templates ("{0}" takes args[0]) that go through the
// stage's translation hook; Scene::strings() lists them for the i18n test.
struct Chapter {
  std::string title;
  float start;
  std::string caption;
  std::vector<std::string> args;
};

class Timeline {
 public:
  static constexpr int kCameraObj = -1;
  // Builder: tracks start at the cursor; `then` advances it past the last added track.
  Timeline& at(float t) { cursor_ = t; return *this; }
  Timeline& wait(float s) { cursor_ += s; return *this; }
  Timeline& then(float gap = 0.0f);
  // Starts a chapter at the cursor.
  Timeline& chapter(const std::string& title, const std::string& caption, std::vector<std::string> args = {});
  // One object each, `stagger` seconds apart.
  Timeline& create(const std::vector<int>& objs, float dur = 0.8f, float stagger = 0.0f, Ease e = Ease::InOutCubic);
  Timeline& fade_out(const std::vector<int>& objs, float dur = 0.6f, Ease e = Ease::InOutSine);
  Timeline& move(const std::vector<int>& objs, ImVec2 to, float dur = 1.0f, Ease e = Ease::InOutCubic);
  Timeline& transform(const std::vector<int>& objs, float dur = 1.2f, Ease e = Ease::InOutCubic);
  Timeline& highlight(const std::vector<int>& objs, float dur = 1.0f);
  Timeline& write(const std::vector<int>& objs, float dur = 1.0f);
  // Pans and zooms the camera to `center` (scene units) at `zoom`; camera_reset() goes back.
  Timeline& camera(ImVec2 center, float zoom, float dur = 1.2f, Ease e = Ease::InOutCubic);
  Timeline& camera_reset(float dur = 1.2f) { return camera({8.0f, 4.5f}, 1.0f, dur); }
  void end(float hold = 1.5f) { duration_ = std::max(duration_, end_ + hold); }

  // Pure. Tracks fold in the order they were added (the builder adds them in time order).
  ObjState state(int obj, float t) const;
  Camera camera_at(float t) const;
  float duration() const { return duration_; }
  const std::vector<Chapter>& chapters() const { return chapters_; }
  const std::vector<Track>& tracks() const { return tracks_; }
  float cursor() const { return cursor_; }

 private:
  void add(int obj, TrackKind k, float t0, float dur, Ease e, ImVec2 to = {0, 0}, float zoom = 1);
  std::vector<Track> tracks_;
  std::vector<Chapter> chapters_;
  float cursor_ = 0, end_ = 0, duration_ = 0;
};

// Progress of a window [t0, t0 + dur] at t, eased, in [0, 1].
float window(float t, float t0, float dur, Ease e = Ease::InOutCubic);
// a + (b - a) * u, for positions and sizes moving between two layouts.
inline ImVec2 lerp(ImVec2 a, ImVec2 b, float u) { return ImVec2(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u); }
inline float lerp(float a, float b, float u) { return a + (b - a) * u; }

}  // namespace tmx::anim
